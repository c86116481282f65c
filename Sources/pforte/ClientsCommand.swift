import ArgumentParser
import Foundation
import PforteConfiguration
import PforteCore
import PforteOIDC
import PforteStore
import PforteWeb

struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "OIDC clients (relying parties): register in the store, list, show, remove.",
        discussion: """
            Clients come from the store (this command) and from YAML files in paths.clients,
            read at start. A confidential client using a secret gets one generated here; it is
            printed once and stored only as a digest.
            """,
        subcommands: [Add.self, List.self, Show.self, Remove.self]
    )

    /// Runs `body` with the catalog over the configured store, closing the store afterwards. A
    /// bad client file ends the command like a bad setting (exit 2).
    static func withCatalog<Result>(_ options: ConfigOptions, _ body: (ClientCatalog) async throws -> Result) async throws -> Result {
        do {
            return try await withMigratedStore(options, label: "pforte.clients") { config, store, _ in
                try await body(try await ClientCatalog.load(config, store: SQLClientStore(store: store)))
            }
        } catch let error as ConfigurationError {
            throw refuse(error)
        }
    }

    static func label(_ source: RegisteredClient.Source) -> String {
        switch source {
        case .store: "store"
        case .file(let path): path
        }
    }

    /// The registration as `field: value` lines with the metadata names a client file uses.
    static func describe(_ registration: ClientRegistration, source: RegisteredClient.Source) -> String {
        let document = (try? JSONSerialization.jsonObject(with: registration.jsonDocument())) as? [String: Any] ?? [:]
        let lines = document.keys.sorted().map { field -> String in
            let value: String = switch document[field] {
            case let list as [String]: list.joined(separator: " ")
            case let object as [String: Any]:
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? "?"
            case let other?: "\(other)"
            case nil: ""
            }
            return "\(field): \(value)"
        }
        return (["source: \(label(source))"] + lines).joined(separator: "\n")
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a client in the store.",
            discussion: """
                For client_secret_basic (the default of a confidential client) and
                client_secret_post, the generated secret is printed once; Pforte keeps only its
                SHA-256 digest. A lost secret means removing and adding the client again.
                """
        )

        @OptionGroup var options: ConfigOptions
        @Option(help: "Client id: 1–128 of A–Z a–z 0–9 - . _ ~") var id: String
        @Option(help: "Display name shown to users.") var name: String
        @Option(name: .customLong("redirect-uri"), help: "Redirect URI, compared exactly (repeatable).") var redirectURIs: [String] = []
        @Flag(name: .customLong("public"), help: "A public client (browser or native app): no secret, PKCE required.") var isPublic = false
        @Option(help: "client_secret_basic, client_secret_post, private_key_jwt or none (default: client_secret_basic, none for --public).")
        var authMethod: String?
        @Option(name: .customLong("scope"), help: "A scope the client may request besides openid (repeatable): \(Scope.allCases.map(\.rawValue).joined(separator: ", ")).")
        var scopes: [String] = []
        @Option(help: "Minimum trust level: normal, substantiell or hoch.") var minimumLevel = TrustLevel.normal.rawValue
        @Option(help: "ID token algorithm: ES256 or RS256.") var idTokenAlg = SigningAlgorithm.es256.rawValue
        @Option(name: .customLong("backchannel-logout-uri"), help: "Where back-channel logout tokens are sent.") var backchannelLogoutURI: String?
        @Option(name: .customLong("post-logout-redirect-uri"), help: "Where RP-initiated logout may return to (repeatable).")
        var postLogoutRedirectURIs: [String] = []
        @Option(name: .customLong("sector-identifier-host"), help: "Host standing for the sector of pairwise subjects; required when the redirect URIs span several hosts.")
        var sectorIdentifierHost: String?
        @Option(name: .customLong("jwks-uri"), help: "URL of the client's public keys (private_key_jwt).") var jwksURI: String?
        @Option(name: .customLong("jwks-file"), help: "File with the client's public keys as a JWK Set (private_key_jwt).") var jwksFile: String?

        func run() async throws {
            let registration: ClientRegistration
            do {
                registration = try makeRegistration()
            } catch {
                throw fail("client not added: \(ClientRegistrationError(decoding: error))")
            }
            let secret = registration.tokenEndpointAuthMethod.usesSecret ? ClientSecret.generate() : nil
            do {
                try await Clients.withCatalog(options) { try await $0.add(registration, secret: secret, now: Date()) }
            } catch let error as StoreError where error.code == .clientIDTaken {
                throw fail("client not added: \(error.detail)")
            }
            print(Clients.describe(registration, source: .store))
            if let secret {
                print("client_secret: \(secret.value)")
                FileHandle.standardError.write(Data("pforte: the client secret is shown only now; Pforte keeps only its digest\n".utf8))
            }
        }

        private func makeRegistration() throws -> ClientRegistration {
            func parse<Value: RawRepresentable<String>>(_ text: String, field: String) throws -> Value {
                guard let value = Value(rawValue: text) else {
                    throw ClientRegistrationError(.unknownValue, field: field, "unknown value \(text)")
                }
                return value
            }
            if jwksURI != nil, jwksFile != nil {
                throw ClientRegistrationError(.invalidKeys, field: "jwks", "give either --jwks-uri or --jwks-file")
            }
            let jwks = try jwksFile.map { path in
                try JSONDecoder().decode(ClientKeySet.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            return try ClientRegistration(
                clientID: id, name: name, type: isPublic ? .public : .confidential, redirectURIs: redirectURIs,
                postLogoutRedirectURIs: postLogoutRedirectURIs,
                scopes: try scopes.map { try parse($0, field: "scope") },
                minimumTrustLevel: try parse(minimumLevel, field: "minimum_trust_level"),
                tokenEndpointAuthMethod: try authMethod.map { try parse($0, field: "token_endpoint_auth_method") },
                jwks: jwks, jwksURI: jwksURI,
                idTokenSignedResponseAlg: try parse(idTokenAlg, field: "id_token_signed_response_alg"),
                sectorIdentifierHost: sectorIdentifierHost, backchannelLogoutURI: backchannelLogoutURI
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the clients: files first, then the store's, each by id.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            for client in try await Clients.withCatalog(options, { try await $0.all() }) {
                let registration = client.registration
                print([registration.clientID, registration.type.rawValue, registration.tokenEndpointAuthMethod.rawValue, Clients.label(client.source),
                       registration.name].joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one client's registration.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Client id.") var id: String

        func run() async throws {
            guard let client = try await Clients.withCatalog(options, { try await $0.find(clientID: id) }) else {
                throw fail("no client \(id)")
            }
            print(Clients.describe(client.registration, source: client.source))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a client from the store. A file's client is removed by deleting its file."
        )

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Client id.") var id: String

        func run() async throws {
            let removed = try await Clients.withCatalog(options) { try await $0.remove(clientID: id) }
            guard removed else { throw fail("no client \(id) in the store (a file's client is removed by deleting its file)") }
            print("removed \(id)")
        }
    }
}
