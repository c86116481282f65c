public import Foundation
public import PforteConfiguration
import PforteCrypto
import PforteFederation

/// The work of `pforte metadata export --role federation`.
public enum FederationMetadataFiles {
    /// Our SP role's signed metadata, as `/federation/metadata` serves it: what a Land imports.
    public static func export(_ configuration: PforteConfig, now: Date = PforteClock.system.now()) throws -> Data {
        let keys = try KeyDirectory(url: URL(fileURLWithPath: configuration.paths.keys)).loadKeySet()
        return try FederationSetup.serviceProvider(configuration, keys: keys).metadata(now: now)
    }
}
