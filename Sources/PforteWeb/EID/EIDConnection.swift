public import Foundation
public import PforteEID

/// The eID service Pforte logs in with (issue 6): the connector to its eID-Server and the
/// address the eID-Client runs the card session at when `useID` names none.
public struct EIDConnection: Sendable {
    public let connector: any EIDConnector
    public let fallbackServerAddress: URL?

    public init(connector: any EIDConnector, fallbackServerAddress: URL?) {
        self.connector = connector
        self.fallbackServerAddress = fallbackServerAddress
    }
}
