/// The inline part of ``SafeMarkdown``: `` `code` ``, `**strong**`, `*emphasis*`,
/// `[text](target)`; every other character is escaped.
///
/// A link keeps its target only when it is `https:`, `http:`, `mailto:` or `tel:`, an absolute
/// path or a fragment, and holds no space, quote or angle bracket; anything else (`javascript:`,
/// `data:`, `vbscript:` in any spelling) is shown as the link's text alone.
enum SafeMarkdownInline {
    static func render(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                output += "<code>\(SafeMarkdown.escape(rest[rest.index(after: rest.startIndex)..<end]))</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**"), end.lowerBound > rest.index(rest.startIndex, offsetBy: 2) {
                output += "<strong>\(render(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])))</strong>"
                rest = rest[end.upperBound...]
            } else if character == "*", rest.dropFirst().first.map({ $0 != " " && $0 != "*" }) == true,
                      let end = rest.dropFirst().firstIndex(of: "*") {
                output += "<em>\(render(String(rest[rest.index(after: rest.startIndex)..<end])))</em>"
                rest = rest[rest.index(after: end)...]
            } else if character == "[", let link = link(at: rest) {
                if let target = allowedTarget(link.target) {
                    output += "<a href=\"\(SafeMarkdown.escape(target))\">\(render(link.text))</a>"
                } else {
                    output += render(link.text)
                }
                rest = rest[link.end...]
            } else {
                output += SafeMarkdown.escape(String(character))
                rest = rest.dropFirst()
            }
        }
        return output
    }

    /// The text without markup: for heading anchors and titles.
    static func plainText(_ text: String) -> String {
        var plain = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character == "[", let link = link(at: rest) {
                plain += plainText(link.text)
                rest = rest[link.end...]
            } else {
                if character != "*" && character != "`" { plain.append(character) }
                rest = rest.dropFirst()
            }
        }
        return plain
    }

    private static func link(at text: Substring) -> (text: String, target: String, end: Substring.Index)? {
        guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]("),
              let targetEnd = text[close...].firstIndex(of: ")")
        else { return nil }
        let label = text[text.index(after: text.startIndex)..<close]
        let target = text[text.index(close, offsetBy: 2)..<targetEnd]
        return (String(label), String(target), text.index(after: targetEnd))
    }

    static func allowedTarget(_ target: String) -> String? {
        let forbidden: Set<Character> = [" ", "\"", "'", "<", ">", "`", "\\"]
        guard !target.isEmpty, !target.contains(where: { forbidden.contains($0) || $0.isNewline || ($0.asciiValue ?? 32) < 32 })
        else { return nil }
        let lower = target.lowercased()
        if ["https://", "http://", "mailto:", "tel:"].contains(where: { lower.hasPrefix($0) }) { return target }
        if target.hasPrefix("/") && !target.hasPrefix("//") { return target }
        if target.hasPrefix("#") { return target }
        return nil
    }
}
