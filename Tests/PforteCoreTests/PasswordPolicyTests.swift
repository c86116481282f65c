import PforteCore
import Testing

@Suite struct PasswordPolicyTests {
    @Test(arguments: [
        ("Abcdef1", [PasswordRule.tooShort]),
        ("Abcdefg1", []),
        ("Abcdefgh" + String(repeating: "1", count: 32), []),
        ("Abcdefgh" + String(repeating: "1", count: 33), [.tooLong]),
    ])
    func lengthEdges(password: String, expected: [PasswordRule]) {
        #expect(PasswordPolicy.check(password) == expected)
    }

    @Test(arguments: ["Abcd 1234", "Abcd\t1234", "Abcd1234\n", "Abcd\u{00A0}1234", " Abcd1234"])
    func whitespaceIsRefused(password: String) {
        #expect(PasswordPolicy.check(password) == [.containsWhitespace])
    }

    @Test(arguments: ["Abcd<1234", "Abcd>1234"])
    func angleBracketsAreRefused(password: String) {
        #expect(PasswordPolicy.check(password) == [.containsAngleBracket])
    }

    /// The help page's examples for each pair of groups (seed 003), plus umlauts and ß.
    @Test(arguments: [
        "ABab1234", "Aa12Bb34",  // case + digits
        "ABab§$%?", "A§B$a%b?",  // case + special
        "7890?!+-", "7?8!9+0-",  // digits + special
        "ÄÖÜäöüß1",              // umlauts and ß in the case group, + digits
        "abcdef1!", "ABCDEF1!", "äöüß123!",  // one case only is no group, but the other two are
    ])
    func twoGroupsPass(password: String) {
        #expect(PasswordPolicy.check(password) == [])
    }

    @Test(arguments: [
        "ABCDabcd",  // mixed case alone
        "12345678",  // digits alone
        "§$%?!+-#",  // special characters alone
        "abcdefgh",  // lower case only: not even the case group
        "ABCDEFGH",  // upper case only
        "äöüßabcd",  // ß is lower case, so still no case group
        "ÄÖÜABCDE",  // umlauts upper case only
    ])
    func oneGroupOrLessFails(password: String) {
        #expect(PasswordPolicy.check(password) == [.tooFewCharacterGroups])
    }

    @Test func uppercaseSharpSCountsAsUpperCase() {
        #expect(PasswordPolicy.check("ẞßßßßßß1") == [])
        #expect(PasswordPolicy.check("ẞẞẞẞẞẞẞ1") == [.tooFewCharacterGroups])
    }

    @Test func uncasedLettersBelongToNoGroup() {
        #expect(PasswordPolicy.check("中文中文中文中1") == [.tooFewCharacterGroups])
    }

    /// Emoji and combined characters are one character each, however many scalars they have.
    @Test(arguments: [
        ("Ab1👨‍👩‍👧‍👦👍🏽🇩🇪e\u{301}", [PasswordRule.tooShort]),  // 7 characters: é is e + combining accent
        ("Ab1👨‍👩‍👧‍👦👍🏽🇩🇪e\u{301}ñ", []),
        ("Ab1" + String(repeating: "👍🏽", count: 37), []),
        ("Ab1" + String(repeating: "👍🏽", count: 38), [.tooLong]),
    ])
    func emojiCountOncePerCharacter(password: String, expected: [PasswordRule]) {
        #expect(PasswordPolicy.check(password) == expected)
    }

    @Test func emojiAreSpecialCharacters() {
        #expect(PasswordPolicy.check("1234567👍") == [])
    }

    @Test func everyViolatedRuleIsReported() {
        #expect(PasswordPolicy.check("") == [.tooShort, .tooFewCharacterGroups])
        #expect(PasswordPolicy.check("a <b") == [.tooShort, .containsWhitespace, .containsAngleBracket, .tooFewCharacterGroups])
        #expect(PasswordPolicy.check(String(repeating: "Aa >", count: 11)) == [.tooLong, .containsWhitespace, .containsAngleBracket])
    }
}
