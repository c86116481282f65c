/// Where an account is in its life (design §4; seed 003: "der Aktivierungs-Link ist nur 24
/// Stunden gültig").
public enum AccountStatus: String, Sendable, CaseIterable {
    /// Registered, activation link sent, not yet used; cannot log in. Deleted when the link
    /// expires.
    case pendingActivation
    /// Activated: can log in.
    case active
}
