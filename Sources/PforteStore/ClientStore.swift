public import Foundation

/// An OIDC client registered through the CLI, as the store keeps it.
///
/// The registration itself is an opaque JSON document written and validated by PforteOIDC;
/// the store knows only what it must index or protect: the client id and the secret's digest.
public struct ClientRecord: Sendable, Equatable {
    public var clientID: String
    /// The registration metadata (`ClientRegistration`'s JSON document).
    public var registration: Data
    /// SHA-256 of the generated secret; nil for clients without one (public, `private_key_jwt`).
    public var secretDigest: SecretDigest?
    public var createdAt: Date

    public init(clientID: String, registration: Data, secretDigest: SecretDigest?, createdAt: Date) {
        self.clientID = clientID
        self.registration = registration
        self.secretDigest = secretDigest
        self.createdAt = createdAt
    }
}

/// The OIDC clients registered in the store, shared by every node.
public protocol ClientStore: Sendable {
    /// Stores a new client. Throws ``StoreError/Code/clientIDTaken`` when the id exists.
    func create(_ client: ClientRecord) async throws

    func find(clientID: String) async throws -> ClientRecord?

    /// Every client, ordered by id.
    func list() async throws -> [ClientRecord]

    /// Removes a client. Returns whether it existed.
    @discardableResult
    func delete(clientID: String) async throws -> Bool
}
