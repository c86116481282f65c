import Foundation
import PforteAccounts
import PforteCore
import PforteStore
import Testing

/// Servicekonto Plus (issue 6) over the SQL store: login by pseudonym, registration, upgrade,
/// sync, deactivation and re-linking.
@Suite struct EIDAccountTests {
    static let erikaCard = String(repeating: "a1", count: 32)
    static let newCard = String(repeating: "b2", count: 32)

    static func card(_ pseudonym: String = erikaCard, given: String = "ERIKA", born: PartialDate? = nil,
                     city: String = "KÖLN", delivered: Set<ProfileField> = ProfileEditPolicy.lockedFields) throws -> EIDIdentity {
        EIDIdentity(
            pseudonym: pseudonym, givenNames: try PersonName(given), familyName: try PersonName("MUSTERMANN"),
            dateOfBirth: try born ?? PartialDate(year: 1964, month: 8, day: 12),
            address: try PostalAddress(street: "HEIDESTRASSE", houseNumber: "17", postalCode: "51147", city: city, countryCode: "DE"),
            delivered: delivered
        )
    }

    private func loggedIn(_ outcome: EIDAccountService.LoginOutcome) throws -> (SessionCookie, AuthenticatedSession) {
        guard case .loggedIn(let cookie, let session) = outcome else { throw NoActiveSession() }
        return (cookie, session)
    }

    @Test func aRegistrationWithEIDLogsInByPseudonymAtLevelHoch() async throws {
        try await Harness.run { harness in
            #expect(try await isUnknown(harness.services.eID.logIn(Self.card(), previousSessionID: nil)))
            try await harness.services.registration.register(Harness.form(email: "erika@example.de", givenNames: "ERIKA",
                                                                          familyName: "MUSTERMANN"),
                                                             language: .german, eID: Self.card())
            // Not before activation.
            let code = await accountErrorCode { _ = try await harness.services.eID.logIn(Self.card(), previousSessionID: nil) }
            #expect(code == .notActivated)
            try await harness.services.registration.activate(token: harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.activation))

            let (_, session) = try loggedIn(try await harness.services.eID.logIn(Self.card(), previousSessionID: nil))
            #expect(session.trustLevel == .hoch)
            #expect(session.methods == [.eID])
            let profile = try await harness.services.profiles.profile(of: session)
            #expect(profile.isEIDVerified)
            #expect(profile.profile.address?.city == "KÖLN")
            #expect(profile.profile.dateOfBirth == (try PartialDate(year: 1964, month: 8, day: 12)))
        }
    }

    @Test func anEIDStepUpKeepsThePasswordSessionAtLevelHoch() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "erika@example.de", givenNames: "ERIKA",
                                                                          familyName: "MUSTERMANN"),
                                                             language: .german, eID: Self.card())
            try await harness.services.registration.activate(token: harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.activation))
            let (password, before) = try await harness.logIn("erika@example.de")
            #expect(before.trustLevel == .normal)
            harness.clock.advance(by: 30)
            let (card, after) = try loggedIn(try await harness.services.eID.logIn(Self.card(), previousSessionID: password.sessionID))
            #expect(card.sessionID == password.sessionID)
            #expect(after.sessionReference == before.sessionReference)
            #expect(after.trustLevel == .hoch)
            #expect(after.methods == [.password, .eID])
            #expect(after.authTime == before.authTime.addingTimeInterval(30))
            // A password re-login afterwards keeps the level the card reached.
            let (_, relogged) = try await harness.logIn("erika@example.de", previousSessionID: card.sessionID)
            #expect(relogged.trustLevel == .hoch)
            #expect(relogged.sessionReference == before.sessionReference)
        }
    }

    @Test func thePseudonymIsStoredOnlyAsAKeyedHash() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.upgrade(session, with: Self.card())
            let stored = try #require(try await SQLEIDLinkStore(store: harness.store).pseudonym(accountID: session.accountID.description))
            #expect(stored.bytes != Data(Self.erikaCard.utf8.prefix(32)))
            #expect(!stored.bytes.base64EncodedString().contains(Self.erikaCard))
            // The database file holds no copy of the pseudonym in any column.
            let database = try Data(contentsOf: harness.directory.appendingPathComponent("pforte.sqlite"))
            #expect(database.range(of: Data(Self.erikaCard.utf8)) == nil)
        }
    }

    @Test func anUpgradeLocksTheFieldsAndEndsTheSession() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (cookie, session) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.upgrade(session, with: Self.card())
            guard case .none = try await harness.services.sessions.resume(cookie) else {
                Issue.record("the upgrade must end the session")
                return
            }
            let (_, again) = try await harness.logIn("erika@example.de")
            let profile = try await harness.services.profiles.profile(of: again)
            #expect(profile.lockedFields == ProfileEditPolicy.lockedFields)
            #expect(profile.profile.givenNames.value == "ERIKA")
            let code = await accountErrorCode {
                _ = try await harness.services.profiles.update([.familyName(try PersonName("Gabler"))], session: again)
            }
            #expect(code == .lockedField(.familyName))
            // Upgrading twice is a sync, not an upgrade.
            #expect(await accountErrorCode { try await harness.services.eID.upgrade(again, with: Self.card()) } == .eIDWrongAccount)
        }
    }

    @Test func aSyncTakesTheDeliveredChangesFromTheLinkedCardOnly() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.upgrade(session, with: Self.card())
            let (_, eIDSession) = try loggedIn(try await harness.services.eID.logIn(Self.card(), previousSessionID: nil))
            let moved = try await harness.services.eID.sync(eIDSession, with: Self.card(city: "BERLIN"))
            #expect(moved.address?.city == "BERLIN")
            // A deselected address leaves it as it is.
            let kept = try await harness.services.eID.sync(eIDSession, with: Self.card(city: "BONN", delivered: [.givenNames, .familyName, .dateOfBirth]))
            #expect(kept.address?.city == "BERLIN")
            let code = await accountErrorCode { _ = try await harness.services.eID.sync(eIDSession, with: Self.card(Self.newCard)) }
            #expect(code == .eIDDifferentCard)
        }
    }

    @Test func deactivationUnlinksAndASyncReenables() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.upgrade(session, with: Self.card())
            let (_, again) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.deactivate(again)
            #expect(try await !harness.services.eID.isLinked(again))
            #expect(try await isUnknown(harness.services.eID.logIn(Self.card(), previousSessionID: nil)))
            // Issue #19: the card's login offers the link to this account, not a second account.
            #expect(try await harness.services.eID.wasDeactivated(Self.card()))
            #expect(try await !harness.services.eID.wasDeactivated(Self.card(Self.newCard)))
            // Still verified: the fields stay locked.
            #expect(try await harness.services.profiles.profile(of: again).isEIDVerified)
            try await harness.services.eID.sync(again, with: Self.card())
            #expect(try await harness.services.eID.isLinked(again))
            #expect(try await !harness.services.eID.wasDeactivated(Self.card()))
            _ = try loggedIn(try await harness.services.eID.logIn(Self.card(), previousSessionID: nil))
        }
    }

    @Test func aNewCardIsLinkedOnlyWhenItNamesTheSamePerson() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.upgrade(session, with: Self.card())

            let stranger = try Self.card(Self.newCard, given: "EVA")
            let refused = await accountErrorCode {
                _ = try await harness.services.eID.link(stranger, email: "erika@example.de", password: Harness.password,
                                                        clientAddress: Harness.client, previousSessionID: nil)
            }
            #expect(refused == .eIDIdentityMismatch)
            let wrongPassword = await accountErrorCode {
                _ = try await harness.services.eID.link(try Self.card(Self.newCard), email: "erika@example.de", password: "Falsch2024!",
                                                        clientAddress: Harness.client, previousSessionID: nil)
            }
            #expect(wrongPassword == .invalidCredentials)

            let (_, relinked) = try await harness.services.eID.link(try Self.card(Self.newCard), email: "erika@example.de",
                                                                    password: Harness.password, clientAddress: Harness.client,
                                                                    previousSessionID: nil)
            #expect(relinked.trustLevel == .hoch)
            #expect(try await isUnknown(harness.services.eID.logIn(Self.card(), previousSessionID: nil)))
            _ = try loggedIn(try await harness.services.eID.logIn(Self.card(Self.newCard), previousSessionID: nil))
        }
    }

    @Test func aCardLinkedToOneAccountIsRefusedForAnother() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            try await harness.registerAndActivate("max@example.de", givenNames: "Max")
            let (_, erika) = try await harness.logIn("erika@example.de")
            try await harness.services.eID.upgrade(erika, with: Self.card())
            let (_, max) = try await harness.logIn("max@example.de")
            #expect(await accountErrorCode { try await harness.services.eID.upgrade(max, with: Self.card()) } == .eIDLinkedElsewhere)
            #expect(try await !harness.services.profiles.profile(of: max).isEIDVerified)
        }
    }

    private func isUnknown(_ outcome: EIDAccountService.LoginOutcome) -> Bool {
        if case .unknownPseudonym = outcome { return true }
        return false
    }
}
