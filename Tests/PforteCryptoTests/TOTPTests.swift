import Foundation
import Testing

@testable import PforteCrypto

/// TOTP (RFC 6238) for the service desk's second factor (issue #22), against the RFC's own
/// test values, with the clock injected as the time argument.
@Suite struct TOTPTests {
    /// RFC 6238 Appendix B, SHA-1 seed, truncated to our 6 digits (the last six of the 8-digit
    /// values).
    private let totp = TOTP(secret: Data("12345678901234567890".utf8))

    @Test(arguments: [(59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
                      (2_000_000_000, "279037"), (20_000_000_000, "353130")])
    func codesMatchTheRFCTestVectors(_ time: Double, _ code: String) {
        #expect(totp.code(step: TOTP.step(at: Date(timeIntervalSince1970: time))) == code)
    }

    /// One step of drift either way is accepted (RFC 6238 §5.2), two are not.
    @Test func aCodeIsAcceptedWithinOneStepEitherWay() {
        let time = Date(timeIntervalSince1970: 1_234_567_890)
        let step = TOTP.step(at: time)
        #expect(totp.matchingStep(of: totp.code(step: step), at: time) == step)
        #expect(totp.matchingStep(of: totp.code(step: step - 1), at: time) == step - 1)
        #expect(totp.matchingStep(of: totp.code(step: step + 1), at: time) == step + 1)
        #expect(totp.matchingStep(of: totp.code(step: step - 2), at: time) == nil)
        #expect(totp.matchingStep(of: totp.code(step: step + 2), at: time) == nil)
        #expect(totp.matchingStep(of: "005 924", at: time) == step, "spaces as an app shows them")
    }

    @Test(arguments: ["", "12345", "1234567", "abcdef", "٠٠٥٩٢٤", "00592x", "-05924"])
    func malformedCodesMatchNothing(_ code: String) {
        #expect(totp.matchingStep(of: code, at: Date(timeIntervalSince1970: 1_234_567_890)) == nil)
    }

    /// RFC 4648 §10, without padding.
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
                      ("foobar", "MZXW6YTBOI")])
    func base32FollowsRFC4648(_ plain: String, _ encoded: String) {
        #expect(Base32.encode(Data(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded.lowercased()) == Data(plain.utf8))
    }

    @Test func base32RefusesOtherCharacters() {
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("MZ+W6") == nil)
    }

    @Test func theProvisioningURINamesIssuerAccountAndSecret() {
        let uri = totp.provisioningURI(issuer: "Pforte Servicedesk", account: "desk@example.de")
        #expect(uri == "otpauth://totp/Pforte%20Servicedesk:desk@example.de?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Pforte%20Servicedesk&algorithm=SHA1&digits=6&period=30")
    }
}
