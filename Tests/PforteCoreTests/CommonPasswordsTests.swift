import PforteCore
import Testing

/// Screening against common and breached passwords (issue #18; OWASP ASVS 5.0 6.2.4, 6.2.12).
@Suite struct CommonPasswordsTests {
    @Test func theListHoldsAtLeastTheThreeThousandMostCommon() {
        #expect(CommonPasswords.count >= 3000)
    }

    /// From Openwall's list and from the German additions, in any case and Unicode form.
    @Test(arguments: [
        "Password1", "pASSWORD1", "ILoveYou2", "Passwort1", "Hallo123!", "Sommer2024", "Sommer2024!",
        "Fr\u{00FC}hling2025", "Fru\u{0308}hling2025", "Schalke04", "Qwertz123!",
    ])
    func aCommonPasswordThatMeetsTheCompositionRulesIsRefused(_ password: String) {
        #expect(CommonPasswords.contains(password))
        #expect(PasswordPolicy.check(password) == [.commonlyUsed])
    }

    /// A listed password that breaks a composition rule gets that rule's message only: it
    /// already asks for another password.
    @Test(arguments: [("123456", [PasswordRule.tooShort, .tooFewCharacterGroups]), ("password", [.tooFewCharacterGroups])])
    func compositionRulesComeFirst(_ password: String, _ expected: [PasswordRule]) {
        #expect(CommonPasswords.contains(password))
        #expect(PasswordPolicy.check(password) == expected)
    }

    @Test(arguments: ["Lindenallee-2024!", "Sichere-Passphrase-2026!", "Hallo123?x", "Sommer2024!!"])
    func anUnlistedPasswordPasses(_ password: String) {
        #expect(!CommonPasswords.contains(password))
        #expect(PasswordPolicy.check(password) == [])
    }

    /// The file's comment lines are no passwords.
    @Test func commentsOfTheListAreNotEntries() {
        #expect(!CommonPasswords.contains("#!comment:"))
        #expect(!CommonPasswords.contains("# Passwords too common to accept (OWASP ASVS 5.0 6.2.4 and 6.2.12): 3975 entries, compared"))
    }
}
