import Foundation
import PforteCore

/// How the security view words times, browsers, methods and levels in the page's language.
struct SecurityTexts {
    let texts: MessageCatalog
    let language: UILanguage

    /// Times as the citizen's clock shows them: Pforte serves German administrations.
    static let timeZone = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = Self.timeZone
        formatter.dateFormat = language == .de ? "dd.MM.yyyy, HH:mm" : "yyyy-MM-dd, HH:mm"
        return formatter.string(from: date)
    }

    /// "Firefox (Linux)"; the unknown parts in words.
    func browser(_ family: BrowserFamily) -> String {
        let browser = texts["security.browser.\(family.browser.rawValue)"]
        guard family.operatingSystem != .other else { return browser }
        return "\(browser) (\(texts["security.system.\(family.operatingSystem.rawValue)"]))"
    }

    func method(_ method: AuthenticationMethod) -> String {
        texts["security.method.\(method.rawValue)"]
    }

    func level(_ level: TrustLevel) -> String {
        texts["security.level.\(level.rawValue)"]
    }
}
