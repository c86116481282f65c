import PforteEID

/// What the chip of an identity releases for one request, after the user deselected some
/// optional attributes: asked-for attributes the chip holds come back `ALLOWED` with their
/// value, deselected or not asked-for ones `PROHIBITED` and absent, others `NOTONCHIP`.
extension SimulatorIdentity {
    func read(for request: EIDAttributeRequest, deselected: Set<EIDAttribute>) -> EIDPersonalData {
        var operations: [EIDAttribute: EIDAttributeAvailability] = [:]
        for attribute in EIDAttribute.allCases {
            let asked = request.selection(of: attribute) != .prohibited && !deselected.contains(attribute)
            operations[attribute] = !asked ? .prohibited : chip.holds(attribute) ? .allowed : .notOnChip
        }
        func released<Value>(_ attribute: EIDAttribute, _ value: Value?) -> Value? {
            operations[attribute] == .allowed ? value : nil
        }
        return EIDPersonalData(
            restrictedID: chip.restrictedID,
            documentType: released(.documentType, chip.documentType),
            issuingState: released(.issuingState, chip.issuingState),
            dateOfExpiry: released(.dateOfExpiry, chip.dateOfExpiry),
            givenNames: released(.givenNames, chip.givenNames),
            familyNames: released(.familyNames, chip.familyNames),
            birthName: released(.birthName, chip.birthName),
            artisticName: released(.artisticName, chip.artisticName),
            academicTitle: released(.academicTitle, chip.academicTitle),
            dateOfBirth: released(.dateOfBirth, chip.dateOfBirth),
            placeOfBirth: released(.placeOfBirth, chip.placeOfBirth),
            placeOfResidence: released(.placeOfResidence, chip.placeOfResidence),
            nationality: released(.nationality, chip.nationality),
            operationsAllowedByUser: operations,
            levelOfAssurance: chip.levelOfAssurance
        )
    }
}

extension EIDPersonalData {
    /// Whether the chip holds `attribute`; the simulator models no community ID, residence
    /// permit text, or age and place verification.
    func holds(_ attribute: EIDAttribute) -> Bool {
        switch attribute {
        case .documentType: documentType != nil
        case .issuingState: issuingState != nil
        case .dateOfExpiry: dateOfExpiry != nil
        case .givenNames: givenNames != nil
        case .familyNames: familyNames != nil
        case .artisticName: artisticName != nil
        case .academicTitle: academicTitle != nil
        case .dateOfBirth: dateOfBirth != nil
        case .placeOfBirth: placeOfBirth != nil
        case .nationality: nationality != nil
        case .birthName: birthName != nil
        case .placeOfResidence: placeOfResidence != nil
        case .restrictedID: true
        case .communityID, .residencePermitI, .ageVerification, .placeVerification: false
        }
    }
}
