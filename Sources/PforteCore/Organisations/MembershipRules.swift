/// The last-admin rules (seed 001 §2 and 3 e; the account-deletion rule is the store's
/// `soleAdminOrganisations` query, since it spans every organisation of the account; seed 003: "Ist kein weitere/r Administrator/in
/// registriert, kann der/die einmal eingerichtete Administrator/in nicht gelöscht werden"):
/// an organisation always keeps at least one admin while it exists, because nobody else could
/// manage it — not even the operator, who cannot open its key.
public enum MembershipRules {
    /// Why a change of membership is refused.
    public enum Refusal: String, Error, Sendable, Equatable {
        /// The last admin cannot be removed by another admin (there is none) nor demoted.
        case lastAdminCannotBeRemoved
        /// The last admin cannot leave: promote another member first, or delete the organisation.
        case lastAdminCannotLeave
        /// Only adults can be admins.
        case adminMustBeAdult
    }

    /// Whether `memberRole` may lose access (removal by an admin, or leaving), given how many
    /// admins the organisation has now, including the member if they are one.
    public static func checkRemoval(of memberRole: OrganisationRole, adminCount: Int, leaving: Bool) throws(Refusal) {
        guard memberRole == .admin, adminCount <= 1 else { return }
        throw leaving ? .lastAdminCannotLeave : .lastAdminCannotBeRemoved
    }

    /// Whether a member may be made admin.
    public static func checkPromotion(adult: Bool) throws(Refusal) {
        guard adult else { throw .adminMustBeAdult }
    }
}
