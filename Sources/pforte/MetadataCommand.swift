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
        subcommands: [Export.self, Import.self, List.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the IdP's signed metadata (what /saml/metadata serves)."
        )

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            do {
                FileHandle.standardOutput.write(try SAMLMetadataFiles.export(config))
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

        func run() async throws {
            let config = try options.load()
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
}
