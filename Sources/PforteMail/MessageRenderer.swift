import Foundation

/// A message in wire format, ready for a `.eml` file or SMTP `DATA`.
public struct RenderedMessage: Sendable, Hashable {
    /// The `Message-ID` header value including the angle brackets, for logs and support.
    public let messageID: String
    /// RFC 5322 octets: 7-bit ASCII, CRLF line endings, ending with CRLF.
    public let bytes: [UInt8]
}

/// Turns a ``MailMessage`` into an RFC 5322 / MIME (RFC 2045) message.
///
/// The output is 7-bit clean so that no relay has to convert it (RFC 6152 8BITMIME is never
/// needed): the body is `text/plain; charset=utf-8` in quoted-printable, non-ASCII `Subject`
/// and display names are RFC 2047 encoded-words. Header lines are folded at whitespace to at
/// most 76 characters (RFC 5322 §2.1.1 recommends 78; RFC 2047 §2 requires 76 for lines with
/// encoded-words). Header injection is impossible: every input was checked for line breaks
/// when the message was built, and the renderer only ever inserts CRLF itself.
public struct MessageRenderer: Sendable {
    /// The right-hand side of every Message-ID; normally the sender's domain.
    public let messageIDDomain: String

    static let maximumLineLength = 76

    /// Header names the renderer writes; ``MailHeader`` refuses them so none appears twice.
    static let reservedNames: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id",
        "mime-version", "content-type", "content-transfer-encoding",
    ]

    public init(messageIDDomain: String) throws(MailError) {
        try MailAddress.validateDomain(Substring(messageIDDomain))
        self.messageIDDomain = messageIDDomain
    }

    /// Renders with the current time and a new random Message-ID.
    public func render(_ message: MailMessage) -> RenderedMessage {
        render(message, date: Date(), uniquePart: RandomToken.hex(octets: 16))
    }

    /// Deterministic rendering for tests: fixed date and Message-ID local part.
    func render(_ message: MailMessage, date: Date, uniquePart: String) -> RenderedMessage {
        let messageID = "<\(uniquePart)@\(messageIDDomain)>"
        var header = ""
        header += Self.fold("Date", [Self.dateString(date)])
        header += Self.fold("From", Self.mailboxList([message.from], headerName: "From"))
        header += Self.fold("To", Self.mailboxList(message.to, headerName: "To"))
        if let replyTo = message.replyTo {
            header += Self.fold("Reply-To", Self.mailboxList([replyTo], headerName: "Reply-To"))
        }
        header += Self.fold("Subject", Self.unstructured(message.subject, headerName: "Subject"))
        header += Self.fold("Message-ID", [messageID])
        for field in message.headers {
            header += "\(field.name): \(field.value)\r\n"
        }
        header += "MIME-Version: 1.0\r\n"
        header += "Content-Type: text/plain; charset=utf-8\r\n"
        header += "Content-Transfer-Encoding: quoted-printable\r\n"
        header += "\r\n"
        return RenderedMessage(messageID: messageID, bytes: Array(header.utf8) + QuotedPrintable.encode(message.body))
    }

    /// `Name: token token …` with a fold (CRLF SP) before a token that would make the line
    /// longer than 76 characters; tokens themselves are never split.
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        for token in tokens {
            if lineLength + 1 + token.utf8.count > maximumLineLength, lineLength > name.utf8.count + 1 {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + token
            lineLength += 1 + token.utf8.count
        }
        return output + "\r\n"
    }

    /// RFC 5322 §3.2.5 `unstructured`: plain words when the text is simple ASCII, otherwise
    /// encoded-words (also for ASCII with leading, trailing or repeated spaces, which folding
    /// would not preserve, and for words too long to fit on a line).
    private static func unstructured(_ text: String, headerName: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let simple = EncodedWord.isPlainASCII(text)
            && words.allSatisfy { !$0.isEmpty && $0.utf8.count < maximumLineLength - headerName.utf8.count - 2 }
        if text.isEmpty || simple { return words.filter { !$0.isEmpty }.map(String.init) }
        return EncodedWord.encode(text, firstWordLimit: maximumLineLength - headerName.utf8.count - 2)
    }

    /// RFC 5322 §3.4 `mailbox-list` as foldable tokens, the comma attached to each mailbox's
    /// last token.
    private static func mailboxList(_ mailboxes: [MailAddress], headerName: String) -> [String] {
        var tokens: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var mailboxTokens: [String]
            if let name = mailbox.displayName {
                mailboxTokens = phrase(name, firstWordLimit: tokens.isEmpty ? maximumLineLength - headerName.utf8.count - 2 : EncodedWord.maximumLength)
                mailboxTokens.append("<\(mailbox.address)>")
            } else {
                mailboxTokens = [mailbox.address]
            }
            if index < mailboxes.count - 1 { mailboxTokens[mailboxTokens.count - 1] += "," }
            tokens += mailboxTokens
        }
        return tokens
    }

    /// A display name (RFC 5322 §3.2.5 `phrase`): atoms when it consists of `atext` words,
    /// a quoted-string for other ASCII (e.g. "Muster, Erika"), encoded-words for non-ASCII.
    private static func phrase(_ name: String, firstWordLimit: Int) -> [String] {
        guard EncodedWord.isPlainASCII(name) else {
            return EncodedWord.encode(name, firstWordLimit: firstWordLimit)
        }
        let atoms = name.split(separator: " ")
        let specials = Set("()<>[]:;@\\,.\"".utf8)
        if atoms.count > 0, !name.utf8.contains(where: specials.contains) {
            return atoms.map(String.init)
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\""]
    }

    /// RFC 5322 §3.3 `date-time` in UTC, e.g. `Tue, 03 Jun 2025 14:05:09 +0000`; English names
    /// regardless of locale, as the grammar requires.
    static func dateString(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[parts.weekday! - 1]), \(two(parts.day)) \(months[parts.month! - 1]) \(parts.year!) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
