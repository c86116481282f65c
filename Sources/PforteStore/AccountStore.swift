public import Foundation

/// Personal accounts: registration, activation, credentials, login name, deletion.
///
/// The login name — the normalised e-mail address — is the only personal datum stored in
/// clear: it must be looked up at every login, must be unique across all accounts, and mail must
/// reach it (activation, reset, the retention notice) without any user secret at hand. A keyed
/// hash would serve the lookup but not the mail. Everything else personal is sealed by the
/// caller (design §6).
///
/// Methods that change one account throw ``AccountStoreError/Code/accountNotFound`` when there
/// is no account with that id.
public protocol AccountStore: Sendable {
    /// Stores a pending registration. Throws ``AccountStoreError/Code/loginTaken`` when any
    /// account, pending or active, has the login name.
    @discardableResult
    func create(_ account: NewAccount) async throws -> AccountRecord

    func find(id: String) async throws -> AccountRecord?
    func find(byLogin login: String) async throws -> AccountRecord?

    /// Makes a pending account active. Activating an active account changes nothing: the first
    /// activation time stays.
    func activate(id: String, at time: Date) async throws

    /// Replaces the password hash — and, when given, the wrapped keys in the same statement:
    /// a changed or reset password must re-wrap the data key under the new password, and a
    /// hash without a matching wrapped key would lock the user out of their own data. A mere
    /// re-hash with stronger parameters passes `nil`. `mails` (the owner's notice) are queued
    /// in the same transaction.
    func updatePasswordHash(id: String, passwordHash: String, wrappedKeys: WrappedDataKeys?, mails: [OutgoingMail]) async throws
    func updateWrappedKeys(id: String, wrappedKeys: WrappedDataKeys) async throws
    /// Replaces the sealed secret question and the wrapped keys (the data key under the new
    /// answer) in one statement, with `mails` (the owner's notice) in the same transaction: a
    /// question without its answer's wrapping would ask for an answer that opens nothing.
    /// Active accounts last used (logged in, else activated, else created) before `cutoff`
    /// whose inactivity notice is at `stage`, oldest use first, at most `limit`.
    func unusedAccounts(usedBefore cutoff: Date, stage: InactivityStage, limit: Int) async throws -> [AccountRecord]
    /// Records that the inactivity notice (or, with `reminder`, its reminder) went out at `time`,
    /// with `mails` in the same transaction — unless a login cleared the way meanwhile: then
    /// nothing is written and `false` returned.
    @discardableResult
    func markInactivityNotice(id: String, reminder: Bool, at time: Date, mails: [OutgoingMail]) async throws -> Bool
    func updateSecretQuestion(id: String, sealedSecretQuestion: Data, wrappedKeys: WrappedDataKeys, mails: [OutgoingMail]) async throws
    func updateSealedProfile(id: String, sealedProfile: Data) async throws
    func markEIDVerified(id: String, at time: Date) async throws
    /// Sets the last login and clears a pending inactivity notice (any login stops the deletion).
    func recordLogin(id: String, at time: Date) async throws

    /// Makes `newLogin` the login name (an e-mail change, once confirmed). Throws
    /// ``AccountStoreError/Code/loginTaken`` when another account has it. `mails` (the notices
    /// to both addresses) are queued in the same transaction.
    func changeLogin(id: String, newLogin: String, mails: [OutgoingMail]) async throws

    /// Deletes the account at once, with its mail tokens and sessions; its login name is free
    /// for a new registration immediately (design §4).
    ///
    /// - Returns: whether there was such an account.
    @discardableResult
    func delete(id: String) async throws -> Bool

    /// Deletes registrations still pending that were created before `cutoff` (design §4:
    /// not activated within 24 hours). Returns how many.
    func purgeUnactivated(createdBefore cutoff: Date) async throws -> Int

    /// Records a login with another Land's account: creates the federated account `id` (status
    /// ``AccountRecord/Status/federated``, `login` a name no e-mail address can take) or
    /// replaces its sealed profile with the one just asserted, and sets its last login.
    func recordFederatedLogin(id: String, login: String, sealedProfile: Data, at time: Date) async throws

    /// Accounts in order of creation, for the operator's command line.
    func list(limit: Int, offset: Int) async throws -> [AccountRecord]
}

/// The changes without mail: a re-hash at login, tests.
extension AccountStore {
    public func updatePasswordHash(id: String, passwordHash: String, wrappedKeys: WrappedDataKeys?) async throws {
        try await updatePasswordHash(id: id, passwordHash: passwordHash, wrappedKeys: wrappedKeys, mails: [])
    }

    public func changeLogin(id: String, newLogin: String) async throws {
        try await changeLogin(id: id, newLogin: newLogin, mails: [])
    }
}
