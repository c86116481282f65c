package import PforteXML

/// `getResultRequest` (TR-03130 Part 1 §3.5.2): the session and a `RequestCounter` that must
/// grow with every call for the session, so a recorded request cannot be replayed.
package struct GetResultRequest: Sendable, Hashable {
    package let sessionID: String
    package let requestCounter: Int

    package init(sessionID: String, requestCounter: Int) {
        self.sessionID = sessionID
        self.requestCounter = requestCounter
    }

    package var xml: String {
        """
        <eid:getResultRequest xmlns:eid="\(EIDNamespace.eid)"><eid:Session><eid:ID>\(XMLText.escaped(sessionID))</eid:ID>\
        </eid:Session><eid:RequestCounter>\(requestCounter)</eid:RequestCounter></eid:getResultRequest>
        """
    }

    package init(parsing element: XMLElement) throws(EIDError) {
        try element.require(EIDOperation.getResult.requestElement)
        sessionID = try element.requiredChild("Session").requiredText("ID")
        guard let counter = Int(try element.requiredText("RequestCounter")) else {
            throw EIDError(.schemaViolation, debugReason: "RequestCounter is not an integer")
        }
        requestCounter = counter
    }
}

/// `getResultResponse`: personal data (when the session succeeded) and `dss:Result`.
package enum GetResultResponse {
    package static func xml(_ data: EIDPersonalData?, result: EIDResult) -> String {
        "<eid:getResultResponse xmlns:eid=\"\(EIDNamespace.eid)\">\(data?.xml ?? "")\(result.xml)</eid:getResultResponse>"
    }

    /// The data of a successful response; the error the server reported otherwise.
    static func parse(_ element: XMLElement) throws(EIDError) -> EIDPersonalData {
        try element.require(EIDOperation.getResult.responseElement)
        try EIDResult(in: element).check()
        return try EIDPersonalData(parsing: element)
    }
}

/// `getServerInfoRequest` has no content; `getServerInfoResponse` the version and the rights.
extension EIDServerInfo {
    package static let requestXML = "<eid:getServerInfoRequest xmlns:eid=\"\(EIDNamespace.eid)\"/>"

    package var xml: String {
        let parts = version.split(separator: ".").map(String.init) + ["0", "0", "0"]
        let rights = EIDAttribute.allCases.map { attribute in
            let value = documentVerificationRights[attribute] ?? .prohibited
            return "<eid:\(attribute.rawValue)>\(value.rawValue)</eid:\(attribute.rawValue)>"
        }.joined()
        return """
        <eid:getServerInfoResponse xmlns:eid="\(EIDNamespace.eid)"><eid:ServerVersion>\
        <eid:VersionString>\(XMLText.escaped(version))</eid:VersionString><eid:Major>\(XMLText.escaped(parts[0]))</eid:Major>\
        <eid:Minor>\(XMLText.escaped(parts[1]))</eid:Minor><eid:Bugfix>\(XMLText.escaped(parts[2]))</eid:Bugfix>\
        </eid:ServerVersion><eid:DocumentVerificationRights>\(rights)</eid:DocumentVerificationRights></eid:getServerInfoResponse>
        """
    }

    init(parsing element: XMLElement) throws(EIDError) {
        try element.require(EIDOperation.getServerInfo.responseElement)
        if try element.optionalChild("Result", in: EIDNamespace.dss) != nil {
            try EIDResult(in: element).check()
        }
        let version = try element.requiredChild("ServerVersion").requiredText("VersionString")
        let rights: [EIDAttribute: EIDAttributeSelection] =
            try element.optionalChild("DocumentVerificationRights")?.attributeValues() ?? [:]
        self.init(version: version, documentVerificationRights: rights)
    }
}
