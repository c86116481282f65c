import Foundation
import Hummingbird
import HTTPTypes
import PforteOIDC
import PforteStore

/// `POST /token` (RFC 6749 §3.2, OIDC Core §3.1.3): authenticates the client, redeems the
/// authorization code once, checks its bindings and PKCE, and answers with an ID token and an
/// access token. Every answer is JSON and must not be cached (RFC 6749 §5.1).
struct TokenEndpoint: Sendable {
    let clients: ClientCatalog
    let codes: any AuthorizationCodeStore
    let accessTokens: any AccessTokenStore
    let claimSealing: ClaimSealing
    let issuer: TokenIssuer
    let now: @Sendable () -> Date

    func register(on router: Router<PforteRequestContext>) {
        router.post("/token") { request, context in
            do {
                return try await exchange(request, context: context)
            } catch let error as TokenError {
                context.logger.info("token request refused", metadata: ["error": "\(error)"])
                return Self.refusal(error)
            }
        }
    }

    private func exchange(_ request: Request, context: PforteRequestContext) async throws -> Response {
        let form: [String: String]
        do {
            form = try await SubmittedForm.read(request).values
        } catch is FormParsingError {
            throw TokenError(.invalidRequest, "the body must be one application/x-www-form-urlencoded form without repeated parameters")
        }
        let credentials = try ClientCredentials(authorizationHeader: request.headers[.authorization], form: form)
        let client = try await clients.find(clientID: credentials.clientID)
        try credentials.authenticate(client?.registration, secretDigest: client?.secretDigest)
        guard let client = client?.registration else { throw TokenError(.invalidClient, "client authentication failed") }
        guard form["grant_type"] == "authorization_code" else {
            throw TokenError(.unsupportedGrantType, "only grant_type=authorization_code is supported")
        }
        guard let code = form["code"], let digest = AuthorizationFlow.digest(code) else {
            throw TokenError(.invalidGrant, "unknown authorization code")
        }
        let now = now()
        switch try await codes.redeem(digest: digest, now: now) {
        case .unknown:
            throw TokenError(.invalidGrant, "unknown or expired authorization code")
        case .replayed(let record):
            // RFC 6749 §4.1.2: a second use may mean the code leaked. Recorded on the code's row;
            // revoking the tokens it issued follows with refresh tokens.
            context.logger.warning("authorization code used again", metadata: ["client_id": "\(record.clientID)"])
            throw TokenError(.invalidGrant, "the authorization code was already used")
        case .redeemed(let record):
            let grant = try CodeGrant(jsonDocument: record.grant)
            try AuthorizationCodeExchange.check(grant, clientID: client.clientID, form: form)
            let claims = try claimSealing.open(record.sealedClaims, credential: .authorizationCode, value: code)
            let tokens = try await issuer.issue(grant, client: client, now: now)
            try await accessTokens.save(AccessTokenRecord(
                tokenID: tokens.accessTokenID, clientID: client.clientID, accountID: grant.accountID,
                sealedClaims: try claimSealing.seal(claims, credential: .accessToken, value: tokens.accessToken),
                expiresAt: tokens.accessTokenExpiresAt
            ))
            context.logger.info("tokens issued", metadata: ["client_id": "\(client.clientID)"])
            return Self.json(.ok, [
                "access_token": tokens.accessToken,
                "token_type": "Bearer",
                "expires_in": client.accessTokenLifetime,
                "id_token": tokens.idToken,
                "scope": grant.scopes.map(\.rawValue).joined(separator: " "),
            ])
        }
    }

    /// RFC 6749 §5.2: 400, or 401 with `WWW-Authenticate` for a failed client authentication.
    private static func refusal(_ error: TokenError) -> Response {
        var response = json(error.isClientAuthenticationFailure ? .unauthorized : .badRequest,
                            ["error": error.error.code.rawValue, "error_description": error.error.detail])
        if error.isClientAuthenticationFailure {
            response.headers[.wwwAuthenticate] = "Basic realm=\"pforte\""
        }
        return response
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        // Strings and numbers only: serialisation cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store", HTTPField.Name("Pragma")!: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
