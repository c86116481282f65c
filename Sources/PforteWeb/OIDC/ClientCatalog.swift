public import Foundation
public import PforteConfiguration
public import PforteOIDC
public import PforteStore

/// A client known to Pforte, with where it was registered.
public struct RegisteredClient: Sendable {
    public enum Source: Sendable, Equatable {
        /// A YAML file in `paths.clients`, at this path.
        case file(String)
        /// The store, through `pforte clients add`.
        case store
    }

    public let registration: ClientRegistration
    public let source: Source
    /// The digest of the client's secret; nil for clients without one.
    public let secretDigest: Data?
}

/// All OIDC clients: the files of `paths.clients` (read once, at start) merged with the
/// store's (read on each lookup, so a client added with the CLI works on every node without a
/// restart).
///
/// A client id in both places is refused when the catalog is loaded: which definition counts
/// would otherwise depend on lookup order, and a file could silently shadow a client an
/// operator registered, secret and all.
public struct ClientCatalog: Sendable {
    private let files: [RegisteredClient]
    private let store: any ClientStore

    /// Reads and validates the client files and every client in the store.
    ///
    /// - Throws: ``ConfigurationError`` for a bad file, a duplicate id or an unreadable stored
    ///   registration, naming the file (or `pforte clients`) and the field.
    public static func load(_ config: PforteConfig, store: any ClientStore) async throws -> ClientCatalog {
        let files = try ClientFiles.load(directory: URL(fileURLWithPath: config.paths.clients)).map {
            RegisteredClient(registration: $0.registration, source: .file($0.path), secretDigest: nil)
        }
        let catalog = ClientCatalog(files: files, store: store)
        for record in try await store.list() {
            let stored = try catalog.registered(record)
            if let file = catalog.fileClient(stored.registration.clientID), case .file(let path) = file.source {
                throw ConfigurationError(
                    key: "client_id", source: .file(path: path, line: nil),
                    reason: "\(record.clientID) is also registered in the store; remove one of them (`pforte clients remove \(record.clientID)` or the file)"
                )
            }
        }
        return catalog
    }

    /// Every client, files first, each group ordered by id.
    public func all() async throws -> [RegisteredClient] {
        let stored = try await store.list().map(registered)
        return files.sorted { $0.registration.clientID < $1.registration.clientID } + stored
    }

    public func find(clientID: String) async throws -> RegisteredClient? {
        if let file = fileClient(clientID) { return file }
        return try await store.find(clientID: clientID).map(registered)
    }

    /// Registers a client in the store, refusing an id a file already uses.
    public func add(_ registration: ClientRegistration, secret: ClientSecret?, now: Date) async throws {
        if let file = fileClient(registration.clientID), case .file(let path) = file.source {
            throw StoreError(.clientIDTaken, "\(registration.clientID) is defined in \(path)")
        }
        try await store.create(ClientRecord(
            clientID: registration.clientID, registration: registration.jsonDocument(),
            secretDigest: try secret.map { try SecretDigest($0.digest) }, createdAt: now
        ))
    }

    /// Removes a client from the store. A file's client is removed by deleting its file.
    public func remove(clientID: String) async throws -> Bool {
        try await store.delete(clientID: clientID)
    }

    private func fileClient(_ clientID: String) -> RegisteredClient? {
        files.first { $0.registration.clientID == clientID }
    }

    private func registered(_ record: ClientRecord) throws -> RegisteredClient {
        do throws(ClientRegistrationError) {
            return RegisteredClient(
                registration: try ClientRegistration(jsonDocument: record.registration), source: .store,
                secretDigest: record.secretDigest?.bytes
            )
        } catch {
            throw ConfigurationError(key: error.field, source: .combination,
                                     reason: "the stored client \(record.clientID) is invalid: \(error.detail); remove it with `pforte clients remove \(record.clientID)` and add it again")
        }
    }
}
