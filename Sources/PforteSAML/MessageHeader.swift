public import Foundation
public import PforteXML

/// The attributes and the `Issuer` every SAML request and response carries (SAML core §3.2.1,
/// §3.2.2), read from the root of a received message.
public struct MessageHeader: Sendable, Equatable {
    public let id: String
    public let issuer: String
    public let issueInstant: Date
    public let destination: String?

    public init(_ root: XMLElement) throws(SAMLRequestError) {
        guard root.attribute("Version") == "2.0" else {
            throw SAMLRequestError(.unsupportedVersion, root.attribute("Version") ?? "no Version")
        }
        guard let id = root.attribute("ID"), !id.isEmpty else { throw SAMLRequestError(.malformed, "no ID") }
        guard let instant = root.attribute("IssueInstant").flatMap(SAMLTime.parse) else {
            throw SAMLRequestError(.malformed, "no valid IssueInstant")
        }
        guard let issuerElement = try root.onlyChild(SAMLNamespace.assertion, "Issuer") else {
            throw SAMLRequestError(.malformed, "no Issuer")
        }
        // §8.3.6: an Issuer of a request or response is an entity identifier.
        if let format = issuerElement.attribute("Format"), format != "urn:oasis:names:tc:SAML:2.0:nameid-format:entity" {
            throw SAMLRequestError(.malformed, "Issuer Format \(format)")
        }
        let issuer = issuerElement.trimmedText
        guard !issuer.isEmpty else { throw SAMLRequestError(.malformed, "empty Issuer") }
        self.id = id
        self.issuer = issuer
        self.issueInstant = instant
        self.destination = root.attribute("Destination")
    }

    /// Checks `IssueInstant` against the window and `Destination` against where the message
    /// arrived: required of a signed message (SAML bindings §3.4.5.2, §3.5.5.2), so that a
    /// message signed for another recipient cannot be replayed here; checked whenever present.
    public func check(now: Date, policy: MessagePolicy, endpoint: String, signed: Bool) throws(SAMLRequestError) {
        let age = now.timeIntervalSince(issueInstant)
        guard age <= policy.maximumAge + policy.clockSkew, age >= -policy.clockSkew else {
            throw SAMLRequestError(.stale, "IssueInstant \(SAMLTime.format(issueInstant)) is \(Int(age)) s old")
        }
        if destination.map({ $0 != endpoint }) ?? signed {
            throw SAMLRequestError(.wrongDestination, destination ?? "a signed message without Destination")
        }
    }
}

/// Time limits for received messages and issued assertions (settings `saml.*`).
public struct MessagePolicy: Sendable {
    /// How old a request may be when it arrives.
    public let maximumAge: TimeInterval
    /// Tolerated difference between the SP's clock and ours, either way.
    public let clockSkew: TimeInterval
    /// How long an assertion and its bearer confirmation are valid.
    public let assertionLifetime: TimeInterval
    /// The largest message accepted (after base64 and inflating).
    public let maximumMessageBytes: Int

    public init(maximumAge: TimeInterval, clockSkew: TimeInterval, assertionLifetime: TimeInterval,
                maximumMessageBytes: Int = 64 * 1024) {
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
        self.assertionLifetime = assertionLifetime
        self.maximumMessageBytes = maximumMessageBytes
    }

    /// Until when a request ID must be remembered: past that its IssueInstant is stale anyway,
    /// so a replay is refused by the time check.
    func replayWindowEnd(of header: MessageHeader) -> Date {
        header.issueInstant.addingTimeInterval(maximumAge + 2 * clockSkew)
    }
}
