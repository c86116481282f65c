public import Foundation

/// An organisation as stored (design §6). Everything but the name is sealed to its public key.
///
/// The name stays in clear, like an account's login name: mails sent without any member's
/// session at hand (the yearly membership report, the inactivity notice, invitations) must
/// name the organisation, and it is the organisation's public face anyway (register, letterhead).
public struct OrganisationRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The 32-byte public key the profile and wrappings are sealed to.
    public var publicKey: Data
    public var sealedProfile: Data
    /// The general release of the profile to online services (seed 001 3 b cc); off by default.
    public var generalRelease: Bool
    public var createdAt: Date
    /// The last time a member used the organisation; the 3-year inactivity deletion counts from it.
    public var lastUsedAt: Date
    /// When the inactivity notice went to the admins, if it did since the last use.
    public var deletionNoticeAt: Date?
    /// Up to when the membership audit has been reported to the admins (seed 001 3 b aa).
    public var auditReportedAt: Date

    public init(id: String, name: String, publicKey: Data, sealedProfile: Data, generalRelease: Bool = false,
                createdAt: Date, lastUsedAt: Date? = nil, deletionNoticeAt: Date? = nil, auditReportedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.publicKey = publicKey
        self.sealedProfile = sealedProfile
        self.generalRelease = generalRelease
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt ?? createdAt
        self.deletionNoticeAt = deletionNoticeAt
        self.auditReportedAt = auditReportedAt ?? createdAt
    }
}

/// A member's access to an organisation: the role and the organisation's private key wrapped
/// to the member's public key.
public struct MembershipRecord: Sendable, Equatable {
    public var organisationID: String
    public var accountID: String
    /// `admin` or `member`.
    public var role: String
    /// Whether the member is known or declared to be of age (only adults can be admins).
    public var adult: Bool
    public var wrappedKey: Data
    public var grantedAt: Date
    /// The member's login name, read with the membership (for lists and mails); empty on writes.
    public var login: String

    public init(organisationID: String, accountID: String, role: String, adult: Bool, wrappedKey: Data, grantedAt: Date,
                login: String = "") {
        self.organisationID = organisationID
        self.accountID = accountID
        self.role = role
        self.adult = adult
        self.wrappedKey = wrappedKey
        self.grantedAt = grantedAt
        self.login = login
    }
}

/// One recorded change of access (seed 001 3 b aa: which account, when, by which admin).
/// Logins rather than account ids, so the yearly report still names an account deleted since.
public struct AuditEntryRecord: Sendable, Equatable {
    /// `granted`, `revoked`, `promoted`, `left`.
    public var event: String
    public var accountLogin: String
    /// The admin who made the change; `nil` when the member acted themselves (leaving).
    public var actorLogin: String?
    public var at: Date

    public init(event: String, accountLogin: String, actorLogin: String?, at: Date) {
        self.event = event
        self.accountLogin = accountLogin
        self.actorLogin = actorLogin
        self.at = at
    }
}

/// A fresh key pair for the organisation after a member lost access: the profile sealed to the
/// new public key and the new private key wrapped to every remaining member, by account id.
public struct OrganisationRekey: Sendable {
    public var publicKey: Data
    public var sealedProfile: Data
    public var wrappedKeys: [String: Data]

    public init(publicKey: Data, sealedProfile: Data, wrappedKeys: [String: Data]) {
        self.publicKey = publicKey
        self.sealedProfile = sealedProfile
        self.wrappedKeys = wrappedKeys
    }
}

/// An account's own key pair, which receives organisation keys: the public key in clear, the
/// private key sealed under the account's data key.
public struct AccountSealingKeyRecord: Sendable, Equatable {
    public var accountID: String
    public var publicKey: Data
    public var sealedPrivateKey: Data

    public init(accountID: String, publicKey: Data, sealedPrivateKey: Data) {
        self.accountID = accountID
        self.publicKey = publicKey
        self.sealedPrivateKey = sealedPrivateKey
    }
}

/// An invitation by e-mail (seed 001 3 b aa): open until accepted or expired, then waiting for
/// an admin's confirmation.
public struct InvitationRecord: Sendable, Equatable {
    public var digest: SecretDigest
    public var organisationID: String
    /// The invited address, normalised.
    public var email: String
    public var createdAt: Date
    public var expiresAt: Date
    public var acceptedBy: String?
    public var acceptedAt: Date?
    /// The accepting account's statement of age (see `MembershipRecord.adult`).
    public var adult: Bool
    /// The accepting account's login name, read with the invitation; empty otherwise.
    public var acceptedLogin: String

    public init(digest: SecretDigest, organisationID: String, email: String, createdAt: Date, expiresAt: Date,
                acceptedBy: String? = nil, acceptedAt: Date? = nil, adult: Bool = false, acceptedLogin: String = "") {
        self.digest = digest
        self.organisationID = organisationID
        self.email = email
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.acceptedBy = acceptedBy
        self.acceptedAt = acceptedAt
        self.adult = adult
        self.acceptedLogin = acceptedLogin
    }
}
