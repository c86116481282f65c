/// The JWS algorithms Pforte signs with (design §7): ES256 by default, RS256 for relying
/// parties whose libraries cannot verify ECDSA. Each has its own key purpose in `keys/`.
public enum SigningAlgorithm: String, Codable, Sendable, CaseIterable {
    case es256 = "ES256"
    case rs256 = "RS256"
}
