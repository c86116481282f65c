import Foundation
import PforteAccounts
import PforteCrypto
import PforteStore
import Testing

/// The console login of the service desk (issue #22): password, then TOTP (enrolled at the
/// first login) or a recovery code; a code is accepted once; wrong codes are throttled. The
/// clock is the harness's, moved by hand.
@Suite struct StaffLoginTests {
    private let admin = ServiceDeskActor.commandLine(user: "root")
    private let password = "Schalter-Passwort-42"

    /// Adds a member and enrols them; returns their TOTP.
    private func enrolled(_ harness: Harness) async throws -> (TOTP, [String]) {
        _ = try await harness.services.staff.add(email: "desk@example.de", role: .support, password: password, by: admin)
        guard case .enrolment(let sessionID, let enrolment) = try await harness.services.staff.logIn(
            email: "desk@example.de", password: password, clientAddress: Harness.client
        ) else { throw NoActiveSession() }
        #expect(enrolment.provisioningURI.hasPrefix("otpauth://totp/"))
        #expect(enrolment.recoveryCodes.count == StaffService.recoveryCodeCount)
        let totp = TOTP(secret: try #require(Base32.decode(enrolment.secret)))
        let complete = try await harness.services.staff.completeLogin(
            sessionID: sessionID, code: totp.code(step: TOTP.step(at: harness.clock.now)), clientAddress: Harness.client
        )
        #expect(try await harness.services.staff.resume(sessionID: complete)?.stage == .complete)
        return (totp, enrolment.recoveryCodes)
    }

    private func secondFactorSession(_ harness: Harness) async throws -> String {
        guard case .secondFactor(let sessionID) = try await harness.services.staff.logIn(
            email: "desk@example.de", password: password, clientAddress: Harness.client
        ) else { throw NoActiveSession() }
        return sessionID
    }

    @Test func aCodeIsAcceptedOnceAndTheNextStepsCodeAfterwards() async throws {
        try await Harness.run { harness in
            let (totp, _) = try await enrolled(harness)
            let pending = try await secondFactorSession(harness)
            #expect(try await harness.services.staff.resume(sessionID: pending)?.stage == .passwordChecked)
            let used = totp.code(step: TOTP.step(at: harness.clock.now))
            #expect(await accountErrorCode {
                _ = try await harness.services.staff.completeLogin(sessionID: pending, code: used, clientAddress: Harness.client)
            } == .invalidCode, "the enrolment's code is spent")
            harness.clock.advance(by: 30)
            let next = try await harness.services.staff.completeLogin(
                sessionID: pending, code: totp.code(step: TOTP.step(at: harness.clock.now)), clientAddress: Harness.client
            )
            #expect(try await harness.services.staff.resume(sessionID: next)?.stage == .complete)
            #expect(try await harness.services.staff.resume(sessionID: pending) == nil, "the pending id is replaced")
            let trail = try await harness.services.serviceDesk.auditTrail().map(\.action)
            #expect(trail.filter { $0 == .staffLogin }.count == 2)
            #expect(trail.contains(.staffEnrolled))
            #expect(trail.contains(.staffLoginFailed))
        }
    }

    @Test func wrongCodesAreThrottledAndARecoveryCodeWorksOnce() async throws {
        try await Harness.run { harness in
            let (_, recoveryCodes) = try await enrolled(harness)
            let pending = try await secondFactorSession(harness)
            var codes: [AccountError.Code?] = []
            for _ in 0..<5 {
                codes.append(await accountErrorCode {
                    _ = try await harness.services.staff.completeLogin(sessionID: pending, code: "000000", clientAddress: Harness.client)
                })
            }
            #expect(codes.prefix(3).allSatisfy { $0 == .invalidCode })
            guard case .throttled = codes.last ?? nil else {
                Issue.record("wrong codes were not throttled: \(codes)")
                return
            }
            harness.clock.advance(by: 3600)
            let pendingAgain = try await secondFactorSession(harness)
            let complete = try await harness.services.staff.completeLogin(sessionID: pendingAgain, code: recoveryCodes[0].uppercased(),
                                                                          clientAddress: Harness.client)
            #expect(try await harness.services.staff.resume(sessionID: complete)?.stage == .complete)
            let third = try await secondFactorSession(harness)
            #expect(await accountErrorCode {
                _ = try await harness.services.staff.completeLogin(sessionID: third, code: recoveryCodes[0], clientAddress: Harness.client)
            } == .invalidCode)
        }
    }

    @Test func aWrongPasswordAndAnUnknownAddressAreAlikeAndSessionsEndWhenIdle() async throws {
        try await Harness.run { harness in
            _ = try await enrolled(harness)
            for (email, password) in [("desk@example.de", "wrong-password-123"), ("nobody@example.de", password)] {
                #expect(await accountErrorCode {
                    _ = try await harness.services.staff.logIn(email: email, password: password, clientAddress: Harness.client)
                } == .invalidCredentials)
            }
            let pending = try await secondFactorSession(harness)
            harness.clock.advance(by: TimeInterval(StaffService.idleTimeout))
            #expect(try await harness.services.staff.resume(sessionID: pending) == nil)
        }
    }
}
