/// A registration whose every field passed ``RegistrationForm/validate()``; the only way to make
/// one. What remains for the caller: uniqueness of the e-mail address, hashing the password,
/// and the activation mail (design §4).
public struct ValidatedRegistration: Sendable {
    public let givenNames: PersonName
    public let familyName: PersonName
    public let email: EmailAddress
    /// The password exactly as typed; it satisfies ``PasswordPolicy``.
    public let password: String
    public let secretQuestion: SecretQuestion
    public let secretAnswer: SecretAnswer
    /// The terms version accepted on the registration page, when one was asked for.
    public let acceptedTerms: AcceptedTerms?
}
