/// Namespace URIs of the TR-03130 Part 1 web-service interface and what wraps it.
package enum EIDNamespace {
    /// SOAP 1.1 envelope.
    package static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    /// TR-03130 Part 1 messages (`eid:`).
    package static let eid = "http://bsi.bund.de/eID/"
    /// OASIS DSS core (`dss:Result`).
    package static let dss = "urn:oasis:names:tc:dss:1.0:core:schema"
    /// OASIS WS-Security 1.0 extension (`wsse:Security`, `SecurityTokenReference`).
    package static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    /// OASIS WS-Security utility (`wsu:Timestamp`, `wsu:Id`).
    package static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    /// XML-DSig.
    package static let ds = "http://www.w3.org/2000/09/xmldsig#"
}

/// The three operations and their SOAPAction values.
package enum EIDOperation: String, Sendable, CaseIterable {
    case useID
    case getResult
    case getServerInfo

    package var soapAction: String { EIDNamespace.eid + rawValue }
    package var requestElement: String { rawValue + "Request" }
    package var responseElement: String { rawValue + "Response" }
}
