import Foundation
import PforteXML

/// A message this IdP sends through the browser: a redirect to a URL carrying it, or a form the
/// browser posts.
public enum OutgoingMessage: Sendable, Equatable {
    case redirect(String)
    case post(PostForm)
}

extension IdentityProvider {
    /// Encodes a request or response to `endpoint` in its binding, signed either way (SLO
    /// messages must be signed, profiles §4.4.3.1 and §4.4.3.4).
    func send(_ xml: String, as parameter: RedirectBinding.Parameter, to endpoint: SAMLEndpoint, location: String,
              relayState: String?) throws -> OutgoingMessage {
        let document = try XMLDocument(parsing: xml)
        try document.registerIDAttributes()
        switch endpoint.binding {
        case .redirect:
            return .redirect(try RedirectBinding.encode(
                document.serialized(), as: parameter, to: location, relayState: relayState, key: key
            ))
        case .post:
            try document.sign(element: document.root, key: key.xml, placement: .after(issuer(of: document.root)))
            return .post(PostForm(action: location, parameter: parameter, xml: document.serialized(), relayState: relayState))
        }
    }
}
