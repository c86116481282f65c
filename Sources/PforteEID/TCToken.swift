public import Foundation
import PforteXML

/// The TC Token (TR-03124-1 §2.4) Pforte returns to the eID-Client from the tcTokenURL: where
/// the card session runs, the PSK that protects it, and where to send the browser afterwards.
public struct TCToken: Sendable, Hashable {
    /// `text/xml`, the media type eID-Clients expect (TR-03124-1 §2.4).
    public static let contentType = "text/xml; charset=utf-8"
    static let binding = "urn:liberty:paos:2006-08"
    static let pathSecurityProtocol = "urn:ietf:rfc:4279"

    public let serverAddress: URL
    /// The PSK identity.
    public let sessionIdentifier: String
    public let refreshAddress: URL
    public let communicationErrorAddress: URL?
    /// The PSK, hex.
    public let psk: String

    /// - Parameter fallbackServerAddress: used when `useID` gave no `eCardServerAddress`.
    public init(session: EIDSessionStart, fallbackServerAddress: URL, refreshAddress: URL, communicationErrorAddress: URL?) {
        serverAddress = session.eCardServerAddress ?? fallbackServerAddress
        sessionIdentifier = session.psk.id
        self.refreshAddress = refreshAddress
        self.communicationErrorAddress = communicationErrorAddress
        psk = session.psk.key
    }

    /// The XML: root `TCTokenType`, unqualified children in the schema's order, and
    /// `PathSecurity-Parameters` with its plural "Parameters".
    public var xml: String {
        let error = communicationErrorAddress.map {
            "<CommunicationErrorAddress>\(XMLText.escaped($0.absoluteString))</CommunicationErrorAddress>"
        } ?? ""
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <TCTokenType>\
        <ServerAddress>\(XMLText.escaped(serverAddress.absoluteString))</ServerAddress>\
        <SessionIdentifier>\(XMLText.escaped(sessionIdentifier))</SessionIdentifier>\
        <RefreshAddress>\(XMLText.escaped(refreshAddress.absoluteString))</RefreshAddress>\
        \(error)\
        <Binding>\(Self.binding)</Binding>\
        <PathSecurity-Protocol>\(Self.pathSecurityProtocol)</PathSecurity-Protocol>\
        <PathSecurity-Parameters><PSK>\(XMLText.escaped(psk))</PSK></PathSecurity-Parameters>\
        </TCTokenType>
        """
    }
}
