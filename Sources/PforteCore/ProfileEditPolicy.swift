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

    /// `profile` with every locked field the eID delivered replaced by the card's value (seed
    /// 003: "Als Inhaber/in eines Servicekonto Plus aktualisieren Sie die Daten in Ihrem
    /// Benutzerprofil, indem Sie geänderte Personendaten von Ihrem … Ausweis … übernehmen
    /// lassen").
    ///
    /// The eID is the authority for what it delivered, so a delivered but empty field (no
    /// title on the card) is removed; a field it did not deliver (deselected by the user, not
    /// on the chip, `NoPlaceInfo`) stays as it was. The names are required in a profile and
    /// are replaced only by a value.
    public static func applyEIDSync(_ eID: EIDIdentity, to profile: Profile) -> Profile {
        var synced = profile
        if eID.delivered.contains(.academicTitle) { synced.academicTitle = eID.academicTitle }
        if eID.delivered.contains(.givenNames), let names = eID.givenNames { synced.givenNames = names }
        if eID.delivered.contains(.familyName), let name = eID.familyName { synced.familyName = name }
        if eID.delivered.contains(.dateOfBirth) { synced.dateOfBirth = eID.dateOfBirth }
        if eID.delivered.contains(.address) { synced.address = eID.address }
        return synced
    }
}
