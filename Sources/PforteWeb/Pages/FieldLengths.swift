import PforteCore

/// The length each free-text field of the pages allows, by field name, from the Core type that
/// checks it: "too short" and "too long" then state the limit (WCAG 2.1 SC 3.3.3).
enum FieldLengths {
    static func range(of field: String) -> ClosedRange<Int>? {
        switch field {
        case "givenNames", "familyName": 1...PersonName.maximumLength
        case "academicTitle": 1...AcademicTitle.maximumLength
        case "secretQuestion": SecretQuestion.minimumLength...SecretQuestion.maximumLength
        case "secretAnswer": SecretAnswer.minimumLength...SecretAnswer.maximumLength
        case "street", "city": PostalAddress.streetOrCityLength
        case "houseNumber": PostalAddress.houseNumberLength
        case "postalCode": PostalAddress.postalCodeLength
        case "name": OrganisationName.length
        case "commercialRegisterNumber": CommercialRegisterNumber.length
        case "postOfficeBox": PostOfficeBox.length
        case "seat": OrganisationForm.seatLength
        default: nil
        }
    }
}
