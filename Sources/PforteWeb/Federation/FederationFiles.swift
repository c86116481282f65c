import Foundation
import PforteConfiguration
import PforteFederation
import PforteSAML
import Yams

/// The Länder as files: `<paths.metadata>/federation/<name>.xml` holds a Land's metadata (or a
/// federation's signed aggregate), an optional `<name>.yaml` beside it the operator's settings
/// (``LandSettings``: display name, label, attribute names). A file whose entity is an SP
/// (a Land's portal side) is trusted by the IdP like the files in `sp/`.
enum FederationFiles {
    static func directory(_ configuration: PforteConfig) -> URL {
        URL(fileURLWithPath: configuration.paths.metadata).appendingPathComponent("federation")
    }

    /// What the directory holds: the Länder, in file order, and the Länder's SPs.
    struct Contents {
        var lands: [Land] = []
        var serviceProviders: [ServiceProvider] = []
    }

    /// - Throws: ``ConfigurationError`` naming the file, like a bad setting.
    static func load(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws(ConfigurationError) -> Contents {
        let directory = directory(configuration)
        guard FileManager.default.fileExists(atPath: directory.path) else { return Contents() }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigurationError(key: "paths.metadata", source: .file(path: directory.path, line: nil),
                                     reason: "cannot list the directory (\(error.localizedDescription))")
        }
        let certificate = try federationCertificate(configuration)
        var contents = Contents()
        for name in names.sorted() where name.hasSuffix(".xml") {
            let path = directory.appendingPathComponent(name).path
            let lands = try readLands(path: path, certificate: certificate, now: now)
            if lands.isEmpty {
                var provider = try ServiceProviderFiles.read(path: path, now: now)
                provider.settings.trustLevelAttribute = true
                contents.serviceProviders.append(provider)
            }
            for land in lands {
                guard !contents.lands.contains(where: { $0.entityID == land.entityID }) else {
                    throw ConfigurationError(key: "entityID", source: .file(path: path, line: nil), reason: "\(land.entityID) is defined twice")
                }
                contents.lands.append(land)
            }
        }
        return contents
    }

    /// The Länder of one metadata file, with the settings file beside it; none when the file
    /// describes an SP (whose settings file is then the SP's).
    static func readLands(path: String, certificate: TrustedCertificate?, now: Date) throws(ConfigurationError) -> [Land] {
        var lands: [Land]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            lands = try LandMetadata.parse(data, federationCertificate: certificate, now: now)
        } catch let error as FederationError {
            throw ConfigurationError(key: "(metadata)", source: .file(path: path, line: nil), reason: error.debugReason)
        } catch {
            throw ConfigurationError(key: "(file)", source: .file(path: path, line: nil), reason: "cannot read the file (\(error.localizedDescription))")
        }
        let settingsPath = String(path.dropLast(".xml".count)) + ".yaml"
        guard !lands.isEmpty, FileManager.default.fileExists(atPath: settingsPath) else { return lands }
        do {
            let text = try String(contentsOfFile: settingsPath, encoding: .utf8)
            // A file of one Land holds its settings; an aggregate's maps entityIDs to settings.
            if lands.count == 1 {
                lands[0].settings = try YAMLDecoder().decode(LandSettings.self, from: text)
            } else {
                let perEntity = try YAMLDecoder().decode([String: LandSettings].self, from: text)
                for index in lands.indices {
                    lands[index].settings = perEntity[lands[index].entityID] ?? LandSettings()
                }
            }
        } catch {
            throw ConfigurationError(key: "(settings)", source: .file(path: settingsPath, line: nil), reason: "\(error)")
        }
        return lands
    }

    /// `saml.federation_certificate`, which verifies aggregates (and, when set, every Land file).
    static func federationCertificate(_ configuration: PforteConfig) throws(ConfigurationError) -> TrustedCertificate? {
        let path = configuration.saml.federationCertificate
        guard !path.isEmpty else { return nil }
        do {
            return try TrustedCertificate(pem: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ConfigurationError(key: "saml.federation_certificate", source: .file(path: path, line: nil), reason: "\(error)")
        }
    }
}
