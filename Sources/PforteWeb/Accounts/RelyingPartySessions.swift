import Hummingbird

/// What the login pages tell the relying parties' record of a session (SAML session
/// participants), so that a later logout reaches every relying party that took part.
protocol RelyingPartySessions: Sendable {
    /// A logout at Pforte ended the session: returns the browser's next step to log the
    /// relying parties out too (design §4), or `nil` when there is nobody to notify and the
    /// logged-out page (or `continuation`) follows directly. When the round is over the browser
    /// goes to `continuation`, a location the caller has checked, if given.
    func propagateLogout(sessionReference: String, _ request: Request, continuingAt continuation: String?) async throws -> Response?
}

extension RelyingPartySessions {
    /// ``propagateLogout(sessionReference:_:continuingAt:)`` ending on the logged-out page.
    func propagateLogout(sessionReference: String, _ request: Request) async throws -> Response? {
        try await propagateLogout(sessionReference: sessionReference, request, continuingAt: nil)
    }
}
