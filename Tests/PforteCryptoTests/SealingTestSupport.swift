import Foundation
import PforteCrypto

/// Small Argon2id parameters (1 MiB, one pass) so tests that derive keys stay fast.
func smallArgon2Parameters() throws -> Argon2Parameters {
    try Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
}

/// A profile as PforteCore might seal it: the fields the database alone must not reveal.
struct TestProfile: Codable, Equatable {
    var givenNames = "Erika"
    var familyName = "Mustermann"
    var birthDate = "1964-08-12"
    var address = "Heidestraße 17, 51147 Köln"
}

extension Data {
    /// Unpadded Base64url, for building stored forms by hand.
    var base64URLText: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A copy with the byte at `offset` from the start XOR-ed with `mask`.
    func flipping(_ offset: Int, mask: UInt8 = 0x01) -> Data {
        var copy = Data(self)
        copy[copy.startIndex + offset] ^= mask
        return copy
    }
}

/// Whether `haystack` contains `needle` as a contiguous byte sequence.
func contains(_ haystack: Data, _ needle: some StringProtocol) -> Bool {
    haystack.range(of: Data(needle.utf8)) != nil
}

/// `text` (canonical unpadded Base64url whose length is not a multiple of 4) with a non-zero
/// unused trailing bit: it decodes to the same bytes in a lenient decoder, so a strict one
/// must refuse it.
func withNonZeroTrailingBit(_ text: String) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    guard let last = text.last, let index = alphabet.firstIndex(of: last) else { return text }
    return String(text.dropLast()) + String(alphabet[index | 1])
}
