/// Escaping for the XML text Pforte writes before parsing it into a document to sign.
///
/// Messages (SAML, SOAP) are composed as text because this module offers parsing, signing and
/// encryption but no node construction; every value that is not a constant goes through ``escaped(_:)``, and
/// the result is parsed by the hardened parser, so a mistake shows as a parse failure rather
/// than as injected markup.
public enum XMLText {
    /// Escapes for both element content and double-quoted attribute values (XML 1.0 §2.4, §3.3.3).
    public static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// `name="value"` with the value escaped, or nothing for an absent value.
    public static func attribute(_ name: String, _ value: String?) -> String {
        value.map { " \(name)=\"\(escaped($0))\"" } ?? ""
    }
}
