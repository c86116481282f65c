import Foundation
import PforteCore
import Testing

@testable import PforteSAML

/// The SSO decision (issue #15: a pure step beside OIDC's `AuthorizationStep`): every branch
/// without HTTP, store or clock.
@Suite struct SingleSignOnStepTests {
    private static let password = SingleSignOnStep.Session(level: .normal, authenticationReference: "session.1000")
    private static let card = SingleSignOnStep.Session(level: .hoch, authenticationReference: "session.2000")

    private func parked(forceAuthn: Bool = false, isPassive: Bool = false, requested: [TrustLevel] = [],
                        comparison: AuthnContextRequirement.Comparison = .minimum, refusal: SAMLStatus? = nil) -> ParkedAuthnRequest {
        let context = requested.isEmpty ? nil : AuthnContextRequirement(
            comparison: comparison, requested: requested.map { .init(level: $0.rawValue, identifier: $0.storkQAALabel) }
        )
        return ParkedAuthnRequest(request: ValidatedAuthnRequest(
            id: "_r1", serviceProvider: "https://sp.example/metadata", assertionConsumerService: "https://sp.example/acs",
            relayState: nil, forceAuthn: forceAuthn, isPassive: isPassive, nameIDFormat: .persistent, authnContext: context,
            replayWindowEnd: Date(timeIntervalSince1970: 0), refusal: refusal
        ))
    }

    private func next(_ parked: ParkedAuthnRequest, settings: ServiceProviderSettings = ServiceProviderSettings(),
                      session: SingleSignOnStep.Session? = password, consented: Set<String>? = nil, acting: Bool = false,
                      reachable: Set<TrustLevel> = [.normal, .hoch]) -> SingleSignOnStep {
        let authentication = SingleSignOnStep.authentication(for: parked, settings: settings, session: session, reachableByLogin: reachable)
        guard case .issue(let level, let classRef) = authentication else { return authentication }
        return SingleSignOnStep.release(for: parked, settings: settings, asserting: level, classRef: classRef,
                                        consentedAttributes: consented, hasActingOptions: acting)
    }

    @Test func aRefusedRequestIsAnsweredWhateverTheSession() {
        #expect(next(parked(refusal: .invalidNameIDPolicy), session: nil) == .answer(.invalidNameIDPolicy))
    }

    @Test func withoutASessionTheBrowserLogsInUnlessPassiveOrUnreachable() {
        #expect(next(parked(), session: nil) == .login(recordingRequest: false))
        #expect(next(parked(isPassive: true), session: nil) == .answer(.noPassive))
        #expect(next(parked(requested: [.substantiell], comparison: .exact), session: nil) == .answer(.noAuthnContext))
    }

    @Test func aSessionThatMeetsTheRequestIsAssertedInTheSPsOwnForm() {
        #expect(next(parked()) == .issue(level: .normal, classRef: TrustLevel.normal.eidasURI))
        #expect(next(parked(requested: [.normal]), session: Self.card) == .issue(level: .hoch, classRef: TrustLevel.hoch.eidasURI))
        #expect(next(parked(requested: [.hoch]), session: Self.card) == .issue(level: .hoch, classRef: "STORK-QAA-Level-4"))
    }

    @Test func aLevelTheSessionDoesNotHoldIsAStepUpWhereALoginReachesIt() {
        #expect(next(parked(requested: [.hoch])) == .login(recordingRequest: false))
        #expect(next(parked(isPassive: true, requested: [.hoch])) == .answer(.noPassive))
        #expect(next(parked(requested: [.hoch]), reachable: [.normal]) == .answer(.noAuthnContext))
        #expect(next(parked(), settings: ServiceProviderSettings(minimumLevel: .hoch)) == .login(recordingRequest: false))
    }

    @Test func forceAuthnAsksOnceAndRecognisesTheLoginMadeSince() {
        var request = parked(forceAuthn: true)
        #expect(next(request) == .login(recordingRequest: true))
        request.requestLogin(after: Self.password.authenticationReference)
        #expect(next(request) == .login(recordingRequest: false))
        let relogin = SingleSignOnStep.Session(level: .normal, authenticationReference: "session.1001")
        #expect(next(request, session: relogin) == .issue(level: .normal, classRef: TrustLevel.normal.eidasURI))
    }

    @Test func attributesNeedConsentAndOrganisationAttributesAChoiceOfActing() {
        let settings = ServiceProviderSettings(attributes: ["mail", "o"])
        #expect(next(parked(), settings: settings) == .consent)
        #expect(next(parked(isPassive: true), settings: settings) == .answer(.noPassive))
        #expect(next(parked(), settings: settings, consented: ["mail"]) == .consent)
        #expect(next(parked(), settings: settings, consented: ["mail", "o"], acting: true) == .chooseActing)
        #expect(next(parked(), settings: settings, consented: ["mail", "o"]) == .issue(level: .normal, classRef: TrustLevel.normal.eidasURI))
        var chosen = parked()
        chosen.act(as: .person)
        #expect(SingleSignOnStep.asksForActing(chosen, releasing: settings.attributes) == false)
        #expect(SingleSignOnStep.asksForActing(parked(), releasing: ["mail"]) == false)
    }
}
