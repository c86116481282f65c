/// The pre-shared key that binds the eID-Client's TLS-PSK channel (RFC 4279) to the session
/// Pforte opened: Pforte makes it, hands it to the eID-Server in `useID` and to the eID-Client
/// in the TC Token. TR-03130 Part 1 `PreSharedKeyType`: `ID` at least 16 characters, `Key` at
/// least 16 bytes, hex.
public struct EIDPreSharedKey: Sendable, Hashable, Codable {
    /// The PSK identity; the TC Token's `SessionIdentifier`.
    public let id: String
    /// The key, lower-case hex.
    public let key: String

    public init(id: String, key: String) {
        self.id = id
        self.key = key
    }

    /// A fresh key from the system's CSPRNG: 32 random bytes for the key (TLS-PSK with
    /// 256-bit AES suites) and 16 for the identity, both hex.
    public static func generate() -> EIDPreSharedKey {
        EIDPreSharedKey(id: randomHex(byteCount: 16), key: randomHex(byteCount: 32))
    }

    private static func randomHex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
