/// The legal form of an organisation (seed 003, "Welche Organisationsdaten sind
/// erforderlich?"). A closed list rather than free text, so that a relying portal receives a
/// code it can map (the OIDC `organisation` claim carries it) instead of spellings.
///
/// - Important: The raw values are stored (sealed) and released to portals: never rename one.
public enum LegalForm: String, Sendable, Hashable, CaseIterable {
    /// Einzelunternehmen, eingetragene Kaufleute (e. K.) included.
    case soleProprietorship = "einzelunternehmen"
    case gbr
    case ohg
    case kg
    case gmbh
    /// Unternehmergesellschaft (haftungsbeschränkt).
    case ug
    case ag
    /// Eingetragene Genossenschaft.
    case eg
    /// Eingetragener Verein.
    case ev = "e.v."
    case foundation = "stiftung"
    /// Körperschaft oder Anstalt des öffentlichen Rechts (authorities, chambers, public bodies).
    case publicBody = "oeffentlich-rechtlich"
    /// Anything else (Partnerschaftsgesellschaft, foreign forms, …).
    case other = "sonstige"
}
