import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct LoginTests {
    @Test func aWrongPasswordAndAnUnknownAddressGetTheSameError() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let wrong = await accountErrorCode { _ = try await harness.logIn("erika@example.de", password: "Falsch2024!") }
            let unknown = await accountErrorCode { _ = try await harness.logIn("nobody@example.de") }
            let malformed = await accountErrorCode { _ = try await harness.logIn("not an address") }
            #expect(wrong == .invalidCredentials)
            #expect(unknown == .invalidCredentials)
            #expect(malformed == .invalidCredentials)
        }
    }

    @Test func failuresOfAnAccountFromOneAddressAreThrottledAfterTheFreeOnes() async throws {
        // The address allows more failures than the pair (as by default in production), so
        // only the pair's limit shows here.
        try await Harness.run(configure: {
            $0.addressThrottle = try ThrottlePolicy(freeFailures: 10, baseDelay: 1, maximumDelay: 900, window: 86_400)
        }) { harness in
            try await harness.registerAndActivate("erika@example.de")
            // Default policy: 3 free failures, then 1 s, 2 s, … for this account from this address.
            for _ in 1...4 {
                let code = await accountErrorCode {
                    _ = try await harness.logIn("erika@example.de", password: "Falsch2024!", client: "198.51.100.1")
                }
                #expect(code == .invalidCredentials)
            }
            let throttled = await accountErrorCode { _ = try await harness.logIn("erika@example.de", client: "198.51.100.1") }
            #expect(throttled == .throttled(retryAfter: 1))
            harness.clock.advance(by: 1)
            _ = try await harness.logIn("erika@example.de", client: "198.51.100.1")
            // A success forgets the failures of the account from that address.
            for _ in 1...3 {
                _ = await accountErrorCode {
                    _ = try await harness.logIn("erika@example.de", password: "Falsch2024!", client: "198.51.100.1")
                }
            }
            _ = try await harness.logIn("erika@example.de", client: "198.51.100.1")
        }
    }

    /// An attacker's failures from elsewhere, below the ceiling, never delay the owner.
    @Test func anAttackersFailuresDoNotDelayTheOwnerFromAnotherAddress() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            for attempt in 1...30 {
                _ = await accountErrorCode {
                    _ = try await harness.logIn("erika@example.de", password: "Falsch2024!", client: "203.0.113.\(attempt % 3)")
                }
                harness.clock.advance(by: 900)
            }
            _ = try await harness.logIn("erika@example.de", client: "198.51.100.7")
        }
    }

    @Test func unknownAddressesAreThrottledLikeKnownOnes() async throws {
        try await Harness.run { harness in
            for _ in 1...4 {
                _ = await accountErrorCode { _ = try await harness.logIn("nobody@example.de", client: "198.51.100.1") }
            }
            let throttled = await accountErrorCode { _ = try await harness.logIn("nobody@example.de", client: "198.51.100.1") }
            #expect(throttled == .throttled(retryAfter: 1))
        }
    }

    @Test func failuresPerClientAddressAreThrottledAcrossAccounts() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            for attempt in 1...4 {
                let code = await accountErrorCode { _ = try await harness.logIn("guess\(attempt)@example.de") }
                #expect(code == .invalidCredentials)
            }
            // The right password from the same address must wait too…
            let throttled = await accountErrorCode { _ = try await harness.logIn("erika@example.de") }
            #expect(throttled == .throttled(retryAfter: 1))
            // …and a success does not reset the address counter: it only ages out.
            harness.clock.advance(by: 1)
            _ = try await harness.logIn("erika@example.de")
            _ = await accountErrorCode { _ = try await harness.logIn("guess5@example.de") }
            let again = await accountErrorCode { _ = try await harness.logIn("erika@example.de") }
            #expect(again == .throttled(retryAfter: 2))
        }
    }

    @Test func aLoginOfAnotherAccountStartsANewSessionBesideTheLiveOne() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            try await harness.registerAndActivate("max@example.de", givenNames: "Max")
            let (first, _) = try await harness.logIn("erika@example.de")
            let (second, session) = try await harness.logIn("max@example.de", previousSessionID: first.sessionID)
            #expect(second.sessionID != first.sessionID)
            #expect(second.sessionID.utf8.count == 43)
            #expect(second.sealValue.utf8.count == 43)
            // The live session of the other account stays until the citizen decides (the
            // person-switch page ends it by a logout that reaches its portals).
            #expect(try await harness.activeSession(first).accountID != session.accountID)
            #expect(try await harness.activeSession(second).accountID == session.accountID)
            // A session that has ended is replaced by the login.
            try await harness.services.sessions.logout(sessionID: second.sessionID)
            let (third, _) = try await harness.logIn("erika@example.de", previousSessionID: second.sessionID)
            #expect(third.sessionID != second.sessionID)
            // An id the store does not know (planted, forged) is simply not replaced.
            _ = try await harness.logIn("erika@example.de", previousSessionID: "planted")
        }
    }

    @Test func aReLoginOfTheSameAccountKeepsTheSessionAndChangesTheCookiesSecret() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (first, before) = try await harness.logIn("erika@example.de")
            harness.clock.advance(by: 90)
            let (second, after) = try await harness.logIn("erika@example.de", previousSessionID: first.sessionID)
            #expect(second.sessionID == first.sessionID)
            #expect(second.sealValue != first.sealValue)
            #expect(after.sessionReference == before.sessionReference)
            #expect(after.authTime == before.authTime.addingTimeInterval(90))
            #expect(after.authenticationReference != before.authenticationReference)
            // The old cookie's secret no longer opens the session; the new one does.
            guard case .none = try await harness.services.sessions.resume(first) else {
                Issue.record("the old cookie still opens the session")
                return
            }
            #expect(try await harness.activeSession(second).authTime == after.authTime)
            // A second login in the same second still moves auth_time, by one second.
            let (_, third) = try await harness.logIn("erika@example.de", previousSessionID: second.sessionID)
            #expect(third.authTime == after.authTime.addingTimeInterval(1))
        }
    }

    @Test func idleTimeoutAndAbsoluteLifetimeAreReportedApart() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (idle, _) = try await harness.logIn("erika@example.de")
            harness.clock.advance(by: 19 * 60)
            _ = try await harness.activeSession(idle)
            harness.clock.advance(by: 20 * 60)
            guard case .expired(.idleTimeout) = try await harness.services.sessions.resume(idle) else {
                Issue.record("idle timeout not reported")
                return
            }
            guard case .none = try await harness.services.sessions.resume(idle) else {
                Issue.record("an ended session is reported twice")
                return
            }

            let (busy, _) = try await harness.logIn("erika@example.de")
            for _ in 0..<(12 * 60 / 15 - 1) {
                harness.clock.advance(by: 15 * 60)
                _ = try await harness.activeSession(busy)
            }
            harness.clock.advance(by: 15 * 60)
            guard case .expired(.absoluteLifetime) = try await harness.services.sessions.resume(busy) else {
                Issue.record("absolute lifetime not reported")
                return
            }
        }
    }

    @Test func theIdleTimeoutIsConfigurable() async throws {
        try await Harness.run(configure: {
            $0.sessionLifetime = try SessionLifetime(idleTimeout: 5 * 60, absoluteLifetime: 60 * 60)
        }) { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (cookie, _) = try await harness.logIn("erika@example.de")
            harness.clock.advance(by: 5 * 60)
            guard case .expired(.idleTimeout) = try await harness.services.sessions.resume(cookie) else {
                Issue.record("configured idle timeout not applied")
                return
            }
        }
    }

    @Test func logoutEndsTheSessionAndAWrongSealOpensNothing() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (cookie, _) = try await harness.logIn("erika@example.de")
            let (other, _) = try await harness.logIn("erika@example.de")
            let forged = SessionCookie(sessionID: cookie.sessionID, sealValue: other.sealValue)
            guard case .none = try await harness.services.sessions.resume(forged) else {
                Issue.record("a wrong seal opened the session")
                return
            }
            _ = try await harness.activeSession(cookie)
            try await harness.services.sessions.logout(sessionID: cookie.sessionID)
            guard case .none = try await harness.services.sessions.resume(cookie) else {
                Issue.record("the session survived logout")
                return
            }
            _ = try await harness.activeSession(other)
        }
    }
}
