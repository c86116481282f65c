import Foundation
import PforteCore
import Testing

@Suite struct OrganisationRulesTests {
    @Test(arguments: ["A", "Müller & Söhne GmbH", "Bäckerei (Nord) e.V.", String(repeating: "x", count: 40)])
    func acceptableNames(_ name: String) throws {
        #expect(try OrganisationName("  \(name) ").value == name)
    }

    @Test func refusedNames() {
        #expect(throws: TextFieldError.empty) { try OrganisationName("   ") }
        #expect(throws: TextFieldError.tooLong) { try OrganisationName(String(repeating: "x", count: 41)) }
        #expect(throws: TextFieldError.angleBracket) { try OrganisationName("A<b>") }
        for character in ["\"", "{", "}", "[", "]"] {
            #expect(throws: TextFieldError.invalidFormat) { try OrganisationName("Firma \(character)") }
        }
    }

    @Test func postOfficeBoxesHaveFourToTwentyDigits() throws {
        #expect(try PostOfficeBox(" 1234 ").value == "1234")
        #expect(try PostOfficeBox(String(repeating: "9", count: 20)).value.count == 20)
        #expect(throws: TextFieldError.tooShort) { try PostOfficeBox("123") }
        #expect(throws: TextFieldError.tooLong) { try PostOfficeBox(String(repeating: "9", count: 21)) }
        #expect(throws: TextFieldError.invalidFormat) { try PostOfficeBox("12 34") }
        #expect(throws: TextFieldError.invalidFormat) { try PostOfficeBox("12a4") }
    }

    @Test func commercialRegisterNumbers() throws {
        #expect(try CommercialRegisterNumber(" HRB   12345 ").value == "HRB 12345")
        #expect(try CommercialRegisterNumber("HRA 4711 B").value == "HRA 4711 B")
        #expect(throws: TextFieldError.invalidFormat) { try CommercialRegisterNumber("HRB") }
        #expect(throws: TextFieldError.invalidFormat) { try CommercialRegisterNumber("HRB 12_34") }
        #expect(throws: TextFieldError.tooLong) { try CommercialRegisterNumber("HRB " + String(repeating: "1", count: 30)) }
    }

    static func form(name: String = "Muster GmbH", legalForm: String = "gmbh", houseNumber: String = "12a-c",
                     postOfficeBox: String = "", email: String = "info@muster.example", consent: Bool = true) -> OrganisationForm {
        OrganisationForm(name: name, legalForm: legalForm, seat: "Dresden", street: "Archivstraße", houseNumber: houseNumber,
                         postalCode: "01097", city: "Dresden", postOfficeBox: postOfficeBox, email: email, consentsToTerms: consent)
    }

    @Test func aCompleteFormValidates() throws {
        let profile = try Self.form(postOfficeBox: "123456").validate()
        #expect(profile.name.value == "Muster GmbH")
        #expect(profile.legalForm == .gmbh)
        #expect(profile.address.houseNumber == "12a-c")
        #expect(profile.postOfficeBox?.value == "123456")
        #expect(profile.commercialRegisterNumber == nil)
    }

    @Test func everyProblemIsReportedByField() {
        do {
            _ = try Self.form(name: "{x}", legalForm: "kapitalgesellschaft", houseNumber: "12 a", postOfficeBox: "12",
                              email: "info@", consent: false).validate()
            Issue.record("expected errors")
        } catch {
            #expect(error[.name] == [.text(.invalidFormat)])
            #expect(error[.legalForm] == [.text(.invalidFormat)])
            #expect(error[.houseNumber] == [.text(.invalidFormat)])
            #expect(error[.postOfficeBox] == [.text(.tooShort)])
            #expect(!error[.email].isEmpty)
            #expect(error[.consent] == [.text(.empty)])
            #expect(error[.seat].isEmpty)
        }
    }

    @Test func houseNumberZeroStandsForNone() throws {
        #expect(try Self.form(houseNumber: "0").validate().address.houseNumber == "0")
    }

    @Test func legalFormCodesAreStable() {
        #expect(LegalForm.allCases.map(\.rawValue) == [
            "einzelunternehmen", "gbr", "ohg", "kg", "gmbh", "ug", "ag", "eg", "e.v.", "stiftung", "oeffentlich-rechtlich", "sonstige",
        ])
    }

    @Test func adulthoodFromTheDateOfBirthWinsOverTheDeclaration() throws {
        let today = try PartialDate(year: 2026, month: 6, day: 15)
        func assess(_ birth: PartialDate?, declares: Bool = false) -> AdminEligibility {
            AdminEligibility.assess(dateOfBirth: birth, declaresAdult: declares, today: today)
        }
        #expect(assess(try PartialDate(year: 2008, month: 6, day: 15)) == .adult)
        #expect(assess(try PartialDate(year: 2008, month: 6, day: 16), declares: true) == .minor)
        #expect(assess(try PartialDate(year: 2008, month: 6)) == .minor, "an unknown day counts as the month's last")
        #expect(assess(try PartialDate(year: 2008, month: 5)) == .adult)
        #expect(assess(try PartialDate(year: 2008)) == .minor, "an unknown month counts as December")
        #expect(assess(try PartialDate(year: 2007)) == .adult)
        #expect(assess(nil) == .declarationRequired)
        #expect(assess(nil, declares: true) == .adult)
    }

    @Test func theGermanDateIsTakenInBerlin() throws {
        // 2026-06-14 23:30 UTC is already the 15th in Berlin (CEST).
        let instant = Date(timeIntervalSince1970: 1_781_479_800)
        #expect(AdminEligibility.germanDate(of: instant) == (try PartialDate(year: 2026, month: 6, day: 15)))
    }

    @Test func theLastAdminStays() {
        #expect(throws: MembershipRules.Refusal.lastAdminCannotBeRemoved) {
            try MembershipRules.checkRemoval(of: .admin, adminCount: 1, leaving: false)
        }
        #expect(throws: MembershipRules.Refusal.lastAdminCannotLeave) {
            try MembershipRules.checkRemoval(of: .admin, adminCount: 1, leaving: true)
        }
        #expect(throws: Never.self) { try MembershipRules.checkRemoval(of: .admin, adminCount: 2, leaving: true) }
        #expect(throws: Never.self) { try MembershipRules.checkRemoval(of: .member, adminCount: 1, leaving: false) }
        #expect(throws: MembershipRules.Refusal.adminMustBeAdult) { try MembershipRules.checkPromotion(adult: false) }
    }

    @Test func organisationIDsAreCanonical() throws {
        let id = OrganisationID()
        #expect(OrganisationID(id.description) == id)
        #expect(OrganisationID("not-an-id") == nil)
    }
}
