extension ClientRegistrationError {
    /// Turns whatever a decoder threw while reading a registration into an error naming the
    /// field: a validation error passes through; a decoder's own error (wrong type, missing
    /// key, unknown enum value) names the path it failed at.
    public init(decoding error: any Error) {
        if let error = error as? ClientRegistrationError {
            self = error
            return
        }
        guard let error = error as? DecodingError else {
            self.init(.unknownValue, field: "(document)", "\(error)")
            return
        }
        // Yams reports any failure inside decoding as corrupt YAML around the real error.
        if case let .dataCorrupted(context) = error, let underlying = context.underlyingError {
            self.init(decoding: underlying)
            return
        }
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "(document)" : names.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            self.init(.missing, field: path(context.codingPath, key), "required")
        case let .valueNotFound(_, context):
            self.init(.missing, field: path(context.codingPath), "required")
        case let .typeMismatch(type, context):
            self.init(.unknownValue, field: path(context.codingPath), "expected \(Self.describe(type))")
        case let .dataCorrupted(context):
            self.init(.unknownValue, field: path(context.codingPath), context.debugDescription)
        @unknown default:
            self.init(.unknownValue, field: "(document)", "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a text"
        case is Int.Type: "a whole number"
        case is [String].Type: "a list of texts"
        default: "\(type)"
        }
    }
}
