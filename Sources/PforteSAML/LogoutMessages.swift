public import Foundation
import PforteXML

/// A LogoutRequest from an SP that passed every check (SAML core §3.7.1; profiles §4.4.4.1):
/// known issuer, signed with a key of its metadata, fresh, addressed to us.
public struct ValidatedLogoutRequest: Sendable, Codable, Equatable {
    public let id: String
    public let serviceProvider: String
    public let nameID: String
    public let sessionIndexes: [String]
    public let relayState: String?
    /// The binding it came by: the response goes back the same way if the SP has an endpoint
    /// for it.
    public let binding: SAMLBinding
    /// `aslo:Asynchronous`: the SP wants no LogoutResponse (it has already ended its session).
    public let asynchronous: Bool
}

extension ValidatedLogoutRequest {
    private enum CodingKeys: String, CodingKey {
        case id, serviceProvider, nameID, sessionIndexes, relayState, binding, asynchronous
    }

    /// Rounds stored before `asynchronous` existed decode as synchronous.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            serviceProvider: try container.decode(String.self, forKey: .serviceProvider),
            nameID: try container.decode(String.self, forKey: .nameID),
            sessionIndexes: try container.decode([String].self, forKey: .sessionIndexes),
            relayState: try container.decodeIfPresent(String.self, forKey: .relayState),
            binding: try container.decode(SAMLBinding.self, forKey: .binding),
            asynchronous: try container.decodeIfPresent(Bool.self, forKey: .asynchronous) ?? false
        )
    }
}

/// A LogoutResponse from an SP to a LogoutRequest this IdP sent.
public struct ValidatedLogoutResponse: Sendable, Equatable {
    public let inResponseTo: String
    public let serviceProvider: String
    public let status: SAMLStatus
    public let relayState: String?
}

/// Reads and checks single-logout messages.
public struct LogoutValidator: Sendable {
    let identityProvider: IdentityProvider
    let policy: MessagePolicy

    public init(identityProvider: IdentityProvider, policy: MessagePolicy) {
        self.identityProvider = identityProvider
        self.policy = policy
    }

    /// Logout messages are always signature-checked and must be signed: an unsigned one would
    /// let any web page log users out or fake an SP's confirmation.
    private func header(of message: ReceivedMessage, serviceProviders: (String) -> ServiceProvider?, now: Date)
        throws(SAMLRequestError) -> (MessageHeader, ServiceProvider) {
        let header = try MessageHeader(message.root)
        guard let provider = serviceProviders(header.issuer) else { throw SAMLRequestError(.unknownIssuer, header.issuer) }
        guard try message.verifySignature(trusting: provider.signingCertificates) else {
            throw SAMLRequestError(.signatureMissing, "logout messages must be signed")
        }
        try header.check(now: now, policy: policy, endpoint: identityProvider.singleLogoutURL, signed: true)
        return (header, provider)
    }

    public func validateRequest(
        _ message: ReceivedMessage, serviceProviders: (String) -> ServiceProvider?, now: Date
    ) throws(SAMLRequestError) -> ValidatedLogoutRequest {
        guard message.root.isNamed(SAMLNamespace.protocol, "LogoutRequest") else {
            throw SAMLRequestError(.malformed, "not a LogoutRequest: \(message.root.name)")
        }
        let (header, provider) = try header(of: message, serviceProviders: serviceProviders, now: now)
        if let end = message.root.attribute("NotOnOrAfter") {
            guard let date = SAMLTime.parse(end), date > now.addingTimeInterval(-policy.clockSkew) else {
                throw SAMLRequestError(.stale, "NotOnOrAfter \(end)")
            }
        }
        let nameID = try principal(of: message)
        let indexes = message.root.children(named: XMLName(namespace: SAMLNamespace.protocol, localName: "SessionIndex"))
        return ValidatedLogoutRequest(
            id: header.id, serviceProvider: provider.entityID, nameID: nameID,
            sessionIndexes: indexes.map(\.trimmedText), relayState: message.relayState, binding: message.binding,
            asynchronous: try isAsynchronous(message.root)
        )
    }

    public func validateResponse(
        _ message: ReceivedMessage, serviceProviders: (String) -> ServiceProvider?, now: Date
    ) throws(SAMLRequestError) -> ValidatedLogoutResponse {
        guard message.root.isNamed(SAMLNamespace.protocol, "LogoutResponse") else {
            throw SAMLRequestError(.malformed, "not a LogoutResponse: \(message.root.name)")
        }
        let (_, provider) = try header(of: message, serviceProviders: serviceProviders, now: now)
        guard let inResponseTo = message.root.attribute("InResponseTo") else {
            throw SAMLRequestError(.unexpectedResponse, "no InResponseTo")
        }
        guard let status = try message.root.onlyChild(SAMLNamespace.protocol, "Status"),
              let code = try status.onlyChild(SAMLNamespace.protocol, "StatusCode"),
              let value = code.attribute("Value")
        else { throw SAMLRequestError(.malformed, "no StatusCode") }
        let subcode = try code.onlyChild(SAMLNamespace.protocol, "StatusCode")?.attribute("Value")
        return ValidatedLogoutResponse(
            inResponseTo: inResponseTo, serviceProvider: provider.entityID,
            status: SAMLStatus(code: value, subcode: subcode), relayState: message.relayState
        )
    }
}

extension IdentityProvider {
    /// A LogoutRequest to a session participant (IdP-initiated or propagated logout).
    ///
    /// - Returns: the message and its ID, which the participant's LogoutResponse must name.
    public func logoutRequest(
        to provider: ServiceProvider, nameID: String, nameIDFormat: NameIDFormat, sessionIndex: String,
        relayState: String?, now: Date
    ) throws -> (message: OutgoingMessage, id: String)? {
        guard let endpoint = provider.singleLogoutService(preferring: .redirect) else { return nil }
        let id = SAMLIdentifier.make()
        let xml = """
        <samlp:LogoutRequest xmlns:samlp="\(SAMLNamespace.protocol)" xmlns:saml="\(SAMLNamespace.assertion)"\
         ID="\(id)" Version="2.0" IssueInstant="\(SAMLTime.format(now))"\(XMLText.attribute("Destination", endpoint.location))\
         Reason="\(SAMLURI.logoutReasonUser)" NotOnOrAfter="\(SAMLTime.format(now.addingTimeInterval(300)))">\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\
        <saml:NameID Format="\(nameIDFormat.rawValue)"\(XMLText.attribute("NameQualifier", entityID))\
        \(XMLText.attribute("SPNameQualifier", provider.entityID))>\(XMLText.escaped(nameID))</saml:NameID>\
        <samlp:SessionIndex>\(XMLText.escaped(sessionIndex))</samlp:SessionIndex></samlp:LogoutRequest>
        """
        let message = try send(xml, as: .request, to: endpoint, location: endpoint.location, relayState: relayState)
        return (message, id)
    }

    /// The LogoutResponse to `request`, by the binding it came with when the SP has an endpoint
    /// for it; `nil` when the SP's metadata has no SLO endpoint or the request was asynchronous.
    public func logoutResponse(
        to request: ValidatedLogoutRequest, for provider: ServiceProvider, status: SAMLStatus, now: Date
    ) throws -> OutgoingMessage? {
        guard !request.asynchronous, let endpoint = provider.singleLogoutService(preferring: request.binding) else { return nil }
        let location = endpoint.responseLocation ?? endpoint.location
        let xml = """
        <samlp:LogoutResponse xmlns:samlp="\(SAMLNamespace.protocol)" xmlns:saml="\(SAMLNamespace.assertion)"\
         ID="\(SAMLIdentifier.make())" Version="2.0" IssueInstant="\(SAMLTime.format(now))"\
        \(XMLText.attribute("Destination", location))\(XMLText.attribute("InResponseTo", request.id))>\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\(statusXML(status))</samlp:LogoutResponse>
        """
        return try send(xml, as: .response, to: endpoint, location: location, relayState: request.relayState)
    }
}
