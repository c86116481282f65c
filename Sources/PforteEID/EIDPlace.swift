/// `GeneralPlaceType`: a place of birth or residence as the chip holds it.
public enum EIDPlace: Sendable, Hashable, Codable {
    case structured(EIDStructuredPlace)
    case freetext(String)
    /// `NoPlaceInfo`: the chip holds no place (e.g. "keine Hauptwohnung in Deutschland").
    case noPlaceInfo(String)
}

/// `GeneralPlaceType/StructuredPlace`.
public struct EIDStructuredPlace: Sendable, Hashable, Codable {
    public let street: String?
    public let city: String
    public let state: String?
    public let country: String
    public let zipCode: String?

    public init(street: String?, city: String, state: String?, country: String, zipCode: String?) {
        self.street = street
        self.city = city
        self.state = state
        self.country = country
        self.zipCode = zipCode
    }
}
