import Foundation
import PforteCrypto
import Testing

@testable import PforteOIDC

@Suite struct ClientSecretTests {
    @Test func aSecretHas256BitsAndVerifiesOnlyAgainstItsDigest() {
        let secret = ClientSecret.generate()
        #expect(secret.value.count == 43)
        #expect(Data(base64URLEncoded: secret.value)?.count == 32)
        #expect(secret.digest.count == 32)
        #expect(ClientSecret.verify(secret.value, against: secret.digest))
        #expect(!ClientSecret.verify(secret.value + "x", against: secret.digest))
        #expect(!ClientSecret.verify(ClientSecret.generate().value, against: secret.digest))
        #expect(!ClientSecret.verify(secret.value, against: secret.digest.prefix(16)))
        #expect(ClientSecret.generate().value != secret.value)
    }
}
