/// Failures of the stores of accounts and of what belongs to an account (mail tokens,
/// sessions) that callers act on — in place of the driver's constraint errors, which differ
/// between SQLite and PostgreSQL and may quote the offending value (a login name) into logs.
public struct AccountStoreError: Error, Equatable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        /// Another account, pending or active, already has this login name.
        case loginTaken
        /// The login name is not in the normalised (lower-case) form uniqueness relies on.
        case loginNotNormalised
        case accountNotFound
        /// Another account is linked to this eID pseudonym (``EIDLinkStore``).
        case pseudonymTaken
        case sessionNotFound
        /// Bytes that should be a SHA-256 digest have the wrong length.
        case notADigest
        /// A value read back from the database is not one this Pforte writes.
        case unreadableValue
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
