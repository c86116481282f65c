// swift-tools-version:6.2
import PackageDescription

// `make test` measures line coverage of the project's own code (PFORTE_COVERAGE=1): only its
// targets are instrumented, where `--enable-code-coverage` would instrument every dependency
// too, a slower build for numbers nobody reads. The profiling runtime is linked in with them.
let coverage: (swift: [SwiftSetting], linker: [LinkerSetting]) = Context.environment["PFORTE_COVERAGE"] == "1"
    ? ([.unsafeFlags(["-profile-generate", "-profile-coverage-mapping"])], [.unsafeFlags(["-profile-generate"])])
    : ([], [])

// Whatever links the project's targets (the test bundle and `pforte`) links with lld, which the
// Swift toolchain ships: it links the debug test bundle and `pforte` in 3 s, where the default
// gold takes 22 s on the CI machine. Set on PforteCore, which every product depends on.
let linking: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"], .when(platforms: [.linux]))] + coverage.linker

// Every target of this package (not its dependencies: SwiftPM applies warning control to root
// packages only) builds with zero warnings: a warning fails the build.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
] + coverage.swift

// `make fuzz` (PFORTE_FUZZ=1, docs/fuzzing.md): the modules whose parsers face the network are
// compiled with libFuzzer's coverage counters and `pforte-fuzz` links libFuzzer. Dependencies
// stay uninstrumented, so they build exactly as for the tests and CI reuses what the test build
// compiled. A debug build: the harness reads a few internals through `@testable import`.
let fuzzing = Context.environment["PFORTE_FUZZ"] == "1"
let fuzzed: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : []

let package = Package(
    name: "pforte",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pforte", targets: ["pforte"]),
    ] + (fuzzing ? [.executable(name: "pforte-fuzz", targets: ["PforteFuzz"])] : []),
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CXMLSec", pkgConfig: "xmlsec1-openssl", providers: [.apt(["libxmlsec1-dev"])]),
        .target(name: "CXMLSecShim", dependencies: ["CXMLSec"], cSettings: [.treatAllWarnings(as: .error)]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "PforteCore", resources: [.copy("Resources")], swiftSettings: strict + fuzzed, linkerSettings: linking),
        .target(
            name: "PforteMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PforteAccounts",
            dependencies: ["PforteCore", "PforteCrypto", "PforteStore", "PforteMail"],
            swiftSettings: strict
        ),
        .target(
            name: "PforteConfiguration",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "PforteCrypto",
            dependencies: [
                "CArgon2",
                "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PforteOIDC",
            dependencies: [
                "PforteCore", "PforteCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strict + fuzzed
        ),
        .target(
            name: "PforteXML",
            dependencies: ["CXMLSec", "CXMLSecShim"],
            swiftSettings: strict + fuzzed
        ),
        .target(
            name: "PforteSAML",
            dependencies: [
                "PforteCore", "PforteCrypto", "PforteXML", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict + fuzzed
        ),
        .target(
            name: "PforteFederation",
            dependencies: [
                "PforteCore", "PforteCrypto", "PforteSAML", "PforteXML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict + fuzzed
        ),
        .target(
            name: "PforteEID",
            dependencies: [
                "PforteCore", "PforteXML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict + fuzzed
        ),
        .target(
            name: "PforteEIDSimulator",
            dependencies: [
                "PforteEID", "PforteCore", "PforteXML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PforteStore",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PforteWeb",
            dependencies: [
                "PforteAccounts", "PforteConfiguration", "PforteCore", "PforteCrypto", "PforteMail", "PforteOIDC", "PforteStore",
                "PforteSAML", "PforteXML", "PforteFederation", "PforteEID", "PforteEIDSimulator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pforte",
            dependencies: [
                "PforteWeb", "PforteAccounts", "PforteConfiguration", "PforteCore", "PforteCrypto", "PforteOIDC", "PforteStore", "PforteXML",
                "PforteMail", "PforteSAML", "PforteFederation", "PforteEID", "PforteEIDSimulator",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "PforteAccountsTests", dependencies: ["PforteAccounts"], swiftSettings: strict),
        .testTarget(name: "PforteCoreTests", dependencies: ["PforteCore"], swiftSettings: strict),
        .testTarget(
            name: "PforteMailTests",
            dependencies: ["PforteMail", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "PforteConfigurationTests", dependencies: ["PforteConfiguration"], swiftSettings: strict),
        .testTarget(
            name: "PforteCryptoTests",
            dependencies: [
                "PforteCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PforteXMLTests",
            dependencies: [
                "PforteXML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PforteOIDCTests",
            dependencies: [
                "PforteOIDC", "PforteCore", "PforteCrypto",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PforteSAMLTests",
            dependencies: [
                "PforteSAML", "PforteXML", "PforteCore", "PforteCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PforteFederationTests",
            dependencies: [
                "PforteFederation", "PforteSAML", "PforteXML", "PforteCore", "PforteCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PforteEIDTests",
            dependencies: [
                "PforteEID", "PforteEIDSimulator", "PforteXML", "PforteCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "PforteStoreTests", dependencies: ["PforteStore"], swiftSettings: strict),
        .testTarget(
            name: "PforteWebTests",
            dependencies: ["PforteWeb", "PforteCrypto", .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: strict
        ),
    ] + (fuzzing ? [
        .target(
            name: "PforteFuzzTargets",
            dependencies: [
                "PforteCore", "PforteCrypto", "PforteOIDC", "PforteXML", "PforteSAML", "PforteFederation", "PforteEID",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            path: "Tests/fuzz/Targets",
            swiftSettings: strict + fuzzed
        ),
        .executableTarget(
            name: "PforteFuzz",
            dependencies: ["PforteFuzzTargets"],
            path: "Tests/fuzz/Driver",
            cSettings: [.treatAllWarnings(as: .error)],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]
        ),
    ] : [])
)
