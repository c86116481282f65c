public import Foundation
import PforteCore
import PforteCrypto
public import PforteStore

/// The AusweisApp flow's steps in the store (issue 6: "a login transaction stored in SQL
/// (stateless nodes) referenced by a one-time random handle"). Every step is a new random
/// handle: the store holds its keyed digest and the transaction sealed under a key from the
/// handle, so the card's data in it is unreadable from the database alone.
public struct EIDTransactions: Sendable {
    let environment: AccountEnvironment

    /// How long each step may wait for its caller: the user enters the PIN in between.
    public static let stepLifetime: TimeInterval = 15 * 60

    /// A fresh browser-binding value (``EIDTransaction/browserBinding``).
    public func newBrowserBinding() -> String {
        RandomToken.make()
    }

    /// Stores `transaction` as the `stage` step and returns its handle.
    public func store(_ transaction: EIDTransaction, stage: EIDTransactionRecord.Stage) async throws -> String {
        let handle = RandomToken.make()
        let sealed = try environment.keys.sealTransaction(try JSONEncoder().encode(StoredEIDTransaction(transaction)),
                                                          handle: handle, stage: stage.rawValue)
        try await environment.eIDTransactions.create(EIDTransactionRecord(
            handleDigest: environment.keys.digest(of: handle), stage: stage, payload: sealed,
            expiresAt: environment.now().addingTimeInterval(Self.stepLifetime)
        ))
        return handle
    }

    /// The live step, left in place; `nil` for an unknown, spent or expired handle.
    public func find(_ handle: String, stage: EIDTransactionRecord.Stage) async throws -> EIDTransaction? {
        guard let record = try await environment.eIDTransactions.find(
            handleDigest: environment.keys.digest(of: handle), stage: stage, now: environment.now()
        ) else { return nil }
        return try open(record, handle: handle)
    }

    /// The live step, removed: a handle works once.
    public func take(_ handle: String, stage: EIDTransactionRecord.Stage) async throws -> EIDTransaction? {
        guard let record = try await environment.eIDTransactions.take(
            handleDigest: environment.keys.digest(of: handle), stage: stage, now: environment.now()
        ) else { return nil }
        return try open(record, handle: handle)
    }

    /// Whether `cookieValue` is the transaction's browser binding. The keyed digests are
    /// compared, not the values, so the comparison's timing tells nothing about the secret.
    public func isBound(_ transaction: EIDTransaction, to cookieValue: String?) -> Bool {
        guard let cookieValue else { return false }
        return environment.keys.digest(of: transaction.browserBinding) == environment.keys.digest(of: cookieValue)
    }

    public func purgeExpired() async throws -> Int {
        try await environment.eIDTransactions.purgeExpired(now: environment.now())
    }

    private func open(_ record: EIDTransactionRecord, handle: String) throws -> EIDTransaction {
        do {
            let plain = try environment.keys.openTransaction(record.payload, handle: handle, stage: record.stage.rawValue)
            return try JSONDecoder().decode(StoredEIDTransaction.self, from: plain).transaction()
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
    }
}
