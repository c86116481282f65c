/// A public key of a `private_key_jwt` client, as it appears in its inline `jwks`
/// (RFC 7517 §4, members per RFC 7518 §6).
///
/// Only the public members are modelled; the private ones are decoded solely to refuse a key
/// set that carries them: an operator who pasted a private key has leaked it and must know.
public struct ClientKey: Codable, Sendable, Equatable {
    public let kty: String
    public let kid: String?
    public let use: String?
    public let alg: String?
    public let crv: String?
    public let x: String?
    public let y: String?
    public let n: String?
    public let e: String?

    private enum CodingKeys: String, CodingKey {
        case kty, kid, use, alg, crv, x, y, n, e
        case d, p, q, dp, dq, qi
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let privateMembers: [CodingKeys] = [.d, .p, .q, .dp, .dq, .qi]
        if let leaked = privateMembers.first(where: container.contains) {
            throw ClientRegistrationError(.invalidKeys, field: "jwks", "a key has the private member \(leaked.stringValue): only public keys belong here")
        }
        kty = try container.decode(String.self, forKey: .kty)
        kid = try container.decodeIfPresent(String.self, forKey: .kid)
        use = try container.decodeIfPresent(String.self, forKey: .use)
        alg = try container.decodeIfPresent(String.self, forKey: .alg)
        crv = try container.decodeIfPresent(String.self, forKey: .crv)
        x = try container.decodeIfPresent(String.self, forKey: .x)
        y = try container.decodeIfPresent(String.self, forKey: .y)
        n = try container.decodeIfPresent(String.self, forKey: .n)
        e = try container.decodeIfPresent(String.self, forKey: .e)
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kty, forKey: .kty)
        try container.encodeIfPresent(kid, forKey: .kid)
        try container.encodeIfPresent(use, forKey: .use)
        try container.encodeIfPresent(alg, forKey: .alg)
        try container.encodeIfPresent(crv, forKey: .crv)
        try container.encodeIfPresent(x, forKey: .x)
        try container.encodeIfPresent(y, forKey: .y)
        try container.encodeIfPresent(n, forKey: .n)
        try container.encodeIfPresent(e, forKey: .e)
    }

    /// The key types the client assertion algorithms we accept (ES256, RS256) need, with the
    /// members they cannot do without; a key for encryption (`use: enc`) cannot sign assertions.
    private func validate() throws(ClientRegistrationError) {
        let complete = switch kty {
        case "EC": crv == "P-256" && x != nil && y != nil
        case "RSA": n != nil && e != nil
        default: false
        }
        guard complete else {
            throw ClientRegistrationError(.invalidKeys, field: "jwks", "only complete EC P-256 and RSA public keys are usable (got kty \(kty))")
        }
        if let use, use != "sig" {
            throw ClientRegistrationError(.invalidKeys, field: "jwks", "a key with use \(use) cannot sign client assertions")
        }
    }
}

/// The inline `jwks` of a client (RFC 7591 §2).
public struct ClientKeySet: Codable, Sendable, Equatable {
    public let keys: [ClientKey]
}
