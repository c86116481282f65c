public import PforteStore

/// A console session of a member of the service desk, as a request finds it.
public struct StaffSession: Sendable, Equatable {
    public let staff: StaffRecord
    /// `passwordChecked` until the second factor is given; only a complete session may act.
    public let stage: StaffSessionRecord.Stage

    public var actor: ServiceDeskActor { ServiceDeskActor(staff: staff) }
}

/// What a correct password leads to: the second factor, or — at the first login — enrolment.
public enum StaffLoginStep: Sendable, Equatable {
    /// Enter a code from the authenticator app (or a recovery code).
    case secondFactor(sessionID: String)
    /// Enrol: add the secret to an authenticator app and confirm with a code. The recovery
    /// codes are shown now and never again.
    case enrolment(sessionID: String, StaffEnrolment)
}

public struct StaffEnrolment: Sendable, Equatable {
    /// The secret in base32, for typing it into the app.
    public let secret: String
    /// The `otpauth://` URI, for apps that take it.
    public let provisioningURI: String
    public let recoveryCodes: [String]
}
