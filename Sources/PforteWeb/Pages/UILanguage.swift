import Hummingbird

/// The languages pages are offered in: German first (the portal's users and the source
/// documents are German), English available.
enum UILanguage: String, CaseIterable, Sendable {
    case de
    case en

    static let fallback = UILanguage.de
    static let cookieName = "pforte_lang"

    /// An explicit choice (`?lang=` from the language switch, then the cookie it set) beats the
    /// browser's `Accept-Language`; anything unknown falls back to German.
    static func negotiate(for request: Request) -> UILanguage {
        if let chosen = request.uri.queryParameters["lang"].flatMap({ UILanguage(rawValue: String($0)) }) {
            return chosen
        }
        if let remembered = request.cookies[cookieName].flatMap({ UILanguage(rawValue: $0.value) }) {
            return remembered
        }
        return fromAcceptLanguage(request.headers[.acceptLanguage] ?? "")
    }

    /// RFC 9110 §12.5.4: the highest-weighted supported primary language tag wins; ties keep
    /// the header's order.
    static func fromAcceptLanguage(_ header: String) -> UILanguage {
        var best: (language: UILanguage, weight: Double)?
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            guard let language = UILanguage(rawValue: primary) else { continue }
            let weight = parts.dropFirst().compactMap { parameter -> Double? in
                guard parameter.lowercased().hasPrefix("q=") else { return nil }
                return Double(parameter.dropFirst(2))
            }.first ?? 1
            guard weight > 0 else { continue }
            if best == nil || weight > best!.weight {
                best = (language, weight)
            }
        }
        return best?.language ?? fallback
    }
}
