import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PforteOIDC
import PforteStore
import ServiceLifecycle

/// OIDC Back-Channel Logout 1.0: when a session ends, each client that received tokens from it
/// and registered a `backchannel_logout_uri` gets a signed logout token POSTed there (§2.5).
///
/// The links of ended sessions are claimed from the store (``SessionLinkStore/claimEnded(now:)``),
/// whatever ended them; an explicit logout calls ``notifyEnded()`` at once, and
/// ``BackChannelLogoutService`` catches the rest (idle timeout, expiry, a replacing login,
/// account deletion). A delivery that fails is logged and not retried: the logout token is
/// only a hint to end the client's own session early (§2.8 leaves retries to the OP).
struct BackChannelLogout: Sendable {
    static let timeout: TimeAmount = .seconds(5)

    let links: any SessionLinkStore
    let clients: ClientCatalog
    let issuer: TokenIssuer
    let http: HTTPClient
    let now: @Sendable () -> Date
    let logger: Logger

    /// Notifies the clients of every session that has ended; returns how many were reached.
    @discardableResult
    func notifyEnded() async -> Int {
        let ended: [SessionLink]
        do {
            ended = try await links.claimEnded(now: now())
        } catch {
            logger.error("back-channel logout: ended sessions could not be read", metadata: ["error": "\(String(reflecting: error))"])
            return 0
        }
        return await withTaskGroup(of: Bool.self) { group in
            for link in ended {
                group.addTask { await notify(link) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    private func notify(_ link: SessionLink) async -> Bool {
        do {
            guard let client = try await clients.find(clientID: link.clientID)?.registration,
                  let uri = client.backchannelLogoutURI
            else { return false }
            let token = try await issuer.logoutToken(
                subject: link.subject, sessionReference: link.sessionDigest.bytes.base64URLEncoded, client: client, now: now()
            )
            var request = HTTPClientRequest(url: uri)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "Cache-Control", value: "no-store")
            // A compact JWS is base64url and dots only: nothing to percent-encode.
            request.body = .bytes(ByteBuffer(string: "logout_token=\(token)"))
            let response = try await http.execute(request, timeout: Self.timeout)
            // §2.8: 200 (or 204) means the client ended its session.
            let delivered = response.status == .ok || response.status == .noContent
            logger.info("back-channel logout sent", metadata: ["client_id": "\(client.clientID)", "status": "\(response.status.code)"])
            return delivered
        } catch {
            logger.warning("back-channel logout failed", metadata: ["client_id": "\(link.clientID)", "error": "\(String(reflecting: error))"])
            return false
        }
    }
}

/// Runs ``BackChannelLogout/notifyEnded()`` every `interval` while the server runs. Every node
/// runs it; each ended session's links are claimed by exactly one node.
struct BackChannelLogoutService: Service {
    let logout: BackChannelLogout
    let interval: Duration

    func run() async throws {
        await PeriodicJob.run(every: interval, logger: logout.logger, failure: "back-channel logout round failed") { [logout] in
            await logout.notifyEnded()
        }
    }
}
