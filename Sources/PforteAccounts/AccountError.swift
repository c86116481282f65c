public import PforteCore

/// Why an account flow refused a request. The web layer words each code in German and English;
/// tests compare codes.
///
/// No code says whether an e-mail address is registered (issue: "no message reveals whether an
/// address is registered"): a wrong password and an unknown address are both
/// ``Code/invalidCredentials``, and flows that could leak it (registration, forgot password)
/// report success either way.
public struct AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The registration (or recovery) form has field errors, by field.
        case invalidForm(RegistrationErrors)
        /// The e-mail address is not acceptable as a login name.
        case invalidEmail(EmailAddressError)
        /// A new password breaks these rules of ``PasswordPolicy``.
        case passwordRules([PasswordRule])
        /// The new e-mail address is the current login name.
        case emailUnchanged
        /// The operator gave a secret question without an answer or the other way round.
        case incompleteSecretQuestion
        /// Unknown address or wrong password: deliberately one code.
        case invalidCredentials
        /// The password was right, but the registration has not been activated yet.
        case notActivated
        /// Too many recent failures for this account or client address (``ThrottlePolicy``);
        /// the next attempt is checked after `retryAfter` seconds.
        case throttled(retryAfter: Double)
        /// The account's password (or secret answer) failed too often in a row from anywhere:
        /// nothing is checked until the owner unlocks it (the link mailed at the last failure, a
        /// password reset, an eID login). Said alike for addresses without an account.
        case attemptsExhausted
        /// The link's token is unknown, expired, already used, or its account is gone. The
        /// store does not tell these apart, and the page need not.
        case invalidLink
        /// The answer to the secret question is wrong. The reset link stays valid.
        case wrongSecretAnswer
        /// The account has no secret answer (an operator created it without one): only a
        /// recovery, which wipes the sealed data, is possible.
        case noSecretAnswer
        /// The account is eID-verified and the field is locked (design §4).
        case lockedField(ProfileField)
        /// Another account has the address as its login name.
        case loginTaken
        /// The account is the last admin of these organisations (by name) and cannot be deleted
        /// before another member is made admin or the organisation is deleted (design §4).
        case soleOrganisationAdmin([String])
        /// The eID pseudonym is linked to another account.
        case eIDLinkedElsewhere
        /// The card's name or date of birth differ from the account's locked profile, or it did
        /// not deliver them: a new card cannot be linked (eid.md, re-linking).
        case eIDIdentityMismatch
        /// A data sync with a card other than the linked one (a new card is linked by logging
        /// in with it and confirming the account by password).
        case eIDDifferentCard
        /// The card did not deliver the names a new account needs.
        case eIDIncomplete
        /// The session's account is not the one the eID step was started for, or the step
        /// needs an account that is (or is not) eID-verified.
        case eIDWrongAccount
        /// The service desk has locked the account (issue #22): no login by any method until it
        /// unlocks it. Said only after the credentials were right, like ``notActivated``.
        case accountLocked
        /// The member of the service desk's role does not allow the action (only an admin
        /// deletes accounts and manages staff), or the action does not fit the account.
        case notPermitted
        /// The second-factor code is wrong, was used already, or is outside the time window.
        case invalidCode
        /// No such account (operator commands; a session whose account was deleted meanwhile).
        case accountNotFound
        /// Stored sealed data or a wrapped key does not open or parse although the secret was
        /// right: tampering, or a bug. Never shown to the user in detail.
        case storedDataUnreadable
    }

    public let code: Code

    init(_ code: Code) {
        self.code = code
    }

    public var description: String { "AccountError(\(code))" }
}
