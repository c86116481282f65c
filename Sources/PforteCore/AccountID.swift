internal import Foundation

/// The internal, never-shown identifier of an account: 128 random bits, written as 22
/// characters of unpadded base64url (RFC 4648 §5).
///
/// Random rather than sequential so that identifiers reveal neither the number of accounts nor
/// the order of registration; 128 bits rather than a UUID's 122 because nothing needs the UUID
/// form, and base64url is the project's encoding for binary identifiers (the pairwise subject
/// of design §5 is computed over it). Relying parties never see it (design §5).
public struct AccountID: Sendable, Hashable, LosslessStringConvertible {
    /// The 22-character base64url form.
    public let description: String

    private static let byteCount = 16
    private static let encodedLength = 22

    /// A new random identifier from the system's secure random number generator.
    public init() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<Self.byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        description = Self.encode(Data(bytes))
    }

    /// Reads the 22-character form; `nil` for anything else, including padded or non-canonical
    /// spellings of the same bits, so that one account has exactly one identifier string.
    public init?(_ description: String) {
        guard description.utf8.count == Self.encodedLength else { return nil }
        let base64 = description.replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/") + "=="
        guard let data = Data(base64Encoded: base64), data.count == Self.byteCount,
              Self.encode(data) == description
        else { return nil }
        self.description = description
    }

    private static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
