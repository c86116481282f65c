public import Foundation
import PforteCore
public import PforteSAML
import PforteXML

/// Validates a Land's Response to our AuthnRequest (SAML profiles §4.1.4.3, §4.1.4.5) with the
/// rigour of design §7, each rule a small function below:
///
/// - exactly one assertion (plain or encrypted), a direct child of the Response; it is the only
///   element whose content is used;
/// - signatures verify only with that Land's metadata keys and must cover exactly the element
///   used: the assertion's own enveloped signature, or the Response's (which covers its one
///   assertion child); a signature that is present and fails is always fatal;
/// - issuers are the Land; `Destination`, `Recipient` are our ACS; our entityID is an
///   `Audience`; `InResponseTo` is the request this browser made; the time window holds;
/// - the level is read from `AuthnContextClassRef` (eIDAS URI or STORK-QAA label), the
///   attributes through the federation's table; unknown attributes are dropped.
///
/// The assertion ID's one-time use is checked by the caller against the store.
public struct ResponseValidator: Sendable {
    let serviceProvider: FederationServiceProvider
    let policy: ResponsePolicy

    public init(serviceProvider: FederationServiceProvider, policy: ResponsePolicy) {
        self.serviceProvider = serviceProvider
        self.policy = policy
    }

    public func validate(
        _ message: ReceivedMessage, land: Land, expected: ExpectedResponse, now: Date
    ) throws(FederationError) -> ValidatedAssertion {
        let document = message.document
        let root = document.root
        guard root.isNamed(SAMLNamespace.protocol, "Response") else { throw FederationError(.malformed, "not a Response: \(root.name)") }
        guard land.entityID == expected.landEntityID else { throw FederationError(.wrongIssuer, "answer for another Land") }
        try checkHeader(root, land: land, expected: expected, now: now)
        try checkStatus(root)

        let assertionName = XMLName(namespace: SAMLNamespace.assertion, localName: "Assertion")
        let encryptedName = XMLName(namespace: SAMLNamespace.assertion, localName: "EncryptedAssertion")
        let plain = root.children(named: assertionName)
        let encrypted = root.children(named: encryptedName)
        guard plain.count + encrypted.count == 1 else {
            throw FederationError(.assertionCount, "\(plain.count) assertions, \(encrypted.count) encrypted")
        }
        // The Response's signature is checked before decryption changes the tree it covers.
        let responseSigned = try verifyIfSigned(root, in: document, land: land)
        var assertion: XMLElement
        if let container = encrypted.first {
            let data = container.children(named: XMLName(namespace: "http://www.w3.org/2001/04/xmlenc#", localName: "EncryptedData"))
            guard data.count == 1, let encryptedData = data.first else {
                throw FederationError(.malformed, "EncryptedAssertion without one EncryptedData")
            }
            do {
                assertion = try document.decrypt(encryptedData: encryptedData, with: serviceProvider.xmlKey)
            } catch {
                throw FederationError(.decryptionFailed, error.description)
            }
            guard assertion.name == assertionName, assertion.parent == container else {
                throw FederationError(.malformed, "EncryptedAssertion does not hold an Assertion")
            }
        } else {
            assertion = plain[0]
        }
        let assertionSigned = try verifyIfSigned(assertion, in: document, land: land)
        guard assertionSigned || responseSigned else {
            throw FederationError(.signatureMissing, "neither the assertion nor the Response is signed")
        }
        return try AssertionReader(
            assertion: assertion, land: land, serviceProvider: serviceProvider, expected: expected, policy: policy, now: now
        ).read()
    }

    /// Protocol §3.2.2: ID, Version, IssueInstant in the window, Destination our ACS (bindings
    /// §3.5.5.2), InResponseTo our request, Issuer (if present) the Land.
    private func checkHeader(_ root: XMLElement, land: Land, expected: ExpectedResponse, now: Date) throws(FederationError) {
        guard root.attribute("Version") == "2.0", let id = root.attribute("ID"), !id.isEmpty else {
            throw FederationError(.malformed, "Version or ID")
        }
        guard let instant = root.attribute("IssueInstant").flatMap(SAMLTime.parse) else {
            throw FederationError(.malformed, "IssueInstant")
        }
        let age = now.timeIntervalSince(instant)
        guard age <= policy.maximumAge + policy.clockSkew, age >= -policy.clockSkew else {
            throw FederationError(.expired, "Response IssueInstant \(Int(age)) s old")
        }
        guard root.attribute("Destination") == serviceProvider.assertionConsumerServiceURL else {
            throw FederationError(.wrongDestination, root.attribute("Destination") ?? "no Destination")
        }
        guard root.attribute("InResponseTo") == expected.requestID else {
            throw FederationError(.wrongInResponseTo, root.attribute("InResponseTo") ?? "none")
        }
        if let issuer = try Self.issuer(of: root), issuer != land.entityID {
            throw FederationError(.wrongIssuer, issuer)
        }
    }

    private func checkStatus(_ root: XMLElement) throws(FederationError) {
        let status = (try? root.onlyChild(SAMLNamespace.protocol, "Status")) ?? nil
        let codeName = XMLName(namespace: SAMLNamespace.protocol, localName: "StatusCode")
        guard let top = status?.firstChild(named: codeName), let value = top.attribute("Value") else {
            throw FederationError(.malformed, "no StatusCode")
        }
        guard value == SAMLStatus.success.code else {
            let sub = top.firstChild(named: codeName)?.attribute("Value")
            throw FederationError(.status, sub ?? value)
        }
    }

    /// Verifies `element`'s enveloped signature, if it has one, with the Land's keys only.
    private func verifyIfSigned(_ element: XMLElement, in document: XMLDocument, land: Land) throws(FederationError) -> Bool {
        guard !element.children(named: XMLName(namespace: SAMLNamespace.signature, localName: "Signature")).isEmpty else { return false }
        do {
            try document.verifySignature(of: element, trusting: land.signingCertificates.map(\.xmlKey))
        } catch {
            throw FederationError(.signatureInvalid, "\(element.name.localName): \(error)")
        }
        return true
    }

    static func issuer(of element: XMLElement) throws(FederationError) -> String? {
        do {
            return try element.onlyChild(SAMLNamespace.assertion, "Issuer")?.trimmedText
        } catch {
            throw FederationError(.malformed, "more than one Issuer")
        }
    }
}
