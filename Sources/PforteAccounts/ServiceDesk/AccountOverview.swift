public import Foundation
public import PforteCore
public import PforteStore

/// What the service desk sees of an account (issue #22): only what the store keeps in clear.
/// The sealed profile — names, address, date of birth, secret question — opens only with the
/// citizen's own secrets, so the console cannot show it, by design.
public struct AccountOverview: Sendable, Equatable {
    public enum State: String, Sendable {
        case notActivated
        case active
        /// Another Land's account used here (issue #7).
        case federated
    }

    public struct LastLogin: Sendable, Equatable {
        public let at: Date
        public let method: AuthenticationMethod?
        public let level: TrustLevel?
    }

    public struct Session: Sendable, Equatable {
        public let startedAt: Date
        public let lastSeenAt: Date
        public let level: TrustLevel
        public let methods: [AuthenticationMethod]
        public let browser: BrowserFamily
    }

    public struct Membership: Sendable, Equatable {
        public let organisation: String
        public let role: String
    }

    public struct Consent: Sendable, Equatable {
        /// The OIDC client id or the SAML entity id.
        public let portal: String
        public let grantedAt: Date
    }

    public struct PendingMail: Sendable, Equatable {
        public let queuedAt: Date
        /// The subject, or a description of a queued reset request.
        public let subject: String
        public let attempts: Int
    }

    public let id: String
    /// The login name (e-mail address) as stored; a federated account's is not an address.
    public let login: String
    public let state: State
    public let lock: AccountLock?
    /// Servicekonto Plus: verified with an eID.
    public let isEIDVerified: Bool
    public let createdAt: Date
    public let lastLogin: LastLogin?
    public let sessions: [Session]
    public let memberships: [Membership]
    public let consents: [Consent]
    public let pendingMails: [PendingMail]
}
