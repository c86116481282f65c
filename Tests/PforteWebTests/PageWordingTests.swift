import PforteCore
import Testing

@testable import PforteWeb

/// Wording faults of issue #19: dates on the Land consent page as elsewhere, and an error
/// summary without "…akzeptiert.: Bitte…".
@Suite struct PageWordingTests {
    @Test func protocolDatesAreShownAsOnTheIDCard() {
        #expect(FederationConsent.displayed("1980-05-17") == "17.05.1980")
        #expect(FederationConsent.displayed("1980-05") == "05.1980")
        #expect(FederationConsent.displayed("1980") == "1980")
        #expect(FederationConsent.displayed("Musterstraße 1-3") == "Musterstraße 1-3")
        #expect(FederationConsent.displayed("2024-1-5") == "2024-1-5")
    }

    @Test func aLabelThatIsASentenceIsNotFollowedByAColon() {
        #expect(FormView.summaryLine(label: "Vorname(n)", message: "Bitte ausfüllen.") == "Vorname(n): Bitte ausfüllen.")
        #expect(FormView.summaryLine(label: "Ich habe die Einwilligungserklärung gelesen und akzeptiert.",
                                     message: "Bitte bestätigen Sie die Einwilligung.") == "Bitte bestätigen Sie die Einwilligung.")
    }

    @Test func tooShortAndTooLongStateTheFieldsLimit() {
        let texts = MessageCatalog(language: .de, flat: [
            "error.text.tooShort": "zu kurz", "error.text.tooLong": "zu lang",
            "error.text.tooShortLimit": "mindestens {min}", "error.text.tooLongLimit": "höchstens {max}",
        ])
        #expect(texts.text(for: .text(.tooLong), field: "givenNames") == "höchstens \(PersonName.maximumLength)")
        #expect(texts.text(for: .text(.tooShort), field: "secretAnswer") == "mindestens \(SecretAnswer.minimumLength)")
        #expect(texts.text(for: .text(.tooShort), field: "postOfficeBox") == "mindestens 4")
        #expect(texts.text(for: .text(.tooLong), field: "name") == "höchstens 40")
        #expect(texts.text(for: .text(.tooLong)) == "zu lang")
        #expect(texts.text(for: .text(.tooLong), field: "unknown") == "zu lang")
    }
}
