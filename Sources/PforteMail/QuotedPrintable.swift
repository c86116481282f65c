/// The quoted-printable content transfer encoding, RFC 2045 §6.7.
///
/// Pforte's mails are German text: umlauts and `ß` must survive relays that only promise 7-bit
/// transport, while the text stays readable in a raw message. The encoder applies the rules
/// literally: octets 33–60 and 62–126 stay as they are (rule 2), everything else — `=`, controls,
/// every octet of a non-ASCII character — becomes `=XX` with upper-case hex (rule 1); space and
/// tab stay literal except at the end of a line (rule 3); line breaks are CRLF (rule 4); encoded
/// lines are at most 76 characters, longer lines get soft line breaks (`=` at the end), never
/// inside an `=XX` triplet (rule 5).
enum QuotedPrintable {
    static let maximumLineLength = 76

    /// Encodes text line by line. Any of CRLF, LF or CR ends a line; the result ends with CRLF.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        for line in lines(of: text) {
            output += encode(line: line)
            output += [13, 10]
        }
        return output
    }

    /// One logical line, without its line break, as one or more encoded lines joined by soft
    /// breaks (`=` CRLF). The last encoded line carries no terminator.
    static func encode(line: some Collection<UInt8>) -> [UInt8] {
        let tokens = line.enumerated().map { index, octet in
            token(for: octet, isLast: index == line.count - 1)
        }
        var output: [UInt8] = []
        var lineLength = 0
        for (index, token) in tokens.enumerated() {
            // A line that continues needs one column for the soft break's `=`; the last one not.
            let limit = index == tokens.count - 1 ? maximumLineLength : maximumLineLength - 1
            if lineLength + token.count > limit {
                output += [UInt8(ascii: "="), 13, 10]
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return output
    }

    private static func token(for octet: UInt8, isLast: Bool) -> [UInt8] {
        switch octet {
        case 33...60, 62...126:
            [octet]
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            isLast ? escaped(octet) : [octet]
        default:
            escaped(octet)
        }
    }

    static func escaped(_ octet: UInt8) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "="), hex[Int(octet >> 4)], hex[Int(octet & 0x0F)]]
    }

    /// The UTF-8 lines of `text`; a final line break does not start another (empty) line.
    static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let octets = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < octets.count {
            switch octets[index] {
            case 13:
                lines.append(octets[start..<index])
                index += index + 1 < octets.count && octets[index + 1] == 10 ? 2 : 1
                start = index
            case 10:
                lines.append(octets[start..<index])
                index += 1
                start = index
            default:
                index += 1
            }
        }
        if start < octets.count || lines.isEmpty { lines.append(octets[start...]) }
        return lines
    }
}
