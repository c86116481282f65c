/// One rule of the password policy (design §4; seed 003, "Passwortrichtlinie").
///
/// ``PasswordPolicy/check(_:)`` returns the rules a password breaks; the web layer turns each
/// into a message. The declaration order is the order of the list on the help page.
public enum PasswordRule: String, Sendable, CaseIterable {
    /// Fewer than 8 characters ("mindestens 8 Zeichen").
    case tooShort
    /// More than 40 characters ("höchstens 40 Zeichen").
    case tooLong
    /// Any whitespace ("keine Leerzeichen"); tabs and line breaks included.
    case containsWhitespace
    /// `<` or `>` ("die Sonderzeichen "<" und ">" sind nicht zulässig").
    case containsAngleBracket
    /// Characters from fewer than two of the three groups of ``PasswordCharacterGroup``.
    case tooFewCharacterGroups
    /// On the list of common and breached passwords (``CommonPasswords``); not a rule of the
    /// seed's help page, but of OWASP ASVS 5.0 6.2.4 and 6.2.12.
    case commonlyUsed
}
