import ArgumentParser
import Foundation
import PforteConfiguration

/// `--config FILE`, shared by every subcommand that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Path to pforte.yaml. Without it, defaults and PFORTE_* variables make a development instance.")
    var config: String?

    /// Loads the configuration or ends the process with exit code 2 and a message that names the
    /// offending key, as operators' scripts expect from a refused configuration.
    func load(flags: [String: (flag: String, value: String)] = [:]) throws -> PforteConfig {
        do {
            return try ConfigurationLoader().load(file: config.map { URL(fileURLWithPath: $0) }, flags: flags)
        } catch {
            throw refuse(error)
        }
    }
}

/// Prints a refused configuration (a setting or a client file) and returns exit code 2, as
/// operators' scripts expect from a configuration error.
func refuse(_ error: ConfigurationError) -> ExitCode {
    refuse(error.description)
}

/// Prints why the given input or configuration cannot be used and ends with exit code 2.
func refuse(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("pforte: \(message)\n".utf8))
    return ExitCode(2)
}

/// Prints an operator-facing failure and ends with exit code 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("pforte: \(message)\n".utf8))
    return ExitCode(1)
}
