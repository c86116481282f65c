/// Told when a single logout has ended a session, so that the relying parties of other
/// protocols can be notified too (design §4: logout "notifies relying parties (OIDC
/// back-channel logout, SAML SLO)"). SAML notifies its own participants itself; the composition
/// root hands in what else needs to know.
protocol SessionEndNotifier: Sendable {
    /// - Parameters:
    ///   - sessionReference: ``PforteAccounts/AuthenticatedSession/sessionReference`` of the
    ///     ended session (OIDC's `sid`).
    func sessionEnded(sessionReference: String) async
}

