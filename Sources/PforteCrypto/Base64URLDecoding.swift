public import Foundation

extension Data {
    /// Decodes canonical Base64url without padding (RFC 4648 §5), the form
    /// `Sequence.base64URLEncoded` writes.
    ///
    /// Strict, because these strings carry key material and wrapped keys: only the URL-safe
    /// alphabet, no padding, no whitespace, and unused trailing bits must be zero, so every
    /// byte string has exactly one accepted text form.
    public init?(base64URLEncoded text: String) {
        let utf8 = text.utf8
        guard utf8.count % 4 != 1,
              utf8.allSatisfy({ Self.base64URLAlphabet.contains($0) })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - utf8.count % 4) % 4)
        guard let decoded = Data(base64Encoded: base64), decoded.base64URLEncoded == text else { return nil }
        self = decoded
    }

    private static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
