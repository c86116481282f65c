import Foundation

@testable import PforteStore

/// Values for the tests of accounts and what hangs off them.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Stands in for the SHA-256 of a random token or session id: the store only sees digests.
    static func digest() -> SecretDigest {
        try! SecretDigest(Data((0..<SecretDigest.byteCount).map { _ in UInt8.random(in: .min ... .max) }))
    }

    /// A fake sealed blob. It carries the plaintext in clear on purpose, so that a test can see
    /// where the store puts these bytes.
    static func sealed(_ plaintext: String) -> Data {
        Data("sealed[\(plaintext)]".utf8)
    }

    static func newAccount(id: String = UUID().uuidString.lowercased(), login: String, createdAt: Date = now) -> NewAccount {
        NewAccount(
            id: id,
            login: login,
            passwordHash: "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
            sealedProfile: sealed("profile of \(login)"),
            sealedSecretQuestion: sealed("question of \(login)"),
            wrappedKeys: WrappedDataKeys(password: sealed("key under password"), secretAnswer: sealed("key under answer")),
            createdAt: createdAt
        )
    }

    static func session(accountID: String, at time: Date = now, idleTimeoutSeconds: Int = 1200,
                        lifetime: TimeInterval = 12 * 3600) -> SessionRecord {
        SessionRecord(
            idDigest: digest(), accountID: accountID, sealedPayload: sealed("session data key"), trustLevel: "normal",
            amr: ["pwd"], authTime: time, createdAt: time, lastSeenAt: time, expiresAt: time.addingTimeInterval(lifetime),
            idleTimeoutSeconds: idleTimeoutSeconds
        )
    }
}
