public import Foundation

extension InstallationSecret {
    /// Seals `plaintext` under the key for `keyPurpose` (``key(for:)``), binding `context` as
    /// associated data; the format is ``SealedData``'s.
    ///
    /// For values that must be opened without any user secret but not from a copy of the
    /// database alone: e.g. claim values bound to an authorization code, with the code in the
    /// key purpose, so that only the code's holder can have them opened.
    public func seal(_ plaintext: Data, keyPurpose: String, context: String) throws(SealingError) -> SealedData {
        try SealedData.seal(plaintext, using: key(for: keyPurpose), fields: ["installation", context])
    }

    /// Opens what ``seal(_:keyPurpose:context:)`` sealed with the same purpose and context.
    public func open(_ sealed: SealedData, keyPurpose: String, context: String) throws(SealingError) -> Data {
        try sealed.open(using: key(for: keyPurpose), fields: ["installation", context])
    }
}
