public import Foundation

/// `xs:dateTime` in UTC as SAML core §1.3.3 requires ("MUST be expressed in UTC form, with no
/// time zone component"), to the second when written; fractions are accepted when read.
public enum SAMLTime {
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    public static func parse(_ text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
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
