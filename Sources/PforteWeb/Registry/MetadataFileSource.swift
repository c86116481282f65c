import Foundation
import PforteConfiguration
import PforteStore

/// The `metadata/` directory as a source of the registry: `sp/*.xml` and `federation/*.xml`
/// with their settings files, read at start and on SIGHUP. Files stay the simple way for a
/// small installation (every node keeps the same copy); the store is the way to reach all
/// nodes at once.
struct MetadataFileSource: Sendable {
    let configuration: PforteConfig

    /// The files as documents, validated as the server always has: a bad one refuses the
    /// start, or on SIGHUP keeps the files read before.
    ///
    /// - Throws: ``ConfigurationError`` naming the bad file.
    func records(now: Date) throws -> [MetadataDocumentRecord] {
        let serviceProviders = try ServiceProviderFiles.load(directory: ServiceProviderFiles.directory(configuration), now: now)
        let federation = try FederationFiles.load(configuration, now: now)
        let federationEntityIDs = Set(federation.serviceProviders.map(\.entityID))
        if let twice = serviceProviders.first(where: { federationEntityIDs.contains($0.entityID) }) {
            throw ConfigurationError(key: "entityID", source: .file(path: configuration.paths.metadata, line: nil),
                                     reason: "\(twice.entityID) is trusted twice (sp/ and federation/)")
        }
        let certificate = try federationCertificatePEM()
        return try files(in: ServiceProviderFiles.directory(configuration), role: .sp, certificate: nil, now: now)
            + files(in: FederationFiles.directory(configuration), role: .federation, certificate: certificate, now: now)
    }

    private func files(in directory: URL, role: MetadataDocumentRecord.Role, certificate: String?, now: Date) throws -> [MetadataDocumentRecord] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().filter { $0.hasSuffix(".xml") }.map { name in
            let path = directory.appendingPathComponent(name)
            let settingsPath = path.deletingPathExtension().appendingPathExtension("yaml")
            let settings = FileManager.default.fileExists(atPath: settingsPath.path) ? try String(contentsOf: settingsPath, encoding: .utf8) : ""
            return MetadataDocumentRecord(
                origin: .file, name: "\(role == .sp ? "sp" : "federation")/\(name)", role: role,
                document: try Data(contentsOf: path), settings: settings, certificate: certificate, updatedAt: now
            )
        }
    }

    private func federationCertificatePEM() throws -> String? {
        let path = configuration.saml.federationCertificate
        return path.isEmpty ? nil : try String(contentsOfFile: path, encoding: .utf8)
    }
}
