public import Foundation
public import PforteConfiguration
import PforteCrypto
import PforteFederation

/// The work of `pforte metadata export --role federation`, `pforte metadata import --land` and
/// `pforte metadata lands`, next to the code that reads the same files at start.
public enum FederationMetadataFiles {
    /// Our SP role's signed metadata, as `/federation/metadata` serves it: what a Land imports.
    public static func export(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws -> Data {
        let keys = try KeyDirectory(url: URL(fileURLWithPath: configuration.paths.keys)).loadKeySet()
        return try FederationSetup.serviceProvider(configuration, keys: keys).metadata(now: now)
    }

    /// Validates a Land's metadata or a federation's aggregate as `pforte serve` will (with
    /// `saml.federation_certificate` its signature) and copies it unchanged into
    /// `<paths.metadata>/federation/`.
    ///
    /// - Returns: the Länder's entityIDs and the file written.
    public static func importLand(_ configuration: PforteConfig, from source: URL, now: Date = PforteClock.system.now()) throws -> ([String], String) {
        let directory = FederationFiles.directory(configuration)
        let certificate = try FederationFiles.federationCertificate(configuration)
        let lands = try FederationFiles.readLands(path: source.path, certificate: certificate, now: now)
        guard !lands.isEmpty else { throw FederationError(.metadata, "\(source.path) describes no IdP (IDPSSODescriptor)") }
        let target = directory.appendingPathComponent(SAMLMetadataFiles.fileName(for: lands[0].entityID) + ".xml")
        let existing = try FederationFiles.load(configuration, now: now).lands.map(\.entityID)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.removeItem(at: target)
        } else if let twice = lands.first(where: { existing.contains($0.entityID) }) {
            throw FederationError(.metadata, "\(twice.entityID) is already trusted through another file")
        }
        try FileManager.default.copyItem(at: source, to: target)
        return (lands.map(\.entityID), target.path)
    }

    /// The Länder as `pforte metadata lands` shows them, validated as at start.
    public static func describe(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws(ConfigurationError) -> String {
        let contents = try FederationFiles.load(configuration, now: now)
        let lands = contents.lands.map { land in
            [
                "entity_id: \(land.entityID)",
                "display_name: \(land.displayName)",
                "label: \(land.label)",
                "sso: \(land.singleSignOnURL)",
                "slo: \(land.singleLogoutURL ?? "")",
                "attribute_overrides: \(land.settings.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
            ].joined(separator: "\n")
        }
        let providers = contents.serviceProviders.map { "sp_entity_id: \($0.entityID)" }
        return (lands + providers).joined(separator: "\n\n")
    }
}
