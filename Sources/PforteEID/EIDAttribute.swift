/// The attributes of TR-03130 Part 1's `OperationsSelectorType`, spelt as the child elements of
/// `UseOperations`, `OperationsAllowedByUser` and `PersonalData` are (in schema order).
public enum EIDAttribute: String, Sendable, Hashable, Codable, CaseIterable {
    case documentType = "DocumentType"
    case issuingState = "IssuingState"
    case dateOfExpiry = "DateOfExpiry"
    case givenNames = "GivenNames"
    case familyNames = "FamilyNames"
    case artisticName = "ArtisticName"
    case academicTitle = "AcademicTitle"
    case dateOfBirth = "DateOfBirth"
    case placeOfBirth = "PlaceOfBirth"
    case nationality = "Nationality"
    case birthName = "BirthName"
    case placeOfResidence = "PlaceOfResidence"
    case communityID = "CommunityID"
    case residencePermitI = "ResidencePermitI"
    case restrictedID = "RestrictedID"
    case ageVerification = "AgeVerification"
    case placeVerification = "PlaceVerification"
}

/// How the eService asks for one attribute in `useID` (`AttributeRequestType`).
public enum EIDAttributeSelection: String, Sendable, Hashable, Codable {
    /// The user cannot deselect it.
    case required = "REQUIRED"
    /// Optional: the user may deselect it in the eID-Client.
    case allowed = "ALLOWED"
    /// Not asked for (the schema's default).
    case prohibited = "PROHIBITED"
}

/// What became of one attribute, from `OperationsAllowedByUser` (`AttributeResponseType`).
public enum EIDAttributeAvailability: String, Sendable, Hashable, Codable {
    case allowed = "ALLOWED"
    /// Not asked for, or deselected by the user.
    case prohibited = "PROHIBITED"
    /// Asked for and allowed, but the chip does not hold it.
    case notOnChip = "NOTONCHIP"
}
