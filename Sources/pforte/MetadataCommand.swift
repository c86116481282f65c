import ArgumentParser
import Foundation
import PforteConfiguration
import PforteWeb

struct Metadata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "SAML metadata: export the IdP's, import an SP's.",
        discussion: """
            Trusted SPs are metadata files in <paths.metadata>/sp/, read at start; a YAML file
            of the same name beside one holds Pforte's settings for that SP. See
            docs/relying-parties.md.
            """,
        subcommands: [Export.self, Import.self, List.self, Lands.self]
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

        @Option(help: "idp (default) or federation.")
        var role: Role = .idp

        func run() async throws {
            let config = try options.load()
            do {
                FileHandle.standardOutput.write(
                    try role == .idp ? SAMLMetadataFiles.export(config) : FederationMetadataFiles.export(config)
                )
            } catch {
                throw fail("cannot export the metadata: \(error)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the trusted SPs' files and show what Pforte does for each."
        )

        @OptionGroup var options: ConfigOptions

        func run() throws {
            let config = try options.load()
            do {
                let text = try SAMLMetadataFiles.describe(config)
                print(text.isEmpty ? "no trusted SPs in \(config.paths.metadata)/sp" : text)
            } catch {
                throw refuse(error)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate an SP's metadata file and add it to the trusted SPs.",
            discussion: """
                Checks the entityID, the HTTP-POST AssertionConsumerService URLs (https, or http
                for localhost), the certificates (RSA, 2048 bits or more) and, when
                saml.federation_certificate is set, the metadata's signature. The file is copied
                unchanged; restart the nodes to trust it.
                """
        )

        @OptionGroup var options: ConfigOptions

        @Argument(help: "The SP's metadata (one md:EntityDescriptor).")
        var file: String

        @Flag(help: "The file is a Land's IdP metadata or a federation's signed aggregate (metadata/federation/).")
        var land = false

        func run() async throws {
            let config = try options.load()
            if land {
                do {
                    let (entityIDs, path) = try FederationMetadataFiles.importLand(config, from: URL(fileURLWithPath: file))
                    print("imported \(entityIDs.joined(separator: ", ")) as \(path); settings go into \(path.dropLast(4)).yaml; restart to apply")
                    return
                } catch let error as ConfigurationError {
                    throw refuse(error)
                } catch {
                    throw fail("land metadata refused: \(error)")
                }
            }
            do {
                let (entityID, path) = try SAMLMetadataFiles.importMetadata(config, from: URL(fileURLWithPath: file))
                print("imported \(entityID) as \(path); settings for it go into \(path.dropLast(4)).yaml; restart to apply")
            } catch let error as ConfigurationError {
                throw refuse(error)
            } catch {
                throw fail("metadata refused: \(error)")
            }
        }
    }

    struct Lands: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the Länder's files (metadata/federation/) and list them.",
            discussion: "A federation's aggregate is verified with saml.federation_certificate. See docs/federation.md."
        )

        @OptionGroup var options: ConfigOptions

        func run() throws {
            let config = try options.load()
            do {
                let text = try FederationMetadataFiles.describe(config)
                print(text.isEmpty ? "no Länder in \(config.paths.metadata)/federation" : text)
            } catch {
                throw refuse(error)
            }
        }
    }
}
