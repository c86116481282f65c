public import PforteCore

/// The next step of a parked AuthnRequest (SAML profiles §4.1.4), decided from what is known of
/// the request, the SP, the browser's session and the citizen's earlier choices — the SAML
/// counterpart of OIDC's `AuthorizationStep`. Pure: the web layer gathers the facts, performs
/// the step, and comes back here after each login, consent or choice.
public enum SingleSignOnStep: Sendable, Equatable {
    /// End the exchange with this status and no assertion.
    case answer(SAMLStatus)
    /// Send the browser to log in. `recordingRequest`: a `ForceAuthn` request asks for the
    /// first time, so the parked request must remember the session's present authentication
    /// (``ParkedAuthnRequest/requestLogin(after:)``) to recognise the login made since.
    case login(recordingRequest: Bool)
    /// Ask for consent to release the SP's attributes.
    case consent
    /// Ask in whose name the citizen acts (the SP receives organisation attributes).
    case chooseActing
    /// Assert the session at `level`, written as `classRef`.
    case issue(level: TrustLevel, classRef: String)

    /// The browser's session as the decision sees it.
    public struct Session: Sendable {
        /// The level the session holds now (after level-dependent lifetimes).
        public let level: TrustLevel
        /// ``PforteCore/AuthenticationReference`` of its latest authentication.
        public let authenticationReference: String

        public init(level: TrustLevel, authenticationReference: String) {
            self.level = level
            self.authenticationReference = authenticationReference
        }
    }

    /// The first half of the decision: whether the browser's session can be asserted at all.
    /// Returns ``answer(_:)`` or ``login(recordingRequest:)``, or ``issue(level:classRef:)`` with
    /// the level to assert — then ``release(for:settings:asserting:classRef:consentedAttributes:hasActingOptions:)``
    /// decides the rest. Two halves, so that the consent and the acting options are read from the
    /// store only for a session that can be asserted.
    ///
    /// - Parameter reachableByLogin: the levels a login at Pforte can reach now.
    public static func authentication(
        for parked: ParkedAuthnRequest, settings: ServiceProviderSettings, session: Session?, reachableByLogin: Set<TrustLevel>
    ) -> SingleSignOnStep {
        let request = parked.request
        if let refusal = request.refusal { return .answer(refusal) }
        let acceptable = AuthnContextRequirement.acceptableLevels(request.authnContext, minimum: settings.minimumLevel)
        guard let session, !parked.needsLogin(authenticationReference: session.authenticationReference) else {
            if request.isPassive { return .answer(.noPassive) }
            guard acceptable.contains(where: reachableByLogin.contains) else { return .answer(.noAuthnContext) }
            return .login(recordingRequest: request.forceAuthn && !parked.loginRequested)
        }
        guard let (level, classRef) = AuthnContextRequirement.assertion(
            for: request.authnContext, minimum: settings.minimumLevel, session: session.level
        ) else {
            // Step-up: a login can reach an acceptable level the session does not hold (a
            // citizen at `normal` asked for `hoch` goes through the eID step).
            guard acceptable.contains(where: { $0 > session.level && reachableByLogin.contains($0) }) else {
                return .answer(.noAuthnContext)
            }
            return request.isPassive ? .answer(.noPassive) : .login(recordingRequest: false)
        }
        return .issue(level: level, classRef: classRef)
    }

    /// The second half, for a session ``authentication(for:settings:session:reachableByLogin:)``
    /// found assertable at `level`: consent to the SP's attributes, then the choice of acting.
    ///
    /// - Parameters:
    ///   - consentedAttributes: what the citizen allowed this SP before; `nil` when never asked.
    ///   - hasActingOptions: whether the citizen may act for an organisation; asked only when
    ///     ``asksForActing(_:releasing:)`` is true.
    public static func release(
        for parked: ParkedAuthnRequest, settings: ServiceProviderSettings, asserting level: TrustLevel, classRef: String,
        consentedAttributes: Set<String>?, hasActingOptions: Bool
    ) -> SingleSignOnStep {
        let isPassive = parked.request.isPassive
        if !settings.attributes.isEmpty, !Set(settings.attributes).isSubset(of: consentedAttributes ?? []) {
            return isPassive ? .answer(.noPassive) : .consent
        }
        if asksForActing(parked, releasing: settings.attributes), hasActingOptions {
            return isPassive ? .answer(.noPassive) : .chooseActing
        }
        return .issue(level: level, classRef: classRef)
    }

    /// Whether the citizen's acting options matter: the SP receives organisation attributes
    /// and the citizen has not chosen yet.
    public static func asksForActing(_ parked: ParkedAuthnRequest, releasing attributes: [String]) -> Bool {
        parked.acting == nil && !AttributeProfile.organisational.isDisjoint(with: attributes)
    }
}
