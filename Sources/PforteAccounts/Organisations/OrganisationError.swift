public import PforteCore

/// Why an organisation flow refused a request; the web layer words each code, tests compare.
///
/// An organisation the session's account does not belong to and one that does not exist are
/// both ``Code/notFound``, so ids cannot be probed.
public struct OrganisationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The organisation form has field errors.
        case invalidForm(ValidationErrors<OrganisationForm.Field>)
        /// The invitation address is not acceptable.
        case invalidEmail(EmailAddressError)
        /// No date of birth is known and the user did not declare being of age.
        case adultDeclarationRequired
        /// The date of birth shows the user is under 18: no admin role (seed 003).
        case minor
        /// No such organisation, or the account is not a member.
        case notFound
        /// Only admins may do this.
        case notAdmin
        /// A last-admin rule or the adult rule refused the change.
        case refused(MembershipRules.Refusal)
        /// The invitation link is unknown, expired or already used.
        case invalidInvitation
        /// The account already belongs to the organisation.
        case alreadyMember
        /// The account's own invitation cannot be accepted by an admin of the organisation
        /// for someone else: it must be confirmed for an account that accepted it.
        case noAcceptedInvitation
        /// The organisation has ``MembershipService/maximumOpenInvitations`` open invitations;
        /// more wait until some are accepted or expire (no mail flood from one admin session).
        case tooManyOpenInvitations
        /// The member named is not (or no longer) a member.
        case memberNotFound
        /// The organisation's key does not open for this account: its wrapping is missing or
        /// was made for a key the account lost (a recovery wipes it). Never shown in detail.
        case keyUnavailable
    }

    public let code: Code

    init(_ code: Code) {
        self.code = code
    }

    public var description: String { "OrganisationError(\(code))" }
}
