public import Foundation
public import PforteCore

/// An eID step in progress (issue 6), carried from the browser's start through the
/// AusweisApp's calls back to the browser. Stored sealed under its handle
/// (``EIDTransactions``).
public struct EIDTransaction: Sendable, Equatable {
    /// What the card session is for.
    public enum Purpose: String, Sendable, Codable {
        /// Login (also a step-up for a pending OIDC or SAML request); an unknown card leads to
        /// registration or linking.
        case login
        /// "Upgrade starten" from the account page.
        case upgrade
        /// "Daten mit Ausweis synchronisieren" from the profile page.
        case sync
    }

    public var purpose: Purpose
    /// The local path the browser continues at after a login (`/authorize/continue?handle=…`,
    /// `/saml/continue?handle=…`); `nil` for the account page. Chosen by Pforte, never taken
    /// from a request.
    public var continuation: String?
    /// The account an upgrade or sync was started for.
    public var accountID: String?
    /// A random value also set as a cookie in the browser that started the step: the AusweisApp
    /// carries the handles, so only this cookie proves that the browser finishing the login is
    /// the one that began it.
    public var browserBinding: String
    /// The connector's session, encoded by the web layer (opaque here).
    public var connectorSession: Data?
    /// What the card delivered, once the eID-Server answered.
    public var identity: EIDIdentity?

    public init(purpose: Purpose, continuation: String?, accountID: String?, browserBinding: String) {
        self.purpose = purpose
        self.continuation = continuation
        self.accountID = accountID
        self.browserBinding = browserBinding
    }
}
