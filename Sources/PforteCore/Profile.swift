/// The personal data of an account (design §4; seed 003, "Benutzerprofil bearbeiten").
///
/// Every field here is a locked field once the account is eID-verified; change it through
/// ``ProfileEditPolicy`` so that rule holds. Registration asks only for the name (seed 003), so
/// everything else is optional.
public struct Profile: Sendable, Hashable {
    public var academicTitle: AcademicTitle?
    public var givenNames: PersonName
    public var familyName: PersonName
    public var dateOfBirth: PartialDate?
    public var address: PostalAddress?

    public init(
        academicTitle: AcademicTitle? = nil, givenNames: PersonName, familyName: PersonName,
        dateOfBirth: PartialDate? = nil, address: PostalAddress? = nil
    ) {
        self.academicTitle = academicTitle
        self.givenNames = givenNames
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.address = address
    }
}
