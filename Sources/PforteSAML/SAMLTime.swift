public import Foundation

/// `xs:dateTime` in UTC as SAML core §1.3.3 requires ("MUST be expressed in UTC form, with no
/// time zone component"), to the second when written; fractions are accepted when read.
public enum SAMLTime {
    // Format styles are values, made once: an ISO8601DateFormatter per call opened an ICU
    // formatter each time, a measurable share of every Response (make bench, workload 6).
    private static let seconds = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func format(_ date: Date) -> String {
        seconds.format(date)
    }

    public static func parse(_ text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        return (try? seconds.parse(text)) ?? (try? fractional.parse(text))
    }
}

/// Random message IDs (SAML core §1.3.4: `xs:ID`, so a letter or `_` first, and "sufficiently
/// random" — 160 bits here).
public enum SAMLIdentifier {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return "_" + (0..<20).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
