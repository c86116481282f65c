/// One input of a form, as the `field` partial renders it. `name` is also the element id, so
/// the error summary can link to it.
struct FormField {
    let name: String
    let label: String
    var type = "text"
    var hint: String?
    var value: String?
    var autocomplete: String?
    var readonly = false
    /// For `type == "checkbox"`: ticked. Apart from `value`, which is what a ticked box sends,
    /// so that no box is ticked for the citizen before they tick it (a consent must be given).
    var checked = false
    /// For `type == "select"`: the choices, value and label, in display order.
    var options: [(value: String, label: String)] = []
    /// The problems of this field, worded; shown above the input.
    var errors: [String] = []

    var templateValues: [String: Any] {
        var values: [String: Any] = ["id": name, "name": name, "type": type, "label": label]
        values["hint"] = hint
        values["autocomplete"] = autocomplete
        values["readonly"] = readonly
        values["checkbox"] = type == "checkbox"
        values["checked"] = type == "checkbox" && checked
        values["select"] = type == "select"
        values["options"] = options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == value] }
        // Passwords are never sent back to the browser.
        if type != "password" { values["value"] = value }
        if !errors.isEmpty { values["error"] = errors.joined(separator: " ") }
        let describedBy = [hint.map { _ in "\(name)-hint" }, errors.isEmpty ? nil : "\(name)-error"].compactMap { $0 }
        if !describedBy.isEmpty { values["describedBy"] = describedBy.joined(separator: " ") }
        return values
    }
}

/// A form's fields with their problems, in page order; the error summary lists every problem
/// and links to its field (WCAG 2.1 SC 3.3.1, 3.3.3).
struct FormView {
    var fields: [FormField]
    /// Problems not tied to one field (wrong credentials, a throttled attempt); linked to
    /// ``generalErrorTarget``.
    private(set) var generalErrors: [String] = []
    /// The field a general problem's summary link points to: the first one.
    var generalErrorTarget: String { fields.first?.name ?? "content" }

    init(_ fields: [FormField]) {
        self.fields = fields
    }

    var hasErrors: Bool { !generalErrors.isEmpty || fields.contains { !$0.errors.isEmpty } }

    mutating func addError(_ message: String, to name: String) {
        guard let index = fields.firstIndex(where: { $0.name == name }) else {
            generalErrors.append(message)
            return
        }
        fields[index].errors.append(message)
    }

    mutating func addGeneralError(_ message: String) {
        generalErrors.append(message)
    }

    /// Fills each field that has a value in `form`, except passwords; a checkbox stays ticked
    /// when it was.
    mutating func keepValues(from form: SubmittedForm) {
        for index in fields.indices where fields[index].type != "password" {
            let submitted = form.optional(fields[index].name)
            if fields[index].type == "checkbox" {
                fields[index].checked = submitted != nil
            } else if let submitted {
                fields[index].value = submitted
            }
        }
    }

    var templateValues: [String: Any] {
        var summary: [[String: Any]] = generalErrors.map { ["field": generalErrorTarget, "message": $0] }
        for field in fields {
            summary += field.errors.map { ["field": field.name, "message": Self.summaryLine(label: field.label, message: $0)] }
        }
        return ["fields": fields.map(\.templateValues), "hasErrors": hasErrors, "errors": summary]
    }

    /// "Label: message"; a label that is a sentence of its own (a checkbox's "Ich habe … gelesen
    /// und akzeptiert.") is followed by its message alone, not by "akzeptiert.: Bitte …".
    static func summaryLine(label: String, message: String) -> String {
        guard let last = label.last, ".!?:".contains(last) else { return "\(label): \(message)" }
        return message
    }
}
