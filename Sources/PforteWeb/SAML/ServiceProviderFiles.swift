import Foundation
import PforteConfiguration
import PforteSAML
import Yams

/// Trusted SPs as files: `<paths.metadata>/sp/<name>.xml` holds an SP's metadata, an optional
/// `<name>.yaml` beside it Pforte's settings for that SP (``ServiceProviderSettings``).
/// Settings live apart from the metadata because metadata is the SP's own statement, replaced
/// whenever the SP or its federation publishes a new copy, while the settings are the
/// operator's rules for the SP.
enum ServiceProviderFiles {
    static func directory(_ configuration: PforteConfig) -> URL {
        URL(fileURLWithPath: configuration.paths.metadata).appendingPathComponent("sp")
    }

    /// Every `*.xml` file of the directory with its settings, validated; none when the
    /// directory does not exist.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, like a bad setting.
    static func load(directory: URL, now: Date = PforteClock.system.now()) throws(ConfigurationError) -> [ServiceProvider] {
        let names: [String]
        do {
            guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigurationError(key: "paths.metadata", source: .file(path: directory.path, line: nil),
                                     reason: "cannot list the directory (\(error.localizedDescription))")
        }
        var providers: [(provider: ServiceProvider, path: String)] = []
        for name in names.sorted() where name.hasSuffix(".xml") {
            let path = directory.appendingPathComponent(name).path
            let provider = try read(path: path, now: now)
            if let earlier = providers.first(where: { $0.provider.entityID == provider.entityID }) {
                throw ConfigurationError(key: "entityID", source: .file(path: path, line: nil),
                                         reason: "\(provider.entityID) is also defined in \(earlier.path)")
            }
            providers.append((provider, path))
        }
        return providers.map(\.provider)
    }

    /// One SP's metadata file and the settings file beside it.
    static func read(path: String, now: Date = PforteClock.system.now()) throws(ConfigurationError) -> ServiceProvider {
        let settings = try settings(forMetadataAt: path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(key: "(file)", source: .file(path: path, line: nil),
                                     reason: "cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try ServiceProviderMetadata.parse(data, settings: settings, now: now)
        } catch {
            throw ConfigurationError(key: "(metadata)", source: .file(path: path, line: nil), reason: error.reason)
        }
    }

    private static func settings(forMetadataAt path: String) throws(ConfigurationError) -> ServiceProviderSettings {
        let settingsPath = String(path.dropLast(".xml".count)) + ".yaml"
        guard FileManager.default.fileExists(atPath: settingsPath) else { return ServiceProviderSettings() }
        do {
            let text = try String(contentsOfFile: settingsPath, encoding: .utf8)
            return try YAMLDecoder().decode(ServiceProviderSettings.self, from: text)
        } catch {
            throw ConfigurationError(key: "(settings)", source: .file(path: settingsPath, line: nil), reason: "\(error)")
        }
    }
}
