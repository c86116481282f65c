import Foundation

/// Login names as the store keeps them: the normalised e-mail address (``PforteCore/EmailAddress/normalized``).
enum LoginName {
    /// The login name a typed address would have. Input that is no valid address is lowered
    /// all the same: it matches no account, and the caller treats it exactly like an unknown
    /// address, so a typo reveals nothing either.
    static func normalize(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
