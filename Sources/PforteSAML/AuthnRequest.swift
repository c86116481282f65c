public import Foundation
import PforteCore
import PforteXML

/// An AuthnRequest that passed every check that decides whether it may be answered at all: a
/// known issuer, a valid (or not required) signature, fresh, addressed to us, and an ACS from
/// the SP's metadata. What is left are requirements the session may not meet; those are
/// answered with a SAML status at ``assertionConsumerService``.
///
/// `Codable`: kept in the store while the user logs in or consents.
public struct ValidatedAuthnRequest: Sendable, Codable, Equatable {
    public let id: String
    public let serviceProvider: String
    /// The verified HTTP-POST ACS URL from the SP's metadata.
    public let assertionConsumerService: String
    public let relayState: String?
    public let forceAuthn: Bool
    public let isPassive: Bool
    public let nameIDFormat: NameIDFormat
    public let authnContext: AuthnContextRequirement?
    /// Until when the request ID is remembered against replay.
    public let replayWindowEnd: Date
    /// Set when the request asks for something this IdP never does; answered with this status
    /// whatever the session.
    public let refusal: SAMLStatus?
}

/// Reads and checks AuthnRequests (SAML core §3.4.1; profiles §4.1.4.1).
public struct AuthnRequestValidator: Sendable {
    let identityProvider: IdentityProvider
    let policy: MessagePolicy

    public init(identityProvider: IdentityProvider, policy: MessagePolicy) {
        self.identityProvider = identityProvider
        self.policy = policy
    }

    /// - Parameter serviceProviders: the trusted SPs by entityID.
    /// - Throws: ``SAMLRequestError`` for a request that must not be answered (error page).
    public func validate(
        _ message: ReceivedMessage, serviceProviders: (String) -> ServiceProvider?, now: Date
    ) throws(SAMLRequestError) -> ValidatedAuthnRequest {
        let root = message.root
        guard root.isNamed(SAMLNamespace.protocol, "AuthnRequest") else {
            throw SAMLRequestError(.malformed, "not an AuthnRequest: \(root.name)")
        }
        let header = try MessageHeader(root)
        guard let provider = serviceProviders(header.issuer) else { throw SAMLRequestError(.unknownIssuer, header.issuer) }
        let signed = try message.verifySignature(trusting: provider.signingCertificates)
        guard signed || !provider.requiresSignedRequests else {
            throw SAMLRequestError(.signatureMissing, "\(header.issuer) must sign its AuthnRequests")
        }
        try header.check(now: now, policy: policy, endpoint: identityProvider.singleSignOnURL, signed: signed)

        if let binding = root.attribute("ProtocolBinding"), binding != SAMLBinding.post.rawValue {
            throw SAMLRequestError(.unknownEndpoint, "ProtocolBinding \(binding)")
        }
        let url = root.attribute("AssertionConsumerServiceURL")
        let index = try root.attribute("AssertionConsumerServiceIndex").map { (text: String) throws(SAMLRequestError) -> Int in
            guard let value = Int(text) else { throw SAMLRequestError(.malformed, "AssertionConsumerServiceIndex \(text)") }
            return value
        }
        // §3.4.1: URL and index are mutually exclusive.
        guard url == nil || index == nil else { throw SAMLRequestError(.malformed, "both ACS URL and index") }
        guard let consumer = provider.assertionConsumerService(url: url, index: index) else {
            throw SAMLRequestError(.unknownEndpoint, url ?? index.map { "index \($0)" } ?? "no default")
        }

        var refusal: SAMLStatus?
        var format = provider.settings.nameIDFormat
        if let policyElement = try root.onlyChild(SAMLNamespace.protocol, "NameIDPolicy"),
           let requested = policyElement.attribute("Format"), requested != NameIDFormat.unspecified {
            if let known = NameIDFormat(rawValue: requested) { format = known } else { refusal = .invalidNameIDPolicy }
        }
        let authnContext = try Self.requirement(in: root)
        if let authnContext, authnContext.requested.isEmpty { refusal = refusal ?? .noAuthnContext }

        return ValidatedAuthnRequest(
            id: header.id, serviceProvider: provider.entityID, assertionConsumerService: consumer.location,
            relayState: message.relayState, forceAuthn: Self.flag(root.attribute("ForceAuthn")),
            isPassive: Self.flag(root.attribute("IsPassive")), nameIDFormat: format, authnContext: authnContext,
            replayWindowEnd: policy.replayWindowEnd(of: header), refusal: refusal
        )
    }

    /// `RequestedAuthnContext` with its class references read as levels; references that name
    /// no level (and any `AuthnContextDeclRef`) are left out, so a request naming only such
    /// references ends in `NoAuthnContext`.
    static func requirement(in root: XMLElement) throws(SAMLRequestError) -> AuthnContextRequirement? {
        guard let element = try root.onlyChild(SAMLNamespace.protocol, "RequestedAuthnContext") else { return nil }
        let comparisonText = element.attribute("Comparison") ?? "exact"
        guard let comparison = AuthnContextRequirement.Comparison(rawValue: comparisonText) else {
            throw SAMLRequestError(.malformed, "Comparison \(comparisonText)")
        }
        let references = element.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: "AuthnContextClassRef"))
        let requested = references.compactMap { reference -> AuthnContextRequirement.RequestedLevel? in
            let identifier = reference.trimmedText
            return TrustLevel(identifier: identifier).map { .init(level: $0.rawValue, identifier: identifier) }
        }
        return AuthnContextRequirement(comparison: comparison, requested: requested)
    }

    /// `xs:boolean` (XML Schema 2 §3.2.2): `true`/`1`.
    static func flag(_ text: String?) -> Bool {
        text == "true" || text == "1"
    }
}
