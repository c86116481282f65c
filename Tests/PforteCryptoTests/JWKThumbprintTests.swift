import Crypto
@testable import PforteCrypto
import Testing

@Suite struct JWKThumbprintTests {
    /// The RSA key of RFC 7638 §3.1 and the thumbprint the RFC gives for it.
    @Test func matchesRFC7638Example() {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        #expect(JWKThumbprint.rsa(e: "AQAB", n: n) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test func canonicalJSONHasNoWhitespaceAndKeepsOrder() {
        #expect(JWKThumbprint.canonicalJSON([("crv", "P-256"), ("kty", "EC"), ("x", "a"), ("y", "b")])
            == #"{"crv":"P-256","kty":"EC","x":"a","y":"b"}"#)
    }

    @Test func ecKeyIdIsThumbprintOfItsJWK() {
        let jwk = JWK(publicKey: P256.Signing.PrivateKey().publicKey)
        #expect(jwk.kty == "EC" && jwk.crv == "P-256" && jwk.alg == "ES256" && jwk.use == "sig")
        #expect(jwk.x?.count == 43 && jwk.y?.count == 43)
        #expect(jwk.kid == JWKThumbprint.ec(crv: "P-256", x: jwk.x!, y: jwk.y!))
    }
}
