import Foundation
import PforteEID

/// A test-only switch: how the simulator spoils its `getResult` answer so that the
/// connector's checks can be seen to work. Chosen per card session by the card endpoint.
enum Tampering: String, Sendable {
    /// No WS-Security header at all.
    case unsigned
    /// Signed with a key the connector does not trust.
    case foreignKey = "foreign-key"
    /// `ResultMajor#ok` without `PersonalData`.
    case noPersonalData = "no-personal-data"
    /// Signed, then the Body changed.
    case tamperedBody = "tampered-body"
}

/// The eID sessions the simulator holds, in memory: it is a development and test tool, one
/// process, and sessions live minutes.
actor SimulatorSessions {
    enum Outcome: Sendable {
        case pending
        case completed(EIDPersonalData)
        case failed(EIDError.Code)
    }

    struct Session: Sendable {
        let request: EIDAttributeRequest
        let opened: ContinuousClock.Instant
        var lastCounter = 0
        var outcome = Outcome.pending
        var tampering: Tampering?
    }

    /// Open sessions at most, as a real server limits them (`useID#tooManyOpenSessions`).
    static let maximumSessions = 1000
    /// Sessions are forgotten this long after `useID`, as a real server's expire.
    static let lifetime = Duration.seconds(30 * 60)

    private var sessions: [String: Session] = [:]
    /// PSK identity → session ID: the card endpoint knows the session by the TC Token's
    /// `SessionIdentifier`, which is the PSK identity.
    private var byPSK: [String: String] = [:]

    func open(_ request: EIDAttributeRequest) throws(EIDError) -> String {
        let now = ContinuousClock.now
        for (id, session) in sessions where now - session.opened > Self.lifetime {
            sessions[id] = nil
            byPSK[session.request.psk.id] = nil
        }
        guard sessions.count < Self.maximumSessions else { throw EIDError(.tooManyOpenSessions) }
        guard byPSK[request.psk.id] == nil else { throw EIDError(.invalidPSK, debugReason: "PSK identity reused") }
        let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
        sessions[id] = Session(request: request, opened: now)
        byPSK[request.psk.id] = id
        return id
    }

    /// Checks and records the counter, then returns the session.
    func poll(_ id: String, counter: Int) throws(EIDError) -> Session {
        guard var session = sessions[id] else { throw EIDError(.invalidSession) }
        guard counter > session.lastCounter else {
            throw EIDError(.invalidCounter, debugReason: "\(counter) after \(session.lastCounter)")
        }
        session.lastCounter = counter
        sessions[id] = session
        return session
    }

    /// The session whose PSK identity is `pskID`.
    func session(pskID: String) -> Session? {
        byPSK[pskID].flatMap { sessions[$0] }
    }

    func finish(pskID: String, outcome: Outcome, tampering: Tampering?) {
        guard let id = byPSK[pskID] else { return }
        sessions[id]?.outcome = outcome
        sessions[id]?.tampering = tampering
    }
}
