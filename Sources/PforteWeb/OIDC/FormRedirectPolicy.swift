import Foundation
import Hummingbird

extension Response {
    /// Widens the page's CSP `form-action` to the origin of `redirectURI`: browsers apply
    /// `form-action` to the redirects that follow a form's submission, and the login and consent
    /// forms of an authorization end in a redirect to the client.
    mutating func allowFormRedirect(to redirectURI: String) {
        guard let url = URL(string: redirectURI), url.host != nil, let policy = headers[.contentSecurityPolicy] else { return }
        headers[.contentSecurityPolicy] = policy.replacingOccurrences(
            of: "form-action 'self'", with: "form-action 'self' \(PforteApplication.origin(of: url))"
        )
    }
}
