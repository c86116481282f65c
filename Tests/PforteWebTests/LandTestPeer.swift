import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PforteCrypto
@testable import PforteSAML

/// Another Land's account IdP as the router tests play it: a second installation's SAML IdP
/// (its own scratch keys) whose metadata the application reads from `metadata/federation/`,
/// answering our AuthnRequests and sending LogoutRequests to our SP role as its metadata
/// (`/federation/metadata`) describes it.
struct LandTestPeer: Sendable {
    let identityProvider: IdentityProvider
    var entityID: String { identityProvider.entityID }

    /// The Land, and an impostor with the same entityID and keys of its own; made once per
    /// process, as RSA key generation is slow in a debug build.
    static let land = try! LandTestPeer(name: "land")
    static let impostor = try! LandTestPeer(name: "impostor")

    private init(name: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-land-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = KeyDirectory(url: directory)
        _ = try keys.ensureKeys(certificateSubject: "\(name).example")
        identityProvider = try IdentityProvider(publicURL: URL(string: "https://land.example")!, keys: try keys.loadKeySet().saml)
    }

    /// Writes the Land's metadata into the configuration's metadata directory.
    func install(metadataDirectory: String) {
        let directory = URL(fileURLWithPath: metadataDirectory).appendingPathComponent("federation")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? identityProvider.metadata(now: Date()).write(to: directory.appendingPathComponent("land.xml"))
    }

    /// Our AuthnRequest as the Land receives it at its SSO URL.
    struct ReceivedAuthnRequest {
        let id: String
        let relayState: String
    }

    static func authnRequest(at location: String) throws -> ReceivedAuthnRequest {
        let message = try RedirectBinding.request(at: location)
        return ReceivedAuthnRequest(id: try #require(message.root.attribute("ID")), relayState: try #require(message.relayState))
    }

    /// Our SP role as the Land sees it, from the router's `/federation/metadata`; `postOnly`
    /// leaves out its HTTP-Redirect SLO endpoint, so the Land's LogoutRequests come by POST.
    static func ourServiceProvider(_ browser: TestBrowser, postOnly: Bool = false) async throws -> ServiceProvider {
        var metadata = try await browser.get("/federation/metadata").body
        if postOnly {
            metadata = metadata.replacing(/<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"[^>]*\/>/, with: "")
        }
        return try ServiceProviderMetadata.parse(Data(metadata.utf8))
    }

    /// The Land's signed Response for `subject`, as the fields its page posts to our ACS.
    func answer(_ request: ReceivedAuthnRequest, to provider: ServiceProvider, subject: String = "land-user",
                at instant: Date) throws -> [String: String] {
        let validated = ValidatedAuthnRequest(
            id: request.id, serviceProvider: provider.entityID, assertionConsumerService: try #require(provider.assertionConsumerServices.first).location,
            relayState: request.relayState, forceAuthn: false, isPassive: false, nameIDFormat: .persistent, authnContext: nil,
            replayWindowEnd: instant.addingTimeInterval(600), refusal: nil
        )
        let authentication = AssertedAuthentication(
            nameID: subject, nameIDFormat: .persistent, classRef: "STORK-QAA-Level-1", authnInstant: instant, sessionIndex: "_land-session",
            sessionNotOnOrAfter: instant.addingTimeInterval(3600), attributes: [
                (AttributeProfile.definition(named: "givenName")!, "Max"), (AttributeProfile.definition(named: "sn")!, "Mustermann"),
                (AttributeProfile.definition(named: "mail")!, "max@land.example"),
            ]
        )
        let form = try identityProvider.response(
            to: validated, for: provider, status: .success, authentication: authentication,
            policy: MessagePolicy(maximumAge: 300, clockSkew: 60, assertionLifetime: 300), now: instant
        )
        return ["SAMLResponse": form.message, "RelayState": request.relayState]
    }

    /// The Land's LogoutRequest for `subject`'s session, by the binding our metadata offers
    /// first: a path with query (Redirect) or the fields to post (POST).
    func logoutRequest(to provider: ServiceProvider, subject: String = "land-user", at instant: Date) throws -> OutgoingMessage {
        try #require(try identityProvider.logoutRequest(
            to: provider, nameID: subject, nameIDFormat: .persistent, sessionIndex: "_land-session", relayState: "land-state", now: instant
        )).message
    }
}
