import Crypto
import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteCrypto
import PforteSAML
import PforteStore

/// What the SAML endpoints share: the IdP and its SPs, the validators, the stores of SAML
/// state, and the account services that hold sessions and profiles.
struct SAMLServices: Sendable {
    let identityProvider: IdentityProvider
    /// The trusted SPs, current as the store's registry (issue #21).
    let registry: RelyingPartyRegistry
    let policy: MessagePolicy
    let nameIDs: NameIDIssuer
    let pending: any SAMLPendingStore
    let participants: any SAMLParticipantStore
    let consents: any SAMLConsentStore
    let oneTimeIdentifiers: any OneTimeIdentifierStore
    let accounts: AccountServices
    let pages: Pages
    let postForms: SAMLPostFormPage
    let sessionEndNotifier: any SessionEndNotifier
    /// How long a pending exchange waits for the browser (login, consent, a logout's round).
    let pendingLifetime: TimeInterval = 30 * 60
    /// The levels a login here can reach (``ReachableLevels``). A request that needs another
    /// level is answered `NoAuthnContext`.
    let reachableByLogin: [TrustLevel]
    /// The application's clock (``PforteClock``).
    let now: @Sendable () -> Date

    var acting: OrganisationActing { OrganisationActing(pages: pages, release: accounts.organisationRelease) }
    var authnRequests: AuthnRequestValidator { AuthnRequestValidator(identityProvider: identityProvider, policy: policy) }
    var logouts: LogoutValidator { LogoutValidator(identityProvider: identityProvider, policy: policy) }

    func serviceProvider(_ entityID: String) -> ServiceProvider? {
        registry.serviceProvider(entityID)
    }

    /// A fresh handle for a pending exchange and the digest the store keeps.
    func newHandle() -> (handle: String, digest: SecretDigest) {
        let handle = RandomToken.make()
        return (handle, digest(of: handle))
    }

    /// The handle is random (256 bits), so a plain SHA-256 is enough to keep it out of the
    /// database (see ``SecretDigest``).
    func digest(of handle: String) -> SecretDigest {
        try! SecretDigest(Data(SHA256.hash(data: Data(handle.utf8))))
    }

    /// Records a request ID as used; `false` when it was seen before (a replay). The key is a
    /// digest of issuer and ID, so IDs of any length from any SP fit the store's limit.
    func firstUse(of id: String, from serviceProvider: String, kind: String, until: Date, now: Date) async throws -> Bool {
        let key = Data(SHA256.hash(data: Data((serviceProvider + " " + id).utf8))).base64URLEncoded
        return try await oneTimeIdentifiers.consume(key, namespace: kind, expiresAt: until, now: now)
    }

    /// Whether `text` can be a handle: only then is it put into a URL or looked up.
    static func isHandle(_ text: String) -> Bool {
        text.utf8.count == 43 && Data(base64URLEncoded: text) != nil
    }

    /// An outgoing message as the browser's next step.
    func deliver(_ message: OutgoingMessage, _ request: Request) -> Response {
        switch message {
        case .redirect(let url): Response(status: .seeOther, headers: [.location: url])
        case .post(let form): postForms.render(form, request)
        }
    }
}
