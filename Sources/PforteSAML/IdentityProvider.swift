import _CryptoExtras
import Crypto
public import Foundation
public import PforteCrypto
import PforteXML

/// The IdP's signing key (the key directory's `saml` purpose), loaded for both kinds of SAML
/// signature: XML-DSig through libxmlsec1, and the plain RSA-SHA256 signature over a
/// Redirect-binding query string.
public struct IdentityProviderKey: Sendable {
    let xml: XMLSigningKey
    let rsa: _RSA.Signing.PrivateKey

    public init(_ material: SAMLKeyMaterial) throws {
        xml = try XMLSigningKey(privateKeyPEM: material.privateKeyPEM, certificatePEM: material.certificatePEM)
        rsa = try _RSA.Signing.PrivateKey(pemRepresentation: material.privateKeyPEM)
    }

    func signQuery(_ octets: Data) throws -> Data {
        try rsa.signature(for: SHA256.hash(data: octets), padding: .insecurePKCS1v1_5).rawRepresentation
    }
}

/// This IdP as SPs see it: its entityID, endpoints and keys (design §7).
public struct IdentityProvider: Sendable {
    public let entityID: String
    /// Single sign-on, both bindings (`/saml/sso`).
    public let singleSignOnURL: String
    /// Single logout, both bindings, requests and responses (`/saml/slo`).
    public let singleLogoutURL: String
    let key: IdentityProviderKey
    /// Base64 DER of every published certificate (active, next, retired; see key rotation),
    /// so SPs accept signatures across a rotation.
    let publishedCertificates: [String]
    let activeCertificate: String

    /// - Parameter publicURL: `server.public_url`; the entityID is the metadata URL, where the
    ///   metadata of this entity can be fetched (SAML metadata §4.1, well-known location).
    public init(publicURL: URL, keys: PurposeKeys<SAMLKeyMaterial>) throws {
        let base = publicURL.absoluteString.hasSuffix("/") ? String(publicURL.absoluteString.dropLast()) : publicURL.absoluteString
        entityID = base + "/saml/metadata"
        singleSignOnURL = base + "/saml/sso"
        singleLogoutURL = base + "/saml/slo"
        key = try IdentityProviderKey(keys.active.material)
        activeCertificate = Self.base64DER(pem: keys.active.material.certificatePEM)
        publishedCertificates = keys.published.map { Self.base64DER(pem: $0.material.certificatePEM) }
    }

    public static func base64DER(pem: String) -> String {
        pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
    }
}
