import Foundation

/// Passwords too common to protect an account: the list every guessing attack tries first
/// (OWASP ASVS 5.0 6.2.4: "at least the top 3000"; 6.2.12: not a breached password).
///
/// The list ships with Pforte as `Resources/common-passwords.txt` (Openwall's `password.lst`
/// plus common German passwords; its header names sources and licence), so screening needs no
/// network service and no system package. Comparison ignores case and Unicode normalisation:
/// `PASSWORT1` and a decomposed `Frühling2024` are as guessable as their listed forms.
public enum CommonPasswords {
    /// The listed passwords, folded as ``fold(_:)`` does. Loaded at first use; the server loads
    /// it at start (``count``), so a missing file stops the start instead of a registration.
    private static let folded: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("Resources/common-passwords.txt is missing from PforteCore's resource bundle") }
        let entries = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        return Set(entries.map { fold(String($0)) })
    }()

    /// How many passwords are refused.
    public static var count: Int { folded.count }

    public static func contains(_ password: String) -> Bool {
        folded.contains(fold(password))
    }

    private static func fold(_ password: String) -> String {
        password.precomposedStringWithCanonicalMapping.lowercased()
    }
}
