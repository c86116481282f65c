import ArgumentParser

@main
struct Pforte: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pforte",
        abstract: "Pforte: OpenID Connect provider and SAML 2.0 identity provider for e-government accounts.",
        subcommands: [Serve.self, Migrate.self, Keys.self, Config.self]
    )
}
