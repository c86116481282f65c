

import Foundation

extension Sequence<UInt8> {
    /// Base64url without padding (RFC 7515 §2), the encoding of JWK members and thumbprints.
    public var base64URLEncoded: String {
        Data(self).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
