import Foundation
import PforteCrypto
import PforteStore

/// What the account flows derive from the installation secret: values that every node must
/// compute alike but that a copy of the database alone must not reveal.
///
/// - Digests of session ids and mail tokens. The store keeps only these (``SecretDigest``).
///   They are keyed (HKDF-SHA256 under the installation secret, a pseudo-random function of
///   the token) rather than plain SHA-256: PforteCrypto offers no public hash, and a keyed
///   digest is no weaker — a random 256-bit token cannot be guessed from either.
/// - Throttle keys for login names and client addresses: personal data, which
///   ``ThrottleStore`` requires as a keyed hash (design §5 treats the eID pseudonym alike).
/// - The key sealing each account's secret question (design §6). The question must be shown
///   at a password reset, before the user has given any secret, so it cannot be sealed under
///   the account's data key; sealed under a key from the installation secret, it is readable
///   by Pforte but not from the database alone. The key is bound to the account, so a sealed
///   question copied to another account does not open.
/// - The key sealing an e-mail change's new address into its token record, derived from the
///   token as well: only the holder of the link (and Pforte) can open it.
/// - The key sealing queued mail (``MailQueue``): it holds links and addresses.
///
/// Sealing reuses ``SessionSeal``'s AES-256-GCM payload format under a derived key, because
/// PforteCrypto has no public sealing under a caller's key; the `sessionID` argument is used as
/// the context bound into the associated data. Should PforteCrypto grow such an API, this file
/// is the only place to change (stored blobs would need re-sealing).
struct InstallationKeys: Sendable {
    private let secret: InstallationSecret

    init(_ secret: InstallationSecret) {
        self.secret = secret
    }

    /// The digest under which the store keeps a session id or mail token.
    func digest(of token: String) -> SecretDigest {
        // 32 bytes by construction, so the length check cannot fail.
        try! SecretDigest(bytes(for: "secret-digest:" + token))
    }

    /// The throttle key for a value that is personal data (a login name, a client address).
    func throttleKey(_ value: String, kind: String) -> String {
        bytes(for: "throttle:\(kind):" + value).base64URLEncoded
    }

    /// The keyed hash under which the store knows an eID pseudonym (design §5): a copy of the
    /// database alone cannot link it to the eID-Server's or another service's records.
    func pseudonymDigest(_ pseudonym: String) -> SecretDigest {
        // 32 bytes by construction, so the length check cannot fail.
        try! SecretDigest(bytes(for: "eid-pseudonym:" + pseudonym))
    }

    /// The eID secret that wraps the data key (design §6): derived from the pseudonym, which
    /// only the card delivers, under another purpose than ``pseudonymDigest(_:)``, so the stored
    /// hash does not reveal it.
    func eIDSecret(_ pseudonym: String) -> String {
        bytes(for: "eid-secret:" + pseudonym).base64URLEncoded
    }

    /// Seals an eID transaction's step under a key from its handle: only whoever holds the URL
    /// (and Pforte) can open it.
    func sealTransaction(_ payload: Data, handle: String, stage: String) throws -> Data {
        try seal(payload, keyPurpose: "eid-transaction:" + handle, context: "eid-transaction:" + stage)
    }

    func openTransaction(_ sealed: Data, handle: String, stage: String) throws -> Data {
        try open(sealed, keyPurpose: "eid-transaction:" + handle, context: "eid-transaction:" + stage)
    }

    /// Seals the secret question of `accountID`; `nil` (an account without question) seals
    /// the empty text, so every account has a sealed question of the same form.
    /// A member of the service desk's TOTP secret (issue #22): the server must read it at
    /// every login, so it is sealed under the installation key, bound to the member.
    func sealTOTPSecret(_ secret: Data, staffID: String) throws -> Data {
        try seal(secret, keyPurpose: "staff-totp", context: "staff-totp:" + staffID)
    }

    func openTOTPSecret(_ sealed: Data, staffID: String) throws -> Data {
        try open(sealed, keyPurpose: "staff-totp", context: "staff-totp:" + staffID)
    }

    func sealQuestion(_ question: String?, accountID: String) throws -> Data {
        try seal(Data((question ?? "").utf8), keyPurpose: "secret-question", context: "secret-question:" + accountID)
    }

    /// The secret question of `accountID`, or `nil` when it has none.
    func openQuestion(_ sealed: Data, accountID: String) throws -> String? {
        let text = String(decoding: try open(sealed, keyPurpose: "secret-question", context: "secret-question:" + accountID),
                          as: UTF8.self)
        return text.isEmpty ? nil : text
    }

    /// Seals what a mail token's link needs besides the account, under a key from the token.
    func sealTokenPayload(_ payload: Data, token: String, purpose: MailTokenPurpose) throws -> Data {
        try seal(payload, keyPurpose: "mail-token-payload:" + token, context: "mail-token:" + purpose.rawValue)
    }

    func openTokenPayload(_ sealed: Data, token: String, purpose: MailTokenPurpose) throws -> Data {
        try open(sealed, keyPurpose: "mail-token-payload:" + token, context: "mail-token:" + purpose.rawValue)
    }

    /// Seals a queued message (links and addresses) for the outbox row `id`: a row's content
    /// moved to another row does not open.
    func sealMail(_ message: Data, id: String) throws -> Data {
        try seal(message, keyPurpose: "mail-outbox", context: "mail-outbox:" + id)
    }

    func openMail(_ sealed: Data, id: String) throws -> Data {
        try open(sealed, keyPurpose: "mail-outbox", context: "mail-outbox:" + id)
    }

    private func bytes(for purpose: String) -> Data {
        secret.key(for: "accounts:" + purpose).withUnsafeBytes { Data($0) }
    }

    private func sealer(_ keyPurpose: String) throws -> SessionSeal {
        try SessionSeal(cookieValue: bytes(for: keyPurpose).base64URLEncoded)
    }

    private func seal(_ plaintext: Data, keyPurpose: String, context: String) throws -> Data {
        try sealer(keyPurpose).seal(payload: plaintext, sessionID: context).bytes
    }

    private func open(_ sealed: Data, keyPurpose: String, context: String) throws -> Data {
        try sealer(keyPurpose).openPayload(SealedData(bytes: sealed), sessionID: context)
    }
}
