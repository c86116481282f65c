import Foundation
import PforteCrypto
import Testing

@Suite struct Argon2ParametersTests {
    @Test func defaultIsTheOWASPSetting() throws {
        let parameters = Argon2Parameters.default
        #expect(parameters.memoryKiB == 7168)
        #expect(parameters.iterations == 5)
        #expect(parameters.parallelism == 1)
        #expect(try Argon2Parameters(memoryKiB: 7168, iterations: 5, parallelism: 1) == parameters)
    }

    @Test(arguments: [
        (7168, 0, 1), (7168, 65, 1), (7168, 5, 0), (7168, 5, 65),
        (7, 1, 1), (15, 1, 2), (2 * 1024 * 1024 + 1, 1, 1), (-1, 5, 1),
    ])
    func rejectsOutOfBounds(memoryKiB: Int, iterations: Int, parallelism: Int) {
        #expect {
            try Argon2Parameters(memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism)
        } throws: { ($0 as? PasswordHashingError)?.code == .invalidParameters }
    }

    @Test func acceptsBounds() throws {
        _ = try Argon2Parameters(memoryKiB: 8, iterations: 1, parallelism: 1)
        _ = try Argon2Parameters(memoryKiB: 2 * 1024 * 1024, iterations: 64, parallelism: 64)
    }

    @Test func decodingValidates() throws {
        let good = Data(#"{"memoryKiB":19456,"iterations":2,"parallelism":1}"#.utf8)
        #expect(try JSONDecoder().decode(Argon2Parameters.self, from: good)
            == Argon2Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1))
        let absurd = Data(#"{"memoryKiB":99999999999,"iterations":2,"parallelism":1}"#.utf8)
        #expect(throws: PasswordHashingError.self) {
            try JSONDecoder().decode(Argon2Parameters.self, from: absurd)
        }
    }

    @Test func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(Argon2Parameters.default)
        #expect(try JSONDecoder().decode(Argon2Parameters.self, from: data) == .default)
    }
}
