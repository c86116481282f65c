/// Failures of the organisation stores that callers act on.
public struct OrganisationStoreError: Error, Equatable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        case organisationNotFound
        case memberNotFound
        /// The change would leave the organisation without an admin. Checked inside the
        /// transaction, so two admins demoting each other at once cannot both succeed.
        case lastAdmin
        /// The members changed while a rekey was prepared; the caller prepares it again.
        case membersChanged
        /// The account already is a member.
        case alreadyMember
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
