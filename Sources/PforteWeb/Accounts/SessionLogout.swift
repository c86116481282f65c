import Hummingbird
import PforteAccounts

/// Ends an SSO session everywhere (issue #15: a logout from any side ends the whole session):
/// the one sequence behind `/logout` and the person switch's "end the current session".
///
/// The session record goes first, so that no portal can start a login on it while the others
/// are told and a Land's round cannot leave it alive; then the OIDC clients by back channel, at
/// once rather than at the next run of the notifier; then, through the browser, the Land of a
/// federated session and the SAML portals (``RelyingPartySessions``), whose round ends at the
/// caller's continuation. A Land's own LogoutRequest (`/federation/slo`) enters the same chain
/// at ``RelyingPartySessions/propagateLogout(sessionReference:_:continuingAt:)``, which ends the
/// session and tells the OIDC clients itself.
struct SessionLogout: Sendable {
    let sessions: SessionService
    let backChannel: BackChannelLogout
    let relyingParties: any RelyingPartySessions

    /// Ends the session `sessionReference` names; returns the browser's next step of the
    /// logout round, or `nil` when no relying party waits for the browser and the caller's
    /// continuation follows directly. `continuation` is a location the caller has checked.
    func endEverywhere(sessionReference: String, _ request: Request, continuingAt continuation: String?) async throws -> Response? {
        _ = try await sessions.end(sessionReference: sessionReference)
        await backChannel.notifyEnded()
        return try await relyingParties.propagateLogout(sessionReference: sessionReference, request, continuingAt: continuation)
    }
}
