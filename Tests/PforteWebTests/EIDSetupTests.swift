import Foundation
import Logging
import PforteConfiguration
import PforteEID
@testable import PforteWeb
import Testing

@Suite struct EIDSetupTests {
    /// The development default: the simulator runs in the process with generated keys, and the
    /// connector reaches it over TLS with a client certificate and WS-Security.
    @Test func theDevelopmentDefaultReachesTheBundledSimulator() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-eid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PforteConfig()
        config.paths.keys = directory.path
        let setup = try #require(try EIDSetup.make(config, logger: Logger(label: "eid-setup-test")))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("eid-dev/ca.cert.pem").path))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in setup.services {
                group.addTask { try await service.run() }
            }
            let info = try await setup.connector.serverInfo()
            #expect(!info.version.isEmpty)
            group.cancelAll()
        }
    }

    @Test func disabledMeansNoConnector() throws {
        var config = PforteConfig()
        config.eid.enabled = false
        #expect(try EIDSetup.make(config, logger: Logger(label: "eid-setup-test")) == nil)
    }
}
