import Foundation
import Logging
import Testing

@testable import PforteMail

/// A server that answers from a script, for the protocol logic without a network.
actor ScriptedTransport: SMTPTransport {
    private var replies: [String]
    private var parser = SMTPReplyParser()
    private(set) var written: [String] = []
    private(set) var tlsStarted = false

    /// `replies`: the raw reply texts in order, the greeting first.
    init(_ replies: [String]) {
        self.replies = replies
    }

    func write(_ octets: [UInt8]) {
        written.append(String(decoding: octets, as: UTF8.self))
    }

    func readReply() throws(SMTPError) -> SMTPReply {
        while true {
            if let reply = try parser.next() { return reply }
            guard !replies.isEmpty else { throw SMTPError(.connectionClosed, detail: "script ended") }
            parser.append(replies.removeFirst().utf8)
        }
    }

    func startTLS() {
        tlsStarted = true
    }

    func close() {}
}

/// Keeps every log message with its metadata, to check what is (not) logged.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { entries.append("\(event.message) \(event.metadata ?? [:])") }
    }

    var text: String { lock.withLock { entries.joined(separator: "\n") } }
}

@Suite struct SMTPSessionTests {
    private let ehlo = "250-mail.example\r\n250-8BITMIME\r\n250 SIZE 10240000\r\n"

    private func run(
        _ transport: ScriptedTransport,
        security: SMTPConfiguration.Security = .none,
        credentials: SMTPConfiguration.Credentials? = nil,
        recipients: [String] = ["erika@example.de"],
        log: RecordingLogHandler = RecordingLogHandler()
    ) async throws(SMTPError) {
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: 2525, security: security, credentials: credentials, heloName: "idp.example")
        let logger = Logger(label: "test") { _ in log }
        let from = try! MailAddress("noreply@konto.example")
        let to = recipients.map { try! MailAddress($0) }
        let message = RenderedMessage(messageID: "<1@konto.example>", bytes: Array("Subject: x\r\n\r\n.Punkt\r\n".utf8))
        try await SMTPSession(configuration: configuration, transport: transport, logger: logger).deliver(message, from: from, to: to)
    }

    private func failure(_ body: () async throws(SMTPError) -> Void) async -> SMTPError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test func deliversWithEveryCommandInOrder() async throws {
        let transport = ScriptedTransport(["220 mail.example ESMTP\r\n", ehlo, "250 OK\r\n", "250 OK\r\n", "251 forwarded\r\n", "354 go\r\n", "250 queued\r\n", "221 bye\r\n"])
        try await run(transport, recipients: ["erika@example.de", "max@example.de"])
        #expect(await transport.written == [
            "EHLO idp.example\r\n", "MAIL FROM:<noreply@konto.example>\r\n", "RCPT TO:<erika@example.de>\r\n",
            "RCPT TO:<max@example.de>\r\n", "DATA\r\n", "Subject: x\r\n\r\n..Punkt\r\n.\r\n", "QUIT\r\n",
        ])
    }

    @Test func fallsBackToHELO() async throws {
        let transport = ScriptedTransport(["220 old\r\n", "502 what?\r\n", "250 old\r\n", "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 OK\r\n", "221 bye\r\n"])
        try await run(transport)
        #expect(await transport.written.prefix(3) == ["EHLO idp.example\r\n", "HELO idp.example\r\n", "MAIL FROM:<noreply@konto.example>\r\n"])
    }

    @Test func upgradesWithSTARTTLSAndGreetsAgain() async throws {
        let transport = ScriptedTransport([
            "220 mail.example\r\n", "250-mail.example\r\n250-STARTTLS\r\n250 AUTH LOGIN\r\n", "220 ready\r\n",
            "250-mail.example\r\n250 AUTH PLAIN LOGIN\r\n", "235 ok\r\n", "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 OK\r\n", "221 bye\r\n",
        ])
        try await run(transport, security: .startTLSIfOffered, credentials: .init(username: "pforte", password: "gehëim"))
        #expect(await transport.tlsStarted)
        let written = await transport.written
        let plain = Data("\0pforte\0gehëim".utf8).base64EncodedString()
        #expect(Array(written.prefix(4)) == ["EHLO idp.example\r\n", "STARTTLS\r\n", "EHLO idp.example\r\n", "AUTH PLAIN \(plain)\r\n"])
    }

    @Test func usesAUTHLOGINWhenPLAINIsNotOffered() async throws {
        let transport = ScriptedTransport([
            "220 mail.example\r\n", "250-mail.example\r\n250 AUTH LOGIN\r\n", "334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n", "235 ok\r\n",
            "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 OK\r\n", "221 bye\r\n",
        ])
        try await run(transport, security: .implicitTLS, credentials: .init(username: "pforte", password: "geheim"))
        #expect(Array(await transport.written[1...3]) == ["AUTH LOGIN\r\n", "cGZvcnRl\r\n", "Z2VoZWlt\r\n"])
    }

    @Test func neverLogsThePasswordOrTheAUTHPayload() async throws {
        let log = RecordingLogHandler()
        let transport = ScriptedTransport([
            "220 mail.example\r\n", "250-mail.example\r\n250 AUTH LOGIN\r\n", "334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n", "235 ok\r\n",
            "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 OK\r\n", "221 bye\r\n",
        ])
        try await run(transport, security: .implicitTLS, credentials: .init(username: "pforte", password: "geheim"), log: log)
        #expect(log.text.contains("MAIL FROM:<noreply@konto.example>"))
        #expect(log.text.contains("AUTH LOGIN"))
        for secret in ["geheim", "Z2VoZWlt", "cGZvcnRl"] { #expect(!log.text.contains(secret)) }

        let plainLog = RecordingLogHandler()
        let plainTransport = ScriptedTransport(["220 m\r\n", "250-m\r\n250 AUTH PLAIN\r\n", "235 ok\r\n", "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 OK\r\n", "221 bye\r\n"])
        try await run(plainTransport, security: .implicitTLS, credentials: .init(username: "pforte", password: "geheim"), log: plainLog)
        #expect(plainLog.text.contains("AUTH PLAIN <redacted>"))
        #expect(!plainLog.text.contains(Data("\0pforte\0geheim".utf8).base64EncodedString()))
    }

    @Test func requiredSTARTTLSThatIsNotOfferedStopsBeforeMail() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", ehlo])
        let error = await failure { () async throws(SMTPError) in try await run(transport, security: .startTLSRequired) }
        #expect(error?.code == .startTLSNotOffered)
        #expect(await transport.written == ["EHLO idp.example\r\n"])
    }

    @Test func refusesToSendCredentialsWithoutTLS() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", "250-mail.example\r\n250 AUTH PLAIN\r\n"])
        let error = await failure { () async throws(SMTPError) in
            try await run(transport, security: .startTLSIfOffered, credentials: .init(username: "pforte", password: "geheim"))
        }
        #expect(error?.code == .credentialsRequireTLS)
        #expect(await transport.written == ["EHLO idp.example\r\n"])
    }

    @Test func credentialsWithoutAnyKnownMechanism() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", "250-mail.example\r\n250 AUTH CRAM-MD5\r\n"])
        let error = await failure { () async throws(SMTPError) in
            try await run(transport, security: .implicitTLS, credentials: .init(username: "pforte", password: "geheim"))
        }
        #expect(error?.code == .authenticationNotOffered)
    }

    @Test func wrongCredentialsArePermanentAuthenticationFailures() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", "250-mail.example\r\n250 AUTH PLAIN\r\n", "535 5.7.8 Authentication credentials invalid\r\n"])
        let error = await failure { () async throws(SMTPError) in
            try await run(transport, security: .implicitTLS, credentials: .init(username: "pforte", password: "falsch"))
        }
        #expect(error?.code == .rejected)
        #expect(error?.stage == .authentication)
        #expect(error?.reply?.code == 535)
        #expect(error?.isPermanent == true)
    }

    @Test func unknownRecipientIsPermanentAndStopsBeforeData() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", ehlo, "250 OK\r\n", "550 5.1.1 <nobody@example.de>: Recipient address rejected\r\n"])
        let error = await failure { () async throws(SMTPError) in try await run(transport, recipients: ["nobody@example.de"]) }
        #expect(error?.code == .rejected)
        #expect(error?.stage == .recipient)
        #expect(error?.reply == SMTPReply(code: 550, lines: ["5.1.1 <nobody@example.de>: Recipient address rejected"]))
        #expect(error?.isPermanent == true && error?.isTransient == false)
        #expect(error?.description.contains("550 5.1.1") == true)
        #expect(await !transport.written.contains("DATA\r\n"))
    }

    @Test func greylistingIsTransient() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", ehlo, "451 4.7.1 try again later\r\n"])
        let error = await failure { () async throws(SMTPError) in try await run(transport) }
        #expect(error?.stage == .mailFrom)
        #expect(error?.isTransient == true && error?.isPermanent == false)
    }

    @Test func refusedMessageIsReportedAtMessageStage() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", ehlo, "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "554 5.6.0 spam\r\n"])
        let error = await failure { () async throws(SMTPError) in try await run(transport) }
        #expect(error?.stage == .message)
        #expect(error?.reply?.code == 554)
    }

    @Test func serviceNotAvailableGreeting() async {
        let transport = ScriptedTransport(["554 no service\r\n"])
        let error = await failure { () async throws(SMTPError) in try await run(transport) }
        #expect(error?.stage == .greeting)
        #expect(await transport.written.isEmpty)
    }

    @Test func malformedReplyEndsTheSession() async {
        let transport = ScriptedTransport(["220 mail.example\r\n", "hello there\r\n"])
        let error = await failure { () async throws(SMTPError) in try await run(transport) }
        #expect(error?.code == .malformedReply)
    }

    @Test func quitFailureDoesNotFailADeliveredMessage() async throws {
        let transport = ScriptedTransport(["220 mail.example\r\n", ehlo, "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "250 OK\r\n"])
        try await run(transport)
    }
}
