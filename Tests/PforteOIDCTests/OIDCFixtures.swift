import Foundation
import PforteCore
import PforteCrypto

@testable import PforteOIDC

/// Registrations and requests the protocol tests share.
enum OIDCFixtures {
    static let redirectURI = "https://portal.example.de/callback"
    static let receivedAt = Date(timeIntervalSince1970: 1_800_000_000)
    /// RFC 7636 Appendix B.
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    static func confidential(minimum: TrustLevel = .normal) throws -> ClientRegistration {
        try ClientRegistration(clientID: "portal", name: "Portal", redirectURIs: [redirectURI],
                               postLogoutRedirectURIs: ["https://portal.example.de/bye"],
                               scopes: [.openid, .profile, .email], minimumTrustLevel: minimum)
    }

    static func publicClient() throws -> ClientRegistration {
        try ClientRegistration(clientID: "app", name: "App", type: .public, redirectURIs: [redirectURI])
    }

    static func parameters(_ overrides: [String: String?] = [:]) -> [String: String] {
        var parameters = [
            "client_id": "portal", "redirect_uri": redirectURI, "response_type": "code", "scope": "openid email",
            "state": "xyz", "nonce": "n-1",
        ]
        for (key, value) in overrides { parameters[key] = value }
        return parameters
    }

    static func validated(_ overrides: [String: String?] = [:], client: ClientRegistration? = nil) throws -> ValidatedAuthorizationRequest {
        try AuthorizationRequest(parameters: parameters(overrides)).validate(client: client ?? confidential())
    }

    static func session(level: TrustLevel = .normal, authTime: Date = receivedAt.addingTimeInterval(-60)) -> AuthenticationState {
        AuthenticationState(accountID: "AAAAAAAAAAAAAAAAAAAAAA", trustLevel: level, methods: ["pwd"], authTime: authTime,
                            sessionReference: "c2Vzc2lvbg")
    }

    /// A key directory with fresh keys in a temporary directory, removed after `body`.
    static func withKeys(_ body: (LoadedKeySet, InstallationSecret) async throws -> Void) async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-oidc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = KeyDirectory(url: url)
        try directory.ensureKeys(certificateSubject: "test")
        try await body(try directory.loadKeySet(), try directory.installationSecret())
    }
}
