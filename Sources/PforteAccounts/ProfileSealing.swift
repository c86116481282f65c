import Foundation
import PforteCore
import PforteCrypto

/// Seals and opens an account's profile under its data key (design §6), bound to the account
/// and the purpose `"profile"`, so a profile blob copied into another account's row does not
/// open.
enum ProfileSealing {
    static let purpose = "profile"

    static func seal(_ profile: Profile, with key: AccountDataKey, accountID: String) throws -> Data {
        try SealedData.seal(encoding: StoredProfile(profile), with: key, context: context(accountID)).bytes
    }

    /// The profile; ``AccountError/Code/storedDataUnreadable`` when the blob does not open with
    /// this key or does not hold a valid profile.
    static func open(_ sealed: Data, with key: AccountDataKey, accountID: String) throws -> Profile {
        do {
            return try SealedData(bytes: sealed).open(StoredProfile.self, with: key, context: context(accountID)).profile()
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
    }

    private static func context(_ accountID: String) -> SealingContext {
        SealingContext(accountID: accountID, purpose: purpose)
    }
}
