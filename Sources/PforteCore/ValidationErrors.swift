/// The problems of a form, by field: what a validation returns instead of a value when any field
/// is wrong. Only fields with problems are present; each has at least one code.
public struct ValidationErrors<Field: Hashable & Sendable>: Error, Sendable, Equatable {
    /// The codes of every field that has a problem.
    public let codes: [Field: [FieldErrorCode]]

    public init(codes: [Field: [FieldErrorCode]]) {
        self.codes = codes
    }

    /// The codes for `field`; empty when it is fine.
    public subscript(field: Field) -> [FieldErrorCode] {
        codes[field] ?? []
    }
}
