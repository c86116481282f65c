import Foundation
import PforteCrypto
import PforteStore

extension SessionService {
    /// Ends the session a relying party knows by ``AuthenticatedSession/sessionReference``: a
    /// single logout started by an SP, whose message may arrive without the session cookie (a
    /// cross-site POST does not carry a `SameSite=Lax` cookie).
    ///
    /// - Returns: whether the session existed.
    @discardableResult
    public func end(sessionReference: String) async throws -> Bool {
        guard let bytes = Data(base64URLEncoded: sessionReference),
              let digest = try? SecretDigest(bytes)
        else { return false }
        return try await environment.sessions.delete(idDigest: digest)
    }
}
