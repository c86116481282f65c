import PforteCore

/// The JSON form of an ``PforteCore/OrganisationProfile`` inside its sealed blob, re-validated
/// on the way back like ``StoredProfile``.
///
/// - Important: The field names are part of the stored format.
struct StoredOrganisationProfile: Codable, Equatable {
    var name: String
    var legalForm: String
    var seat: String
    var commercialRegisterNumber: String?
    var street: String
    var houseNumber: String
    var postalCode: String
    var city: String
    var countryCode: String
    var postOfficeBox: String?
    var email: String

    init(_ profile: OrganisationProfile) {
        name = profile.name.value
        legalForm = profile.legalForm.rawValue
        seat = profile.seat
        commercialRegisterNumber = profile.commercialRegisterNumber?.value
        street = profile.address.street
        houseNumber = profile.address.houseNumber
        postalCode = profile.address.postalCode
        city = profile.address.city
        countryCode = profile.address.countryCode
        postOfficeBox = profile.postOfficeBox?.value
        email = profile.email.value
    }

    func profile() throws -> OrganisationProfile {
        let form = OrganisationForm(
            name: name, legalForm: legalForm, seat: seat, commercialRegisterNumber: commercialRegisterNumber ?? "",
            street: street, houseNumber: houseNumber, postalCode: postalCode, city: city, countryCode: countryCode,
            postOfficeBox: postOfficeBox ?? "", email: email, consentsToTerms: true
        )
        return try form.validate()
    }
}
