import Foundation

/// The protected header of a compact JWS, read before its signature is checked — only to choose
/// the key and to refuse what Pforte never accepts (`alg: none`, HMAC algorithms, which would let
/// anyone who knows a public key "sign" with it as the secret). The signature check follows.
struct JWSHeader: Sendable {
    let alg: String
    let kid: String?
    let typ: String?

    init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let json = Data(base64URLEncoded: String(parts[0])),
              let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let alg = object["alg"] as? String
        else { return nil }
        self.alg = alg
        kid = object["kid"] as? String
        typ = object["typ"] as? String
    }

    /// The asymmetric algorithm Pforte accepts, or `nil` for every other `alg`.
    var acceptedAlgorithm: SigningAlgorithm? {
        SigningAlgorithm(rawValue: alg)
    }
}
