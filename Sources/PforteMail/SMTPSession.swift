import Foundation
import Logging

/// One SMTP conversation delivering one message (RFC 5321 §3, §4.1), independent of how the
/// bytes travel.
///
/// Greeting `220` → `EHLO` (`HELO` if the server does not know EHLO, §3.2) → `STARTTLS` and a
/// new `EHLO` as configured (RFC 3207 §4.2: the extensions offered before TLS must be
/// forgotten) → `AUTH` if credentials are configured (RFC 4954) → `MAIL FROM` → one `RCPT TO`
/// per recipient → `DATA` with the dot-stuffed message → `QUIT`. No pipelining: each command
/// waits for its reply, and the first unexpected reply ends the session with an ``SMTPError``.
///
/// Every command is logged at debug level, except that AUTH payloads (base64 cleartext
/// credentials) are replaced by `<redacted>`.
struct SMTPSession {
    let configuration: SMTPConfiguration
    let transport: any SMTPTransport
    let logger: Logger

    func deliver(_ message: RenderedMessage, from sender: MailAddress, to recipients: [MailAddress]) async throws(SMTPError) {
        var encrypted = configuration.security == .implicitTLS
        try await expect(receive(at: .greeting), [220], at: .greeting)
        var extensions = try await hello()

        if configuration.security == .startTLSIfOffered || configuration.security == .startTLSRequired {
            if extensions.contains("STARTTLS") {
                try await command("STARTTLS", expecting: [220], at: .startTLS)
                try await transport.startTLS()
                encrypted = true
                logger.debug("smtp tls established")
                extensions = try await hello()
            } else if configuration.security == .startTLSRequired {
                throw SMTPError(.startTLSNotOffered, stage: .ehlo, detail: "the server does not offer STARTTLS")
            }
        }

        if let credentials = configuration.credentials {
            guard encrypted || configuration.allowsCredentialsWithoutTLS else {
                throw SMTPError(.credentialsRequireTLS, stage: .authentication, detail: "refusing to send credentials over an unencrypted connection")
            }
            try await authenticate(credentials, offered: extensions.parameters("AUTH"))
        }

        try await command("MAIL FROM:<\(sender.address)>", expecting: [250], at: .mailFrom)
        for recipient in recipients {
            try await command("RCPT TO:<\(recipient.address)>", expecting: [250, 251], at: .recipient)
        }
        try await command("DATA", expecting: [354], at: .data)
        let data = SMTPDataEncoding.dotStuffed(message.bytes)
        logger.debug("smtp data", metadata: ["octets": "\(data.count)", "message_id": "\(message.messageID)"])
        try await transport.write(data)
        try await expect(receive(at: .message), [250], at: .message)
        await quit()
    }

    /// EHLO, falling back to HELO when the server answers "command not recognized" or "not
    /// implemented" (RFC 5321 §4.1.4); HELO means no extensions.
    private func hello() async throws(SMTPError) -> SMTPExtensions {
        let reply = try await send("EHLO \(configuration.heloName)", at: .ehlo)
        if reply.code == 250 { return SMTPExtensions(ehloReply: reply) }
        guard [500, 502].contains(reply.code) else { throw SMTPError.rejected(reply, at: .ehlo) }
        try await command("HELO \(configuration.heloName)", expecting: [250], at: .helo)
        return .none
    }

    /// AUTH PLAIN (RFC 4616) when offered, else AUTH LOGIN (the de-facto mechanism of older
    /// servers); both send the password base64-encoded, which is why they need TLS.
    private func authenticate(_ credentials: SMTPConfiguration.Credentials, offered: [String]) async throws(SMTPError) {
        let base64 = { (text: String) in Data(text.utf8).base64EncodedString() }
        if offered.contains("PLAIN") {
            let payload = base64("\0\(credentials.username)\0\(credentials.password)")
            try await command("AUTH PLAIN \(payload)", logged: "AUTH PLAIN <redacted>", expecting: [235], at: .authentication)
        } else if offered.contains("LOGIN") {
            try await command("AUTH LOGIN", expecting: [334], at: .authentication)
            try await command(base64(credentials.username), logged: "<redacted>", expecting: [334], at: .authentication)
            try await command(base64(credentials.password), logged: "<redacted>", expecting: [235], at: .authentication)
        } else {
            let list = offered.isEmpty ? "none" : offered.joined(separator: " ")
            throw SMTPError(.authenticationNotOffered, stage: .authentication, detail: "credentials are configured, but the server offers no AUTH PLAIN or LOGIN (offered: \(list))")
        }
        logger.debug("smtp authenticated", metadata: ["username": "\(credentials.username)"])
    }

    /// QUIT is a courtesy once the message is accepted; its failure does not matter.
    private func quit() async {
        _ = try? await send("QUIT", at: .quit)
    }

    private func command(_ line: String, logged: String? = nil, expecting codes: Set<Int>, at stage: SMTPStage) async throws(SMTPError) {
        try await expect(send(line, logged: logged, at: stage), codes, at: stage)
    }

    private func send(_ line: String, logged: String? = nil, at stage: SMTPStage) async throws(SMTPError) -> SMTPReply {
        logger.debug("smtp command", metadata: ["command": "\(logged ?? line)"])
        try await transport.write(Array("\(line)\r\n".utf8))
        return try await receive(at: stage)
    }

    private func receive(at stage: SMTPStage) async throws(SMTPError) -> SMTPReply {
        let reply = try await transport.readReply()
        logger.debug("smtp reply", metadata: ["code": "\(reply.code)", "stage": "\(stage.rawValue)"])
        return reply
    }

    private func expect(_ reply: SMTPReply, _ codes: Set<Int>, at stage: SMTPStage) throws(SMTPError) {
        guard codes.contains(reply.code) else { throw SMTPError.rejected(reply, at: stage) }
    }
}
