import Foundation
import PforteCore
import PforteCrypto

/// Password hashing and the data key's wrappings (design §6), shared by every flow that sets or
/// checks a secret: registration, the operator's account creation, login, reset and recovery.
///
/// A password costs one Argon2id (``PasswordKeyHash``: the hash and the key of the password
/// wrapping come from one evaluation); each other wrapping costs one of its own. Accounts whose
/// password was set before that construction hold a plain Argon2id PHC hash and a
/// ``WrappedDataKey`` (two evaluations per login); ``openWithPassword(_:hash:wrapped:)`` says
/// they need a rehash, so each moves to the new form at its next login. See ``PasswordHasher``
/// on keeping this work off the event loop.
struct AccountCredentials: Sendable {
    let hasher: PasswordHasher

    private var keyHash: PasswordKeyHash { PasswordKeyHash(parameters: hasher.parameters) }

    /// What a right password opens.
    struct Opened {
        let dataKey: AccountDataKey
        /// The stored hash or wrapping is of an older form or other parameters: store
        /// ``forPassword(_:dataKey:)`` now, while the password is at hand.
        let needsRehash: Bool
    }

    /// A hash of `password` and the data key wrapped under it, from one Argon2id evaluation.
    func forPassword(_ password: String, dataKey: AccountDataKey) throws -> (hash: String, wrapped: Data) {
        let (hash, key) = try keyHash.hash(password)
        return (hash, Data(try PasswordWrappedDataKey.wrap(dataKey, under: key).storedForm.utf8))
    }

    /// A hash of a random password nobody knows, of the current form: an unknown login is
    /// checked against it (``isRight(_:hash:)``) at the cost of a known one.
    static func unknownAccountHash(_ hasher: PasswordHasher) throws -> String {
        try PasswordKeyHash(parameters: hasher.parameters).hash(RandomToken.make()).hash
    }

    /// Checks `password` against an account's stored hash and, when it is right, opens the data
    /// key from the password wrapping; `nil` for a wrong password. A right password whose
    /// wrapping does not open means a tampered or corrupt row: ``AccountError/Code/storedDataUnreadable``.
    func openWithPassword(_ password: String, hash: String, wrapped: Data?) throws -> Opened? {
        switch check(password, hash: hash) {
        case .wrong:
            return nil
        case .rightInOldForm:
            return Opened(dataKey: try unwrap(wrapped, secret: password, kind: .password), needsRehash: true)
        case .right(let key, let needsRehash):
            guard let wrapped else { throw AccountError(.storedDataUnreadable) }
            do {
                let dataKey = try PasswordWrappedDataKey(storedForm: String(decoding: wrapped, as: UTF8.self)).unwrap(with: key)
                return Opened(dataKey: dataKey, needsRehash: needsRehash)
            } catch {
                throw AccountError(.storedDataUnreadable)
            }
        }
    }

    /// Whether `password` is right for a stored hash of either form (a grave step confirmed,
    /// a staff login), with the Argon2id cost of a login.
    func isRight(_ password: String, hash: String) -> Bool {
        if case .wrong = check(password, hash: hash) { return false }
        return true
    }

    private enum Check {
        case wrong
        /// A plain Argon2id PHC hash (before one evaluation per login): its wrapping needs an Argon2id of its own.
        case rightInOldForm
        case right(PasswordWrappingKey, needsRehash: Bool)
    }

    /// One Argon2id evaluation against a stored hash of either form.
    private func check(_ password: String, hash: String) -> Check {
        guard PasswordKeyHash.isKeyHash(hash) else {
            guard case .valid = hasher.verify(password, against: hash) else { return .wrong }
            return .rightInOldForm
        }
        guard case .valid(let key, let needsRehash) = keyHash.open(password, against: hash) else { return .wrong }
        return .right(key, needsRehash: needsRehash)
    }

    /// The data key wrapped under the normalised secret answer.
    func forAnswer(_ answer: SecretAnswer, dataKey: AccountDataKey) throws -> Data {
        try wrap(dataKey, secret: answer.normalized, kind: .secretAnswer)
    }

    /// The data key wrapped under the eID secret (``InstallationKeys/eIDSecret(_:)``).
    func forEID(_ secret: String, dataKey: AccountDataKey) throws -> Data {
        try wrap(dataKey, secret: secret, kind: .eID)
    }

    /// Unwraps the data key with a secret already known to be right (the password verified
    /// against its hash). A failure then means the row was tampered with or is corrupt.
    func unwrap(_ stored: Data?, secret: String, kind: SecretKind) throws -> AccountDataKey {
        guard let stored else { throw AccountError(.storedDataUnreadable) }
        do {
            return try WrappedDataKey(storedForm: String(decoding: stored, as: UTF8.self)).unwrap(secret: secret, kind: kind)
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
    }

    /// Unwraps with a guess (the secret answer): `nil` for a wrong guess, which the caller counts.
    func tryUnwrap(_ stored: Data, secret: String, kind: SecretKind) throws -> AccountDataKey? {
        let wrapped: WrappedDataKey
        do {
            wrapped = try WrappedDataKey(storedForm: String(decoding: stored, as: UTF8.self))
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
        do throws(SealingError) {
            return try wrapped.unwrap(secret: secret, kind: kind)
        } catch where error.code == .wrongKeyOrTampered {
            return nil
        }
    }

    private func wrap(_ dataKey: AccountDataKey, secret: String, kind: SecretKind) throws -> Data {
        Data(try WrappedDataKey.wrap(dataKey, secret: secret, kind: kind, parameters: hasher.parameters).storedForm.utf8)
    }
}
