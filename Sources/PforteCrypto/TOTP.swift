public import Foundation
import Crypto

/// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA-1, 6 digits and
/// 30-second steps: the parameters every authenticator app uses by default.
public struct TOTP: Sendable {
    public static let digits = 6
    public static let period: Int64 = 30
    /// RFC 4226 §4 R6 recommends at least 128 bits; 160 is the length of an SHA-1 key.
    public static let secretByteCount = 20

    public let secret: Data

    public init(secret: Data) {
        self.secret = secret
    }

    public static func generateSecret() -> Data {
        SymmetricKey(size: .init(bitCount: secretByteCount * 8)).withUnsafeBytes { Data($0) }
    }

    /// The time step of `time` (RFC 6238 §4.2, T0 = 0).
    public static func step(at time: Date) -> Int64 {
        Int64(time.timeIntervalSince1970.rounded(.down)) / period
    }

    /// The code of one time step (RFC 4226 §5.3: dynamic truncation).
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: Self.digits - text.count) + text
    }

    /// The step whose code `code` is, among the steps from `window` before to `window` after
    /// the step of `time` (RFC 6238 §5.2: allow for clock drift and the time to type), or `nil`.
    /// Every candidate is compared in constant time. Whether the step was used already is the
    /// caller's to check (a code is accepted once).
    public func matchingStep(of code: String, at time: Date, window: Int64 = 1) -> Int64? {
        let typed = code.filter { !$0.isWhitespace }
        guard typed.count == Self.digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let current = Self.step(at: time)
        var found: Int64?
        for step in (current - window)...(current + window) where Self.constantTimeEqual(self.code(step: step), typed) {
            found = found ?? step
        }
        return found
    }

    /// The URI an authenticator app reads (Key Uri Format of Google Authenticator, which the
    /// others follow): `otpauth://totp/Issuer:account?secret=…&issuer=…`.
    public func provisioningURI(issuer: String, account: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed.union(CharacterSet(charactersIn: ":"))) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&algorithm=SHA1&digits=\(Self.digits)&period=\(Self.period)"
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
