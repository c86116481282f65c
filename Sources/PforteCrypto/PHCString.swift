import Foundation

/// A parsed Argon2id hash in the PHC string format, as libargon2 writes it:
/// `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>` with salt and hash in standard
/// Base64 without padding; or, with the identifier ``PasswordKeyHash/identifier``, the same
/// syntax over a verifier derived from Argon2id's output.
///
/// The parser is deliberately narrow: only Argon2id version 19 (0x13, RFC 9106), parameters in
/// exactly that order as canonical decimals within ``Argon2Parameters``' bounds, and bounded
/// salt and hash lengths. Anything else is rejected before libargon2 sees it, so a corrupt or
/// planted stored hash cannot make verification allocate absurd amounts of memory.
struct PHCString: Equatable {
    enum ParseError: Error, Equatable {
        case tooLong
        case wrongFieldCount
        case unsupportedAlgorithm
        case unsupportedVersion
        case malformedParameters
        case parametersOutOfRange
        case malformedSalt
        case malformedHash
    }

    static let maximumLength = 256
    static let saltLengthRange = 8...64
    static let hashLengthRange = 16...64

    static let argon2idIdentifier = "argon2id"

    let parameters: Argon2Parameters
    let salt: [UInt8]
    let hash: [UInt8]

    init(parameters: Argon2Parameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// The string form under `identifier`, as libargon2 writes it (standard Base64, no padding).
    func encoded(identifier: String = argon2idIdentifier) -> String {
        [
            "", identifier, "v=19",
            "m=\(parameters.memoryKiB),t=\(parameters.iterations),p=\(parameters.parallelism)",
            Self.encodeBase64(salt), Self.encodeBase64(hash),
        ].joined(separator: "$")
    }

    /// Whether `candidate` equals the stored hash, comparing every byte whatever the first
    /// difference, so the time says nothing about where it is.
    func hashEquals(_ candidate: [UInt8]) -> Bool {
        guard candidate.count == hash.count else { return false }
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    init(parsing string: String, identifier: String = argon2idIdentifier) throws(ParseError) {
        guard string.utf8.count <= Self.maximumLength else { throw .tooLong }
        let fields = string.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty else { throw .wrongFieldCount }
        guard fields[1] == identifier else { throw .unsupportedAlgorithm }
        guard fields[2] == "v=19" else { throw .unsupportedVersion }
        parameters = try Self.parseParameters(fields[3])
        guard let salt = Self.decodeBase64(fields[4]), Self.saltLengthRange.contains(salt.count) else {
            throw .malformedSalt
        }
        guard let hash = Self.decodeBase64(fields[5]), Self.hashLengthRange.contains(hash.count) else {
            throw .malformedHash
        }
        self.salt = salt
        self.hash = hash
    }

    private static func parseParameters(_ field: Substring) throws(ParseError) -> Argon2Parameters {
        let pairs = field.split(separator: ",", omittingEmptySubsequences: false)
        guard pairs.count == 3 else { throw .malformedParameters }
        var values: [Int] = []
        for (pair, name) in zip(pairs, ["m=", "t=", "p="]) {
            guard pair.hasPrefix(name), let value = decimal(pair.dropFirst(name.count)) else {
                throw .malformedParameters
            }
            values.append(value)
        }
        do {
            return try Argon2Parameters(memoryKiB: values[0], iterations: values[1], parallelism: values[2])
        } catch {
            throw .parametersOutOfRange
        }
    }

    /// Canonical decimal as the PHC format requires: ASCII digits only, no sign, no leading
    /// zero; at most 10 digits so the value fits libargon2's `uint32_t`.
    private static func decimal(_ text: Substring) -> Int? {
        let digits = text.utf8
        guard (1...10).contains(digits.count),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              digits.count == 1 || digits.first != UInt8(ascii: "0")
        else { return nil }
        return Int(text)
    }

    private static func encodeBase64(_ bytes: [UInt8]) -> String {
        String(Data(bytes).base64EncodedString().prefix { $0 != "=" })
    }

    /// Standard-alphabet Base64 without padding; `=` is not allowed.
    private static func decodeBase64(_ text: Substring) -> [UInt8]? {
        guard !text.contains("="), text.utf8.count % 4 != 1 else { return nil }
        let padding = String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        return Data(base64Encoded: text + padding).map(Array.init)
    }
}
