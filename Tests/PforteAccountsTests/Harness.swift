import Foundation
import Logging
import PforteAccounts
import PforteCore
import PforteCrypto
import PforteMail
import PforteStore
import Synchronization
import Testing

/// A clock the test moves by hand. Whole seconds, as the store keeps them.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// An outbox that keeps what it is given: mail is not a database, so recording it is no fake
/// of the store.
final class RecordingOutbox: Outbox {
    private let messages = Mutex<[MailMessage]>([])
    private let refusal = Mutex<(any Error & Sendable)?>(nil)

    func send(_ message: MailMessage) async throws {
        if let error = refusal.withLock({ $0 }) { throw error }
        messages.withLock { $0.append(message) }
    }

    /// Makes every delivery fail with `error` (a relay that is down or refuses) until `nil`.
    func refuse(with error: (any Error & Sendable)?) {
        refusal.withLock { $0 = error }
    }

    var sent: [MailMessage] { messages.withLock { $0 } }

    func sent(to address: String) -> [MailMessage] {
        sent.filter { $0.to.contains { $0.address.lowercased() == address.lowercased() } }
    }

    /// The token of the last link to `address` with `path`.
    func token(to address: String, path: String) throws -> String {
        let marker = path + "?token="
        let body = try #require(sent(to: address).last { $0.body.contains(marker) }?.body, "no mail with \(path) to \(address)")
        let start = try #require(body.range(of: marker)).upperBound
        return String(body[start...].prefix(43))
    }
}

/// The account services over a fresh, migrated SQLite database in a temporary directory, with
/// a recording outbox, a hand-moved clock and cheap Argon2 parameters.
struct Harness {
    let services: AccountServices
    let outbox: RecordingOutbox
    let clock: TestClock
    let store: SQLStore
    /// Holds the database file (and its WAL) and the key directory.
    let directory: URL

    var accounts: SQLAccountStore { SQLAccountStore(store: store) }

    static let password = "Lindenallee-2024!"
    static let question = "Wie hieß Ihr erstes Haustier?"
    static let answer = "Bello der Hund"
    static let client = "192.0.2.10"

    /// Runs `body` with a new harness and removes its files afterwards.
    static func run(
        configure: (inout AccountServicesConfiguration) throws -> Void = { _ in },
        _ body: (Harness) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-accounts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "pforte.accounts.tests")
        let store = try SQLStore.open(
            StoreConfiguration(backend: .sqlite(path: directory.appendingPathComponent("pforte.sqlite").path), poolSize: 2),
            logger: logger
        )
        do {
            try await Migrator(store: store, logger: logger).migrate()
            var configuration = AccountServicesConfiguration(
                publicBaseURL: URL(string: "https://konto.example.de/")!,
                sender: try MailAddress("no-reply@konto.example.de", displayName: "Servicekonto"),
                argon2: try Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
            )
            try configure(&configuration)
            let clock = TestClock()
            let outbox = RecordingOutbox()
            let secret = try KeyDirectory(url: directory.appendingPathComponent("keys")).installationSecret()
            let services = try AccountServices(configuration: configuration, store: store, outbox: outbox,
                                               installationSecret: secret, now: { clock.now })
            try await body(Harness(services: services, outbox: outbox, clock: clock, store: store, directory: directory))
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func form(email: String, givenNames: String = "Erika", familyName: String = "Mustermann",
                     password: String = password) -> RegistrationForm {
        RegistrationForm(givenNames: givenNames, familyName: familyName, email: email, password: password,
                         passwordRepeated: password, secretQuestion: question, secretAnswer: answer,
                         consent: RegistrationConsent(termsVersion: "placeholder", acceptsTerms: true))
    }

    /// Registers `email` and follows the activation link.
    func registerAndActivate(_ email: String, givenNames: String = "Erika", familyName: String = "Mustermann") async throws {
        try await services.registration.register(Self.form(email: email, givenNames: givenNames, familyName: familyName),
                                                 language: .german)
        try await services.registration.activate(token: outbox.token(to: email, path: AccountLinkPath.activation))
    }

    func logIn(_ email: String, password: String = password, client: String = client,
               previousSessionID: String? = nil) async throws -> (cookie: SessionCookie, session: AuthenticatedSession) {
        try await services.login.logIn(email: email, password: password, clientAddress: client,
                                       previousSessionID: previousSessionID)
    }

    /// The session the cookie opens now; fails the test when there is none.
    func activeSession(_ cookie: SessionCookie) async throws -> AuthenticatedSession {
        guard case .active(let session) = try await services.sessions.resume(cookie) else {
            Issue.record("no active session")
            throw NoActiveSession()
        }
        return session
    }
}

/// Runs `body` and returns the code of the ``AccountError`` it throws; `nil` (and a recorded
/// issue) when it throws nothing or something else.
func accountErrorCode(_ body: () async throws -> Void) async -> AccountError.Code? {
    do {
        try await body()
        Issue.record("expected an AccountError")
        return nil
    } catch let error as AccountError {
        return error.code
    } catch {
        Issue.record("expected an AccountError, got \(error)")
        return nil
    }
}

/// A session the test expected is not there.
struct NoActiveSession: Error {}
