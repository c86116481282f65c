public import Foundation

/// What `useID` returned: everything later steps need, as a value the web layer stores in
/// the login transaction (nodes are stateless, so the RefreshAddress may reach another node).
public struct EIDSessionStart: Sendable, Hashable, Codable {
    /// `Session/ID`: what `getResult` names.
    public let sessionID: String
    /// The PSK Pforte generated, or the one the server chose instead.
    public let psk: EIDPreSharedKey
    /// Where the eID-Client runs PAOS; `nil` when the server gave none (then the operator's
    /// configured address is used, see ``TCToken``).
    public let eCardServerAddress: URL?

    public init(sessionID: String, psk: EIDPreSharedKey, eCardServerAddress: URL?) {
        self.sessionID = sessionID
        self.psk = psk
        self.eCardServerAddress = eCardServerAddress
    }
}
