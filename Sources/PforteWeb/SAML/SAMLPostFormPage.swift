import Crypto
import Foundation
import Hummingbird
import PforteSAML

/// The page that carries a SAML message to an SP by HTTP-POST (SAML bindings §3.5.4): a form
/// with the message in a hidden field, sent by a script as soon as the page loads, and by its
/// visible button when scripts do not run.
///
/// The one script is inline and allowed by its hash in this page's Content Security Policy, so
/// no other script can run; `form-action` allows exactly the origin of the form's target, which
/// is an endpoint from the SP's metadata.
struct SAMLPostFormPage: Sendable {
    static let script = "document.getElementById(\"saml-post\").submit();"
    static let scriptHash = "sha256-" + Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()

    let pages: Pages

    func render(_ form: PostForm, _ request: Request) -> Response {
        var values: [String: Any] = [
            "action": form.action,
            "parameter": form.parameter.rawValue,
            "message": form.message,
            "script": Self.script,
        ]
        values["relayState"] = form.relayState
        var response = pages.render("saml-post", request, values: values)
        response.headers[.contentSecurityPolicy] = [
            "default-src 'none'", "style-src 'self'", "img-src 'self'", "script-src '\(Self.scriptHash)'",
            "form-action \(Self.origin(of: form.action))", "frame-ancestors 'none'", "base-uri 'none'",
        ].joined(separator: "; ")
        return response
    }

    /// `scheme://host[:port]` of an endpoint URL from metadata (already checked to be absolute).
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return "'none'"
        }
        return components.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
