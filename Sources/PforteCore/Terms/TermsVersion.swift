public import Foundation

/// One version of a declaration the operator publishes (issue #19 item 1): its id, the day it
/// takes effect (UTC midnight), and the document files it consists of (terms of use, privacy
/// statement, or the organisation consent), named relative to the versions file.
public struct TermsVersion: Sendable, Hashable {
    public let kind: TermsKind
    /// The operator's name for the version, such as `2026-1`: letters, digits, `.`, `-`, `_`.
    public let id: String
    public let effectiveFrom: Date
    public let documents: [String]

    public init(kind: TermsKind, id: String, effectiveFrom: Date, documents: [String]) {
        self.kind = kind
        self.id = id
        self.effectiveFrom = effectiveFrom
        self.documents = documents
    }

    /// The day it takes effect as German dates are written, `01.03.2027` (and understood in
    /// English), for pages and mails.
    public var effectiveDay: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: effectiveFrom)
        return String(format: "%02d.%02d.%04d", parts.day ?? 1, parts.month ?? 1, parts.year ?? 1970)
    }
}
