/// The fields of a ``Profile``, to name which one a change touches or an error concerns.
public enum ProfileField: String, Sendable, Hashable, CaseIterable {
    case academicTitle, givenNames, familyName, dateOfBirth, address
}
