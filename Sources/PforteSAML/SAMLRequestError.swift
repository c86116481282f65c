/// Why a message was refused without an answer to the sender: nothing in it can be trusted
/// enough to send anything back (design: "never a redirect to an unverified URL"). The web
/// layer shows an error page and logs the code and the debug reason.
public struct SAMLRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Not a SAML message of the expected kind, or missing parts SAML core requires.
        case malformed
        /// Larger than the message limit (before or after inflating).
        case tooLarge
        /// Carries a DOCTYPE (refused before any entity is read).
        case doctypeRefused
        /// The `Issuer` is no SP in the trusted metadata.
        case unknownIssuer
        /// The ACS URL or index is not one of the SP's HTTP-POST endpoints in its metadata.
        case unknownEndpoint
        /// The SP's settings require a signature (or it is a logout message) and there is none.
        case signatureMissing
        /// A signature is present but does not verify with a key of the SP's metadata, or does
        /// not cover exactly the message (wrapping), or uses another algorithm.
        case signatureInvalid
        /// `IssueInstant` outside the accepted window.
        case stale
        /// The request ID was seen before.
        case replayed
        /// `Destination` is not the endpoint the message arrived at.
        case wrongDestination
        /// `Version` is not 2.0.
        case unsupportedVersion
        /// A LogoutResponse answers no logout this IdP started.
        case unexpectedResponse
        /// An `EncryptedID` uses an algorithm this IdP refuses (RSA PKCS#1 v1.5 key transport
        /// above all; see `XMLDecryptionPolicy`).
        case encryptionRefused
        /// An `EncryptedID` could not be decrypted with this IdP's encryption key.
        case undecryptable
    }

    public let code: Code
    /// For logs only.
    public let debugReason: String

    public init(_ code: Code, _ debugReason: String = "") {
        self.code = code
        self.debugReason = debugReason
    }

    public var description: String {
        "SAMLRequestError.\(code.rawValue)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
