import PforteCore

/// The JSON form of a ``Profile`` inside its sealed blob (design §6). Core's types are not
/// `Codable` on purpose (they are validated values); this mirror stores their plain fields and
/// re-validates them on the way back, so a profile read from the store is as checked as one
/// typed into a form.
///
/// - Important: The field names are part of the stored format.
struct StoredProfile: Codable, Equatable {
    struct Birth: Codable, Equatable {
        var year: Int
        var month: Int?
        var day: Int?
    }

    struct Address: Codable, Equatable {
        var street: String
        var houseNumber: String
        var postalCode: String
        var city: String
        var countryCode: String

        init(_ address: PostalAddress) {
            street = address.street
            houseNumber = address.houseNumber
            postalCode = address.postalCode
            city = address.city
            countryCode = address.countryCode
        }

        func postalAddress() throws -> PostalAddress {
            try PostalAddress(street: street, houseNumber: houseNumber, postalCode: postalCode, city: city, countryCode: countryCode)
        }
    }

    var academicTitle: String?
    var givenNames: String
    var familyName: String
    var dateOfBirth: Birth?
    var address: Address?

    init(_ profile: Profile) {
        academicTitle = profile.academicTitle?.value
        givenNames = profile.givenNames.value
        familyName = profile.familyName.value
        dateOfBirth = profile.dateOfBirth.map { Birth(year: $0.year, month: $0.month, day: $0.day) }
        address = profile.address.map(Address.init)
    }

    func profile() throws -> Profile {
        try Profile(
            academicTitle: academicTitle.map(AcademicTitle.init),
            givenNames: PersonName(givenNames),
            familyName: PersonName(familyName),
            dateOfBirth: dateOfBirth.map { try PartialDate(year: $0.year, month: $0.month, day: $0.day) },
            address: address.map { try $0.postalAddress() }
        )
    }
}
