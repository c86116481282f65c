import Foundation
import PforteCrypto
import PforteMail
import PforteStore

/// The tokens of links sent by mail: 256 random bits in base64url (``RandomToken``), of which
/// the store keeps only the digest, so a copy of the database holds no working link.
struct MailTokens: Sendable {
    let environment: AccountEnvironment

    /// A new token, not yet stored: the e-mail change seals its payload under a key from it
    /// before issuing.
    func make() -> String {
        RandomToken.make()
    }

    /// Stores `token` for the account, valid for `validity` from now, and queues `mails` (the
    /// one with the link, and any notice that goes with it) in the same transaction. With
    /// `replacingOutstanding` the account's older links of this purpose stop working.
    func issue(_ token: String, purpose: MailTokenPurpose, accountID: String, sealedPayload: Data? = nil,
               validity: TimeInterval, replacingOutstanding: Bool = false, mails: [MailMessage]) async throws {
        let now = environment.now()
        try await environment.mail.queueing(mails, now: now) { outgoing in
            try await environment.mailTokens.issue(
                digest: environment.keys.digest(of: token), purpose: purpose, accountID: accountID,
                sealedPayload: sealedPayload, expiresAt: now.addingTimeInterval(validity), now: now,
                replacingOutstanding: replacingOutstanding, mails: outgoing
            )
        }
    }

    /// The live token without spending it; ``AccountError/Code/invalidLink`` otherwise.
    func find(_ token: String, purpose: MailTokenPurpose) async throws -> MailTokenRecord {
        guard let record = try await environment.mailTokens.find(
            digest: environment.keys.digest(of: token), purpose: purpose, now: environment.now()
        ) else { throw AccountError(.invalidLink) }
        return record
    }

    /// Spends the token; ``AccountError/Code/invalidLink`` when it is not (or no longer) live.
    func consume(_ token: String, purpose: MailTokenPurpose) async throws -> MailTokenRecord {
        guard let record = try await environment.mailTokens.consume(
            digest: environment.keys.digest(of: token), purpose: purpose, now: environment.now()
        ) else { throw AccountError(.invalidLink) }
        return record
    }
}
