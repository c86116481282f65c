import PforteXML

/// A small Markdown subset for the texts operators supply (legal pages) and the help pages,
/// rendered to HTML that can carry nothing but text, headings, lists, simple tables, emphasis,
/// code and links with allowed schemes.
///
/// Whatever is not part of the subset — raw HTML above all — is shown as text: every character
/// of the source passes through ``SafeMarkdown/escape(_:)`` or becomes one of the fixed tags
/// written here, so a file cannot add a script, an event handler or a `javascript:` link
/// (``SafeMarkdownInline`` allows only `http`, `https`, `mailto`, `tel`, paths and fragments).
///
/// Blocks: `#`–`######` headings (with an `id` from their text, for links within the page),
/// paragraphs (lines up to a blank one), `-`/`*` and `1.` lists nested by indentation, and
/// tables of `|`-separated rows whose second row is the `|---|` line.
struct SafeMarkdown: Sendable {
    struct Rendered: Sendable, Equatable {
        let html: String
        /// Whether the text has a `#` heading; a page without one adds its own `<h1>`.
        let hasHeadingOne: Bool
        /// The text of the first `#` heading, for the page's `<title>`.
        let title: String?
    }

    static func render(_ source: String) -> Rendered {
        var renderer = BlockRenderer(lines: source.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map { String($0).replacingOccurrences(of: "\t", with: "    ") })
        renderer.run()
        return Rendered(html: renderer.html, hasHeadingOne: renderer.title != nil, title: renderer.title)
    }

    /// The characters that could end a text node or an attribute value (XML's escaping is HTML's).
    static func escape(_ text: some StringProtocol) -> String {
        XMLText.escaped(String(text))
    }

    /// GitHub's anchor for a heading: lower case, letters, digits, `-` and `_` kept, spaces
    /// become `-`, everything else is dropped (so `#regeln-für-das-passwort` links work).
    static func anchor(_ text: String) -> String {
        String(text.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return nil
        })
    }
}

/// The block structure, line by line.
private struct BlockRenderer {
    let lines: [String]
    var index = 0
    var html = ""
    var title: String?

    init(lines: [String]) {
        self.lines = lines
    }

    mutating func run() {
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                index += 1
            } else if let heading = Self.heading(trimmed) {
                writeHeading(level: heading.level, text: heading.text)
                index += 1
            } else if ListItem(line) != nil {
                writeList()
            } else if isTableStart {
                writeTable()
            } else {
                writeParagraph()
            }
        }
    }

    private static func heading(_ line: String) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        var text = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        return (hashes, text)
    }

    private mutating func writeHeading(level: Int, text: String) {
        let inline = SafeMarkdownInline.render(text)
        if level == 1 && title == nil { title = SafeMarkdownInline.plainText(text) }
        let id = SafeMarkdown.anchor(SafeMarkdownInline.plainText(text))
        html += "<h\(level) id=\"\(SafeMarkdown.escape(id))\">\(inline)</h\(level)>\n"
    }

    private mutating func writeParagraph() {
        var text: [String] = []
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || Self.heading(trimmed) != nil || (!text.isEmpty && ListItem(lines[index]) != nil) { break }
            text.append(trimmed)
            index += 1
        }
        html += "<p>\(SafeMarkdownInline.render(text.joined(separator: " ")))</p>\n"
    }

    // MARK: Lists

    private mutating func writeList() {
        guard let first = ListItem(lines[index]) else { return }
        let tag = first.ordered ? "ol" : "ul"
        html += "<\(tag)>\n"
        while index < lines.count, let item = ListItem(lines[index]), item.indent == first.indent, item.ordered == first.ordered {
            index += 1
            var text = [item.text]
            // Continuation lines are indented past the marker; a deeper marker opens a sublist.
            var nested = ""
            while index < lines.count {
                let line = lines[index]
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let indent = line.prefix { $0 == " " }.count
                if trimmed.isEmpty || indent <= item.indent { break }
                if let inner = ListItem(line), inner.indent > item.indent {
                    var sub = BlockRenderer(lines: Array(lines[index...]))
                    sub.writeList()
                    nested += sub.html
                    index += sub.index
                } else {
                    text.append(trimmed)
                    index += 1
                }
            }
            html += "<li>\(SafeMarkdownInline.render(text.joined(separator: " ")))\(nested.isEmpty ? "" : "\n" + nested)</li>\n"
        }
        html += "</\(tag)>\n"
    }

    // MARK: Tables

    private var isTableStart: Bool {
        guard index + 1 < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("|") else { return false }
        let rule = lines[index + 1].trimmingCharacters(in: .whitespaces)
        return rule.hasPrefix("|") && rule.allSatisfy { "|-: ".contains($0) } && rule.contains("-")
    }

    private static func cells(_ line: String) -> [String] {
        var row = line.trimmingCharacters(in: .whitespaces)
        if row.hasPrefix("|") { row.removeFirst() }
        if row.hasSuffix("|") { row.removeLast() }
        return row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private mutating func writeTable() {
        let header = Self.cells(lines[index])
        index += 2
        html += "<div class=\"table-scroll\"><table>\n<thead><tr>"
        html += header.map { "<th scope=\"col\">\(SafeMarkdownInline.render($0))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
            html += "<tr>" + Self.cells(lines[index]).map { "<td>\(SafeMarkdownInline.render($0))</td>" }.joined() + "</tr>\n"
            index += 1
        }
        html += "</tbody>\n</table></div>\n"
    }
}

/// One line that starts a list item: `- text`, `* text` or `12. text`.
private struct ListItem {
    let indent: Int
    let ordered: Bool
    let text: String

    init?(_ line: String) {
        indent = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(indent)
        if rest.hasPrefix("- ") || rest.hasPrefix("* ") {
            ordered = false
            text = String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces)
            return
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, rest.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        ordered = true
        text = String(rest.dropFirst(digits.count + 2)).trimmingCharacters(in: .whitespaces)
    }
}
