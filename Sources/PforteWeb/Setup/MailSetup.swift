import Foundation
public import Logging
public import PforteConfiguration
public import PforteMail

/// Builds the mail transport from `mail.*`: shared by `pforte serve` and `pforte mail`.
public enum MailSetup {
    /// The outbox `mail.transport` selects: `.eml` files in `<paths.data>/outbox` (the
    /// development default, design §1) or the configured SMTP relay.
    public static func outbox(_ config: PforteConfig, logger: Logger) throws -> any Outbox {
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
    public static func sender(_ config: PforteConfig) throws -> MailAddress {
        let text = config.mail.from.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else { return try MailAddress(text) }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        return try MailAddress(String(text[text.index(after: open)..<text.index(before: text.endIndex)]), displayName: name.isEmpty ? nil : name)
    }

    public static func smtpConfiguration(_ config: PforteConfig) throws -> SMTPConfiguration {
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
}
