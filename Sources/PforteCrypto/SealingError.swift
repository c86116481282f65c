/// A failure while sealing, opening, wrapping or unwrapping personal data (design §6).
public struct SealingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The key or secret is wrong, or the blob, its context or its header was altered.
        /// AES-GCM cannot tell these apart, and callers must not try to: a wrong password and
        /// a tampered row get the same answer.
        case wrongKeyOrTampered
        /// The blob starts with a format version this build does not know.
        case unsupportedVersion
        /// Not a well-formed blob or stored form: truncated, wrong length, bad Base64url,
        /// Argon2 parameters outside ``Argon2Parameters``' bounds, or an authentic plaintext
        /// that is not a 256-bit key where a data key was expected.
        case malformed
        /// libargon2 or AES-GCM reported an error (for example, memory allocation failed).
        /// No fault of the input; retrying later may succeed.
        case primitiveFailed
    }

    public let code: Code
    /// Says what is wrong, never with key material or plaintext in it.
    public let reason: String

    init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
