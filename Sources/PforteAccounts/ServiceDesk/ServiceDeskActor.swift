public import PforteStore

/// Who acts at the service desk (issue #22): a member of staff logged in to the console, or the
/// operator at the command line, who has a shell on a server and so every right.
public struct ServiceDeskActor: Sendable, Equatable {
    /// The audit trail's name: `staff:<address>` or `cli:<user>`.
    public let name: String
    public let role: StaffRecord.Role

    public init(staff: StaffRecord) {
        name = "staff:" + staff.email
        role = staff.role
    }

    public static func commandLine(user: String) -> ServiceDeskActor {
        ServiceDeskActor(name: "cli:" + user, role: .admin)
    }

    private init(name: String, role: StaffRecord.Role) {
        self.name = name
        self.role = role
    }

    /// Throws ``AccountError/Code/notPermitted`` unless the actor is an admin.
    func requireAdmin() throws {
        guard role == .admin else { throw AccountError(.notPermitted) }
    }
}
