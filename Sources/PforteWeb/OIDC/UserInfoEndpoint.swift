import Foundation
import Hummingbird
import PforteOIDC
import PforteStore

/// `GET` and `POST /userinfo` (OIDC Core §5.3): the claims granted to the bearer of an access
/// token (RFC 6750 §2.1, `Authorization: Bearer`).
///
/// The token is verified with Pforte's keys, then its record gives the claim values, sealed
/// under the token itself at issuance. That is simpler and sounder than looking the values up:
/// the profile is sealed under the account's data key, which only the user's session holds,
/// and the session may have ended long before the token.
struct UserInfoEndpoint: Sendable {
    let signer: TokenSigner
    let accessTokens: any AccessTokenStore
    let claimSealing: ClaimSealing
    let issuer: String
    let audience: String
    let now: @Sendable () -> Date

    func register(on router: Router<PforteRequestContext>) {
        router.get("/userinfo") { request, context in try await answer(request, context: context) }
        router.post("/userinfo") { request, context in try await answer(request, context: context) }
    }

    private func answer(_ request: Request, context: PforteRequestContext) async throws -> Response {
        guard let token = try await bearerToken(request) else {
            // RFC 6750 §3.1: no error code when the request carries no token at all.
            return Self.unauthorized("Bearer realm=\"pforte\"")
        }
        let now = now()
        guard let claims = await signer.verifyAccessToken(token, issuer: issuer, audience: audience, now: now),
              let record = try await accessTokens.find(tokenID: claims.jti, now: now), let sealed = record.sealedClaims
        else {
            context.logger.info("userinfo refused: invalid access token")
            return Self.unauthorized("Bearer realm=\"pforte\", error=\"\(OAuthError.Code.invalidToken.rawValue)\"")
        }
        let released = try claimSealing.open(sealed, credential: .accessToken, value: token)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: UserInfoDocument(subject: claims.sub, claims: released).jsonDocument()))
        )
    }

    /// The token from the `Authorization` header (RFC 6750 §2.1) or, in a POST, from the form
    /// body (§2.2); `nil` when there is none. Both at once are refused (§2) by ignoring neither:
    /// a request with two is answered as without a valid token.
    private func bearerToken(_ request: Request) async throws -> String? {
        var tokens: [String] = []
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            tokens.append(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        }
        if request.method == .post, request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true,
           let token = try? await SubmittedForm.read(request).values["access_token"] {
            tokens.append(token)
        }
        guard tokens.count <= 1 else { return "" }
        return tokens.first
    }

    private static func unauthorized(_ challenge: String) -> Response {
        Response(status: .unauthorized, headers: [.wwwAuthenticate: challenge, .cacheControl: "no-store"])
    }
}
