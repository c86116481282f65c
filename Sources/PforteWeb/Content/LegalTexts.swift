import Foundation
import Logging

/// The four pages every public body's website must link from each page: Impressum (§ 5 DDG),
/// Datenschutzerklärung (Art. 13 GDPR), Nutzungsbedingungen and the Erklärung zur
/// Barrierefreiheit with its feedback contact (§ 12b BGG, BITV 2.0 § 7).
enum LegalPage: String, CaseIterable, Sendable {
    case impressum
    case datenschutz
    case nutzungsbedingungen
    case barrierefreiheit

    var path: String { "/" + rawValue }
    /// The catalogue key of its link in the footer and of its fallback title.
    var titleKey: String { "legal.\(rawValue)" }
}

/// The legal texts as operators supply them: `<paths.legal>/<page>.<lang>.md`, read at start and
/// rendered with ``SafeMarkdown``. A page without a file in the page's language shows the German
/// file, and without either the shipped placeholder of `Resources/Legal`, which says it is one.
struct LegalTexts: Sendable {
    struct Text: Sendable {
        let rendered: SafeMarkdown.Rendered
        /// The language the text is written in: German where the English file is missing.
        let language: UILanguage
        /// Shipped with Pforte, not the operator's: logged at start, so it is not overlooked.
        let isPlaceholder: Bool
    }

    private let texts: [LegalPage: [UILanguage: Text]]

    init(directory: URL, shipped: URL, logger: Logger) throws {
        var texts: [LegalPage: [UILanguage: Text]] = [:]
        for page in LegalPage.allCases {
            for language in UILanguage.allCases {
                let candidates = [language, .de].map { ($0, directory.appendingPathComponent("\(page.rawValue).\($0.rawValue).md")) }
                if let (written, file) = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0.1.path) }) {
                    let source = try String(contentsOf: file, encoding: .utf8)
                    texts[page, default: [:]][language] = Text(rendered: SafeMarkdown.render(source), language: written, isPlaceholder: false)
                } else {
                    let placeholder = shipped.appendingPathComponent("\(page.rawValue).\(language.rawValue).md")
                    let source = try String(contentsOf: placeholder, encoding: .utf8)
                    texts[page, default: [:]][language] = Text(rendered: SafeMarkdown.render(source), language: language, isPlaceholder: true)
                }
            }
        }
        self.texts = texts
        let placeholders = LegalPage.allCases.filter { texts[$0]?[.de]?.isPlaceholder == true }
        if !placeholders.isEmpty {
            logger.warning("legal pages show placeholders", metadata: [
                "pages": .array(placeholders.map { .string($0.rawValue) }), "directory": "\(directory.path)",
            ])
        }
    }

    func text(_ page: LegalPage, in language: UILanguage) -> Text {
        texts[page]![language]!
    }
}
