public import Foundation
import PforteXML

/// The connector for the TR-03130 Part 1 web-service interface (SOAP 1.1, WS-Security both
/// ways) of an eID-Server.
public struct EIDWebServiceConnector: EIDConnector {
    private let transport: any EIDTransport
    private let keys: WSSecurityKeys
    private let polling: EIDPolling
    private let now: @Sendable () -> Date

    public init(
        transport: any EIDTransport, keys: WSSecurityKeys, polling: EIDPolling = EIDPolling(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.transport = transport
        self.keys = keys
        self.polling = polling
        self.now = now
    }

    public func startSession(_ request: EIDAttributeRequest) async throws(EIDError) -> EIDSessionStart {
        let response = try await call(.useID, request.xml)
        return try EIDSessionStart(parsing: response, sentPSK: request.psk)
    }

    public func result(of session: EIDSessionStart) async throws(EIDError) -> EIDPersonalData {
        var counter = 1
        while true {
            let request = GetResultRequest(sessionID: session.sessionID, requestCounter: counter)
            do {
                return try GetResultResponse.parse(try await call(.getResult, request.xml))
            } catch where error.code == .noResultYet && counter < polling.attempts {
                try await polling.wait(after: counter)
                counter += 1
            }
        }
    }

    public func serverInfo() async throws(EIDError) -> EIDServerInfo {
        try EIDServerInfo(parsing: try await call(.getServerInfo, EIDServerInfo.requestXML))
    }

    /// One signed request and its checked, signed answer's Body content.
    private func call(_ operation: EIDOperation, _ content: String) async throws(EIDError) -> XMLElement {
        let envelope = try SOAPEnvelope.seal(content, keys: keys, now: now())
        let answer = try await transport.post(envelope, soapAction: operation.soapAction)
        return try SOAPEnvelope.open(answer, keys: keys, now: now())
    }
}

/// How long `getResult` is repeated while the server has no result yet. The eID-Client calls
/// the RefreshAddress only after the card session ended, so a short wait normally suffices.
public struct EIDPolling: Sendable {
    /// `getResult` calls in all, the first included.
    public let attempts: Int
    /// The wait after the first call; each further wait is one step longer.
    public let step: Duration

    public init(attempts: Int = 8, step: Duration = .milliseconds(250)) {
        self.attempts = attempts
        self.step = step
    }

    func wait(after call: Int) async throws(EIDError) {
        do {
            try await Task.sleep(for: step * call)
        } catch {
            throw EIDError(.noResultYet, debugReason: "cancelled while waiting for the result")
        }
    }
}
