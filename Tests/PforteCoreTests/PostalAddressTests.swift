import PforteCore
import Testing

@Suite struct PostalAddressTests {
    @Test func germanAddress() throws {
        let address = try PostalAddress(
            street: " Hauptstraße ", houseNumber: "12a-c", postalCode: "01067", city: "Dresden", countryCode: "de"
        )
        #expect(address.street == "Hauptstraße")
        #expect(address.houseNumber == "12a-c")
        #expect(address.postalCode == "01067")
        #expect(address.city == "Dresden")
        #expect(address.countryCode == "DE")
    }

    @Test(arguments: ["0", "2a", "48-50", "12345678901"])
    func houseNumbersFromTheHelpPage(number: String) throws {
        _ = try PostalAddress(street: "Markt", houseNumber: number, postalCode: "06108", city: "Halle", countryCode: "DE")
    }

    @Test(arguments: [
        ("AT", "1010"), ("GB", "SW1A 1AA"), ("NL", "1012 AB"), ("PL", "00-001"), ("IE", "D02"),
    ])
    func foreignPostalCodes(country: String, code: String) throws {
        _ = try PostalAddress(street: "Street", houseNumber: "1", postalCode: code, city: "City", countryCode: country)
    }

    @Test(arguments: ["1234", "123456", "0106A", "01 067", ""])
    func germanPostalCodesHaveFiveDigits(code: String) {
        #expect {
            try PostalAddress(street: "Markt", houseNumber: "1", postalCode: code, city: "Halle", countryCode: "DE")
        } throws: { error in
            let codes = (error as? ValidationErrors<PostalAddress.Field>)?.codes
            return codes == [.postalCode: [.text(code.isEmpty ? .empty : .invalidFormat)]]
        }
    }

    @Test func everyFieldIsReported() {
        #expect {
            try PostalAddress(
                street: "", houseNumber: "12 a", postalCode: "1234_", city: String(repeating: "x", count: 101),
                countryCode: "DEU"
            )
        } throws: { error in
            (error as? ValidationErrors<PostalAddress.Field>)?.codes == [
                .street: [.text(.empty)],
                .houseNumber: [.text(.invalidFormat)],
                .postalCode: [.text(.invalidFormat)],
                .city: [.text(.tooLong)],
                .countryCode: [.text(.tooLong)],
            ]
        }
    }

    @Test(arguments: [
        ("D", TextFieldError.tooShort), ("D1", .invalidFormat), ("ÄÖ", .invalidFormat), ("", .empty),
    ])
    func countryCodes(code: String, expected: TextFieldError) {
        #expect {
            try PostalAddress(street: "S", houseNumber: "1", postalCode: "1", city: "C", countryCode: code)
        } throws: { error in
            (error as? ValidationErrors<PostalAddress.Field>)?[.countryCode] == [.text(expected)]
        }
    }

    @Test func houseNumberLimits() {
        #expect {
            try PostalAddress(street: "S", houseNumber: "123456789012", postalCode: "01067", city: "C", countryCode: "DE")
        } throws: { error in
            (error as? ValidationErrors<PostalAddress.Field>)?.codes == [.houseNumber: [.text(.tooLong)]]
        }
    }

    @Test func angleBracketsAreRefused() {
        #expect {
            try PostalAddress(street: "<b>", houseNumber: "1", postalCode: "01067", city: "C>", countryCode: "DE")
        } throws: { error in
            (error as? ValidationErrors<PostalAddress.Field>)?.codes == [
                .street: [.text(.angleBracket)], .city: [.text(.angleBracket)],
            ]
        }
    }
}
