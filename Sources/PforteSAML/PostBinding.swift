import Foundation

/// The HTTP-POST binding (SAML bindings §3.5): a base64 message in a form field.
public enum PostBinding {
    public static func decode(
        fields: [String: String], expecting parameter: RedirectBinding.Parameter, limit: Int
    ) throws(SAMLRequestError) -> ReceivedMessage {
        guard let encoded = fields[parameter.rawValue] else {
            throw SAMLRequestError(.malformed, "no \(parameter.rawValue) field")
        }
        // base64 with line breaks stays below twice the decoded size.
        guard encoded.utf8.count <= limit * 2 else {
            throw SAMLRequestError(.tooLarge, "\(encoded.utf8.count) bytes of base64")
        }
        guard let xml = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
            throw SAMLRequestError(.malformed, "\(parameter.rawValue) is not base64")
        }
        return ReceivedMessage(
            binding: .post, document: try ReceivedMessage.parse(xml, limit: limit), relayState: fields["RelayState"],
            querySignature: nil
        )
    }
}

/// What the browser must post to an SP: the form's target and its fields (the message signed
/// as XML, SAML bindings §3.5.4).
public struct PostForm: Sendable, Equatable {
    public let action: String
    public let parameter: RedirectBinding.Parameter
    public let message: String
    public let relayState: String?

    init(action: String, parameter: RedirectBinding.Parameter, xml: Data, relayState: String?) {
        self.action = action
        self.parameter = parameter
        self.message = xml.base64EncodedString()
        self.relayState = relayState
    }
}
