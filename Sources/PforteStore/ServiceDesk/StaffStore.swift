public import Foundation

/// A member of the service desk (issue #22): an account apart from citizens', with its own
/// password and second factor, that can never log in to a citizen's portal.
public struct StaffRecord: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        /// Looks accounts up, locks and unlocks them, resends activation, sends reset mails,
        /// ends sessions.
        case support
        /// Also deletes accounts and manages staff.
        case admin
    }

    public var id: String
    /// The normalised (lower-case) e-mail address the member logs in with.
    public var email: String
    public var role: Role
    /// An Argon2id PHC string.
    public var passwordHash: String
    /// The TOTP secret, sealed under the installation key; `nil` until enrolment starts.
    public var sealedTOTPSecret: Data?
    /// When the first code was confirmed; until then every login goes through enrolment.
    public var totpEnrolledAt: Date?
    public var createdAt: Date
    public var lastLoginAt: Date?

    public init(id: String, email: String, role: Role, passwordHash: String, sealedTOTPSecret: Data? = nil,
                totpEnrolledAt: Date? = nil, createdAt: Date, lastLoginAt: Date? = nil) {
        self.id = id
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.sealedTOTPSecret = sealedTOTPSecret
        self.totpEnrolledAt = totpEnrolledAt
        self.createdAt = createdAt
        self.lastLoginAt = lastLoginAt
    }
}

/// A console session. It is `pending` after the password until the second factor is given.
public struct StaffSessionRecord: Sendable, Equatable {
    public enum Stage: String, Sendable {
        case passwordChecked = "password_checked"
        case complete
    }

    public var idDigest: SecretDigest
    public var staffID: String
    public var stage: Stage
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var idleTimeoutSeconds: Int

    public init(idDigest: SecretDigest, staffID: String, stage: Stage, createdAt: Date, lastSeenAt: Date, expiresAt: Date,
                idleTimeoutSeconds: Int) {
        self.idDigest = idDigest
        self.staffID = staffID
        self.stage = stage
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}

/// Staff accounts, their second factor and their console sessions. Creating and removing a
/// member writes the audit event in the same transaction.
public protocol StaffStore: Sendable {
    /// Throws ``AccountStoreError/Code/loginTaken`` when the address is a member's already.
    func create(_ staff: StaffRecord, event: AuditTrailEntry) async throws
    func find(id: String) async throws -> StaffRecord?
    func find(email: String) async throws -> StaffRecord?
    func list() async throws -> [StaffRecord]
    /// Removes the member with their sessions; returns whether there was one.
    @discardableResult
    func remove(id: String, event: AuditTrailEntry) async throws -> Bool

    /// Starts enrolment: stores the (sealed) secret and the digests of fresh recovery codes,
    /// replacing any earlier ones.
    func beginEnrolment(id: String, sealedSecret: Data, recoveryCodeDigests: [SecretDigest]) async throws
    /// Completes enrolment with the first code's time step, written with `event`.
    func completeEnrolment(id: String, step: Int64, at time: Date, event: AuditTrailEntry) async throws

    /// Spends the TOTP time step: `true` only when it is later than every step used before, so
    /// that a code is accepted once (RFC 6238 §5.2), also when two nodes see it at once.
    func useStep(id: String, step: Int64) async throws -> Bool
    /// Spends an unused recovery code; `false` when it is unknown or used.
    func useRecoveryCode(id: String, digest: SecretDigest, at time: Date) async throws -> Bool
    func unusedRecoveryCodes(id: String) async throws -> Int

    func createSession(_ session: StaffSessionRecord) async throws
    /// The session while it is within its absolute and idle limits at `now`, its idle timer
    /// restarted.
    func resumeSession(idDigest: SecretDigest, now: Date) async throws -> StaffSessionRecord?
    /// Replaces the session by a complete one under a new id (the second factor raises its
    /// privilege), recording the login with `event`.
    func completeSession(oldDigest: SecretDigest, newSession: StaffSessionRecord, event: AuditTrailEntry) async throws
    func deleteSession(idDigest: SecretDigest) async throws
}
