/// The mail data as sent after `DATA` (RFC 5321 §4.1.1.4, §4.5.2).
///
/// The data ends with a line holding a single `.`; a line of the message that begins with `.`
/// would otherwise end it early (or, with `.` alone, truncate the message and let the rest be
/// read as commands). Transparency: every line that begins with `.` gets one more `.`, which
/// the server removes. Input is a rendered message (CRLF line endings, 7-bit).
enum SMTPDataEncoding {
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 16)
        var atLineStart = true
        for octet in message {
            if atLineStart, octet == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(octet)
            atLineStart = octet == 10
        }
        if !atLineStart { output += [13, 10] }
        output += Array(".\r\n".utf8)
        return output
    }
}
