/// The three character groups of the password policy (seed 003, "Kriterium 1–3"); a password
/// needs characters from at least two of them (design §4).
enum PasswordCharacterGroup: CaseIterable {
    /// "Gemischte Groß- und Kleinschreibung": at least one upper- and one lower-case letter.
    /// Unicode case properties decide, so Ä, Ö, Ü count as upper case and ä, ö, ü, ß as lower
    /// case, as the seed lists them; other cased letters (é, Ł) count the same way.
    case mixedCase
    /// "Ziffern": the digits 0–9 of the seed.
    case digits
    /// "Sonderzeichen": anything that is neither a letter, a digit 0–9 nor whitespace.
    /// Letters without case (such as 中) belong to no group.
    case specialCharacters

    /// The groups the password has characters from.
    static func groups(in password: String) -> Set<PasswordCharacterGroup> {
        var hasUpper = false
        var hasLower = false
        var groups: Set<PasswordCharacterGroup> = []
        for character in password {
            if character.isLetter {
                hasUpper = hasUpper || character.isUppercase
                hasLower = hasLower || character.isLowercase
            } else if ("0"..."9").contains(character) {
                groups.insert(.digits)
            } else if !character.isWhitespace {
                groups.insert(.specialCharacters)
            }
        }
        if hasUpper && hasLower {
            groups.insert(.mixedCase)
        }
        return groups
    }
}
