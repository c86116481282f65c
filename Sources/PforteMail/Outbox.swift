/// Where Pforte hands over outgoing mail: activation and password-reset links, e-mail-change
/// confirmations, notices.
///
/// Callers depend on this protocol only, so development (``FileOutbox``, the default, design §1)
/// and production (``SMTPOutbox``) differ in configuration, not in code. `send` returns once the
/// message is stored or accepted by the relay (SMTP reply 250 to the end of `DATA`); it throws
/// otherwise, and the caller decides whether to retry.
public protocol Outbox: Sendable {
    func send(_ message: MailMessage) async throws
}
