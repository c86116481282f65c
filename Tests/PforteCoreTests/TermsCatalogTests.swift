import Foundation
import PforteCore
import Testing

@Suite struct TermsCatalogTests {
    private static let file = """
        # kind        version  effective   documents
        citizen       2026-1   2026-01-01  nutzungsbedingungen datenschutz
        organisation  2026-1   2026-01-01  einwilligung-organisation
        citizen       2027-1   2027-03-01  nutzungsbedingungen-2027 datenschutz   # announced in advance

        """

    private static func day(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text + "T00:00:00Z")!
    }

    @Test func theVersionInForceIsTheLatestWhoseDayHasCome() throws {
        let catalog = try TermsCatalog.parse(Self.file)
        #expect(catalog.current(.citizen, at: Self.day("2026-06-01"))?.id == "2026-1")
        #expect(catalog.current(.citizen, at: Self.day("2027-03-01"))?.id == "2027-1")
        #expect(catalog.current(.citizen, at: Self.day("2025-01-01"))?.id == "2026-1", "before the first day, the first")
        #expect(catalog.current(.organisation, at: Self.day("2027-06-01"))?.documents == ["einwilligung-organisation"])
        #expect(catalog.version(.citizen, id: "2027-1")?.documents == ["nutzungsbedingungen-2027", "datenschutz"])
    }

    @Test func upcomingVersionsAreThoseWithinTheLead() throws {
        let catalog = try TermsCatalog.parse(Self.file)
        let sixWeeks: TimeInterval = 42 * 24 * 3600
        #expect(catalog.upcoming(.citizen, at: Self.day("2026-12-01"), within: sixWeeks).isEmpty)
        #expect(catalog.upcoming(.citizen, at: Self.day("2027-02-01"), within: sixWeeks).map(\.id) == ["2027-1"])
        #expect(catalog.upcoming(.citizen, at: Self.day("2027-03-01"), within: sixWeeks).isEmpty, "in force, no longer coming")
        #expect(catalog.upcoming(.organisation, at: Self.day("2027-02-01"), within: sixWeeks).isEmpty)
    }

    @Test(arguments: [
        ("citizen 1 2026-01-01", TermsCatalogError.Reason.missingFields),
        ("bürger 1 2026-01-01 a", .unknownKind),
        ("citizen ../1 2026-01-01 a", .invalidVersion),
        ("citizen 1 2026-02-30 a", .invalidDate),
        ("citizen 1 1.1.2026 a", .invalidDate),
        ("citizen 1 2026-01-01 ../secret", .invalidDocument),
        ("citizen 1 2026-01-01 .hidden", .invalidDocument),
        ("citizen 1 2026-01-01 a\ncitizen 1 2026-02-01 b", .duplicateVersion),
        ("citizen 1 2026-01-01 a\ncitizen 2 2026-01-01 b", .duplicateDate),
    ])
    func badLinesAreRefusedByLine(_ text: String, _ reason: TermsCatalogError.Reason) {
        #expect(throws: TermsCatalogError.self) { try TermsCatalog.parse("organisation o 2026-01-01 x\n" + text) }
        do {
            _ = try TermsCatalog.parse("organisation o 2026-01-01 x\n" + text)
        } catch {
            #expect(error.reason == reason)
            #expect(error.line >= 2)
        }
    }

    @Test func eachKindNeedsAVersion() {
        #expect(throws: TermsCatalogError(line: 0, .noCurrentVersion)) { try TermsCatalog.parse("citizen 1 2026-01-01 a") }
        #expect(throws: TermsCatalogError(line: 0, .noCurrentVersion)) { try TermsCatalog.parse("") }
    }

    @Test func theConsentOfARegistrationIsChecked() throws {
        func codes(_ consent: RegistrationConsent?) -> [RegistrationForm.Field: [FieldErrorCode]] {
            let form = RegistrationForm(givenNames: "Anna", familyName: "Schmidt", email: "anna@example.de", password: "ABab1234",
                                        passwordRepeated: "ABab1234", secretQuestion: "Wie hieß mein Hund?", secretAnswer: "Bello",
                                        consent: consent)
            guard case .failure(let errors) = form.validate(termsVersion: "2026-1") else { return [:] }
            return errors.codes
        }
        #expect(codes(RegistrationConsent(termsVersion: "2026-1", acceptsTerms: true)).isEmpty)
        #expect(codes(nil).isEmpty, "no consent asked: the operator's forms")
        #expect(codes(RegistrationConsent(termsVersion: "2026-1", acceptsTerms: false)) == [.acceptTerms: [.termsNotAccepted]])
        #expect(codes(RegistrationConsent(termsVersion: "2025-9", acceptsTerms: true)) == [.acceptTerms: [.termsOutdated]])
        #expect(codes(RegistrationConsent(termsVersion: "2026-1", acceptsTerms: true, isUnder16: true))
            == [.guardianConsent: [.guardianConsentMissing]])
        #expect(codes(RegistrationConsent(termsVersion: "2026-1", acceptsTerms: true, isUnder16: true, guardiansAgree: true)).isEmpty)
        let valid = RegistrationForm(givenNames: "Anna", familyName: "Schmidt", email: "anna@example.de", password: "ABab1234",
                                     passwordRepeated: "ABab1234", secretQuestion: "Wie hieß mein Hund?", secretAnswer: "Bello",
                                     consent: RegistrationConsent(termsVersion: "2026-1", acceptsTerms: true, isUnder16: true,
                                                                  guardiansAgree: true))
        #expect(try valid.validate(termsVersion: "2026-1").get().acceptedTerms?.guardianConsent == true)
    }
}
