import ArgumentParser
import Foundation
import Logging
import PforteConfiguration
import PforteMail
import PforteWeb

struct Mail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Outgoing mail (activation and reset links, notices).",
        subcommands: [SendTest.self, Queue.self]
    )

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
                    from: try MailSetup.sender(config),
                    to: [try MailAddress(to)],
                    subject: Self.subject,
                    body: Self.body
                )
                try await MailSetup.outbox(config, logger: logger).send(message)
            } catch {
                throw fail("sending the test message failed: \(error)")
            }
            print("sent a test message to \(to) via \(config.mail.transport.rawValue)")
        }
    }
}
