import ArgumentParser
import Foundation
import PforteAccounts
import PforteStore

/// The service desk's actions at the command line (issue #22), written to the audit trail as
/// the operator (`cli:<user>`). Sessions the actions end are reported to the OIDC portals by the
/// running server's back-channel round.
extension Accounts {
    static var operatorActor: ServiceDeskActor {
        .commandLine(user: ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName)
    }

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lock an account administratively: no login by any method, every session and token ends.",
            discussion: "Only `pforte accounts unlock` or the service desk lifts it; an unlock link or a password reset does not."
        )

        @OptionGroup var options: ConfigOptions
        @Option(help: "Why (kept in the audit trail).") var reason: String
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            let (id, ended) = try await Accounts.serviceDesk(options, account) { try await $0.lock(account, reason: reason, by: Accounts.operatorActor) }
            print("locked \(id); \(ended.count) session(s) ended")
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift an administrative lock.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "Why (kept in the audit trail).") var reason: String?
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            let wasLocked = try await Accounts.serviceDesk(options, account) {
                try await $0.unlock(account, reason: reason, by: Accounts.operatorActor)
            }
            print(wasLocked ? "unlocked \(account)" : "\(account) was not locked")
        }
    }

    struct ResendActivation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a fresh activation link to a registration not yet activated.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            try await Accounts.serviceDesk(options, account) { try await $0.resendActivation(account, by: Accounts.operatorActor) }
            print("activation mail queued for \(account)")
        }
    }

    struct SendReset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a password-reset mail to an active account.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            try await Accounts.serviceDesk(options, account) { try await $0.sendPasswordReset(account, by: Accounts.operatorActor) }
            print("password-reset mail queued for \(account)")
        }
    }

    struct EndSessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End every session of an account and revoke its tokens.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            let ended = try await Accounts.serviceDesk(options, account) { try await $0.endSessions(account, by: Accounts.operatorActor) }
            print("\(ended.count) session(s) ended")
        }
    }

    /// Runs a service-desk action, turning its refusals into the operator's words.
    static func serviceDesk<Result>(_ options: ConfigOptions, _ account: String,
                                    _ body: (ServiceDeskService) async throws -> Result) async throws -> Result {
        do {
            return try await withServices(options) { try await body($0.serviceDesk) }
        } catch let error as AccountError {
            switch error.code {
            case .accountNotFound: throw fail("no account \(account)")
            case .notPermitted: throw fail("not possible for this account (state or missing reason)")
            default: throw fail("refused: \(explain(error))")
            }
        }
    }
}

struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Members of the service desk: their own accounts for the console at /staff.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member; prints a generated password unless one is given on standard input (--password-stdin).",
            discussion: "At the first login the member enrols an authenticator app (TOTP) and receives recovery codes."
        )

        @OptionGroup var options: ConfigOptions
        @Option(help: "E-mail address, the console login.") var email: String
        @Option(help: "support or admin.") var role: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            guard let role = StaffRecord.Role(rawValue: role) else { throw fail("--role must be support or admin") }
            let password = passwordStdin ? readLine(strippingNewline: true) : nil
            do {
                let (staff, chosen) = try await Accounts.withServices(options) { services in
                    try await services.staff.add(email: email, role: role, password: password, by: Accounts.operatorActor)
                }
                print("added \(staff.email) (\(staff.role.rawValue))")
                if password == nil { print("password: \(chosen)") }
            } catch let error as AccountError {
                throw fail(error.code == .loginTaken ? "a member of staff has this address" : "not added: \(Accounts.explain(error))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the members.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let members = try await Accounts.withServices(options) { try await $0.staff.list(by: Accounts.operatorActor) }
            for member in members {
                print([member.email, member.role.rawValue, member.totpEnrolledAt == nil ? "not enrolled" : "enrolled",
                       member.lastLoginAt?.formatted(.iso8601) ?? "-"].joined(separator: "\t"))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member; their console sessions end.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The member's e-mail address.") var email: String

        func run() async throws {
            let removed = try await Accounts.withServices(options) { try await $0.staff.remove(email: email, by: Accounts.operatorActor) }
            guard removed else { throw fail("no member \(email)") }
            print("removed \(email)")
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The service desk's audit trail (append-only).",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit events, newest first (tab-separated).")

        @OptionGroup var options: ConfigOptions
        @Option(help: "Only events of this account (id or login address).") var account: String?
        @Option(help: "At most this many.") var limit = ServiceDeskService.auditPageSize
        @Option(help: "Skip this many.") var offset = 0

        func run() async throws {
            let events = try await Accounts.withServices(options) {
                try await $0.serviceDesk.auditTrail(of: account, limit: limit, offset: offset)
            }
            for event in events {
                print([event.occurredAt.formatted(.iso8601), event.actor, event.action.rawValue, event.accountID ?? "-",
                       event.reason ?? "-"].joined(separator: "\t"))
            }
        }
    }
}
