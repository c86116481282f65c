/// The checks every free-text field shares: a length range in `Character`s, no control
/// characters, and (for displayed text) no angle brackets.
struct TextRules {
    let length: ClosedRange<Int>
    let allowsAngleBrackets: Bool

    init(length: ClosedRange<Int>, allowsAngleBrackets: Bool = false) {
        self.length = length
        self.allowsAngleBrackets = allowsAngleBrackets
    }

    /// The first problem of `text`, in the order of ``TextFieldError``, or `nil`.
    func firstViolation(in text: String) -> TextFieldError? {
        if text.isEmpty { return .empty }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .controlCharacter
        }
        if !allowsAngleBrackets, text.contains(where: { $0 == "<" || $0 == ">" }) { return .angleBracket }
        if text.count < length.lowerBound { return .tooShort }
        if text.count > length.upperBound { return .tooLong }
        return nil
    }

    /// `text` when it has no problem; otherwise its first one, thrown.
    func validated(_ text: String) throws(TextFieldError) -> String {
        if let violation = firstViolation(in: text) { throw violation }
        return text
    }
}
