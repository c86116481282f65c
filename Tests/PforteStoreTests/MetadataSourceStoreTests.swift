import Foundation
import Testing

@testable import PforteStore

/// Metadata sources (issue #21): the lease that lets one node at a time refresh a source, and
/// the last good copy written with the source's state.
@Suite struct MetadataSourceStoreTests {
    let url = "https://federation.example/aggregate.xml"

    func source(due: Date = Fixture.now) -> MetadataSourceRecord {
        MetadataSourceRecord(url: url, role: .federation, certificate: "PEM", settings: "{}", refreshSeconds: 3600, nextRefreshAt: due)
    }

    func copy(_ text: String) -> MetadataDocumentRecord {
        MetadataDocumentRecord(origin: .url, name: url, role: .federation, document: Data(text.utf8), settings: "{}",
                               certificate: "PEM", updatedAt: Fixture.now)
    }

    @Test(arguments: StoreBackend.all)
    func aDueSourceIsLeasedToOneNodeAtATime(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let sources = SQLMetadataSourceStore(store: store)
            try await sources.save(source())
            let leaseEnd = Fixture.now.addingTimeInterval(120)
            let claims = try await withThrowingTaskGroup(of: Int.self) { group in
                for node in 0..<4 {
                    group.addTask { try await sources.claimDue(holder: "node\(node)", now: Fixture.now, leaseEnd: leaseEnd).count }
                }
                return try await group.reduce(0, +)
            }
            #expect(claims == 1)
            #expect(try await sources.claimDue(holder: "late", now: Fixture.now.addingTimeInterval(60), leaseEnd: leaseEnd).isEmpty)
            // A node that died holding the lease loses it when the lease ends.
            #expect(try await sources.claimDue(holder: "next", now: leaseEnd.addingTimeInterval(1), leaseEnd: leaseEnd.addingTimeInterval(120)).count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aGoodCopyIsStoredForAllNodesAndAFailureKeepsIt(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let sources = SQLMetadataSourceStore(store: store)
            let documents = SQLMetadataDocumentStore(store: store)
            try await sources.save(source())
            var claimed = try #require(try await sources.claimDue(holder: "a", now: Fixture.now, leaseEnd: Fixture.now.addingTimeInterval(120)).first)
            claimed.lastSuccessAt = Fixture.now
            claimed.entities = 5
            claimed.validUntil = Fixture.now.addingTimeInterval(86_400)
            claimed.nextRefreshAt = Fixture.now.addingTimeInterval(3600)
            try await sources.recordSuccess(claimed, document: copy("<good/>"), holder: "a")
            #expect(try await documents.list() == [copy("<good/>")])
            #expect(try await documents.version() == 1)
            #expect(try await sources.list() == [claimed])

            // The same copy again moves nothing; a node whose lease was taken over writes nothing.
            try await sources.recordSuccess(claimed, document: copy("<good/>"), holder: "a")
            #expect(try await documents.version() == 1)
            try await sources.recordSuccess(claimed, document: copy("<stale/>"), holder: "b")
            #expect(try await documents.list() == [copy("<good/>")])

            let later = Fixture.now.addingTimeInterval(3600)
            var failing = try #require(try await sources.claimDue(holder: "b", now: later, leaseEnd: later.addingTimeInterval(120)).first)
            failing.lastError = "the source answered HTTP 503"
            failing.nextRefreshAt = later.addingTimeInterval(300)
            try await sources.recordFailure(failing, holder: "b")
            #expect(try await documents.list() == [copy("<good/>")])
            #expect(try await sources.list() == [failing])
            #expect(try await sources.claimDue(holder: "c", now: later.addingTimeInterval(299), leaseEnd: later.addingTimeInterval(400)).isEmpty)

            #expect(try await sources.delete(url: url) == true)
            #expect(try await sources.delete(url: url) == false)
            #expect(try await documents.list().isEmpty)
            #expect(try await documents.version() == 2)
        }
    }
}
