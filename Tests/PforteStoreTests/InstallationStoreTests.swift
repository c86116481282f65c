import Foundation
import Testing

@testable import PforteStore

/// The one installation record of a store, on both backends.
@Suite struct InstallationStoreTests {
    @Test(arguments: StoreBackend.all)
    func anUnmigratedStoreHasNoRecord(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let store = try SQLStore.open(configuration, logger: StoreBackend.logger)
            #expect(try await SQLInstallationStore(store: store).find() == nil)
            try await store.close()
        }
    }

    /// Of two nodes claiming at once, the first decides; the second gets the first's record.
    @Test(arguments: StoreBackend.all)
    func theFirstClaimDecides(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let installations = SQLInstallationStore(store: store)
            let first = InstallationRecord(fingerprint: "first", keyIDs: ["b", "a"], recordedAt: Date(unixSeconds: 1_800_000_000))
            let second = InstallationRecord(fingerprint: "second", keyIDs: ["c"], recordedAt: Date(unixSeconds: 1_800_000_100))
            let before = try await installations.find()
            let claimedFirst = try await installations.claim(first)
            let claimedSecond = try await installations.claim(second)
            let after = try await installations.find()
            #expect(before == nil)
            #expect(claimedFirst == first && claimedSecond == first && after == first)
            #expect(first.keyIDs == ["a", "b"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRotationReplacesTheKeyIDsOfTheSameInstallationOnly(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let installations = SQLInstallationStore(store: store)
            let recorded = Date(unixSeconds: 1_800_000_000)
            _ = try await installations.claim(InstallationRecord(fingerprint: "ours", keyIDs: ["a", "b"], recordedAt: recorded))
            try await installations.updateKeyIDs(["z"], fingerprint: "theirs", at: recorded)
            #expect(try await installations.find()?.keyIDs == ["a", "b"])
            try await installations.updateKeyIDs(["c", "b"], fingerprint: "ours", at: recorded)
            #expect(try await installations.find()?.keyIDs == ["b", "c"])
        }
    }
}
