public import Foundation

/// The HTTP-Redirect binding (SAML bindings §3.4): a message DEFLATE-compressed, base64- and
/// URL-encoded into the query string, its signature (if any) a separate parameter over the
/// query string.
public enum RedirectBinding {
    /// The message parameter names: requests and responses travel in different ones.
    public enum Parameter: String, Sendable {
        case request = "SAMLRequest"
        case response = "SAMLResponse"
    }

    /// Decodes the message in `rawQuery` (the query string exactly as received, still
    /// percent-encoded: the signature covers those octets, §3.4.4.1, and re-encoding could
    /// change them).
    public static func decode(rawQuery: String, expecting parameter: Parameter, limit: Int) throws(SAMLRequestError) -> ReceivedMessage {
        var raw: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard raw[name] == nil else { throw SAMLRequestError(.malformed, "parameter \(name) repeated") }
            raw[name] = parts.count == 2 ? String(parts[1]) : ""
        }
        guard let encodedMessage = raw[parameter.rawValue] else {
            throw SAMLRequestError(.malformed, "no \(parameter.rawValue) parameter")
        }
        // base64 inflates by 4/3 and DEFLATE rarely beats 1:10 on SAML: refuse absurd input early.
        guard encodedMessage.utf8.count <= limit * 2 else { throw SAMLRequestError(.tooLarge, "query parameter") }
        guard let base64 = formDecoded(encodedMessage),
              let compressed = Data(base64Encoded: base64, options: .ignoreUnknownCharacters)
        else { throw SAMLRequestError(.malformed, "\(parameter.rawValue) is not base64") }
        let xml = try RawDeflate.decompress(compressed, limit: limit)
        let relayState = try raw["RelayState"].map { (value: String) throws(SAMLRequestError) -> String in
            guard let decoded = formDecoded(value) else { throw SAMLRequestError(.malformed, "RelayState encoding") }
            return decoded
        }
        var querySignature: QuerySignature?
        if let signature = raw["Signature"] {
            guard let algorithm = raw["SigAlg"].flatMap(formDecoded),
                  let signatureBytes = formDecoded(signature).flatMap({ Data(base64Encoded: $0, options: .ignoreUnknownCharacters) })
            else { throw SAMLRequestError(.signatureInvalid, "Signature without a readable SigAlg or value") }
            let signed = [parameter.rawValue, "RelayState", "SigAlg"].compactMap { name in raw[name].map { "\(name)=\($0)" } }
            querySignature = QuerySignature(
                algorithm: algorithm, signature: signatureBytes, signedOctets: Data(signed.joined(separator: "&").utf8)
            )
        }
        return ReceivedMessage(
            binding: .redirect, document: try ReceivedMessage.parse(xml, limit: limit), relayState: relayState,
            querySignature: querySignature
        )
    }

    /// The URL that carries `xml` to `location`, signed with `key` over the query string.
    public static func encode(
        _ xml: Data, as parameter: Parameter, to location: String, relayState: String?, key: IdentityProviderKey
    ) throws -> String {
        var query = parameter.rawValue + "=" + formEncoded(RawDeflate.compress(xml).base64EncodedString())
        if let relayState { query += "&RelayState=" + formEncoded(relayState) }
        query += "&SigAlg=" + formEncoded(SAMLURI.rsaSHA256)
        let signature = try key.signQuery(Data(query.utf8))
        query += "&Signature=" + formEncoded(signature.base64EncodedString())
        return location + (location.contains("?") ? "&" : "?") + query
    }

    /// `application/x-www-form-urlencoded` decoding (`+` is a space), which is how browsers and
    /// SP libraries encode these parameters.
    static func formDecoded(_ value: String) -> String? {
        value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
    static func formEncoded(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
