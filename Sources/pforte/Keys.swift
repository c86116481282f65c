import ArgumentParser
import Foundation
import PforteConfiguration
import PforteCrypto

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the signing keys in the keys directory (paths.keys).",
        discussion: """
            Rotation takes two steps so that relying parties never see a signature by a key they
            have not fetched yet: `rotate` first publishes a `next` key (in JWKS and metadata, not
            yet signing); after relying parties' caches have refreshed, a second `rotate` makes it
            the active key and keeps the old one published, as `retired`, for
            keys.retired_key_retention_hours. Restart or reload every node after each step.
            """,
        subcommands: [List.self, Generate.self, Rotate.self]
    )

    static func directory(_ config: PforteConfig) -> KeyDirectory {
        KeyDirectory(url: URL(fileURLWithPath: config.paths.keys))
    }

    static func line(_ entry: KeyEntry) -> String {
        var fields = [entry.purpose.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0), entry.kid, entry.state.rawValue]
        if let keepUntil = entry.keepUntil { fields.append("published until \(keepUntil.ISO8601Format())") }
        return fields.joined(separator: "  ")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: purpose, key id (RFC 7638 thumbprint), state; then the installation fingerprint.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let config = try options.load()
            do {
                let directory = Keys.directory(config)
                for entry in try directory.list() { print(Keys.line(entry)) }
                // The fingerprint the store records at first start: nodes of one installation
                // show the same one (docs/operations.md, "Adding a node").
                print("installation  \(try directory.existingInstallationSecret()?.fingerprint ?? "missing (pforte keys generate creates it)")")
            } catch {
                throw fail("\(error)")
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create every missing key and the installation secret: everything a node needs (serve does this at the first start of a new installation).",
            discussion: "Copy the whole keys directory to every further node before it starts; a node whose keys are incomplete or belong to another installation refuses to start."
        )
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let config = try options.load()
            do {
                let (entries, secret) = try Keys.directory(config).ensureComplete(certificateSubject: config.effectivePublicURL.host ?? "pforte")
                for entry in entries { print(Keys.line(entry)) }
                print("installation  \(secret.fingerprint)")
            } catch {
                throw fail("\(error)")
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take the next rotation step for one purpose.")
        @OptionGroup var options: ConfigOptions

        @Argument(help: "One of: \(KeyPurpose.allCases.map(\.rawValue).joined(separator: ", ")).")
        var purpose: String

        func run() throws {
            let config = try options.load()
            guard let purpose = KeyPurpose(rawValue: purpose) else {
                throw ValidationError("unknown purpose \"\(self.purpose)\"; expected one of \(KeyPurpose.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            do {
                let rotation = try Keys.directory(config).rotate(
                    purpose,
                    keepRetiredFor: TimeInterval(config.keys.retiredKeyRetentionHours) * 3600,
                    certificateSubject: config.effectivePublicURL.host ?? "pforte"
                )
                print("\(rotation.step): \(Keys.line(rotation.key))")
                if let retired = rotation.retired { print("retired: \(Keys.line(retired))") }
                for pruned in rotation.pruned { print("removed: \(Keys.line(pruned))") }
                print("restart every node so that all of them publish and use the same keys")
            } catch {
                throw fail("\(error)")
            }
        }
    }
}
