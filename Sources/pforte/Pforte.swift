import ArgumentParser
import Foundation

@main
struct Pforte: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pforte",
        abstract: "Pforte: OpenID Connect provider and SAML 2.0 identity provider for e-government accounts.",
        subcommands: [Serve.self, Migrate.self, Keys.self, Config.self, Mail.self, Accounts.self, Staff.self, Audit.self, Clients.self, Metadata.self, EIDSimulatorCommand.self, Benchmark.self]
    )

    /// Files Pforte creates — the database, key files, mail in the outbox — hold secrets and
    /// personal data: nobody but the service account may read them, whatever umask it inherited.
    static func restrictNewFiles() {
        umask(0o077)
    }
}
