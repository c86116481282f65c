/// Whether a login session may still be used (see ``SessionLifetime``).
public enum SessionState: String, Sendable, CaseIterable {
    /// Within both limits.
    case active
    /// No request for longer than the idle timeout (seed 003: "falls Sie 20 Minuten lang keine
    /// Aktion ausführen").
    case idleExpired
    /// Older than the absolute lifetime, however active.
    case absoluteExpired
}
