import Foundation
import Yams

/// Flattens a `pforte.yaml` of `section: { key: scalar }` into dotted keys, remembering the line
/// of each value for error messages.
enum YAMLSettingsReader {
    struct Value: Equatable {
        let key: String
        let text: String
        let line: Int?
    }

    static func read(file: URL) throws(ConfigurationError) -> [Value] {
        let path = file.path
        let yaml: String
        do {
            yaml = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "--config", source: .file(path: path, line: nil), reason: "cannot read the file (\(error.localizedDescription))")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(key: "(syntax)", source: .file(path: path, line: nil), reason: "not valid YAML: \(oneLine(error))")
        }
        guard let root else { return [] }
        guard case let .mapping(sections) = root else {
            throw ConfigurationError(key: "(top level)", source: .file(path: path, line: line(of: root)), reason: "expected a mapping of sections")
        }

        var values: [Value] = []
        for (sectionNode, body) in sections {
            guard let section = sectionNode.string else {
                throw ConfigurationError(key: "(section)", source: .file(path: path, line: line(of: sectionNode)), reason: "section names must be strings")
            }
            guard knownSections.contains(section) else {
                throw ConfigurationError(
                    key: section, source: .file(path: path, line: line(of: sectionNode)),
                    reason: "unknown section (known: \(knownSections.sorted().joined(separator: ", ")))"
                )
            }
            if case .scalar = body, body.null != nil { continue }
            guard case let .mapping(entries) = body else {
                throw ConfigurationError(key: section, source: .file(path: path, line: line(of: body)), reason: "expected a mapping of keys")
            }
            for (keyNode, valueNode) in entries {
                let key = "\(section).\(keyNode.string ?? "?")"
                guard case let .scalar(scalar) = valueNode else {
                    throw ConfigurationError(key: key, source: .file(path: path, line: line(of: valueNode)), reason: "expected a single value")
                }
                values.append(Value(key: key, text: valueNode.null != nil ? "" : scalar.string, line: line(of: valueNode)))
            }
        }
        return values
    }

    private static let knownSections = Set(PforteConfig.settings.map { String($0.key.prefix { $0 != "." }) })

    /// Yams describes syntax errors over several lines with a source excerpt; operators' tools
    /// expect one line per error.
    private static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "^" }
            .joined(separator: " ")
    }

    private static func line(of node: Node) -> Int? {
        node.mark.map { $0.line }
    }
}
