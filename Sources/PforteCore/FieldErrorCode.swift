/// One problem with one form field, for field-level messages.
///
/// Core holds only codes; the web layer words them in German and English. Switching over this
/// enum exhaustively makes the compiler point out any code that has no message yet.
public enum FieldErrorCode: Hashable, Sendable {
    /// A free-text field broke a rule.
    case text(TextFieldError)
    /// The e-mail address is not acceptable.
    case email(EmailAddressError)
    /// The password breaks a rule of the policy; a password field may carry several.
    case password(PasswordRule)
    /// A repetition field ("E-Mail-Adresse wiederholen", "Passwort wiederholen") differs from the
    /// field it repeats.
    case doesNotMatch
    /// The terms of use and privacy statement were not accepted (seed 000: without them no
    /// Servicekonto).
    case termsNotAccepted
    /// The accepted version is not the one in force: the page was older than the terms, or the
    /// form was altered.
    case termsOutdated
    /// A person under 16 did not confirm that the guardians agree (Art. 8 GDPR).
    case guardianConsentMissing
}
