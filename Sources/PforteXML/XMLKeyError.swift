/// A key or certificate could not be loaded.
public struct XMLKeyError: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// Not a PEM private key xmlsec can read (encrypted PEM is not supported).
        case invalidPrivateKey
        /// Not a PEM X.509 certificate xmlsec can read.
        case invalidCertificate
        /// Not an RSA key: RSA-SHA256 and RSA-OAEP are the only algorithms used (design §7).
        case unsupportedKeyType
        /// An RSA key shorter than 2048 bits (NIST SP 800-131A rev. 2 disallows them).
        case keyTooShort
        /// The certificate does not carry the private key's public key.
        case certificateMismatch
    }

    public let code: Code
    /// xmlsec's reason, for logs only.
    public let debugReason: String

    init(_ code: Code, debugReason: String = XMLSecLibrary.lastErrorReason) {
        self.code = code
        self.debugReason = debugReason
    }

    public var description: String {
        "XMLKeyError.\(code)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
