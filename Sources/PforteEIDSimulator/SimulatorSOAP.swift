import Foundation
import PforteEID
import PforteXML

/// The eID-Server side of the TR-03130 Part 1 web-service interface: checks the caller's
/// WS-Security signature, runs `useID`, `getResult` and `getServerInfo`, and signs answers.
struct SimulatorSOAP: Sendable {
    let keys: WSSecurityKeys
    /// A key pair the connector does not know, for `Tampering.foreignKey`.
    let foreignKeys: WSSecurityKeys
    let sessions: SimulatorSessions
    /// Where the card endpoint listens: the `eCardServerAddress` of new sessions.
    let cardAddress: @Sendable () async -> URL?

    /// The answer to one POSTed envelope; `nil` body content means a SOAP fault (HTTP 500).
    func respond(to envelope: Data, now: Date) async -> (ok: Bool, body: Data) {
        let request: XMLElement
        do {
            request = try SOAPEnvelope.open(envelope, keys: keys, now: now)
        } catch {
            return (false, Self.fault(error.description))
        }
        do {
            switch request.name {
            case Self.name(EIDOperation.useID.requestElement):
                return (true, try sealed(await useID(request)))
            case Self.name(EIDOperation.getResult.requestElement):
                return (true, try await getResult(request, now: now))
            case Self.name(EIDOperation.getServerInfo.requestElement):
                return (true, try sealed(Self.serverInfo.xml))
            default:
                return (false, Self.fault("unknown operation \(request.name)"))
            }
        } catch {
            return (false, Self.fault(error.description))
        }

        func sealed(_ content: String) throws(EIDError) -> Data {
            try SOAPEnvelope.seal(content, keys: keys, now: now)
        }
    }

    static let serverInfo = EIDServerInfo(
        version: "2.4.0",
        documentVerificationRights: Dictionary(uniqueKeysWithValues: EIDAttribute.allCases.map { ($0, .allowed) })
    )

    private func useID(_ element: XMLElement) async -> String {
        do throws(EIDError) {
            let request = try EIDAttributeRequest(parsing: element)
            guard request.psk.id.count >= 16, request.psk.key.count >= 32, request.psk.key.count.isMultiple(of: 2),
                  request.psk.key.allSatisfy(\.isHexDigit)
            else { throw EIDError(.invalidPSK) }
            let id = try await sessions.open(request)
            return EIDSessionStart(sessionID: id, psk: request.psk, eCardServerAddress: await cardAddress()).xml(result: .ok)
        } catch {
            return Self.failure(.useID, error.code)
        }
    }

    private func getResult(_ element: XMLElement, now: Date) async throws(EIDError) -> Data {
        let session: SimulatorSessions.Session
        do throws(EIDError) {
            let request = try GetResultRequest(parsing: element)
            session = try await sessions.poll(request.sessionID, counter: request.requestCounter)
        } catch {
            return try SOAPEnvelope.seal(Self.failure(.getResult, error.code), keys: keys, now: now)
        }
        switch session.outcome {
        case .pending:
            return try SOAPEnvelope.seal(Self.failure(.getResult, .noResultYet), keys: keys, now: now)
        case .failed(let code):
            return try SOAPEnvelope.seal(Self.failure(.getResult, code), keys: keys, now: now)
        case .completed(let data):
            return try tampered(data, by: session.tampering, now: now)
        }
    }

    /// The successful answer, spoilt as the session's card run asked for.
    private func tampered(_ data: EIDPersonalData, by tampering: Tampering?, now: Date) throws(EIDError) -> Data {
        let content = GetResultResponse.xml(tampering == .noPersonalData ? nil : data, result: .ok)
        switch tampering {
        case nil, .noPersonalData:
            return try SOAPEnvelope.seal(content, keys: keys, now: now)
        case .foreignKey:
            return try SOAPEnvelope.seal(content, keys: foreignKeys, now: now)
        case .unsigned:
            return Data("""
            <soapenv:Envelope xmlns:soapenv="\(EIDNamespace.soap)"><soapenv:Header/><soapenv:Body>\(content)</soapenv:Body></soapenv:Envelope>
            """.utf8)
        case .tamperedBody:
            let signed = String(decoding: try SOAPEnvelope.seal(content, keys: keys, now: now), as: UTF8.self)
            let other = SimulatorIdentity.restrictedID(card: "max")
            return Data(signed.replacingOccurrences(of: data.restrictedID, with: other).utf8)
        }
    }

    private static func failure(_ operation: EIDOperation, _ code: EIDError.Code) -> String {
        "<eid:\(operation.responseElement) xmlns:eid=\"\(EIDNamespace.eid)\">\(EIDResult.error(code).xml)</eid:\(operation.responseElement)>"
    }

    private static func name(_ localName: String) -> XMLName {
        XMLName(namespace: EIDNamespace.eid, localName: localName)
    }

    /// SOAP 1.1 §4.4: a Client fault for requests that are not signed or not understood.
    private static func fault(_ reason: String) -> Data {
        Data("""
        <soapenv:Envelope xmlns:soapenv="\(EIDNamespace.soap)"><soapenv:Body><soapenv:Fault>\
        <faultcode>soapenv:Client</faultcode><faultstring>\(XMLText.escaped(reason))</faultstring>\
        </soapenv:Fault></soapenv:Body></soapenv:Envelope>
        """.utf8)
    }
}
