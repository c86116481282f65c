import Foundation
import PforteCore

/// The text of the terms documents, read from the files beside the versions file
/// (`terms.versions_file`): `name.de.md` / `name.en.md`, or `name.md` for both languages. The
/// text is shown as plain paragraphs, escaped like every template value (a line starting with
/// `#` becomes a heading), so no operator file can put markup or script on the page. A missing
/// file, and the shipped placeholder version, show a notice that the operator has not supplied
/// the text yet.
struct TermsDocuments: Sendable {
    let directory: URL

    init(versionsFile: String) {
        directory = URL(fileURLWithPath: versionsFile).deletingLastPathComponent()
    }

    /// A document's blocks: headings and paragraphs; `nil` when there is no file for it.
    struct Block {
        let heading: Bool
        let text: String
    }

    func blocks(of document: String, language: UILanguage) -> [Block]? {
        let candidates = ["\(document).\(language.rawValue).md", "\(document).md", "\(document).de.md"]
        guard let text = candidates.lazy.compactMap({ try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }).first
        else { return nil }
        return text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { raw in
            let paragraph = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !paragraph.isEmpty else { return nil }
            if paragraph.hasPrefix("#") {
                return Block(heading: true, text: String(paragraph.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces))
            }
            return Block(heading: false, text: paragraph.split(separator: "\n").joined(separator: " "))
        }
    }
}
