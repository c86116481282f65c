import Foundation

/// RFC 2047 encoded-words, for non-ASCII text in `Subject` and in display names.
///
/// Header fields are ASCII (RFC 5322 §2.2); `=?UTF-8?Q?Passwort_zur=C3=BCcksetzen?=` carries
/// "Passwort zurücksetzen". The encoder
/// - uses UTF-8 and picks whichever of Q and B encoding (§4) is shorter for the whole text
///   (Q keeps mostly-German text readable; B wins for text that is mostly non-ASCII);
/// - in Q encoding leaves only letters, digits and `!*+-/` literal, and writes space as `_`:
///   the set §5 (3) allows where an encoded-word replaces a `phrase` (display names), which is
///   also valid in `*text` (Subject), so one encoder serves both;
/// - keeps each encoded-word within the 75-character limit of §2 and never splits a character's
///   UTF-8 octets across two words (§5: "each 'encoded-word' MUST represent an integral number
///   of characters").
/// Decoders drop the whitespace between adjacent encoded-words (§6.2), so spaces in the text are
/// always encoded inside the words and folding between words changes nothing.
enum EncodedWord {
    static let maximumLength = 75

    enum Encoding: String {
        case q = "Q"
        case b = "B"
    }

    /// Whether `text` can appear as-is in a header: printable ASCII only (a `=?` would make
    /// decoders try to read it as an encoded-word).
    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { (32...126).contains($0) } && !text.contains("=?")
    }

    /// The encoded-words for `text`; the first is at most `firstWordLimit` characters long (so
    /// that it fits on the line after the header name), the others at most 75.
    static func encode(_ text: String, firstWordLimit: Int = maximumLength) -> [String] {
        let octets = Array(text.utf8)
        let encoding: Encoding = qLength(octets) <= (octets.count + 2) / 3 * 4 ? .q : .b
        let overhead = "=?UTF-8?Q??=".utf8.count
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let scalarOctets = Array(String(scalar).utf8)
            let limit = (words.isEmpty ? firstWordLimit : maximumLength) - overhead
            if !chunk.isEmpty, encodedLength(chunk + scalarOctets, encoding) > limit {
                words.append(word(chunk, encoding))
                chunk = []
            }
            chunk += scalarOctets
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk, encoding)) }
        return words
    }

    private static func word(_ octets: [UInt8], _ encoding: Encoding) -> String {
        let payload = switch encoding {
        case .q: qEncode(octets)
        case .b: Data(octets).base64EncodedString()
        }
        return "=?UTF-8?\(encoding.rawValue)?\(payload)?="
    }

    private static func encodedLength(_ octets: [UInt8], _ encoding: Encoding) -> Int {
        switch encoding {
        case .q: qLength(octets)
        case .b: (octets.count + 2) / 3 * 4
        }
    }

    private static func isQLiteral(_ octet: UInt8) -> Bool {
        switch octet {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: " "):
            true
        default:
            false
        }
    }

    private static func qLength(_ octets: [UInt8]) -> Int {
        octets.reduce(0) { $0 + (isQLiteral($1) ? 1 : 3) }
    }

    private static func qEncode(_ octets: [UInt8]) -> String {
        var output: [UInt8] = []
        for octet in octets {
            if octet == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "_"))
            } else if isQLiteral(octet) {
                output.append(octet)
            } else {
                output += QuotedPrintable.escaped(octet)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
