import Foundation
import PforteCore
import Testing

@testable import PforteOIDC

@Suite struct AuthorizationStepTests {
    private let now = OIDCFixtures.receivedAt.addingTimeInterval(5)

    private func step(_ overrides: [String: String?] = [:], session: AuthenticationState?, consented: Set<String>? = nil,
                      reachable: TrustLevel = .normal, sentToLoginFrom: String?? = nil) throws -> Result<AuthorizationStep, OAuthError> {
        var request = try OIDCFixtures.validated(overrides)
        if let sentToLoginFrom { request = request.sendingToLogin(from: sentToLoginFrom) }
        do {
            return .success(try AuthorizationStep.next(for: request, session: session, consentedClaims: consented,
                                                       reachableLevel: reachable, now: now))
        } catch {
            return .failure(error)
        }
    }

    private let consented: Set<String> = ["email", "email_verified"]

    @Test func withoutSessionTheUserLogsInUnlessPromptIsNone() throws {
        #expect(try step(session: nil) == .success(.login))
        #expect(try step(["prompt": "none"], session: nil) == .failure(OAuthError(.loginRequired, "the user must log in")))
    }

    @Test func consentIsAskedOnceForWhatIsRequested() throws {
        let session = OIDCFixtures.session()
        #expect(try step(session: session) == .success(.consent))
        #expect(try step(session: session, consented: consented) == .success(.issueCode))
        #expect(try step(["scope": "openid email profile"], session: session, consented: consented) == .success(.consent))
        #expect(try step(["prompt": "consent"], session: session, consented: consented) == .success(.consent))
        #expect(try step(["prompt": "none"], session: session) == .failure(OAuthError(.consentRequired, "the user must consent")))
        #expect(try step(["prompt": "none"], session: session, consented: consented) == .success(.issueCode))
    }

    @Test func promptLoginAndMaxAgeAskForALoginAfterTheRequest() throws {
        let earlier = OIDCFixtures.session(authTime: OIDCFixtures.receivedAt.addingTimeInterval(-60))
        #expect(try step(["prompt": "login"], session: earlier, consented: consented) == .success(.login))
        #expect(try step(["max_age": "0"], session: earlier, consented: consented) == .success(.login))
        #expect(try step(["max_age": "30"], session: earlier, consented: consented) == .success(.login))
        #expect(try step(["max_age": "3600"], session: earlier, consented: consented) == .success(.issueCode))
        // Back from the login the request sent the user to: a new session satisfies it, even
        // within the same second, and so does a re-authentication that kept the session (a later
        // auth_time); the old authentication (nobody logged in) does not.
        let fresh = AuthenticationState(accountID: earlier.accountID, trustLevel: .normal, methods: ["pwd"],
                                        authTime: earlier.authTime, sessionReference: "bmV3")
        let kept = AuthenticationState(accountID: earlier.accountID, trustLevel: .normal, methods: ["pwd"],
                                       authTime: earlier.authTime.addingTimeInterval(1), sessionReference: earlier.sessionReference)
        let back = ["prompt": "login", "max_age": "0"]
        let before = earlier.authenticationReference
        #expect(try step(back, session: fresh, consented: consented, sentToLoginFrom: .some(before)) == .success(.issueCode))
        #expect(try step(back, session: kept, consented: consented, sentToLoginFrom: .some(before)) == .success(.issueCode))
        #expect(try step(back, session: earlier, consented: consented, sentToLoginFrom: .some(before)) == .success(.login))
        #expect(try step(back, session: earlier, consented: consented, sentToLoginFrom: .some(nil)) == .success(.issueCode))
    }

    @Test func aLevelNoLoginCanReachFailsAndPromptNoneAsksForLogin() throws {
        let high = TrustLevel.hoch.eidasURI
        let session = OIDCFixtures.session()
        guard case .failure(let error) = try step(["acr_values": high], session: session, consented: consented) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.code == .unmetAuthenticationRequirements)
        guard case .failure(let silent) = try step(["acr_values": high, "prompt": "none"], session: session) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(silent.code == .loginRequired)
        // Step-up: where a login can reach the level, the user is sent to it.
        #expect(try step(["acr_values": high], session: session, consented: consented, reachable: .hoch) == .success(.login))
        let eID = OIDCFixtures.session(level: .hoch)
        #expect(try step(["acr_values": high], session: eID, consented: consented) == .success(.issueCode))
    }
}
