/// One configuration key: its dotted name, what it is for, its default, and how a textual value
/// (from YAML, the environment or a flag) is checked and stored.
///
/// Keeping the documentation next to the parser means the operator guide can be checked against
/// this list (see `PforteConfigurationTests`), so docs and behaviour cannot drift apart.
public struct ConfigurationSetting: Sendable {
    public let key: String
    public let summary: String
    public let defaultValue: String
    let apply: @Sendable (inout PforteConfig, String) throws(SettingValueError) -> Void

    /// `server.port` → `PFORTE_SERVER_PORT`.
    public var environmentVariable: String {
        "PFORTE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    init(
        _ key: String,
        default defaultValue: String,
        _ summary: String,
        apply: @escaping @Sendable (inout PforteConfig, String) throws(SettingValueError) -> Void
    ) {
        self.key = key
        self.summary = summary
        self.defaultValue = defaultValue
        self.apply = apply
    }
}

/// Why a single value was refused; the loader adds the key and the source.
struct SettingValueError: Error {
    let reason: String
}
