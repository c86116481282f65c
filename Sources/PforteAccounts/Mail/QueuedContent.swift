import PforteMail

/// What an outbox row holds: a message ready to send, or a request whose mail the sender
/// works out first.
///
/// "Passwort vergessen" is queued as a request: whether the address has an account is looked
/// up by the sender, not by the request, so the request does the same work for every address
/// — one row written — and neither its time nor its outcome can tell registered addresses
/// apart, however loaded the machine (issue #18).
enum QueuedContent: Codable, Sendable {
    case message(MailMessage)
    case passwordResetRequest(address: String, language: MailLanguage)
}

extension MailLanguage: Codable {}
