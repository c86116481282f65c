import Foundation
import PforteEID

/// Plays the card session an eID-Client would run with the eID-Server (TLS-PSK, PAOS, PIN):
/// a test driver POSTs the TC Token's `SessionIdentifier` and PSK with the chosen identity,
/// and the session gets its result.
///
/// Form fields: `session`, `psk`, `identity`, `deselect` (repeatable attribute name, e.g.
/// `PlaceOfResidence`), `outcome` (`ok` | `cancel`), optional `tamper` (see ``Tampering``).
/// Answers JSON: `{"result_major":"ok"}`, or for a cancelled run or an unusable document
/// `{"result_major":"error","result_minor":"<EIDError code>"}` (200); bad input is 400 with
/// `{"result_major":"error","error":"…"}`, a wrong PSK 403, an unknown session 404.
struct CardEndpoint: Sendable {
    let sessions: SimulatorSessions

    struct Answer: Sendable, Equatable {
        let status: Int
        let json: String

        static let ok = Answer(status: 200, json: #"{"result_major":"ok"}"#)

        static func error(_ status: Int, _ reason: String) -> Answer {
            Answer(status: status, json: #"{"result_major":"error","error":"\#(reason)"}"#)
        }
    }

    func run(_ form: [(String, String)]) async -> Answer {
        func value(_ name: String) -> String? { form.last { $0.0 == name }?.1 }
        guard let pskID = value("session"), let key = value("psk") else { return .error(400, "missing_session") }
        guard let session = await sessions.session(pskID: pskID) else { return .error(404, "unknown_session") }
        guard Self.constantTimeEqual(key, session.request.psk.key) else { return .error(403, "wrong_psk") }
        guard let identityName = value("identity"), let identity = SimulatorIdentity.all[identityName] else {
            return .error(400, "unknown_identity")
        }
        var tampering: Tampering?
        if let tamper = value("tamper"), !tamper.isEmpty {
            guard let chosen = Tampering(rawValue: tamper) else { return .error(400, "unknown_tamper") }
            tampering = chosen
        }
        var deselected: Set<EIDAttribute> = []
        for (name, text) in form where name == "deselect" {
            guard let attribute = EIDAttribute(rawValue: text) else { return .error(400, "unknown_attribute") }
            guard session.request.selection(of: attribute) != .required else { return .error(400, "required_attribute") }
            deselected.insert(attribute)
        }
        let outcome: SimulatorSessions.Outcome
        switch (value("outcome") ?? "ok", identity.document) {
        case ("cancel", _): outcome = .failed(.cancelledByUser)
        case ("ok", .expired): outcome = .failed(.deniedDocument)
        case ("ok", .revoked): outcome = .failed(.invalidDocument)
        case ("ok", .valid): outcome = .completed(identity.read(for: session.request, deselected: deselected))
        default: return .error(400, "unknown_outcome")
        }
        await sessions.finish(pskID: pskID, outcome: outcome, tampering: tampering)
        guard case .failed(let code) = outcome else { return .ok }
        // What the eID-Client would then append to the RefreshAddress (as `ResultMajor=error`).
        return Answer(status: 200, json: #"{"result_major":"error","result_minor":"\#(code.rawValue)"}"#)
    }

    /// The PSK is a secret: compared without an early exit.
    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
