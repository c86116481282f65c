/// The `organisation` claim: the organisation a member acts for at this login (issue #8,
/// seed 001 3 c bb), as one JSON object so that a portal cannot mix the fields of two.
///
/// `id` is pairwise per client sector like `sub` (design §5), so portals of different sectors
/// cannot join their records of one organisation by it.
public struct OrganisationClaim: Codable, Sendable, Equatable {
    public let id: String
    public let name: String
    /// The ``PforteCore/LegalForm`` code, e.g. `gmbh`.
    public let legalForm: String
    /// `admin` or `member`.
    public let role: String

    public init(id: String, name: String, legalForm: String, role: String) {
        self.id = id
        self.name = name
        self.legalForm = legalForm
        self.role = role
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case legalForm = "legal_form"
        case role
    }
}
