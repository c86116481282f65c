/// Why a ``ProfileChange`` was refused.
public enum ProfileEditError: Error, Sendable, Hashable {
    /// The account is eID-verified and the field is locked: only an eID data sync changes it
    /// (design §4; seed 003, "Sperrfelder").
    case lockedField(ProfileField)
}
