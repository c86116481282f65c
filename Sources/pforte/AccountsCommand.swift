import ArgumentParser
import Foundation
import PforteAccounts
import PforteConfiguration
import PforteCore
import PforteWeb

struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Personal accounts: test accounts for portal developers, inspection, deletion, retention.",
        discussion: """
            The operator sees only what the store keeps in clear (login address, status, dates);
            names, date of birth and address are sealed under each user's own secrets.
            """,
        subcommands: [Create.self, List.self, Show.self, Delete.self, Purge.self, Lock.self, Unlock.self, ResendActivation.self,
                      SendReset.self, EndSessions.self]
    )

    /// Runs `body` with the account services over the configured store, closing it afterwards.
    static func withServices<Result>(_ options: ConfigOptions,
                                     _ body: (AccountServices) async throws -> Result) async throws -> Result {
        try await withMigratedStore(options, label: "pforte.accounts") { config, store, logger in
            try await body(try AccountSetup.services(config, store: store, outbox: try MailSetup.outbox(config, logger: logger), delivery: .immediate))
        }
    }

    static func describe(_ account: AccountSummary) -> String {
        func date(_ value: Date?) -> String { value.map { $0.formatted(.iso8601) } ?? "-" }
        return """
            id:             \(account.id)
            login:          \(account.login)
            status:         \(account.status.rawValue)
            created:        \(date(account.createdAt))
            activated:      \(date(account.activatedAt))
            last login:     \(date(account.lastLoginAt))
            eID verified:   \(date(account.eIDVerifiedAt))
            secret answer:  \(account.hasSecretAnswer ? "yes" : "no (a forgotten password means recovery, which wipes the sealed data)")
            """
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an activated account (test accounts for portal developers).",
            discussion: """
                Reads the password from the first line of standard input and, with
                --secret-question, the answer from the second, so neither shows up in the
                process list or the shell history:

                  printf '%s\\n%s\\n' "$PASSWORD" "$ANSWER" | pforte accounts create --email … \\
                      --given-name … --family-name … --secret-question "…"
                """
        )

        @OptionGroup var options: ConfigOptions
        @Option(help: "E-mail address, the login name.") var email: String
        @Option(help: "Given name(s).") var givenName: String
        @Option(help: "Family name.") var familyName: String
        @Option(help: "Secret question; its answer is read from the second line of standard input.")
        var secretQuestion: String?

        func run() async throws {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw fail("no password on standard input (first line)")
            }
            var answer: String?
            if secretQuestion != nil {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw fail("--secret-question needs its answer on the second line of standard input")
                }
                answer = line
            }
            let account: AccountSummary
            do {
                account = try await Accounts.withServices(options) { services in
                    try await services.administration.createActivatedAccount(
                        email: email, givenNames: givenName, familyName: familyName, password: password,
                        secretQuestion: secretQuestion, secretAnswer: answer
                    )
                }
            } catch let error as AccountError {
                throw fail("account not created: \(Accounts.explain(error))")
            }
            print(Accounts.describe(account))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts in order of creation.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "At most this many.") var limit = 100
        @Option(help: "Skip this many.") var offset = 0

        func run() async throws {
            let accounts = try await Accounts.withServices(options) { services in
                try await services.administration.list(limit: limit, offset: offset)
            }
            for account in accounts {
                print([account.id, account.login, account.status.rawValue, account.createdAt.formatted(.iso8601)].joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one account, by id or login address.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            let summary = try await Accounts.withServices(options) { services in
                try await services.administration.show(account)
            }
            guard let summary else { throw fail("no account \(account)") }
            print(Accounts.describe(summary))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an account at once, by id or login address; its address is free again."
        )

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Account id or login address.") var account: String

        func run() async throws {
            // Through the service desk, so that the deletion is in the audit trail (issue #22).
            _ = try await Accounts.serviceDesk(options, account) { try await $0.delete(account, by: Accounts.operatorActor) }
            print("deleted \(account)")
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the retention jobs once (the server runs them every retention.interval_minutes).",
            discussion: "Deletes unactivated registrations older than 24 hours, ended sessions, spent or expired links and old throttle counters."
        )

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let report = try await Accounts.withServices(options) { services in
                try await services.administration.runRetentionJobs()
            }
            print("""
                unactivated accounts: \(report.unactivatedAccounts)
                sessions:             \(report.sessions)
                login history:        \(report.loginEvents)
                links:                \(report.mailTokens)
                throttle counters:    \(report.throttleCounters)
                eID steps:            \(report.eIDSteps)
                invitations:          \(report.invitations)
                organisation reports: \(report.organisationAuditReports)
                deletion notices:     \(report.organisationDeletionNotices)
                organisations:        \(report.deletedOrganisations)
                mail records:         \(report.mailRecords)
                """)
        }
    }

    /// The refusal in an operator's words, naming fields and rules by their codes.
    static func explain(_ error: AccountError) -> String {
        switch error.code {
        case .invalidForm(let errors):
            return errors.codes.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { field, codes in "\(field.rawValue): \(codes.map(explain).joined(separator: ", "))" }
                .joined(separator: "; ")
        case .loginTaken: return "the address already has an account"
        case .incompleteSecretQuestion: return "a secret question needs an answer"
        default: return "\(error.code)"
        }
    }

    private static func explain(_ code: FieldErrorCode) -> String {
        switch code {
        case .text(let error): error.rawValue
        case .email(let error): error.rawValue
        case .password(let rule): rule.rawValue
        case .doesNotMatch: "doesNotMatch"
        }
    }
}
