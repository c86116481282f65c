/// The language of the mails a flow sends: the language of the page the user used, since the
/// store keeps no language preference. German first (the service is German), English for
/// everyone else.
public enum MailLanguage: String, Sendable, CaseIterable {
    case german = "de"
    case english = "en"
}
