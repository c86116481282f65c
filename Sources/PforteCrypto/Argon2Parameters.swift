/// Cost parameters of Argon2id (RFC 9106).
///
/// The default, m = 7168 KiB (7 MiB), t = 5, p = 1, is one of the equivalent settings the
/// OWASP Password Storage Cheat Sheet lists for Argon2id: it keeps memory per login small
/// enough for many concurrent logins on a modest node while staying as costly to attack as the
/// cheat sheet's other settings.
///
/// Values are validated on construction and on decoding, so a parameter set that exists is
/// one libargon2 accepts. The upper bounds are not libargon2's (which allow up to 4 TiB and
/// 2^32 passes) but what a login can reasonably afford; they also bound the work an attacker
/// could cause by planting a stored hash with absurd parameters.
public struct Argon2Parameters: Sendable, Equatable, Codable {
    /// Memory cost in KiB. libargon2 requires at least 8 KiB per lane; the upper bound is the
    /// 2 GiB of RFC 9106 §4's first recommended option.
    public let memoryKiB: Int
    /// Number of passes over the memory.
    public let iterations: Int
    /// Number of lanes (and threads used by libargon2).
    public let parallelism: Int

    static let maximumMemoryKiB = 2 * 1024 * 1024
    static let iterationRange = 1...64
    static let parallelismRange = 1...64

    /// The OWASP-listed setting m = 7 MiB, t = 5, p = 1.
    public static let `default` = Argon2Parameters(validMemoryKiB: 7168, iterations: 5, parallelism: 1)

    public init(memoryKiB: Int, iterations: Int, parallelism: Int) throws(PasswordHashingError) {
        guard Self.parallelismRange.contains(parallelism) else {
            throw PasswordHashingError(.invalidParameters, "parallelism \(parallelism) is outside \(Self.parallelismRange)")
        }
        guard Self.iterationRange.contains(iterations) else {
            throw PasswordHashingError(.invalidParameters, "iterations \(iterations) is outside \(Self.iterationRange)")
        }
        let memoryRange = (8 * parallelism)...Self.maximumMemoryKiB
        guard memoryRange.contains(memoryKiB) else {
            throw PasswordHashingError(.invalidParameters, "memoryKiB \(memoryKiB) is outside \(memoryRange)")
        }
        self.init(validMemoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism)
    }

    private init(validMemoryKiB: Int, iterations: Int, parallelism: Int) {
        self.memoryKiB = validMemoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }

    private enum CodingKeys: String, CodingKey {
        case memoryKiB, iterations, parallelism
    }

    /// Decodes and validates, so a configuration file cannot smuggle in invalid parameters.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            memoryKiB: container.decode(Int.self, forKey: .memoryKiB),
            iterations: container.decode(Int.self, forKey: .iterations),
            parallelism: container.decode(Int.self, forKey: .parallelism)
        )
    }
}
