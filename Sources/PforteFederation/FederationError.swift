/// Why a Land's message, metadata or configuration was refused. Tests compare on ``code``; the
/// debug reason goes to the operator's log only, never to the browser.
public struct FederationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Not a SAML Response, or parts SAML core requires are missing or repeated.
        case malformed
        /// The Response or assertion comes from another entity than the Land asked.
        case wrongIssuer
        /// A signature is missing where one is required.
        case signatureMissing
        /// A signature does not verify with a key of that Land's metadata, or does not cover
        /// exactly the element used (signature wrapping).
        case signatureInvalid
        /// Not exactly one assertion (plain or encrypted) as a child of the Response.
        case assertionCount
        /// The EncryptedAssertion does not decrypt with our SP key.
        case decryptionFailed
        /// `Destination` or the bearer confirmation's `Recipient` is not our ACS.
        case wrongDestination
        /// Our SP is not in the assertion's `AudienceRestriction`.
        case wrongAudience
        /// `InResponseTo` does not name the request this browser made.
        case wrongInResponseTo
        /// Outside `NotBefore`/`NotOnOrAfter`, or an `IssueInstant` too old or in the future.
        case expired
        /// The assertion ID was used before.
        case replayed
        /// The Land answered with a status other than Success (see ``FederationFailure``).
        case status
        /// The asserted level is not one of the level table's identifiers.
        case unknownLevel
        /// Neither a persistent NameID nor a pseudonym attribute identifies the user.
        case noStableSubject
        /// Metadata or settings of a Land refused.
        case metadata
    }

    public let code: Code
    /// For logs only.
    public let debugReason: String

    public init(_ code: Code, _ debugReason: String = "") {
        self.code = code
        self.debugReason = debugReason
    }

    public var description: String {
        "FederationError.\(code.rawValue)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
