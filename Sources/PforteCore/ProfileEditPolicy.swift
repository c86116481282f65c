/// Who may change which profile field (design §4: "After eID verification ("Servicekonto Plus")
/// title, given names, family name, date of birth and address are locked fields: only an eID
/// data sync changes them"; seed 003, "Was sind Sperrfelder im Benutzerprofil?").
///
/// Values are validated by their own types before they get here; this policy decides only
/// whether the change is allowed.
public enum ProfileEditPolicy {
    /// The fields locked once the account is eID-verified: "Titel, Vorname, Nachname,
    /// Geburtsdatum, Adressdaten" (seed 003).
    public static let lockedFields: Set<ProfileField> = [
        .academicTitle, .givenNames, .familyName, .dateOfBirth, .address,
    ]

    /// `profile` with the user's `change` applied, or ``ProfileEditError/lockedField(_:)`` when
    /// the account is eID-verified and the field is locked. A change that keeps a locked field's
    /// current value is no edit and succeeds, so a form may submit every field.
    public static func apply(
        _ change: ProfileChange, to profile: Profile, eIDVerified: Bool
    ) -> Result<Profile, ProfileEditError> {
        var changed = profile
        switch change {
        case .academicTitle(let title): changed.academicTitle = title
        case .givenNames(let names): changed.givenNames = names
        case .familyName(let name): changed.familyName = name
        case .dateOfBirth(let date): changed.dateOfBirth = date
        case .address(let address): changed.address = address
        }
        if eIDVerified, lockedFields.contains(change.field), changed != profile {
            return .failure(.lockedField(change.field))
        }
        return .success(changed)
    }

    /// `profile` with every locked field replaced by what the eID delivered (seed 003: "Als
    /// Inhaber/in eines Servicekonto Plus aktualisieren Sie die Daten in Ihrem Benutzerprofil,
    /// indem Sie geänderte Personendaten von Ihrem … Ausweis … übernehmen lassen").
    ///
    /// The eID is the authority for these fields, so a field the eID leaves out (no title, no
    /// address in Germany) is removed, not kept from earlier self-entered data.
    public static func applyEIDSync(_ eIDData: Profile, to profile: Profile) -> Profile {
        var synced = profile
        synced.academicTitle = eIDData.academicTitle
        synced.givenNames = eIDData.givenNames
        synced.familyName = eIDData.familyName
        synced.dateOfBirth = eIDData.dateOfBirth
        synced.address = eIDData.address
        return synced
    }
}
