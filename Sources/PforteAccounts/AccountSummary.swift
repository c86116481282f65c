public import Foundation
public import PforteCore
import PforteStore

/// What the operator may see of an account: only what the store keeps in clear. Names, date of
/// birth and address are sealed under the user's secrets (design §6), which the operator does
/// not have.
public struct AccountSummary: Sendable, Equatable {
    public let id: String
    /// The login name (normalised e-mail address).
    public let login: String
    public let status: PforteCore.AccountStatus
    public let createdAt: Date
    public let activatedAt: Date?
    public let lastLoginAt: Date?
    public let eIDVerifiedAt: Date?
    /// Whether a password reset is possible; without an answer only a recovery is.
    public let hasSecretAnswer: Bool

    init(_ record: AccountRecord) {
        id = record.id
        login = record.login
        status = record.status == .pendingActivation ? .pendingActivation : .active
        createdAt = record.createdAt
        activatedAt = record.activatedAt
        lastLoginAt = record.lastLoginAt
        eIDVerifiedAt = record.eidVerifiedAt
        hasSecretAnswer = record.wrappedKeys.secretAnswer != nil
    }
}
