public import Foundation
public import PforteSAML
import PforteXML

/// A Land's LogoutRequest to our SP role (SAML core §3.7.1, profiles §4.4.4.1): the Land ends
/// the session of one of its citizens, and with it the federated session at Pforte.
public struct ValidatedLandLogoutRequest: Sendable, Equatable {
    public let id: String
    public let landEntityID: String
    public let nameID: String
    public let sessionIndexes: [String]
    public let relayState: String?
}

public enum LandLogoutRequest {
    /// Checks a LogoutRequest by either binding: from a Land of our metadata, signed with a key
    /// of **that Land's** metadata (never another Land's, never `KeyInfo`), fresh, addressed to
    /// `endpoint` (our `/federation/slo`), naming a `NameID` (we ask Länder for persistent
    /// NameIDs, never encrypted ones).
    public static func validate(
        _ message: ReceivedMessage, lands: (String) -> Land?, endpoint: String, policy: MessagePolicy, now: Date
    ) throws(FederationError) -> ValidatedLandLogoutRequest {
        let root = message.root
        guard root.isNamed(SAMLNamespace.protocol, "LogoutRequest") else {
            throw FederationError(.malformed, "not a LogoutRequest: \(root.name)")
        }
        let header: MessageHeader
        do { header = try MessageHeader(root) } catch { throw refusal(error) }
        guard let land = lands(header.issuer) else { throw FederationError(.wrongIssuer, header.issuer) }
        let signed: Bool
        do { signed = try message.verifySignature(trusting: land.signingCertificates) } catch { throw refusal(error) }
        guard signed else { throw FederationError(.signatureMissing, "logout requests must be signed") }
        do { try header.check(now: now, policy: policy, endpoint: endpoint, signed: true) } catch { throw refusal(error) }
        if let end = root.attribute("NotOnOrAfter") {
            guard let date = SAMLTime.parse(end), date > now.addingTimeInterval(-policy.clockSkew) else {
                throw FederationError(.expired, "NotOnOrAfter \(end)")
            }
        }
        let nameID: XMLElement?
        do { nameID = try root.onlyChild(SAMLNamespace.assertion, "NameID") } catch { throw refusal(error) }
        guard let nameID else { throw FederationError(.malformed, "no NameID") }
        let indexes = root.children(named: XMLName(namespace: SAMLNamespace.protocol, localName: "SessionIndex"))
        return ValidatedLandLogoutRequest(
            id: header.id, landEntityID: land.entityID, nameID: nameID.trimmedText,
            sessionIndexes: indexes.map(\.trimmedText), relayState: message.relayState
        )
    }

    private static func refusal(_ error: SAMLRequestError) -> FederationError {
        switch error.code {
        case .stale: FederationError(.expired, error.debugReason)
        case .wrongDestination: FederationError(.wrongDestination, error.debugReason)
        case .signatureInvalid: FederationError(.signatureInvalid, error.debugReason)
        default: FederationError(.malformed, error.description)
        }
    }
}

extension FederationServiceProvider {
    /// Our LogoutResponse to a Land's LogoutRequest (SAML core §3.7.2), `Success` (the session
    /// has ended here), by HTTP-Redirect signed over the query string to the Land's SLO
    /// endpoint; `nil` when its metadata has none.
    public func logoutResponse(to land: Land, answering request: ValidatedLandLogoutRequest, now: Date) throws -> String? {
        guard let location = land.singleLogoutURL else { return nil }
        let xml = """
        <samlp:LogoutResponse xmlns:samlp="\(SAMLNamespace.protocol)" xmlns:saml="\(SAMLNamespace.assertion)"\
         ID="\(SAMLIdentifier.make())" Version="2.0" IssueInstant="\(SAMLTime.format(now))"\
        \(XMLText.attribute("Destination", location))\(XMLText.attribute("InResponseTo", request.id))>\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\
        <samlp:Status><samlp:StatusCode Value="\(SAMLStatus.success.code)"/></samlp:Status></samlp:LogoutResponse>
        """
        let document = try XMLDocument(parsing: xml)
        return try RedirectBinding.encode(document.serialized(), as: .response, to: location, relayState: request.relayState, key: redirectKey)
    }
}
