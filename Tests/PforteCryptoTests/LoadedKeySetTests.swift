import Crypto
import _CryptoExtras
import Foundation
import PforteCrypto
import Testing
import X509

@Suite struct LoadedKeySetTests {
    static func loadedKeys() throws -> LoadedKeySet {
        try withTemporaryDirectory { root in
            try KeyFixture.install(into: root)
            return try KeyDirectory(url: root.appendingPathComponent("keys")).loadKeySet()
        }
    }

    @Test func es256SignaturesVerifyWithPublishedJWK() throws {
        let set = try Self.loadedKeys()
        let message = Data("header.payload".utf8)
        let signature = try set.oidcES256.active.material.signature(for: message)
        let jwk = try #require(set.jwks.keys.first { $0.kid == set.oidcES256.active.entry.kid })
        #expect(jwk.kty == "EC" && jwk.alg == "ES256" && jwk.use == "sig" && jwk.n == nil)
        let raw = try base64URLDecoded(jwk.x!) + base64URLDecoded(jwk.y!)
        let publicKey = try P256.Signing.PublicKey(rawRepresentation: raw)
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: Data("header.other".utf8)))
    }

    @Test func rs256SignaturesVerifyWithPublishedJWK() throws {
        let set = try Self.loadedKeys()
        let key = set.oidcRS256.active.material
        #expect(key.keySizeInBits == 3072)
        let message = Data("header.payload".utf8)
        let signature = try key.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
        let jwk = try #require(set.jwks.keys.first { $0.kid == set.oidcRS256.active.entry.kid })
        #expect(jwk.kty == "RSA" && jwk.alg == "RS256" && jwk.e == "AQAB" && jwk.x == nil)
        let publicKey = try _RSA.Signing.PublicKey(n: base64URLDecoded(jwk.n!), e: base64URLDecoded(jwk.e!))
        #expect(publicKey.isValidSignature(signature, for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5))
    }

    @Test func jwksSerialisesOnlyPublicMembers() throws {
        let json = try JSONEncoder().encode(Self.loadedKeys().jwks)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: [[String: String]]])
        let keys = try #require(object["keys"])
        #expect(keys.count == 2)
        #expect(Set(keys[0].keys) == ["kty", "crv", "x", "y", "kid", "alg", "use"])
        #expect(Set(keys[1].keys) == ["kty", "n", "e", "kid", "alg", "use"])
    }

    @Test func samlCertificateIsSelfSignedForTheKey() throws {
        let set = try Self.loadedKeys()
        let saml = set.saml.active.material
        let certificate = try Certificate(pemEncoded: saml.certificatePEM)
        let privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: saml.privateKeyPEM)
        #expect(privateKey.keySizeInBits == 3072)
        #expect(certificate.publicKey == Certificate.PublicKey(privateKey.publicKey))
        #expect(certificate.subject == certificate.issuer)
        #expect(certificate.subject.description == "CN=idp.pforte.example")
        #expect(certificate.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        let validity = certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore)
        #expect(validity == 10 * 365 * 24 * 60 * 60)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try certificate.extensions.keyUsage == KeyUsage(digitalSignature: true, keyEncipherment: true))
    }

    @Test(arguments: ["", String(repeating: "a", count: 65)])
    func refusesUnusableCertificateSubject(subject: String) throws {
        try withTemporaryDirectory { root in
            let before = try KeyFixture.install(into: root)
            let keys = KeyDirectory(url: root.appendingPathComponent("keys"))
            #expect { try keys.rotate(.saml, keepRetiredFor: 60, certificateSubject: subject) } throws: {
                ($0 as? KeyStoreError)?.code == .generationFailed
            }
            #expect(try keys.list() == before)
        }
    }
}
