import Foundation
import PforteAccounts
import PforteCore
import Testing

/// Design §6 and the issue: "The database alone must not reveal names, birth date or address."
/// Every flow that stores personal data runs, then the database's files (including SQLite's
/// write-ahead log) are read as bytes and searched.
@Suite struct PersonalDataAtRestTests {
    private static let personalData = ["Erika", "Mustermann", "Gabler", "1964", "Heidestra", "Köln", "Haustier", "bello"]

    @Test func theDatabaseFilesHoldNoPersonalDataInClear() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("kontakt@example.de")
            let (_, session) = try await harness.logIn("kontakt@example.de")
            try await harness.services.profiles.update([
                .familyName(try PersonName("Gabler")),
                .dateOfBirth(try PartialDate(year: 1964, month: 8, day: 12)),
                .address(try PostalAddress(street: "Heidestraße", houseNumber: "17", postalCode: "51147", city: "Köln",
                                           countryCode: "DE")),
            ], session: session)
            try await harness.services.emailChange.requestChange(session: session, newEmail: "gabler@example.org",
                                                                 language: .german)
            try await harness.services.passwordReset.requestReset(email: "kontakt@example.de", language: .german)
            _ = await accountErrorCode { _ = try await harness.logIn("kontakt@example.de", password: "Falsch2024!") }

            let files = try FileManager.default.contentsOfDirectory(at: harness.directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasPrefix("pforte.sqlite") }
            #expect(!files.isEmpty)
            var bytes = Data()
            for file in files { bytes.append(try Data(contentsOf: file)) }
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            #expect(text.contains("kontakt@example.de"), "the search does not see the stored rows")
            for datum in Self.personalData {
                #expect(!text.contains(datum.lowercased()), "\(datum) is in the database in clear")
            }
            // The login name is the only personal datum in clear; the pending new address is sealed.
            #expect(!text.contains("gabler@example.org"))
            // The client address is kept only as a keyed hash.
            #expect(!text.contains(Harness.client))
        }
    }
}
