import ArgumentParser
import Foundation
import PforteConfiguration
import PforteStore
import PforteWeb

struct Metadata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "SAML metadata: export the IdP's, import an SP's or a Land's into the store.",
        discussion: """
            Trusted SPs and Länder come from the store's registry, shared by every node
            (imported documents, metadata sources by URL), and from the files under
            <paths.metadata>/ (sp/, federation/), which each node reads at start and on SIGHUP.
            See metadata/README.md and docs/relying-parties.md.
            """,
        subcommands: [Export.self, Import.self, Remove.self, List.self, Lands.self, Source.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the IdP's signed metadata (what /saml/metadata serves).",
            discussion: """
                With --role federation: the metadata of Pforte's SP role toward other Länder
                (what /federation/metadata serves), for a Land to import. See docs/federation.md.
                """
        )

        enum Role: String, ExpressibleByArgument, CaseIterable {
            case idp, federation
        }

        @OptionGroup var options: ConfigOptions
        @OptionGroup var listener: ListenerOptions

        @Option(help: "idp (default) or federation.")
        var role: Role = .idp

        func run() async throws {
            let config = try options.load(flags: listener.flags)
            do {
                FileHandle.standardOutput.write(
                    try role == .idp ? SAMLMetadataFiles.export(config) : FederationMetadataFiles.export(config)
                )
            } catch {
                throw fail("cannot export the metadata: \(error)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the trusted SPs and Länder (files and store) and show what Pforte does for each."
        )

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try await Metadata.printRelyingParties(options)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate an SP's or a Land's metadata and add it to the store's registry.",
            discussion: """
                Checks the entityID, the endpoints (https, or http for localhost), the
                certificates (RSA, 2048 bits or more) and, when saml.federation_certificate is
                set, the metadata's signature (an aggregate always needs it). The document is
                kept unchanged in the store; every node serves it within
                metadata.poll_interval_seconds, without a restart.
                """
        )

        @OptionGroup var options: ConfigOptions

        @Argument(help: "The metadata (one md:EntityDescriptor, or a signed md:EntitiesDescriptor).")
        var file: String

        @Flag(help: "The file is a Land's IdP metadata or a federation's signed aggregate.")
        var land = false

        @Option(help: "YAML settings for the entity (an aggregate's map entityIDs to settings); see metadata/README.md.")
        var settings: String?

        func run() async throws {
            let (entityIDs, name) = try await Metadata.withDocuments(options) { config, documents in
                try await MetadataRegistryCommands.importDocument(
                    config, documents: documents, from: URL(fileURLWithPath: file), asLand: land,
                    settings: settings.map { URL(fileURLWithPath: $0) }
                )
            }
            print("imported \(entityIDs.joined(separator: ", ")) as \(name); every node serves it within seconds")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a document imported with `pforte metadata import` (by the name it printed)."
        )

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The document's name, as `pforte metadata list` shows it.") var name: String

        func run() async throws {
            let removed = try await Metadata.withDocuments(options) { _, documents in
                try await documents.delete(origin: .imported, name: name)
            }
            guard removed else { throw fail("no imported document \(name) (a file under metadata/ is removed by deleting it)") }
            print("removed \(name)")
        }
    }

    struct Lands: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The same as list (kept for scripts): SPs and Länder, validated.",
            discussion: "A federation's aggregate is verified with saml.federation_certificate. See docs/federation.md."
        )

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try await Metadata.printRelyingParties(options)
        }
    }

    static func printRelyingParties(_ options: ConfigOptions) async throws {
        let text = try await withDocuments(options) { config, documents in
            try await MetadataRegistryCommands.relyingParties(config, documents: documents)
        }
        print(text.isEmpty ? "no trusted SPs or Länder" : text)
    }

    /// Runs `body` on the registry's documents in the configured store.
    static func withDocuments<Result>(
        _ options: ConfigOptions, _ body: (PforteConfig, any MetadataDocumentStore) async throws -> Result
    ) async throws -> Result {
        try await withStore(options) { config, store in try await body(config, SQLMetadataDocumentStore(store: store)) }
    }

    /// Runs `body` on the configured store. A bad file or setting ends the command with exit
    /// code 2, a refused document or source with 1.
    static func withStore<Result>(
        _ options: ConfigOptions, _ body: (PforteConfig, SQLStore) async throws -> Result
    ) async throws -> Result {
        do {
            return try await withMigratedStore(options, label: "pforte.metadata") { config, store, _ in
                try await body(config, store)
            }
        } catch let error as ConfigurationError {
            throw refuse(error)
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("metadata refused: \(error)")
        }
    }
}
