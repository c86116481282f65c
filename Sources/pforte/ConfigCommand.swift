import ArgumentParser
import PforteConfiguration

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a configuration or print the reference of every setting.",
        subcommands: [Check.self, Reference.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the configuration and print the effective values.")

        @OptionGroup var options: ConfigOptions

        func run() throws {
            let config = try options.load()
            print("configuration is valid")
            print("public URL: \(config.effectivePublicURL.absoluteString)")
            print("listen:     \(config.server.host):\(config.server.port)")
            switch config.store.driver {
            case .sqlite: print("store:      sqlite \(config.effectiveSQLitePath)")
            case .postgres: print("store:      postgres (URL from configuration, not shown)")
            }
            print("keys:       \(config.paths.keys)")
        }
    }

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every setting as a Markdown table (the source of docs/operations.md)."
        )

        func run() {
            print(ConfigurationReference.markdownTable())
        }
    }
}
