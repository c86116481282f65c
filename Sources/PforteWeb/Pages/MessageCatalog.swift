import Foundation

/// The texts of every page, per language, from `Resources/Locales/<language>.json`.
///
/// Keys are flat and dotted (`home.title`); templates read them as `{{t.home.title}}`… through
/// a nested dictionary built here, because Mustache resolves dots as nested lookups. A test
/// keeps the catalogues' keys identical, so no page can show a key instead of a text.
struct MessageCatalog: Sendable {
    let language: UILanguage
    let flat: [String: String]
    /// The nested form handed to templates as `t`, built once: every page render needs it.
    /// Strings and dictionaries of them, never changed after `init`, so sharing is safe
    /// although `Any` is not `Sendable`.
    nonisolated(unsafe) let nested: [String: Any]

    init(language: UILanguage, flat: [String: String]) {
        self.language = language
        self.flat = flat
        var root: [String: Any] = [:]
        for (key, text) in flat {
            Self.insert(text, at: key.split(separator: ".").map(String.init), into: &root)
        }
        nested = root
    }

    subscript(_ key: String) -> String {
        flat[key] ?? key
    }

    static func load(_ language: UILanguage, from directory: URL) throws -> MessageCatalog {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
        let flat = try JSONDecoder().decode([String: String].self, from: data)
        return MessageCatalog(language: language, flat: flat)
    }

    private static func insert(_ text: String, at path: [String], into dictionary: inout [String: Any]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            dictionary[head] = text
            return
        }
        var child = dictionary[head] as? [String: Any] ?? [:]
        insert(text, at: Array(path.dropFirst()), into: &child)
        dictionary[head] = child
    }
}
