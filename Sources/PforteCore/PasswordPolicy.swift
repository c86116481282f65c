/// The password rules of design §4, taken from the help page's "Passwortrichtlinie" (seed 003),
/// and the screening against common passwords (``CommonPasswords``).
///
/// Lengths count Swift `Character`s (grapheme clusters), so an emoji or a letter with a
/// combining accent is one character, as a user would count it.
public enum PasswordPolicy {
    /// "mindestens 8 Zeichen" (seed 003).
    public static let minimumLength = 8
    /// "höchstens 40 Zeichen" (seed 003).
    public static let maximumLength = 40
    /// Characters from at least two of the three groups (seed 003, "Kriterium 1–3").
    public static let requiredCharacterGroups = 2

    /// Every rule `password` breaks, in the order of ``PasswordRule``; empty when it is fine.
    /// Returning all of them lets the form show every problem at once. A password is screened
    /// against the common ones only once it meets the composition rules: until then their
    /// messages already ask for another, and most listed passwords break them anyway.
    public static func check(_ password: String) -> [PasswordRule] {
        let broken = compositionRulesBroken(by: password)
        guard broken.isEmpty else { return broken }
        return CommonPasswords.contains(password) ? [.commonlyUsed] : []
    }

    private static func compositionRulesBroken(by password: String) -> [PasswordRule] {
        let length = password.count
        return PasswordRule.allCases.filter { rule in
            switch rule {
            case .tooShort: length < minimumLength
            case .tooLong: length > maximumLength
            case .containsWhitespace: password.contains { $0.isWhitespace }
            case .containsAngleBracket: password.contains { $0 == "<" || $0 == ">" }
            case .tooFewCharacterGroups:
                PasswordCharacterGroup.groups(in: password).count < requiredCharacterGroups
            case .commonlyUsed: false
            }
        }
    }
}
