public import Crypto
public import _CryptoExtras

/// A key from the key directory with its manifest entry.
public struct LoadedKey<Material: Sendable>: Sendable {
    public let entry: KeyEntry
    public let material: Material
}

/// The keys of one purpose: the one that signs, and all that are published for verification.
public struct PurposeKeys<Material: Sendable>: Sendable {
    /// The key to sign with.
    public let active: LoadedKey<Material>
    /// The active, next and retired keys, in that order: what JWKS and SAML metadata list.
    public let published: [LoadedKey<Material>]
}

/// The SAML key as PEM text, which the XML layer loads into xmlsec.
public struct SAMLKeyMaterial: Sendable, Equatable {
    /// PKCS #8 private key.
    public let privateKeyPEM: String
    /// Self-signed X.509 certificate of the same key.
    public let certificatePEM: String
}

/// Everything in the key directory, verified and ready to use.
public struct LoadedKeySet: Sendable {
    public let oidcES256: PurposeKeys<P256.Signing.PrivateKey>
    public let oidcRS256: PurposeKeys<_RSA.Signing.PrivateKey>
    public let saml: PurposeKeys<SAMLKeyMaterial>
    /// The published OIDC keys (ES256 and RS256) for the `jwks_uri`.
    public let jwks: JWKSet
}
