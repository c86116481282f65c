/// A user's edit of one profile field, with its new, already validated value; `nil` removes an
/// optional field.
public enum ProfileChange: Sendable, Hashable {
    case academicTitle(AcademicTitle?)
    case givenNames(PersonName)
    case familyName(PersonName)
    case dateOfBirth(PartialDate?)
    case address(PostalAddress?)

    /// The field the change touches.
    public var field: ProfileField {
        switch self {
        case .academicTitle: .academicTitle
        case .givenNames: .givenNames
        case .familyName: .familyName
        case .dateOfBirth: .dateOfBirth
        case .address: .address
        }
    }
}
