public import PforteCore

/// The profile page's content: the login name and the unsealed personal data.
public struct AccountProfile: Sendable, Equatable {
    /// The login name (the normalised e-mail address).
    public let login: String
    public let profile: Profile
    /// Whether an eID verification succeeded ("Servicekonto Plus"; design §4).
    public let isEIDVerified: Bool

    /// The e-mail address to release: the login name of a local account (confirmed by
    /// activation), the Land's assertion for a federated account.
    public var email: String? {
        FederatedLoginService.isFederated(login: login) ? FederatedLoginService.email(inLogin: login) : login
    }

    /// Whether Pforte itself confirmed ``email`` (by activation); a Land's address is its word.
    public var isEmailVerified: Bool {
        !FederatedLoginService.isFederated(login: login)
    }

    /// The fields the user cannot edit: after eID verification the identity fields, which only
    /// an eID data sync changes (design §4).
    public var lockedFields: Set<ProfileField> {
        isEIDVerified ? ProfileEditPolicy.lockedFields : []
    }
}
