/// Renders ``PforteConfig/settings`` for the operator guide, so the documentation is generated
/// from the same list the loader enforces.
public enum ConfigurationReference {
    public static func markdownTable() -> String {
        var lines = [
            "| key | environment variable | default | meaning |",
            "|---|---|---|---|",
        ]
        for setting in PforteConfig.settings {
            let summary = setting.summary.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(setting.key)` | `\(setting.environmentVariable)` | `\(setting.defaultValue)` | \(summary) |")
        }
        return lines.joined(separator: "\n")
    }
}
