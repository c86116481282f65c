/// An attribute meant to be an ID could not be registered as one.
public struct XMLIDError: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// Another attribute in the document already has this value (XML 1.0 §3.3.1 "Validity
        /// constraint: ID": values must be unique).
        case duplicate
        /// The value is empty, which can never be referenced.
        case empty
    }

    public let code: Code
    public let id: String

    init(_ code: Code, id: String) {
        self.code = code
        self.id = id
    }

    public var description: String { "XMLIDError.\(code) (\"\(id)\")" }
}
