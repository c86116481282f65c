import Foundation
import Testing

@testable import PforteConfiguration

/// A class suite: each test gets its own instance, whose deinit removes the files it wrote.
@Suite final class ConfigurationLoaderTests {
    private let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-config-\(UUID().uuidString)")

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ yaml: String) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("pforte.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func noConfigurationGivesTheDevelopmentInstance() throws {
        let config = try ConfigurationLoader(environment: [:]).load(file: nil)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8080)
        #expect(config.store.driver == .sqlite)
        #expect(config.effectiveSQLitePath == "data/pforte.sqlite")
        #expect(config.paths.keys == "keys")
        #expect(config.effectivePublicURL.absoluteString == "http://127.0.0.1:8080")
        #expect(config.passwords.argon2MemoryKiB == 7168 && config.passwords.argon2Iterations == 5 && config.passwords.argon2Parallelism == 1)
    }

    @Test func fileThenEnvironmentThenFlagsWin() throws {
        let file = try write("""
            server:
              port: 9000
              host: 0.0.0.0
            store:
              driver: postgres
              postgres_url: postgres://a@db/pforte
            """)
        let loader = ConfigurationLoader(environment: ["PFORTE_SERVER_PORT": "9100"])
        let fromEnvironment = try loader.load(file: file)
        #expect(fromEnvironment.server.port == 9100)
        #expect(fromEnvironment.server.host == "0.0.0.0")
        #expect(fromEnvironment.store.driver == .postgres)

        let fromFlag = try loader.load(file: file, flags: ["server.port": ("--port", "9200")])
        #expect(fromFlag.server.port == 9200)
    }

    @Test func publicURLIsNormalisedWithoutTrailingSlash() throws {
        let config = try ConfigurationLoader(
            environment: ["PFORTE_SERVER_PUBLIC_URL": "https://konto.example.de/", "PFORTE_EID_ENABLED": "false"]
        ).load(file: nil)
        #expect(config.effectivePublicURL.absoluteString == "https://konto.example.de")
    }

    @Test func theEIDSimulatorIsRefusedBehindHTTPS() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_SERVER_PUBLIC_URL": "https://konto.example.de"]).load(file: nil)
        }
        #expect(error?.key == "eid.simulator")
    }

    @Test func aRealEIDServerNeedsEveryFile() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [
                "PFORTE_EID_SIMULATOR": "false", "PFORTE_EID_SERVER_URL": "https://eid.example.de/eID",
            ]).load(file: nil)
        }
        #expect(error?.key == "eid.tls_client_certificate")
    }

    @Test func anOutOfRangePortNamesTheKeyAndTheLine() throws {
        let file = try write("server:\n  port: 70000\n")
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: file) }
        #expect(error?.key == "server.port")
        #expect(error?.source == .file(path: file.path, line: 2))
        #expect(error?.description.contains("expected an integer from 1 to 65535") == true)
    }

    @Test func anUnknownKeyInTheFileIsAnError() throws {
        let file = try write("server:\n  prot: 8080\n")
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: file) }
        #expect(error?.key == "server.prot")
        #expect(error?.reason == "unknown key")
    }

    @Test(arguments: ["sever:\n  port: 8080\n", "colour: blue\n"])
    func anUnknownSectionIsAnError(_ yaml: String) throws {
        let file = try write(yaml)
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: file) }
        #expect(error?.reason.hasPrefix("unknown section") == true)
    }

    @Test func aMisspeltEnvironmentVariableIsAnError() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_SERVER_PROT": "1"]).load(file: nil)
        }
        #expect(error?.source == .environment(variable: "PFORTE_SERVER_PROT"))
    }

    @Test func theTestHarnessVariablesAreNotSettings() throws {
        let config = try ConfigurationLoader(environment: ["PFORTE_TEST_POSTGRES_URL": "postgres://x@y/z"]).load(file: nil)
        #expect(config.store.driver == .sqlite)
    }

    @Test func anInvalidEnvironmentValueNamesTheVariable() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_STORE_DRIVER": "mysql"]).load(file: nil)
        }
        #expect(error?.key == "store.driver")
        #expect(error?.description.contains("PFORTE_STORE_DRIVER") == true)
        #expect(error?.description.contains("expected one of sqlite, postgres") == true)
    }

    @Test func theReadinessTimeoutIsSetWithinItsRange() throws {
        #expect(try ConfigurationLoader(environment: [:]).load(file: nil).server.readinessTimeoutSeconds == 3)
        let set = try ConfigurationLoader(environment: ["PFORTE_SERVER_READINESS_TIMEOUT_SECONDS": "1"]).load(file: nil)
        #expect(set.server.readinessTimeoutSeconds == 1)
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_SERVER_READINESS_TIMEOUT_SECONDS": "0"]).load(file: nil)
        }
        #expect(error?.key == "server.readiness_timeout_seconds")
    }

    @Test(arguments: [
        (["PFORTE_SESSIONS_IDLE_TIMEOUT_SECONDS": "3600", "PFORTE_SESSIONS_MAX_LIFETIME_SECONDS": "600"], "sessions.max_lifetime_seconds"),
        (["PFORTE_THROTTLE_BASE_DELAY_SECONDS": "60", "PFORTE_THROTTLE_MAX_DELAY_SECONDS": "30"], "throttle.max_delay_seconds"),
        (["PFORTE_THROTTLE_MAX_DELAY_SECONDS": "7200", "PFORTE_THROTTLE_WINDOW_HOURS": "2"], "throttle.window_hours"),
        (["PFORTE_RETENTION_ACCOUNT_DELETION_REMINDER_DAYS": "60"], "retention.account_deletion_reminder_days"),
        (["PFORTE_RETENTION_ACCOUNT_DELETION_NOTICE_DAYS": "90", "PFORTE_RETENTION_ACCOUNT_INACTIVITY_DAYS": "60"],
         "retention.account_deletion_reminder_days"),
    ])
    func settingsThatContradictEachOtherAreRefused(_ environment: [String: String], _ key: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: environment).load(file: nil)
        }
        #expect(error?.key == key)
        #expect(error?.source == .combination)
    }

    @Test func anUnknownLogLevelNamesTheLevels() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_LOG_LEVEL": "loud"]).load(file: nil)
        }
        #expect(error?.key == "log.level")
        #expect(error?.description.contains("expected one of trace, debug") == true)
    }

    @Test(arguments: [("- server\n- store\n", "(top level)"), ("server: 8080\n", "server"), ("? [a, b]\n: {port: 1}\n", "(section)")])
    func aFileOfTheWrongShapeNamesWhere(_ yaml: String, _ key: String) throws {
        let file = try write(yaml)
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(file: file)
        }
        #expect(error?.key == key)
    }

    @Test func postgresNeedsAURL() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_STORE_DRIVER": "postgres"]).load(file: nil)
        }
        #expect(error?.key == "store.postgres_url")
    }

    @Test(arguments: ["ftp://x", "konto.example.de", "https://konto.example.de/?a=b", "https://konto.example.de/#x"])
    func publicURLMustBeAnAbsoluteHTTPURL(_ value: String) throws {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_SERVER_PUBLIC_URL": value]).load(file: nil)
        }
    }

    @Test func brokenYAMLIsReported() throws {
        let file = try write("server: [port: 1\n")
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: file) }
        #expect(error?.description.contains("not valid YAML") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func aNestedValueWhereAScalarBelongsIsRefused() throws {
        let file = try write("server:\n  port:\n    value: 1\n")
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: file) }
        #expect(error?.key == "server.port")
        #expect(error?.reason == "expected a single value")
    }

    @Test func aMissingFileIsReported() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/pforte.yaml")
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: missing) }
    }

    @Test func environmentVariableNamesFollowTheKeys() {
        let names = Set(PforteConfig.settings.map(\.environmentVariable))
        #expect(names.contains("PFORTE_SERVER_PUBLIC_URL"))
        #expect(names.contains("PFORTE_STORE_POSTGRES_URL"))
        #expect(names.count == PforteConfig.settings.count)
    }
}
