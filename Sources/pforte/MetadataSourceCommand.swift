import ArgumentParser
import Foundation
import PforteStore
import PforteWeb

extension Metadata {
    /// `pforte metadata source add|list|remove`: metadata fetched by URL (issue #21).
    struct Source: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Metadata sources by URL: a federation's signed aggregate or one entity's signed metadata.",
            discussion: """
                One node at a time fetches each source, verifies its signature with the given
                certificate, requires a validUntil in the future and at least one usable entity,
                and keeps the copy in the store for all nodes. A copy that fails any of these
                changes nothing: the last good one stays in use until its validUntil.
                See docs/federation.md.
                """,
            subcommands: [Add.self, List.self, Remove.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a source, or change the one of the same URL; it is fetched within seconds.")

            @OptionGroup var options: ConfigOptions
            @Option(help: "https URL of the metadata (http only for localhost).") var url: String
            @Option(help: "PEM file of the certificate the metadata must be signed with.") var certificate: String
            @Option(help: "sp: portals' SPs; federation: the Länder (and the Länder's SPs).") var role = "federation"
            @Option(help: "Longest time between two fetches: 30m, 1h, 1d, … (the metadata's cacheDuration may shorten it).")
            var refresh = "1h"
            @Option(help: "YAML settings for the entities (an aggregate's map entityIDs to settings); kept across refreshes.")
            var settings: String?

            func run() async throws {
                guard MetadataSourceCommands.isAcceptable(url: url) else {
                    throw fail("the URL must be https (http only for localhost): \(url)")
                }
                guard let role = MetadataDocumentRecord.Role(rawValue: role) else { throw fail("--role is sp or federation") }
                guard let seconds = MetadataSourceCommands.seconds(refresh) else { throw fail("--refresh: a number with s, m, h or d, e.g. 1h") }
                try await Metadata.withStore(options) { config, store in
                    try await MetadataSourceCommands.add(
                        config, sources: SQLMetadataSourceStore(store: store), url: url, role: role,
                        certificate: URL(fileURLWithPath: certificate), settings: settings.map { URL(fileURLWithPath: $0) },
                        refreshSeconds: seconds
                    )
                }
                print("added \(url); every node serves its entities once it is fetched (`pforte metadata source list`)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The sources and how their last refresh went.")

            @OptionGroup var options: ConfigOptions

            func run() async throws {
                let sources = try await Metadata.withStore(options) { _, store in try await SQLMetadataSourceStore(store: store).list() }
                print(sources.isEmpty ? "no metadata sources" : sources.map(MetadataSourceCommands.describe).joined(separator: "\n\n"))
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a source; its entities are no longer trusted within seconds.")

            @OptionGroup var options: ConfigOptions
            @Argument(help: "The source's URL.") var url: String

            func run() async throws {
                let removed = try await Metadata.withStore(options) { _, store in try await SQLMetadataSourceStore(store: store).delete(url: url) }
                guard removed else { throw fail("no metadata source \(url)") }
                print("removed \(url)")
            }
        }
    }
}
