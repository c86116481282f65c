import Foundation

/// Parsers shared by the settings; each failure says what was expected and what was given.
enum ValueParsing {
    static func integer(_ text: String, in range: ClosedRange<Int>) throws(SettingValueError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw SettingValueError(reason: "expected an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, of type: T.Type) throws(SettingValueError) -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingValueError(reason: "expected one of \(allowed), got \"\(text)\"")
        }
        return value
    }

    static func oneOf(_ text: String, _ allowed: [String]) throws(SettingValueError) -> String {
        guard allowed.contains(text) else {
            throw SettingValueError(reason: "expected one of \(allowed.joined(separator: ", ")), got \"\(text)\"")
        }
        return text
    }

    static func nonEmpty(_ text: String) throws(SettingValueError) -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SettingValueError(reason: "must not be empty")
        }
        return text
    }

    /// An absolute http(s) URL without query or fragment: it is the base of every endpoint URL.
    static func baseURL(_ text: String) throws(SettingValueError) -> URL? {
        if text.isEmpty { return nil }
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil,
              let url = components.url
        else {
            throw SettingValueError(reason: "expected an absolute http or https URL without query or fragment, got \"\(text)\"")
        }
        return text.hasSuffix("/") ? URL(string: String(text.dropLast())) ?? url : url
    }

    static func postgresURL(_ text: String) throws(SettingValueError) -> String {
        if text.isEmpty { return text }
        guard let components = URLComponents(string: text),
              ["postgres", "postgresql"].contains(components.scheme?.lowercased() ?? ""),
              components.host?.isEmpty == false
        else {
            throw SettingValueError(reason: "expected postgres://user:password@host:port/database")
        }
        return text
    }

    static func boolean(_ text: String) throws(SettingValueError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw SettingValueError(reason: "expected true or false, got \"\(text)\"")
        }
    }

    /// An absolute https URL (a query is allowed): an address of the eID-Server.
    static func httpsURL(_ text: String) throws(SettingValueError) -> URL? {
        if text.isEmpty { return nil }
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "https",
              components.host?.isEmpty == false, components.fragment == nil, let url = components.url
        else { throw SettingValueError(reason: "expected an absolute https URL, got \"\(text)\"") }
        return url
    }
}
