/// What Pforte asks the eID-Server for in one `useID` call.
///
/// The RestrictedID (the pseudonym that finds the account, eid.md) is always `REQUIRED`, so
/// the user cannot deselect it; everything not named is `PROHIBITED`. There is no sector here:
/// the authorisation certificate fixes the pseudonym's sector.
public struct EIDAttributeRequest: Sendable, Hashable {
    public let selections: [EIDAttribute: EIDAttributeSelection]
    public let levelOfAssurance: String
    public let psk: EIDPreSharedKey

    public init(
        required: Set<EIDAttribute>, allowed: Set<EIDAttribute> = [],
        levelOfAssurance: String = EIDLevelOfAssurance.hoch, psk: EIDPreSharedKey = .generate()
    ) {
        var selections: [EIDAttribute: EIDAttributeSelection] = [:]
        for attribute in allowed { selections[attribute] = .allowed }
        for attribute in required { selections[attribute] = .required }
        selections[.restrictedID] = .required
        self.selections = selections
        self.levelOfAssurance = levelOfAssurance
        self.psk = psk
    }

    public func selection(of attribute: EIDAttribute) -> EIDAttributeSelection {
        selections[attribute] ?? .prohibited
    }
}
