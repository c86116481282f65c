/// What a ``SealedData`` blob belongs to: the account and the purpose (the column or record
/// kind, such as `"profile"` or `"eid"`).
///
/// Both are bound into the blob as AES-GCM associated data, so a blob copied into another
/// account's row or into another column of the same account fails to open instead of being
/// read as someone else's data. They are not stored in the blob: the caller supplies them
/// from where it found the blob.
///
/// - Important: The strings are part of the stored format. Changing how an account id is
///   written, or renaming a purpose, makes existing blobs unopenable.
public struct SealingContext: Sendable, Hashable {
    public let accountID: String
    public let purpose: String

    public init(accountID: String, purpose: String) {
        self.accountID = accountID
        self.purpose = purpose
    }
}
