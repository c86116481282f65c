public import Foundation
public import PforteCrypto

/// Seals a client's ``UserClaims`` under a key derived from the installation secret and a
/// bearer credential (an authorization code, an access or refresh token). The store then holds personal
/// data that neither a copy of the database nor the key files alone can open: it takes the
/// credential, which only the client holds, so Pforte can open them exactly when the client
/// presents it — without the user's session, which a token request does not have.
public struct ClaimSealing: Sendable {
    /// What the credential is; part of the key derivation, so a code never opens token claims.
    public enum Credential: String, Sendable {
        case authorizationCode = "oidc-code-claims"
        case accessToken = "oidc-access-token-claims"
        case refreshToken = "oidc-refresh-token-claims"
    }

    private let secret: InstallationSecret

    public init(installationSecret: InstallationSecret) {
        secret = installationSecret
    }

    public func seal(_ claims: UserClaims, credential: Credential, value: String) throws -> Data {
        try secret.seal(OIDCJSON.encoder.encode(claims), keyPurpose: "\(credential.rawValue):\(value)", context: credential.rawValue).bytes
    }

    public func open(_ sealed: Data, credential: Credential, value: String) throws -> UserClaims {
        let plaintext = try secret.open(SealedData(bytes: sealed), keyPurpose: "\(credential.rawValue):\(value)", context: credential.rawValue)
        return try JSONDecoder().decode(UserClaims.self, from: plaintext)
    }
}
