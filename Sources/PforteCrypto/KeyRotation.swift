/// What one call of ``KeyDirectory/rotate(_:keepRetiredFor:certificateSubject:)`` did.
public struct KeyRotation: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        /// A new key was generated in state `next`: published, not yet signing.
        case publishedNext
        /// The `next` key became `active`, and the previously active key `retired`.
        case promotedNext
    }

    public let step: Step
    /// The new `next` key, or the newly `active` one.
    public let key: KeyEntry
    /// The key that stopped signing (only for ``Step/promotedNext``).
    public let retired: KeyEntry?
    /// Retired keys removed, with their files, because their `keepUntil` had passed.
    public let pruned: [KeyEntry]
}
