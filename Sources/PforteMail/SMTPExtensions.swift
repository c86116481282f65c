/// The service extensions a server lists in its EHLO reply (RFC 5321 §4.1.1.1): every line
/// after the first is a keyword with optional parameters, e.g. `STARTTLS`, `AUTH PLAIN LOGIN`.
struct SMTPExtensions: Sendable, Equatable {
    /// Upper-cased keyword → upper-cased parameters.
    private let entries: [String: [String]]

    /// None: the answer to HELO, or before any greeting.
    static let none = SMTPExtensions(entries: [:])

    private init(entries: [String: [String]]) {
        self.entries = entries
    }

    init(ehloReply: SMTPReply) {
        var entries: [String: [String]] = [:]
        for line in ehloReply.lines.dropFirst() {
            // Some old servers still write `AUTH=LOGIN` (pre-RFC 4954 syntax); treat `=` as a space.
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = words.first else { continue }
            entries[keyword, default: []] += words.dropFirst()
        }
        self.entries = entries
    }

    func contains(_ keyword: String) -> Bool {
        entries[keyword] != nil
    }

    func parameters(_ keyword: String) -> [String] {
        entries[keyword] ?? []
    }
}
