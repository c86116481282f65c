/// An eID service as Pforte uses it, whatever protocol reaches it (eid.md: the TR-03130
/// web-service interface now, its SAML profile possibly later).
///
/// Implementations receive decoded values and return decoded values; they know nothing of
/// HTTP requests from browsers, of storage, or of whether the peer is a simulator.
public protocol EIDConnector: Sendable {
    /// `useID`: opens a session on the eID-Server for `request`.
    func startSession(_ request: EIDAttributeRequest) async throws(EIDError) -> EIDSessionStart

    /// `getResult`: the personal data of a completed session. Sends `RequestCounter` 1, 2, …
    /// and polls (a bounded number of times, with a short backoff) while the server answers
    /// `getResult#noResultYet`. Call it once per session: the counter starts at 1 on every call.
    func result(of session: EIDSessionStart) async throws(EIDError) -> EIDPersonalData

    /// `getServerInfo`: the server's version and the terminal's rights.
    func serverInfo() async throws(EIDError) -> EIDServerInfo
}
