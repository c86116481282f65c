import PforteCore
import PforteEID

/// Turns what the eID-Server returned into profile values (issue 6): deselected attributes
/// (`PROHIBITED`), ones not on the chip and a residence without place (`NoPlaceInfo`) are not
/// delivered and leave the profile alone; an incomplete date of birth stays partial.
enum EIDCardMapping {
    static func identity(_ data: EIDPersonalData) -> EIDIdentity {
        var delivered: Set<ProfileField> = []
        /// The value when the user allowed the attribute and it is valid; a delivered title may
        /// be empty (the card has none), the other fields count only with a value.
        func value<Value>(_ attribute: EIDAttribute, _ field: ProfileField, _ raw: Value?, emptyCounts: Bool = false) -> Value? {
            guard data.availability(of: attribute) == .allowed, raw != nil || emptyCounts else { return nil }
            delivered.insert(field)
            return raw
        }
        let title = value(.academicTitle, .academicTitle, data.academicTitle.flatMap { try? AcademicTitle($0) }, emptyCounts: true)
        let givenNames = value(.givenNames, .givenNames, data.givenNames.flatMap { try? PersonName($0) })
        let familyName = value(.familyNames, .familyName, data.familyNames.flatMap { try? PersonName($0) })
        let birth = value(.dateOfBirth, .dateOfBirth, data.dateOfBirth)
        var place: EIDStructuredPlace?
        if case .structured(let structured) = data.placeOfResidence { place = structured }
        let address = value(.placeOfResidence, .address, place.flatMap(postalAddress))
        return EIDIdentity(pseudonym: data.restrictedID, academicTitle: title, givenNames: givenNames, familyName: familyName,
                           dateOfBirth: birth, address: address, delivered: delivered)
    }

    /// A structured place as a postal address: the chip keeps street and house number in one
    /// field ("HEIDESTRASSE 17"); a last word with a digit is the house number, otherwise
    /// there is none (`0`, as the profile form asks). The chip's country `D` is ISO `DE`.
    /// `nil` when the place does not make a valid address (no postal code in Germany).
    static func postalAddress(_ place: EIDStructuredPlace) -> PostalAddress? {
        let street = place.street ?? place.city
        var name = street
        var number = "0"
        if let space = street.lastIndex(of: " "), street[street.index(after: space)...].contains(where: \.isNumber) {
            name = String(street[..<space])
            number = String(street[street.index(after: space)...])
        }
        let country = place.country == "D" ? PostalAddress.germany : place.country
        return try? PostalAddress(street: name, houseNumber: number, postalCode: place.zipCode ?? "", city: place.city,
                                  countryCode: country)
    }
}
