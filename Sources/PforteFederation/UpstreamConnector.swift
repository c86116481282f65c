public import Foundation
public import PforteCore

/// The identity an upstream source (another Land's account IdP; later eID or others) vouches
/// for, normalised: the web layer turns it into a session without knowing which connector made
/// it (dex `connector.Identity`).
public struct UpstreamIdentity: Sendable, Equatable, Codable {
    /// The connector's id (for a Land: its entityID).
    public let connectorID: String
    /// Stable per person and connector: the persistent NameID or the pseudonym attribute.
    public let subject: String
    public let level: TrustLevel
    /// Pforte friendly names (``FederationAttributes``) to values; unknown ones are gone.
    public let attributes: [String: String]
    /// Received attribute names that were dropped, for the operator's log.
    public let droppedAttributes: [String]
    /// What a logout at the upstream needs (SAML: NameID and SessionIndex).
    public let logoutHandle: UpstreamLogoutHandle?

    public init(connectorID: String, subject: String, level: TrustLevel, attributes: [String: String],
                droppedAttributes: [String], logoutHandle: UpstreamLogoutHandle?) {
        self.connectorID = connectorID
        self.subject = subject
        self.level = level
        self.attributes = attributes
        self.droppedAttributes = droppedAttributes
        self.logoutHandle = logoutHandle
    }
}

/// What a SAML LogoutRequest to the Land must name (SAML core §3.7.1).
public struct UpstreamLogoutHandle: Sendable, Equatable, Codable {
    public let nameID: String
    public let nameIDFormat: String?
    public let sessionIndex: String?

    public init(nameID: String, nameIDFormat: String?, sessionIndex: String?) {
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.sessionIndex = sessionIndex
    }
}

/// Where the browser goes to authenticate upstream, and what the server must remember to
/// accept the answer. The server, not the connector, owns the state (RelayState) and keeps
/// ``expectedRequestID`` with it.
public struct UpstreamRedirect: Sendable, Equatable {
    public let url: String
    public let expectedRequestID: String
}

/// An upstream identity source reached by a browser redirect (dex `CallbackConnector`):
/// it builds the outgoing request and turns the answer into an ``UpstreamIdentity``. It sees
/// decoded parameters only, never HTTP.
public protocol RedirectConnector: Sendable {
    /// Identifies the connector (and the upstream) in state and logs.
    var id: String { get }
    /// The display name shown in the list of sources.
    var displayName: String { get }
    /// - Parameters:
    ///   - level: the level the relying portal needs; the upstream is asked for at least it.
    ///   - state: opaque to the connector, returned by the upstream unchanged.
    func redirect(requiring level: TrustLevel, state: String, now: Date) throws -> UpstreamRedirect
}
