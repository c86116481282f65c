/// A failure while configuring or computing a password hash.
///
/// Verification never throws (a bad stored hash is simply `.invalid`), so this error only
/// reaches callers that configure parameters or create a new hash.
public struct PasswordHashingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Argon2 parameters outside the bounds in ``Argon2Parameters``.
        case invalidParameters
        /// libargon2 reported an error (for example, memory allocation failed).
        case hashingFailed
    }

    public let code: Code
    public let reason: String

    init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
