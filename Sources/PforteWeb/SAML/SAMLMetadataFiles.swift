public import Foundation
public import PforteConfiguration
import PforteCrypto
import PforteSAML

/// The work of `pforte metadata export` and `pforte metadata import`, next to the code that
/// reads the same files at start.
public enum SAMLMetadataFiles {
    /// The IdP's signed metadata, as `/saml/metadata` serves it.
    public static func export(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws -> Data {
        let keys = try KeyDirectory(url: URL(fileURLWithPath: configuration.paths.keys)).loadKeySet()
        return try IdentityProvider(publicURL: configuration.effectivePublicURL, keys: keys.saml).metadata(now: now)
    }

    /// Validates SP metadata (entityID, ACS URLs, certificates and, with
    /// `saml.federation_certificate` set, its signature by that certificate) and copies it
    /// unchanged (a signature must stay verifiable) into `<paths.metadata>/sp/`.
    ///
    /// - Returns: the SP's entityID and the file written. An SP already there under another
    ///   file name is refused; the same file name is replaced (a metadata update).
    public static func importMetadata(
        _ configuration: PforteConfig, from source: URL, now: Date = PforteClock.system.now()
    ) throws -> (entityID: String, path: String) {
        let data = try Data(contentsOf: source)
        var federation: TrustedCertificate?
        if !configuration.saml.federationCertificate.isEmpty {
            let pem = try String(contentsOfFile: configuration.saml.federationCertificate, encoding: .utf8)
            federation = try TrustedCertificate(pem: pem)
        }
        let provider = try ServiceProviderMetadata.parse(data, federationCertificate: federation, now: now)
        let directory = ServiceProviderFiles.directory(configuration)
        let target = directory.appendingPathComponent(fileName(for: provider.entityID) + ".xml")
        for existing in try ServiceProviderFiles.load(directory: directory, now: now) where existing.entityID == provider.entityID {
            let path = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .map { directory.appendingPathComponent($0).path }
                .first { $0.hasSuffix(".xml") && (try? ServiceProviderFiles.read(path: $0, now: now).entityID) == provider.entityID }
            if path != target.path {
                throw MetadataError("\(provider.entityID) is already trusted through \(path ?? "another file")")
            }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try data.write(to: target, options: .atomic)
        return (provider.entityID, target.path)
    }

    /// The trusted SPs as `pforte metadata list` shows them: one block per SP with what the
    /// IdP will do for it. Validates every file as `pforte serve` does at start.
    ///
    /// - Throws: ``ConfigurationError`` for a bad file.
    public static func describe(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws(ConfigurationError) -> String {
        let providers = try ServiceProviderFiles.load(directory: ServiceProviderFiles.directory(configuration), now: now)
        return providers.map { provider in
            let settings = provider.settings
            return [
                "entity_id: \(provider.entityID)",
                "acs: \(provider.assertionConsumerServices.map(\.location).joined(separator: " "))",
                "slo: \(provider.singleLogoutServices.map { "\($0.location) (\($0.binding == .post ? "POST" : "Redirect"))" }.joined(separator: " "))",
                "minimum_level: \(settings.minimumLevel.rawValue)",
                "attributes: \(settings.attributes.joined(separator: " "))",
                "name_id_format: \(settings.nameIDFormat == .persistent ? "persistent" : "transient")",
                "signed_requests_required: \(provider.requiresSignedRequests)",
                "assertions_encrypted: \(provider.encryptsAssertions)",
            ].joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// A file name from the entityID: letters, digits, `.` and `-` only.
    public static func fileName(for entityID: String) -> String {
        let withoutScheme = entityID.replacingOccurrences(of: "^[a-zA-Z][a-zA-Z0-9+.-]*:/*", with: "", options: .regularExpression)
        let cleaned = withoutScheme.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "-" }
        return String(String(cleaned).trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(100))
    }
}
