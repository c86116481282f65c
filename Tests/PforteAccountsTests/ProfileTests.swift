import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct ProfileTests {
    @Test func theProfileIsShownAndEdited() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            let initial = try await harness.services.profiles.profile(of: session)
            #expect(initial.login == "erika@example.de")
            #expect(initial.profile == Profile(givenNames: try PersonName("Erika"), familyName: try PersonName("Mustermann")))
            #expect(initial.lockedFields.isEmpty)

            let address = try PostalAddress(street: "Heidestraße", houseNumber: "17", postalCode: "51147", city: "Köln",
                                            countryCode: "de")
            let updated = try await harness.services.profiles.update(
                [.academicTitle(try AcademicTitle("Dr.")), .familyName(try PersonName("Gabler")), .address(address)],
                session: session
            )
            #expect(updated.familyName.value == "Gabler")
            #expect(try await harness.services.profiles.profile(of: session).profile == updated)
        }
    }

    @Test func identityFieldsAreLockedAfterEIDVerification() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.accounts.markEIDVerified(id: session.accountID.description, at: harness.clock.now)

            let view = try await harness.services.profiles.profile(of: session)
            #expect(view.isEIDVerified)
            #expect(view.lockedFields == ProfileEditPolicy.lockedFields)
            let code = await accountErrorCode {
                _ = try await harness.services.profiles.update([.givenNames(try PersonName("Eve"))], session: session)
            }
            #expect(code == .lockedField(.givenNames))
            // Submitting the current value is no edit.
            _ = try await harness.services.profiles.update([.givenNames(try PersonName("Erika"))], session: session)
            #expect(try await harness.services.profiles.profile(of: session).profile.givenNames.value == "Erika")
        }
    }

    @Test func aRefusedChangeStoresNothing() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.accounts.markEIDVerified(id: session.accountID.description, at: harness.clock.now)
            _ = await accountErrorCode {
                _ = try await harness.services.profiles.update(
                    [.academicTitle(nil), .familyName(try PersonName("Gabler"))], session: session
                )
            }
            #expect(try await harness.services.profiles.profile(of: session).profile.familyName.value == "Mustermann")
        }
    }
}
