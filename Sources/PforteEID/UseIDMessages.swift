import Foundation
package import PforteXML

/// `useIDRequest` (TR-03130 Part 1 §3.5.1): the attributes with their selection, the level of
/// assurance asked for, and our PSK.
extension EIDAttributeRequest {
    package var xml: String {
        let operations = EIDAttribute.allCases
            .map { "<eid:\($0.rawValue)>\(selection(of: $0).rawValue)</eid:\($0.rawValue)>" }
            .joined()
        return """
        <eid:useIDRequest xmlns:eid="\(EIDNamespace.eid)"><eid:UseOperations>\(operations)</eid:UseOperations>\
        <eid:LevelOfAssuranceRequest>\(XMLText.escaped(levelOfAssurance))</eid:LevelOfAssuranceRequest>\
        \(psk.xml)\
        </eid:useIDRequest>
        """
    }

    /// Reads a `useIDRequest` (the server's side).
    package init(parsing element: XMLElement) throws(EIDError) {
        try element.require(EIDOperation.useID.requestElement)
        let selections: [EIDAttribute: EIDAttributeSelection]
        do throws(EIDError) {
            selections = try element.requiredChild("UseOperations").attributeValues()
        } catch {
            throw EIDError(.schemaViolation, debugReason: error.debugReason)
        }
        let psk = try element.optionalChild("PSK").map(EIDPreSharedKey.init(parsing:))
        guard let psk else { throw EIDError(.missingArgument, debugReason: "no PSK") }
        self.init(
            required: Set(selections.filter { $0.value == .required }.keys),
            allowed: Set(selections.filter { $0.value == .allowed }.keys),
            levelOfAssurance: try element.optionalText("LevelOfAssuranceRequest") ?? EIDLevelOfAssurance.hoch, psk: psk
        )
    }
}

/// `useIDResponse`: the session, where the eID-Client is to connect, the PSK, the result.
extension EIDSessionStart {
    package func xml(result: EIDResult) -> String {
        let address = eCardServerAddress.map {
            "<eid:eCardServerAddress>\(XMLText.escaped($0.absoluteString))</eid:eCardServerAddress>"
        } ?? ""
        return """
        <eid:useIDResponse xmlns:eid="\(EIDNamespace.eid)"><eid:Session><eid:ID>\(XMLText.escaped(sessionID))</eid:ID></eid:Session>\
        \(address)\(psk.xml)\
        \(result.xml)</eid:useIDResponse>
        """
    }

    /// Reads a `useIDResponse`; the PSK is the server's if it sent one, else the one we sent.
    init(parsing element: XMLElement, sentPSK: EIDPreSharedKey) throws(EIDError) {
        try element.require(EIDOperation.useID.responseElement)
        try EIDResult(in: element).check()
        let session = try element.requiredChild("Session").requiredText("ID")
        guard session.count >= 32, session.allSatisfy(\.isHexDigit) else {
            throw EIDError(.malformedResponse, debugReason: "Session/ID is not hex of 16 bytes or more")
        }
        let address = try element.optionalText("eCardServerAddress")
        let eCardServerAddress = try address.map { text throws(EIDError) in
            guard let url = URL(string: text), url.scheme == "https" else {
                throw EIDError(.malformedResponse, debugReason: "eCardServerAddress \(text)")
            }
            return url
        }
        let psk = try element.optionalChild("PSK").map(EIDPreSharedKey.init(parsing:))
        self.init(sessionID: session, psk: psk ?? sentPSK, eCardServerAddress: eCardServerAddress)
    }
}

/// `PreSharedKeyType`, in requests and responses alike.
extension EIDPreSharedKey {
    var xml: String {
        "<eid:PSK><eid:ID>\(XMLText.escaped(id))</eid:ID><eid:Key>\(XMLText.escaped(key))</eid:Key></eid:PSK>"
    }

    init(parsing element: XMLElement) throws(EIDError) {
        self.init(id: try element.requiredText("ID"), key: try element.requiredText("Key"))
    }
}
