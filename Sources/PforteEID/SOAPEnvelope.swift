package import Foundation
package import PforteXML

/// SOAP 1.1 envelopes signed with WS-Security as TR-03130 Part 1 requires in both directions:
/// a `wsse:Security` header with a `wsu:Timestamp` and one detached signature over the
/// Timestamp and the `Body` (exclusive C14N, RSA-SHA256, SHA-256), the signer's certificate
/// referenced by issuer and serial.
package enum SOAPEnvelope {
    /// How long a message is valid after it was made (`wsu:Expires`).
    static let lifetime: TimeInterval = 5 * 60
    /// Tolerated clock difference between the two sides.
    static let clockSkew: TimeInterval = 5 * 60

    /// `content` (the one element of the Body, serialised) in a signed envelope.
    package static func seal(_ content: String, keys: WSSecurityKeys, now: Date) throws(EIDError) -> Data {
        let xml = """
        <soapenv:Envelope xmlns:soapenv="\(EIDNamespace.soap)" xmlns:wsse="\(EIDNamespace.wsse)" xmlns:wsu="\(EIDNamespace.wsu)">\
        <soapenv:Header><wsse:Security soapenv:mustUnderstand="1">\
        <wsu:Timestamp wsu:Id="TS-\(UUID().uuidString)"><wsu:Created>\(SOAPTime.format(now))</wsu:Created>\
        <wsu:Expires>\(SOAPTime.format(now.addingTimeInterval(lifetime)))</wsu:Expires></wsu:Timestamp>\
        </wsse:Security></soapenv:Header>\
        <soapenv:Body wsu:Id="Body-\(UUID().uuidString)">\(content)</soapenv:Body></soapenv:Envelope>
        """
        do {
            let document = try XMLDocument(parsing: xml)
            let parts = try Parts(document)
            try document.signDetached(
                [parts.timestamp, parts.body], key: keys.signingKey, appendingTo: parts.security, keyInfo: keys.keyInfo
            )
            return document.serialized()
        } catch {
            throw EIDError(.internalError, debugReason: "cannot sign SOAP message: \(error)")
        }
    }

    /// Parses a received envelope, checks its signature and timestamp, and returns the one
    /// element of the Body — the element the signature was checked to cover.
    package static func open(_ data: Data, keys: WSSecurityKeys, now: Date) throws(EIDError) -> XMLElement {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: data)
        } catch {
            throw EIDError(.malformedResponse, debugReason: "\(error)")
        }
        let parts = try Parts(document)
        guard let signature = parts.signature else {
            throw EIDError(.unsignedResponse, debugReason: "no signature in the Security header")
        }
        do {
            try document.verifyDetachedSignature(signature, covering: [parts.timestamp, parts.body], trusting: [keys.peerKey])
        } catch {
            throw EIDError(.invalidSignature, debugReason: "\(error)")
        }
        try checkTimestamp(parts.timestamp, now: now)
        let content = parts.body.children
        guard content.count == 1, let element = content.first else {
            throw EIDError(.malformedResponse, debugReason: "Body has \(content.count) elements")
        }
        return element
    }

    /// WS-Security 1.1 §10: `Created` not in the future and `Expires` not passed (with skew).
    private static func checkTimestamp(_ timestamp: XMLElement, now: Date) throws(EIDError) {
        let created = timestamp.children(named: XMLName(namespace: EIDNamespace.wsu, localName: "Created"))
        let expires = timestamp.children(named: XMLName(namespace: EIDNamespace.wsu, localName: "Expires"))
        guard created.count == 1, expires.count == 1,
              let createdAt = SOAPTime.parse(created[0].textContent),
              let expiresAt = SOAPTime.parse(expires[0].textContent)
        else { throw EIDError(.expiredTimestamp, debugReason: "Timestamp needs one Created and one Expires") }
        guard createdAt <= now.addingTimeInterval(clockSkew), expiresAt > now.addingTimeInterval(-clockSkew) else {
            throw EIDError(.expiredTimestamp, debugReason: "valid \(createdAt)–\(expiresAt), now \(now)")
        }
    }

    /// The parts of an envelope, found by position: `Envelope` with `Header` then `Body`, one
    /// `wsse:Security` in the header holding one `wsu:Timestamp` and at most one signature.
    private struct Parts {
        let security: XMLElement
        let timestamp: XMLElement
        let signature: XMLElement?
        let body: XMLElement

        init(_ document: XMLDocument) throws(EIDError) {
            let root = document.root
            let children = root.children
            guard root.name == XMLName(namespace: EIDNamespace.soap, localName: "Envelope"),
                  children.count == 2,
                  children[0].name == XMLName(namespace: EIDNamespace.soap, localName: "Header"),
                  children[1].name == XMLName(namespace: EIDNamespace.soap, localName: "Body")
            else { throw EIDError(.malformedResponse, debugReason: "not a SOAP 1.1 envelope with Header and Body") }
            let securityHeaders = children[0].children(named: XMLName(namespace: EIDNamespace.wsse, localName: "Security"))
            guard securityHeaders.count <= 1 else {
                throw EIDError(.malformedResponse, debugReason: "more than one Security header")
            }
            guard let security = securityHeaders.first else {
                throw EIDError(.unsignedResponse, debugReason: "no Security header")
            }
            let timestamps = security.children(named: XMLName(namespace: EIDNamespace.wsu, localName: "Timestamp"))
            let signatures = security.children(named: XMLName(namespace: EIDNamespace.ds, localName: "Signature"))
            guard timestamps.count <= 1, signatures.count <= 1 else {
                throw EIDError(.malformedResponse, debugReason: "more than one Timestamp or Signature")
            }
            guard let timestamp = timestamps.first else {
                throw EIDError(.unsignedResponse, debugReason: "no Timestamp")
            }
            self.security = security
            self.timestamp = timestamp
            signature = signatures.first
            body = children[1]
        }
    }
}
