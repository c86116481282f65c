import PforteAccounts
import PforteCore

/// Words the error codes of Core and the account services; the keys live in the catalogues
/// under `error.`, one per code, so that each language says it in its own way.
extension MessageCatalog {
    /// The text for `code`; with the `field` it belongs to, "too short" and "too long" state
    /// the field's limit (``FieldLengths``).
    func text(for code: FieldErrorCode, field: String? = nil) -> String {
        switch code {
        case .text(.tooShort):
            field.flatMap(FieldLengths.range(of:)).map { format("error.text.tooShortLimit", ["min": String($0.lowerBound)]) }
                ?? self["error.text.tooShort"]
        case .text(.tooLong):
            field.flatMap(FieldLengths.range(of:)).map { format("error.text.tooLongLimit", ["max": String($0.upperBound)]) }
                ?? self["error.text.tooLong"]
        case .text(let error): self["error.text.\(error.rawValue)"]
        case .email(let error): self["error.email.\(error.rawValue)"]
        case .password(let rule): self["error.password.\(rule.rawValue)"]
        case .doesNotMatch: self["error.doesNotMatch"]
        case .termsNotAccepted: self["error.terms.notAccepted"]
        case .termsOutdated: self["error.terms.outdated"]
        case .guardianConsentMissing: self["error.terms.guardianConsent"]
        }
    }

    func text(for error: PartialDateError) -> String {
        self["error.date.\(error.rawValue)"]
    }

    /// `retryAfter` rounded up to whole seconds (never "0 seconds").
    func throttled(retryAfter: Double) -> String {
        let seconds = max(1, Int(retryAfter.rounded(.up)))
        return self["error.throttled"].replacingOccurrences(of: "{seconds}", with: String(seconds))
    }

    /// Replaces `{name}` placeholders in the text of `key`.
    func format(_ key: String, _ values: [String: String]) -> String {
        values.reduce(self[key]) { text, value in text.replacingOccurrences(of: "{\(value.key)}", with: value.value) }
    }
}

extension FormView {
    /// Adds every problem of a validated form, by field name (the enum's raw values are the
    /// field names of the pages).
    mutating func addErrors<Field: RawRepresentable<String>>(_ errors: ValidationErrors<Field>, texts: MessageCatalog) {
        for field in fields.map(\.name) {
            guard let key = Field(rawValue: field) else { continue }
            for code in errors[key] {
                addError(texts.text(for: code, field: field), to: field)
            }
        }
    }
}
