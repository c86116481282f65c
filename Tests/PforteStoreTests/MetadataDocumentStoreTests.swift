import Foundation
import Testing

@testable import PforteStore

/// The relying-party registry's documents (issue #21): what every node builds its SPs and
/// Länder from, and the version that tells a node to rebuild.
@Suite struct MetadataDocumentStoreTests {
    private func document(_ origin: MetadataDocumentRecord.Origin, _ name: String, text: String = "<EntityDescriptor/>",
                          settings: String = "") -> MetadataDocumentRecord {
        MetadataDocumentRecord(origin: origin, name: name, role: .sp, document: Data(text.utf8), settings: settings,
                               certificate: origin == .url ? "-----BEGIN CERTIFICATE-----" : nil, updatedAt: Fixture.now)
    }

    @Test(arguments: StoreBackend.all)
    func documentsAreSavedListedByOriginAndRemoved(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let documents = SQLMetadataDocumentStore(store: store)
            #expect(try await documents.version() == 0)
            let source = document(.url, "https://federation.example/aggregate.xml")
            let imported = document(.imported, "portal.example", settings: "minimum_level: hoch\n")
            let other = document(.imported, "another.example")
            try await documents.save(source)
            try await documents.save(imported)
            try await documents.save(other)
            #expect(try await documents.list() == [other, imported, source])
            #expect(try await documents.version() == 3)

            var updated = imported
            updated.document = Data("<EntityDescriptor entityID='x'/>".utf8)
            try await documents.save(updated)
            #expect(try await documents.list() == [other, updated, source])

            #expect(try await documents.delete(origin: .imported, name: "portal.example") == true)
            #expect(try await documents.delete(origin: .imported, name: "portal.example") == false)
            #expect(try await documents.delete(origin: .url, name: "portal.example") == false)
            #expect(try await documents.list() == [other, source])
            #expect(try await documents.version() == 5)
        }
    }

    /// Two nodes changing the registry at once each raise the version: none is lost, so every
    /// node sees that it has to rebuild.
    @Test(arguments: StoreBackend.all)
    func concurrentChangesEachRaiseTheVersion(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let documents = SQLMetadataDocumentStore(store: store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    group.addTask { try await documents.save(document(.imported, "portal\(index).example")) }
                }
                try await group.waitForAll()
            }
            #expect(try await documents.version() == 6)
            #expect(try await documents.list().count == 6)
        }
    }
}
