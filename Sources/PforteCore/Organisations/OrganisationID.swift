/// The internal identifier of an organisation: the same 128 random bits in 22 characters of
/// base64url as an ``AccountID`` (random for the same reasons), a distinct type so that an
/// organisation id cannot be passed where an account id is meant. Relying portals see only a
/// pairwise derivation of it.
public struct OrganisationID: Sendable, Hashable, LosslessStringConvertible {
    private let id: AccountID

    public init() {
        id = AccountID()
    }

    /// Reads the canonical 22-character form only.
    public init?(_ description: String) {
        guard let id = AccountID(description) else { return nil }
        self.id = id
    }

    public var description: String { id.description }
}
