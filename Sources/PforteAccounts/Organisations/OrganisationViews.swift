public import PforteCore

/// One organisation in the list of the session's account.
public struct OrganisationSummary: Sendable, Equatable {
    public let id: OrganisationID
    public let name: String
    public let role: OrganisationRole
}

/// A member as admins see them.
public struct OrganisationMember: Sendable, Equatable {
    public let accountID: String
    public let login: String
    public let role: OrganisationRole
    /// Known or declared to be of age: may be made admin.
    public let adult: Bool
    /// For an account waiting for confirmation: the address the invitation went to, which the
    /// admin compares with the accepting account (a forwarded link is accepted by another one).
    public var invitedAddress: String?
}

/// What a member sees of an organisation; admins also see members and those waiting for
/// confirmation.
public struct OrganisationOverview: Sendable {
    public let id: OrganisationID
    public let profile: OrganisationProfile
    public let role: OrganisationRole
    public let generalRelease: Bool
    /// Empty for members who are not admins.
    public let members: [OrganisationMember]
    /// Accounts that accepted an invitation and wait for an admin's confirmation; empty for
    /// members who are not admins.
    public let awaitingConfirmation: [OrganisationMember]
}

/// An open invitation, as the invitee sees it before accepting.
public struct OrganisationInvitation: Sendable, Equatable {
    public let organisationName: String
    /// Whether the accepting account must declare being of age to be eligible as admin later
    /// (no date of birth known). Declaring is optional: minors may be members.
    public let asksForAdultDeclaration: Bool
}
