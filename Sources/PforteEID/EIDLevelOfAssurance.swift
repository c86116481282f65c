/// TR-03130 `LevelOfAssuranceType` values this connector asks for and accepts.
public enum EIDLevelOfAssurance {
    /// National level "hoch": what the ID card and the residence permit (CardCertified) reach.
    public static let hoch = "http://bsi.bund.de/eID/LoA/hoch"
}
