import Crypto
import Foundation
import Hummingbird
import PforteCrypto
import PforteFederation
import PforteStore

/// A Land's answer after `/federation/acs` validated it, waiting for the browser that started
/// the login: the ACS is reached by the Land's cross-site form POST, which carries none of our
/// `SameSite=Lax` cookies, so the answer is parked under a fresh one-time handle and the
/// browser continues by a top-level GET (`/federation/continue`), which does carry them — the
/// way `/saml/continue` continues a posted AuthnRequest.
struct FederationArrival: Codable {
    enum Outcome: Codable {
        /// The Land vouched for `identity` in the assertion `assertionID` (one-time until
        /// `replayWindowEnd`).
        case asserted(identity: UpstreamIdentity, assertionID: String, replayWindowEnd: Date)
        /// The Land answered with a failure status: `levelTooLow` for `NoAuthnContext`.
        case failed(levelTooLow: Bool)
    }

    let login: FederationLogin
    let landEntityID: String
    let outcome: Outcome
}

/// Parks and takes ``FederationArrival``s, and the cookie that binds a Land login to its browser.
///
/// The parked answer holds what the Land asserted about the person, so it is sealed (AES-GCM)
/// under a key derived from its handle, which exists only in the browser's URL; the store keeps
/// the handle's digest (design §6: personal data at rest only sealed).
struct FederationArrivals: Sendable {
    let services: FederationServices

    func park(_ arrival: FederationArrival, now: Date) async throws -> String {
        let (handle, digest) = services.saml.newHandle()
        let sealed = try AES.GCM.seal(try JSONEncoder().encode(arrival), using: Self.key(handle)).combined!
        // The store keeps payloads as text.
        try await services.saml.pending.create(SAMLPendingRecord(
            handleDigest: digest, kind: .federationArrival, payload: Data(sealed.base64EncodedString().utf8),
            expiresAt: now.addingTimeInterval(services.saml.pendingLifetime)
        ))
        return handle
    }

    /// The arrival `handle` names, removed (a handle works once); `nil` when unknown or used.
    func take(_ handle: String, now: Date) async throws -> FederationArrival? {
        guard SAMLServices.isHandle(handle),
              let record = try await services.saml.pending.finish(handleDigest: services.saml.digest(of: handle), kind: .federationArrival, now: now),
              let sealed = Data(base64Encoded: record.payload),
              let box = try? AES.GCM.SealedBox(combined: sealed),
              let plain = try? AES.GCM.open(box, using: Self.key(handle))
        else { return nil }
        return try? JSONDecoder().decode(FederationArrival.self, from: plain)
    }

    private static func key(_ handle: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(handle.utf8)), info: Data("pforte federation arrival".utf8), outputByteCount: 32
        )
    }

    // MARK: - The browser binding

    /// The browser's binding value: the one it holds already (several Land logins in several
    /// tabs share it), or a fresh one to be set by ``bindingCookie(_:)``.
    func binding(_ request: Request) -> (value: String, isNew: Bool) {
        if let value = request.cookies[services.pages.cookies.federationBindingCookieName]?.value, SAMLServices.isHandle(value) {
            return (value, false)
        }
        return (RandomToken.make(), true)
    }

    func bindingCookie(_ value: String) -> Cookie {
        services.pages.cookies.cookie(
            name: services.pages.cookies.federationBindingCookieName, value: value, maxAge: Int(services.saml.pendingLifetime)
        )
    }

    /// What a parked login keeps of the binding: its digest, never the value.
    func bindingDigest(_ value: String) -> String {
        services.saml.digest(of: "federation-binding:" + value).bytes.base64URLEncoded
    }

    /// Whether the browser holds the binding of `login`. Digests of 256-bit random values are
    /// compared, so the comparison's timing tells nothing about the cookie.
    func isBound(_ login: FederationLogin, _ request: Request) -> Bool {
        guard let value = request.cookies[services.pages.cookies.federationBindingCookieName]?.value else { return false }
        return login.browserBinding == bindingDigest(value)
    }
}
