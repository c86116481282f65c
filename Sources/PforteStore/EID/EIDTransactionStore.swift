public import Foundation

/// One step of an eID login waiting for its next caller (issue 6: "a login transaction stored
/// in SQL (stateless nodes) referenced by a one-time random handle"). The AusweisApp calls the
/// tcToken URL and the RefreshAddress without the browser's cookies, so each step is found by
/// a handle in its URL; the store keeps the handle's digest.
///
/// A step is taken once (``EIDTransactionStore/take(handleDigest:stage:now:)``) and the next
/// step is stored under a new handle, so a replayed URL finds nothing. The payload is opaque
/// to the store and sealed by the caller: after the card session it holds personal data.
public struct EIDTransactionRecord: Sendable, Equatable {
    /// Which URL the handle belongs to; a handle of one stage does not open another.
    public enum Stage: String, Sendable, CaseIterable {
        /// The tcTokenURL the eID-Client fetches.
        case tcToken = "tc_token"
        /// The RefreshAddress (and CommunicationErrorAddress) the eID-Client calls back.
        case refresh
        /// The page the browser is sent to afterwards, bound to that browser.
        case finish
    }

    public var handleDigest: SecretDigest
    public var stage: Stage
    public var payload: Data
    public var expiresAt: Date

    public init(handleDigest: SecretDigest, stage: Stage, payload: Data, expiresAt: Date) {
        self.handleDigest = handleDigest
        self.stage = stage
        self.payload = payload
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

public protocol EIDTransactionStore: Sendable {
    func create(_ record: EIDTransactionRecord) async throws

    /// The live record, left in place (the finish page shows a form before it is submitted).
    func find(handleDigest: SecretDigest, stage: EIDTransactionRecord.Stage, now: Date) async throws -> EIDTransactionRecord?

    /// Removes the live record and returns it: of two concurrent calls only one gets it.
    func take(handleDigest: SecretDigest, stage: EIDTransactionRecord.Stage, now: Date) async throws -> EIDTransactionRecord?

    func purgeExpired(now: Date) async throws -> Int
}
