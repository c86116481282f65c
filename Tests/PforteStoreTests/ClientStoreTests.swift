import Foundation
import Testing

@testable import PforteStore

@Suite struct ClientStoreTests {
    private func client(_ id: String, secret: Bool = true) throws -> ClientRecord {
        ClientRecord(
            clientID: id, registration: Data(#"{"client_id":"\#(id)","redirect_uris":["https://portal.example/cb"]}"#.utf8),
            secretDigest: secret ? Fixture.digest() : nil, createdAt: Fixture.now
        )
    }

    @Test(arguments: StoreBackend.all)
    func aClientIsFoundListedAndDeleted(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let clients = SQLClientStore(store: store)
            let portal = try client("portal")
            let app = try client("app", secret: false)
            try await clients.create(portal)
            try await clients.create(app)

            #expect(try await clients.find(clientID: "portal") == portal)
            #expect(try await clients.find(clientID: "app") == app)
            #expect(try await clients.find(clientID: "nobody") == nil)
            #expect(try await clients.list().map(\.clientID) == ["app", "portal"])

            #expect(try await clients.delete(clientID: "portal") == true)
            #expect(try await clients.delete(clientID: "portal") == false)
            #expect(try await clients.list() == [app])
        }
    }

    /// The first registration of an id wins, also when several nodes register at once; the
    /// loser's record, secret digest included, is not stored.
    @Test(arguments: StoreBackend.all)
    func aClientIDIsRegisteredOnlyOnce(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let clients = SQLClientStore(store: store)
            let candidates = try (0..<6).map { _ in try client("portal") }
            let outcomes = await withTaskGroup(of: StoreError.Code?.self) { group in
                for candidate in candidates {
                    group.addTask {
                        do {
                            try await clients.create(candidate)
                            return nil
                        } catch let error as StoreError {
                            return error.code
                        } catch {
                            return .invalidConfiguration
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == .clientIDTaken })
            let stored = try #require(try await clients.find(clientID: "portal"))
            #expect(candidates.contains(stored))
        }
    }
}
