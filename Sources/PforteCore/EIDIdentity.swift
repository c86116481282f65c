/// What one eID session told Pforte about its user (issue 6): the pseudonym and the identity
/// fields the card delivered, already validated as profile values.
///
/// A field is *delivered* when the user left it selected and the chip has it; only delivered
/// fields count. A deselected attribute (`PROHIBITED`), one not on the chip (`NOTONCHIP`) and a
/// residence given as `NoPlaceInfo` are not delivered: they leave the profile as it is. A
/// delivered field may still be empty where the document has none (no doctoral degree), which
/// then removes the old value.
public struct EIDIdentity: Sendable, Hashable {
    /// The RestrictedID `ID` as lower-case hex: stable for one card and Pforte's sector, new
    /// with every new card (eid.md). Only ever stored as a keyed hash (design §5).
    public let pseudonym: String
    public let academicTitle: AcademicTitle?
    public let givenNames: PersonName?
    public let familyName: PersonName?
    public let dateOfBirth: PartialDate?
    public let address: PostalAddress?
    /// The fields the card delivered.
    public let delivered: Set<ProfileField>

    public init(pseudonym: String, academicTitle: AcademicTitle? = nil, givenNames: PersonName?, familyName: PersonName?,
                dateOfBirth: PartialDate?, address: PostalAddress?, delivered: Set<ProfileField>) {
        self.pseudonym = pseudonym.lowercased()
        self.academicTitle = academicTitle
        self.givenNames = givenNames
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.address = address
        self.delivered = delivered
    }

    /// The profile of a new account registered with this eID, or `nil` when the card did not
    /// deliver both names (a profile cannot be without them).
    public var newProfile: Profile? {
        guard let givenNames, let familyName else { return nil }
        return ProfileEditPolicy.applyEIDSync(self, to: Profile(givenNames: givenNames, familyName: familyName))
    }

    /// Whether this card names the person of `profile`: given names, family name and date of
    /// birth all delivered and equal (names compared case-insensitively, since the chip has
    /// capitals). This decides re-linking after a new card (eid.md: "the new card's name and
    /// date of birth match the locked profile").
    public func matches(_ profile: Profile) -> Bool {
        guard let givenNames, let familyName, let dateOfBirth else { return false }
        return Self.same(givenNames, profile.givenNames) && Self.same(familyName, profile.familyName)
            && dateOfBirth == profile.dateOfBirth
    }

    private static func same(_ lhs: PersonName, _ rhs: PersonName) -> Bool {
        lhs.value.uppercased() == rhs.value.uppercased()
    }
}
