public import PforteCore

/// The result of a completed eID session: `getResultResponse` after every check passed.
///
/// Attributes the user deselected, that were not asked for, or that the chip does not hold are
/// `nil`; ``operationsAllowedByUser`` tells which of these it was. Codable, so the web layer can
/// keep a result with a pending login (e.g. while the user chooses to register or to link).
public struct EIDPersonalData: Sendable, Hashable, Codable {
    /// `RestrictedID/ID`, lower-case hex: the pseudonym for this card and Pforte's sector.
    /// Store only a keyed hash of it (design §5).
    public let restrictedID: String
    public let documentType: String?
    public let issuingState: String?
    public let dateOfExpiry: PartialDate?
    public let givenNames: String?
    public let familyNames: String?
    public let birthName: String?
    public let artisticName: String?
    public let academicTitle: String?
    /// From `DateString`: spaces stand for unknown month or day (`1964    ` is only a year).
    public let dateOfBirth: PartialDate?
    public let placeOfBirth: EIDPlace?
    public let placeOfResidence: EIDPlace?
    public let nationality: String?
    public let operationsAllowedByUser: [EIDAttribute: EIDAttributeAvailability]
    /// `LevelOfAssuranceResult`, when the server reports one.
    public let levelOfAssurance: String?

    public init(
        restrictedID: String, documentType: String?, issuingState: String?, dateOfExpiry: PartialDate?,
        givenNames: String?, familyNames: String?, birthName: String?, artisticName: String?,
        academicTitle: String?, dateOfBirth: PartialDate?, placeOfBirth: EIDPlace?, placeOfResidence: EIDPlace?,
        nationality: String?, operationsAllowedByUser: [EIDAttribute: EIDAttributeAvailability],
        levelOfAssurance: String?
    ) {
        self.restrictedID = restrictedID
        self.documentType = documentType
        self.issuingState = issuingState
        self.dateOfExpiry = dateOfExpiry
        self.givenNames = givenNames
        self.familyNames = familyNames
        self.birthName = birthName
        self.artisticName = artisticName
        self.academicTitle = academicTitle
        self.dateOfBirth = dateOfBirth
        self.placeOfBirth = placeOfBirth
        self.placeOfResidence = placeOfResidence
        self.nationality = nationality
        self.operationsAllowedByUser = operationsAllowedByUser
        self.levelOfAssurance = levelOfAssurance
    }

    /// What the user allowed for `attribute`; `PROHIBITED` when the server did not say.
    public func availability(of attribute: EIDAttribute) -> EIDAttributeAvailability {
        operationsAllowedByUser[attribute] ?? .prohibited
    }
}
