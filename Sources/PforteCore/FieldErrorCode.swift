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
}
