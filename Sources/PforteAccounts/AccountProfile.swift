public import PforteCore

/// The profile page's content: the login name and the unsealed personal data.
public struct AccountProfile: Sendable, Equatable {
    /// The login name (the normalised e-mail address).
    public let login: String
    public let profile: Profile
    /// Whether an eID verification succeeded ("Servicekonto Plus"; design §4).
    public let isEIDVerified: Bool

    /// The fields the user cannot edit: after eID verification the identity fields, which only
    /// an eID data sync changes (design §4).
    public var lockedFields: Set<ProfileField> {
        isEIDVerified ? ProfileEditPolicy.lockedFields : []
    }
}
