/// Why a terms versions file was refused; `line` counts from 1.
public struct TermsCatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable {
        case missingFields = "expected: kind version effective-date document…"
        case unknownKind = "kind must be citizen or organisation"
        case invalidVersion = "version ids use letters, digits, '.', '-' and '_' (at most 64)"
        case invalidDate = "the effective date must be YYYY-MM-DD"
        case invalidDocument = "document names are plain file names in the versions file's directory"
        case duplicateVersion = "a version id appears twice for one kind"
        case duplicateDate = "two versions of one kind take effect on the same day"
        case noCurrentVersion = "each kind needs a version"
    }

    public let line: Int
    public let reason: Reason

    public init(line: Int, _ reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason.rawValue)" }
}
