import Hummingbird

extension PforteApplication {
    /// The service desk's console at `/staff` (issue #22), on a group without the citizens'
    /// session middleware: no citizen session is read or touched there.
    static func registerServiceDesk(on router: RouterGroup<PforteRequestContext>, console: StaffConsole) {
        StaffLoginPages(console: console).register(on: router)
        StaffAccountPages(console: console).register(on: router)
        StaffAuditPage(console: console).register(on: router)
        StaffMembersPage(console: console).register(on: router)
    }
}
