import PforteXML

/// `PersonalDataType`, `OperationsAllowedByUser` and `LevelOfAssuranceResult` of a
/// `getResultResponse` (TR-03130 Part 1 §3.5.2), read by the connector and written by the
/// simulator.
extension EIDPersonalData {
    /// Reads the response's data; `response` already passed its `dss:Result` check.
    init(parsing response: XMLElement) throws(EIDError) {
        guard let data = try response.optionalChild("PersonalData") else {
            throw EIDError(.missingPersonalData, debugReason: "ResultMajor ok without PersonalData")
        }
        guard let restricted = try data.optionalChild("RestrictedID") else {
            throw EIDError(.missingPersonalData, debugReason: "PersonalData without RestrictedID")
        }
        let restrictedID = try restricted.requiredText("ID").lowercased()
        guard !restrictedID.isEmpty, restrictedID.count.isMultiple(of: 2), restrictedID.allSatisfy(\.isHexDigit) else {
            throw EIDError(.malformedResponse, debugReason: "RestrictedID/ID is not hex")
        }
        let allowed: [EIDAttribute: EIDAttributeAvailability] =
            try response.optionalChild("OperationsAllowedByUser")?.attributeValues() ?? [:]
        self.init(
            restrictedID: restrictedID,
            documentType: try data.optionalText("DocumentType"),
            issuingState: try data.optionalText("IssuingState"),
            dateOfExpiry: try data.optionalText("DateOfExpiry").map(EIDDate.parseDate),
            givenNames: try data.optionalText("GivenNames"),
            familyNames: try data.optionalText("FamilyNames"),
            birthName: try data.optionalText("BirthName"),
            artisticName: try data.optionalText("ArtisticName"),
            academicTitle: try data.optionalText("AcademicTitle"),
            dateOfBirth: try data.optionalChild("DateOfBirth").map { date throws(EIDError) in
                // Not trimmed: the spaces of an incomplete date are significant.
                try EIDDate.parseDateString(date.requiredChild("DateString").textContent)
            },
            placeOfBirth: try data.optionalChild("PlaceOfBirth").map(EIDPlace.init(parsing:)),
            placeOfResidence: try data.optionalChild("PlaceOfResidence").map(EIDPlace.init(parsing:)),
            nationality: try data.optionalText("Nationality"),
            operationsAllowedByUser: allowed,
            levelOfAssurance: try response.optionalText("LevelOfAssuranceResult")
        )
    }

    /// The response's content before `dss:Result`, in schema order.
    package var xml: String {
        var fields: [String] = []
        func text(_ name: String, _ value: String?) {
            if let value { fields.append("<eid:\(name)>\(XMLText.escaped(value))</eid:\(name)>") }
        }
        text("DocumentType", documentType)
        text("IssuingState", issuingState)
        text("DateOfExpiry", dateOfExpiry.flatMap(EIDDate.dateValue))
        text("GivenNames", givenNames)
        text("FamilyNames", familyNames)
        text("ArtisticName", artisticName)
        text("AcademicTitle", academicTitle)
        if let dateOfBirth {
            let value = EIDDate.dateValue(dateOfBirth).map { "<eid:DateValue>\($0)</eid:DateValue>" } ?? ""
            fields.append("<eid:DateOfBirth><eid:DateString>\(EIDDate.dateString(dateOfBirth))</eid:DateString>\(value)</eid:DateOfBirth>")
        }
        if let placeOfBirth { fields.append("<eid:PlaceOfBirth>\(placeOfBirth.xml)</eid:PlaceOfBirth>") }
        text("Nationality", nationality)
        text("BirthName", birthName)
        if let placeOfResidence { fields.append("<eid:PlaceOfResidence>\(placeOfResidence.xml)</eid:PlaceOfResidence>") }
        fields.append("<eid:RestrictedID><eid:ID>\(XMLText.escaped(restrictedID))</eid:ID></eid:RestrictedID>")
        let operations = EIDAttribute.allCases
            .map { "<eid:\($0.rawValue)>\(availability(of: $0).rawValue)</eid:\($0.rawValue)>" }
            .joined()
        let level = levelOfAssurance.map { "<eid:LevelOfAssuranceResult>\(XMLText.escaped($0))</eid:LevelOfAssuranceResult>" } ?? ""
        return "<eid:PersonalData>\(fields.joined())</eid:PersonalData>"
            + "<eid:OperationsAllowedByUser>\(operations)</eid:OperationsAllowedByUser>\(level)"
    }
}

extension EIDPlace {
    init(parsing element: XMLElement) throws(EIDError) {
        if let structured = try element.optionalChild("StructuredPlace") {
            self = .structured(EIDStructuredPlace(
                street: try structured.optionalText("Street"), city: try structured.requiredText("City"),
                state: try structured.optionalText("State"), country: try structured.requiredText("Country"),
                zipCode: try structured.optionalText("ZipCode")
            ))
        } else if let freetext = try element.optionalChild("FreetextPlace") {
            self = .freetext(freetext.trimmedText)
        } else if let none = try element.optionalChild("NoPlaceInfo") {
            self = .noPlaceInfo(none.trimmedText)
        } else {
            throw EIDError(.malformedResponse, debugReason: "\(element.name.localName) has no place")
        }
    }

    var xml: String {
        switch self {
        case .structured(let place):
            let parts: [(String, String?)] = [
                ("Street", place.street), ("City", place.city), ("State", place.state),
                ("Country", place.country), ("ZipCode", place.zipCode),
            ]
            let content = parts.compactMap { name, value in
                value.map { "<eid:\(name)>\(XMLText.escaped($0))</eid:\(name)>" }
            }.joined()
            return "<eid:StructuredPlace>\(content)</eid:StructuredPlace>"
        case .freetext(let text):
            return "<eid:FreetextPlace>\(XMLText.escaped(text))</eid:FreetextPlace>"
        case .noPlaceInfo(let text):
            return "<eid:NoPlaceInfo>\(XMLText.escaped(text))</eid:NoPlaceInfo>"
        }
    }
}
