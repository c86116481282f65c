public import Foundation
public import PforteCrypto

/// The JWK Set served at `jwks_uri` (RFC 7517 §5): every published OIDC signing key — the
/// active ones, the `next` ones announced before they sign, and retired ones kept until what
/// they signed has expired (``KeyDirectory``'s rotation) — each with `kid`, `alg` and
/// `use: sig`, and only public members.
///
/// Built once from the loaded key set and served from memory: reading `keys/` per request
/// would put file I/O on the event loop, and keys change only with a restart anyway.
public struct PublishedKeys: Sendable {
    public let keySet: JWKSet

    public init(_ loaded: LoadedKeySet) {
        keySet = loaded.jwks
    }

    /// The document's bytes.
    public func jsonDocument() -> Data {
        // JWK holds only strings: encoding cannot fail.
        try! OIDCJSON.encoder.encode(keySet)
    }
}
