public import Foundation
public import PforteConfiguration
import PforteSAML
public import PforteStore

/// The work of `pforte metadata source add|list`.
public enum MetadataSourceCommands {
    public static func isAcceptable(url: String) -> Bool {
        MetadataSourceRefresh.isAcceptable(url)
    }

    /// `30s`, `15m`, `1h`, `1d` as seconds (at least one).
    public static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
        let factor = ["s": 1, "m": 60, "h": 3600, "d": 86_400][String(unit)]
        return factor.map { number * $0 }
    }

    /// Checks the certificate and the settings, then saves the source, due at once.
    public static func add(
        _ configuration: PforteConfig, sources: any MetadataSourceStore, url: String, role: MetadataDocumentRecord.Role,
        certificate: URL, settings: URL?, refreshSeconds: Int, now: Date = Date()
    ) async throws {
        let pem = try String(contentsOf: certificate, encoding: .utf8)
        _ = try TrustedCertificate(pem: pem)
        let settingsText = try settings.map { try String(contentsOf: $0, encoding: .utf8) } ?? ""
        _ = try EntitySettings(yaml: settingsText, perEntity: false)
        try await sources.save(MetadataSourceRecord(
            url: url, role: role, certificate: pem, settings: settingsText, refreshSeconds: refreshSeconds, nextRefreshAt: now
        ))
    }

    public static func describe(_ source: MetadataSourceRecord) -> String {
        [
            "url: \(source.url)",
            "role: \(source.role.rawValue)",
            "refresh_seconds: \(source.refreshSeconds)",
            "last_success: \(source.lastSuccessAt.map(SAMLTime.format) ?? "never")",
            "valid_until: \(source.validUntil.map(SAMLTime.format) ?? "")",
            "entities: \(source.entities)",
            "next_refresh: \(SAMLTime.format(source.nextRefreshAt))",
            "last_error: \(source.lastError ?? "")",
        ].joined(separator: "\n")
    }
}
