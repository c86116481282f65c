public import Foundation

/// The account's data key, wrapped once under each secret the user has (design §6). Any one of
/// them unwraps the key; a missing one means the user has no such secret (yet).
public struct WrappedDataKeys: Sendable, Equatable {
    public var password: Data?
    public var secretAnswer: Data?
    public var eID: Data?

    public init(password: Data? = nil, secretAnswer: Data? = nil, eID: Data? = nil) {
        self.password = password
        self.secretAnswer = secretAnswer
        self.eID = eID
    }
}

/// A registration, as ``AccountStore/create(_:)`` stores it: always pending.
///
/// The `sealed…` and wrapped values are opaque bytes sealed by the caller; the store never sees
/// personal data in clear except the login name.
public struct NewAccount: Sendable, Equatable {
    /// Chosen by the caller (random), stable for the life of the account; pairwise subjects are
    /// derived from it (design §5).
    public var id: String
    /// The normalised e-mail address (lower case).
    public var login: String
    /// An Argon2id PHC string.
    public var passwordHash: String
    /// Name, title, date of birth, address …, sealed with the account's data key.
    public var sealedProfile: Data
    /// Sealed too, but it must be readable during a password reset, before the user has
    /// unlocked anything: so not under the account's data key.
    public var sealedSecretQuestion: Data
    public var wrappedKeys: WrappedDataKeys
    public var createdAt: Date

    public init(id: String, login: String, passwordHash: String, sealedProfile: Data, sealedSecretQuestion: Data,
                wrappedKeys: WrappedDataKeys, createdAt: Date) {
        self.id = id
        self.login = login
        self.passwordHash = passwordHash
        self.sealedProfile = sealedProfile
        self.sealedSecretQuestion = sealedSecretQuestion
        self.wrappedKeys = wrappedKeys
        self.createdAt = createdAt
    }
}

/// An account as stored. Failed-login counters live apart, in ``ThrottleStore``.
public struct AccountRecord: Sendable, Equatable {
    /// Whether the owner of the e-mail address has confirmed the registration (design §4: by
    /// the activation link, within 24 hours). Nested, and not `AccountStatus`, because
    /// PforteCore's `AccountStatus` is the domain's name for the same two states.
    public enum Status: String, Sendable {
        case pendingActivation = "pending_activation"
        case active
        /// The anchor of another Land's account used here (issue #7): no login name, password
        /// or secrets of its own; the rows that belong to an account (sessions, codes, tokens,
        /// consents) hang on it, and its profile is what the Land last asserted.
        case federated
    }

    public var id: String
    public var login: String
    public var passwordHash: String
    public var status: Status
    public var sealedProfile: Data
    public var sealedSecretQuestion: Data
    public var wrappedKeys: WrappedDataKeys
    public var createdAt: Date
    public var activatedAt: Date?
    /// When an eID verification last succeeded ("Servicekonto Plus"); from then on the
    /// profile's identity fields are locked (design §4). `nil`: never verified.
    public var eidVerifiedAt: Date?
    /// Drives the retention rule (design §4: deleted after 36 months unused).
    public var lastLoginAt: Date?
    /// When the owner was told that the unused account will be deleted (seed 000 §2.5); a
    /// login clears it. `nil`: no notice pending.
    public var inactivityNoticeAt: Date?
    /// When the reminder of that notice went out; a login clears it too.
    public var inactivityReminderAt: Date?

    public init(id: String, login: String, passwordHash: String, status: Status, sealedProfile: Data,
                sealedSecretQuestion: Data, wrappedKeys: WrappedDataKeys, createdAt: Date, activatedAt: Date?,
                eidVerifiedAt: Date?, lastLoginAt: Date?) {
        self.id = id
        self.login = login
        self.passwordHash = passwordHash
        self.status = status
        self.sealedProfile = sealedProfile
        self.sealedSecretQuestion = sealedSecretQuestion
        self.wrappedKeys = wrappedKeys
        self.createdAt = createdAt
        self.activatedAt = activatedAt
        self.eidVerifiedAt = eidVerifiedAt
        self.lastLoginAt = lastLoginAt
    }

    public var isEIDVerified: Bool { eidVerifiedAt != nil }
}
