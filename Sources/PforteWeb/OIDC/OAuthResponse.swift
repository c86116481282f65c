import Foundation
import HTTPTypes
import Hummingbird
import PforteOIDC

/// The JSON answers of the OAuth endpoints (token, revocation, introspection, PAR): never
/// cached (RFC 6749 §5.1), errors per RFC 6749 §5.2.
enum OAuthResponse {
    static let pragma = HTTPField.Name("Pragma")!

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        // Strings, numbers and booleans only: serialisation cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return json(status, data)
    }

    static func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store", pragma: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// RFC 6749 §5.2: 400, or 401 with `WWW-Authenticate` for a failed client authentication.
    static func refusal(_ error: TokenError) -> Response {
        var response = json(error.isClientAuthenticationFailure ? .unauthorized : .badRequest,
                            ["error": error.error.code.rawValue, "error_description": error.error.detail])
        if error.isClientAuthenticationFailure {
            response.headers[.wwwAuthenticate] = "Basic realm=\"pforte\""
        }
        return response
    }

    /// The form of a machine request: one `application/x-www-form-urlencoded` body without
    /// repeated parameters (RFC 6749 §3.2).
    static func form(_ request: Request) async throws(TokenError) -> [String: String] {
        do {
            return try await SubmittedForm.read(request).values
        } catch {
            throw TokenError(.invalidRequest, "the body must be one application/x-www-form-urlencoded form without repeated parameters")
        }
    }
}
