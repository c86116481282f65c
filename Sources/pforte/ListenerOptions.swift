import ArgumentParser

/// `--host`, `--port` and `--public-url`, shared by `serve` and `metadata export`, so exported
/// metadata names the URLs of the server started with the same flags.
struct ListenerOptions: ParsableArguments {
    @Option(help: "Address to listen on (server.host).")
    var host: String?

    @Option(help: "Port to listen on (server.port).")
    var port: String?

    @Option(name: .customLong("public-url"), help: "URL under which browsers and relying parties reach Pforte (server.public_url).")
    var publicURL: String?

    /// The flags given, by setting, for ``ConfigOptions/load(flags:)``.
    var flags: [String: (flag: String, value: String)] {
        var flags: [String: (flag: String, value: String)] = [:]
        if let host { flags["server.host"] = ("--host", host) }
        if let port { flags["server.port"] = ("--port", port) }
        if let publicURL { flags["server.public_url"] = ("--public-url", publicURL) }
        return flags
    }
}
