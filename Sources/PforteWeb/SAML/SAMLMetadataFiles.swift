public import Foundation
public import PforteConfiguration
import PforteCrypto
import PforteSAML

/// The work of `pforte metadata export`, and the file names of imported documents.
public enum SAMLMetadataFiles {
    /// The IdP's signed metadata, as `/saml/metadata` serves it.
    public static func export(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws -> Data {
        let keys = try KeyDirectory(url: URL(fileURLWithPath: configuration.paths.keys)).loadKeySet()
        return try IdentityProvider(publicURL: configuration.effectivePublicURL, keys: keys.saml).metadata(now: now)
    }

    /// A file name from the entityID: letters, digits, `.` and `-` only.
    public static func fileName(for entityID: String) -> String {
        let withoutScheme = entityID.replacingOccurrences(of: "^[a-zA-Z][a-zA-Z0-9+.-]*:/*", with: "", options: .regularExpression)
        let cleaned = withoutScheme.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "-" }
        return String(String(cleaned).trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(100))
    }
}
