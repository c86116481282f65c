/// Checks shared by everything that ends up in a header.
enum HeaderText {
    /// Refuses CR, LF and every other control character; `field` names the value in the error.
    static func check(_ text: String, field: String) throws(MailError) {
        for scalar in text.unicodeScalars {
            if scalar == "\r" || scalar == "\n" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                throw MailError(.lineBreak, "\(field) contains a line break")
            }
            if scalar.properties.generalCategory == .control {
                throw MailError(.controlCharacter, "\(field) contains control character U+\(String(scalar.value, radix: 16, uppercase: true))")
            }
        }
    }
}
