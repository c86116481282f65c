import Foundation

/// The kind of user secret a ``WrappedDataKey`` is wrapped under (design §6).
///
/// The kind is bound into the wrapping as AES-GCM associated data, so a wrapping made for one
/// kind cannot be presented as another: the secret-answer wrapping does not open through the
/// password path, even if the user chose the same string for both.
public enum SecretKind: Sendable, Hashable, CaseIterable {
    /// The account password.
    case password
    /// The answer to the secret question, already normalised by the caller (PforteCore).
    case secretAnswer
    /// The secret the eID flow yields for this account, used exactly as given.
    case eID

    /// The label bound as associated data. Part of the stored format: never change one.
    var associatedDataLabel: String {
        switch self {
        case .password: "password"
        case .secretAnswer: "secret-answer"
        case .eID: "eid"
        }
    }

    /// The bytes Argon2id derives the key-encryption key from.
    ///
    /// Passwords are normalised to NFC exactly as ``PasswordHasher`` does, so a password that
    /// verifies against its PHC hash also unwraps the data key, whichever way the device
    /// composed "ä". The other kinds arrive in their final form and are taken as UTF-8 as is.
    func keyDerivationInput(_ secret: String) -> [UInt8] {
        switch self {
        case .password: Array(secret.precomposedStringWithCanonicalMapping.utf8)
        case .secretAnswer, .eID: Array(secret.utf8)
        }
    }
}
