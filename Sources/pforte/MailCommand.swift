import ArgumentParser
import Foundation
import Logging
import PforteConfiguration
import PforteMail
import PforteWeb

struct Mail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Outgoing mail (activation and reset links, notices).",
        subcommands: [SendTest.self]
    )

    /// The outbox `mail.transport` selects: `.eml` files in `<paths.data>/outbox` (the
    /// development default, design §1) or the configured SMTP relay.
    static func outbox(_ config: PforteConfig, logger: Logger) throws -> any Outbox {
        let renderer = try MessageRenderer(messageIDDomain: String(try sender(config).domain))
        switch config.mail.transport {
        case .file:
            let directory = URL(fileURLWithPath: config.paths.data).appendingPathComponent("outbox")
            return FileOutbox(directory: directory, renderer: renderer)
        case .smtp:
            return SMTPOutbox(configuration: try smtpConfiguration(config), renderer: renderer, logger: logger)
        }
    }

    /// `mail.from`: `address` or `Display Name <address>`.
    static func sender(_ config: PforteConfig) throws -> MailAddress {
        let text = config.mail.from.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else { return try MailAddress(text) }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        return try MailAddress(String(text[text.index(after: open)..<text.index(before: text.endIndex)]), displayName: name.isEmpty ? nil : name)
    }

    static func smtpConfiguration(_ config: PforteConfig) throws -> SMTPConfiguration {
        let mail = config.mail
        let security: SMTPConfiguration.Security = switch mail.smtpSecurity {
        case .starttls: .startTLSIfOffered
        case .starttlsRequired: .startTLSRequired
        case .tls: .implicitTLS
        case .none: .none
        }
        let defaultPort = switch security {
        case .implicitTLS: 465
        case .none: 25
        case .startTLSIfOffered, .startTLSRequired: 587
        }
        return SMTPConfiguration(
            host: mail.smtpHost,
            port: mail.smtpPort ?? defaultPort,
            security: security,
            credentials: mail.smtpUsername.isEmpty ? nil : .init(username: mail.smtpUsername, password: mail.smtpPassword),
            heloName: heloName(sender: try sender(config)),
            trustRoots: mail.smtpCAFile.isEmpty ? .system : .pemFile(mail.smtpCAFile)
        )
    }

    /// RFC 5321 §4.1.1.1 wants our fully-qualified name; relays that check it refuse a bare
    /// container host name, so fall back to the sender's domain.
    private static func heloName(sender: MailAddress) -> String {
        let host = ProcessInfo.processInfo.hostName
        return host.contains(".") && !host.hasSuffix(".") ? host : String(sender.domain)
    }

    struct SendTest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send-test",
            abstract: "Send a fixed German test message through the configured transport.",
            discussion: """
                Checks mail.* before real users depend on it: exit code 0 once the relay accepted
                the message (or the .eml file is written), 1 with the relay's reply otherwise.
                Set log.level to debug to see every SMTP command (never the credentials).
                """
        )

        @OptionGroup var options: ConfigOptions

        @Option(help: "Recipient address.")
        var to: String

        static let subject = "Pforte: Testnachricht – Grüße aus der Prüfstelle"
        static let body = """
            Guten Tag,

            dies ist eine Testnachricht von Pforte. Wenn Sie sie lesen, ist der Versand von E-Mails richtig eingerichtet: Aktivierungs-Links, Links zum Zurücksetzen des Passworts und Hinweise erreichen ihre Empfänger.

            Umlaute und Sonderzeichen: äöü ÄÖÜ ß „Anführungszeichen“ 10 € = 10 Euro
            .Diese Zeile beginnt mit einem Punkt.

            Mit freundlichen Grüßen
            Pforte

            """

        func run() async throws {
            let config = try options.load()
            Pforte.restrictNewFiles()
            PforteLogging.bootstrap(config.log)
            let logger = Logger(label: "pforte")
            do {
                let message = try MailMessage(
                    from: try Mail.sender(config),
                    to: [try MailAddress(to)],
                    subject: Self.subject,
                    body: Self.body
                )
                try await Mail.outbox(config, logger: logger).send(message)
            } catch {
                throw fail("sending the test message failed: \(error)")
            }
            print("sent a test message to \(to) via \(config.mail.transport.rawValue)")
        }
    }
}
