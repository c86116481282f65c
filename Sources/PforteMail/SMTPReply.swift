/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more lines of text.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    /// The text of each line, without code, separator and CRLF.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2yz, positive completion (§4.2.1).
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3yz, positive intermediate: the server waits for more (DATA's 354, AUTH's 334).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4yz, transient negative completion: the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5yz, permanent negative completion: repeating the command will not help.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    public var text: String { lines.joined(separator: " ") }

    public var description: String { "\(code) \(text)" }
}

/// Splits the server's byte stream into replies (RFC 5321 §4.2).
///
/// Every line is `code SP text` (last line) or `code - text` (more follow), or the bare code;
/// all lines of a reply carry the same code. Anything else is a malformed reply — we stop
/// rather than guess, since a misread reply could mean believing mail was accepted. Lines are
/// limited to 2048 octets (RFC 5321 §4.5.3.1.5 promises 512) and replies to 128 lines, so a
/// hostile server cannot make us buffer without bound. A bare LF is accepted as a line end,
/// as many clients do.
struct SMTPReplyParser {
    static let maximumLineLength = 2048
    static let maximumLines = 128

    private var buffer: [UInt8] = []
    private var pendingLines: [String] = []
    private var pendingCode: Int?

    /// Whether octets were received that do not yet form a complete reply. After the `220`
    /// to STARTTLS this must be false: plaintext sent before the TLS handshake could be an
    /// attacker's injection (RFC 3207 §5, CVE-2011-0411).
    var hasBufferedInput: Bool { !buffer.isEmpty || pendingCode != nil }

    mutating func append(_ octets: some Sequence<UInt8>) {
        buffer.append(contentsOf: octets)
    }

    /// The next complete reply, nil when more input is needed.
    mutating func next() throws(SMTPError) -> SMTPReply? {
        while let end = buffer.firstIndex(of: 10) {
            var line = buffer[..<end]
            if line.last == 13 { line = line.dropLast() }
            let lineOctets = Array(line)
            buffer.removeSubrange(...end)
            if let reply = try consume(lineOctets) { return reply }
        }
        if buffer.count > Self.maximumLineLength {
            throw SMTPError(.malformedReply, detail: "reply line longer than \(Self.maximumLineLength) octets")
        }
        return nil
    }

    private mutating func consume(_ line: [UInt8]) throws(SMTPError) -> SMTPReply? {
        let shown = String(decoding: line.prefix(80), as: UTF8.self)
        guard line.count <= Self.maximumLineLength else {
            throw SMTPError(.malformedReply, detail: "reply line longer than \(Self.maximumLineLength) octets")
        }
        guard line.count >= 3, line[0...2].allSatisfy({ (48...57).contains($0) }), (50...53).contains(line[0]) else {
            throw SMTPError(.malformedReply, detail: "not a reply line: \"\(shown)\"")
        }
        let code = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        if let pendingCode, pendingCode != code {
            throw SMTPError(.malformedReply, detail: "reply code changed from \(pendingCode) to \(code) within one reply")
        }
        let isLast: Bool
        switch line.count > 3 ? line[3] : nil {
        case nil, UInt8(ascii: " "): isLast = true
        case UInt8(ascii: "-"): isLast = false
        default: throw SMTPError(.malformedReply, detail: "not a reply line: \"\(shown)\"")
        }
        pendingLines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        pendingCode = code
        guard pendingLines.count <= Self.maximumLines else {
            throw SMTPError(.malformedReply, detail: "reply with more than \(Self.maximumLines) lines")
        }
        guard isLast else { return nil }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingLines = []
        pendingCode = nil
        return reply
    }
}
