import Foundation
import Testing

/// Every text a template asks for exists in every language, and the catalogues agree on their
/// keys, so no page ever shows a raw key or a half-translated screen.
@Suite struct MessageCatalogTests {
    private static let resources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PforteWeb/Resources")

    private static func catalog(_ language: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: resources.appendingPathComponent("Locales/\(language).json")))
    }

    @Test func germanAndEnglishHaveTheSameKeys() throws {
        #expect(Set(try Self.catalog("de").keys) == Set(try Self.catalog("en").keys))
    }

    @Test func everyTextUsedByATemplateExists() throws {
        let german = try Self.catalog("de")
        let templates = try FileManager.default.contentsOfDirectory(
            at: Self.resources.appendingPathComponent("Templates"), includingPropertiesForKeys: nil
        )
        let reference = try NSRegularExpression(pattern: #"\{\{\{?t\.([A-Za-z0-9_.]+)\}?\}\}"#)
        var used: Set<String> = []
        for template in templates {
            let text = try String(contentsOf: template, encoding: .utf8)
            for match in reference.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(!used.isEmpty)
        for key in used.sorted() {
            #expect(german[key] != nil, "no text for \(key)")
            // Templates resolve dots as nested lookups: a key that is also the prefix of other
            // keys is a text and a dictionary at once, and which one a page gets is left to chance.
            #expect(!german.keys.contains { $0.hasPrefix(key + ".") }, "\(key) is also the prefix of other keys")
        }
    }
}
