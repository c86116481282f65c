/// A failure of the key directory. These are meant for the operator: the description names
/// the file and says what is wrong with it.
public struct KeyStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The key directory cannot be created, is not a directory, or others may write to it.
        case directoryUnusable
        /// A key file or the manifest is readable or writable by group or others.
        case insecurePermissions
        /// A file listed in the manifest cannot be opened or read, or is not a regular file.
        case unreadableFile
        /// Key files exist but `keyset.json` does not.
        case manifestMissing
        /// `keyset.json` cannot be decoded or contradicts itself.
        case manifestCorrupt
        /// A key or certificate file does not hold the key the manifest says it does.
        case keyMismatch
        /// A purpose has no active key (run `ensureKeys` first).
        case noActiveKey
        /// The retention period for retired keys is negative or not finite.
        case invalidRetention
        /// Writing, renaming or removing a file failed.
        case writeFailed
        /// Generating a key or certificate failed.
        case generationFailed
    }

    public let code: Code
    /// The file or directory concerned, when there is one.
    public let path: String?
    public let reason: String

    init(_ code: Code, path: String? = nil, _ reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    public var description: String {
        if let path { "\(code.rawValue): \(path): \(reason)" } else { "\(code.rawValue): \(reason)" }
    }
}
