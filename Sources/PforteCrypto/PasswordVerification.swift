/// The outcome of checking a password against a stored hash.
public enum PasswordVerification: Sendable, Equatable {
    /// Wrong password, or a stored hash that is malformed or not Argon2id v=19.
    case invalid
    /// The password matches. `needsRehash` is true when the stored hash was made with other
    /// parameters than the configured ones: the caller should store a fresh hash now, while it
    /// holds the plaintext, so parameter upgrades roll out at each user's next login.
    case valid(needsRehash: Bool)
}
