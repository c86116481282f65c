import Foundation
import PforteCore
import PforteCrypto

/// Password hashing and the data key's wrappings (design §6), shared by every flow that sets a
/// secret: registration, the operator's account creation, reset and recovery.
///
/// Each call runs Argon2id once per hash or wrapping; see ``PasswordHasher`` on keeping that
/// work off the event loop.
struct AccountCredentials: Sendable {
    let hasher: PasswordHasher

    /// A PHC hash of `password` and the data key wrapped under it.
    func forPassword(_ password: String, dataKey: AccountDataKey) throws -> (hash: String, wrapped: Data) {
        let hash = try hasher.hash(password)
        return (hash, try wrap(dataKey, secret: password, kind: .password))
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
