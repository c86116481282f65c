import Crypto

/// JWK Thumbprints (RFC 7638) with SHA-256, used as the `kid` of every key.
///
/// A thumbprint depends only on the public key, so the same key gets the same `kid` wherever
/// it is computed, and relying parties can recompute it from our JWKS.
enum JWKThumbprint {
    /// RFC 7638 §3.2: the required members of an EC key, in lexicographic order.
    static func ec(crv: String, x: String, y: String) -> String {
        sha256(canonicalJSON([("crv", crv), ("kty", "EC"), ("x", x), ("y", y)]))
    }

    /// RFC 7638 §3.2: the required members of an RSA key, in lexicographic order.
    static func rsa(e: String, n: String) -> String {
        sha256(canonicalJSON([("e", e), ("kty", "RSA"), ("n", n)]))
    }

    /// RFC 7638 §3: a JSON object without whitespace, members already sorted by the caller.
    /// The values are key types, curve names and base64url strings, none of which contain
    /// characters that JSON would escape, so they are written verbatim.
    static func canonicalJSON(_ members: [(name: String, value: String)]) -> String {
        "{" + members.map { "\"\($0.name)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
    }

    private static func sha256(_ json: String) -> String {
        SHA256.hash(data: Array(json.utf8)).base64URLEncoded
    }
}
