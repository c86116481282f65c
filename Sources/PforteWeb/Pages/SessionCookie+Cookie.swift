import PforteAccounts

extension SessionCookie {
    /// The single cookie value: `sessionID.sealValue`, two 43-character base64url parts.
    var cookieValue: String { "\(sessionID).\(sealValue)" }

    /// Parses a cookie value made by ``cookieValue``; anything else is no session.
    init?(cookieValue: String) {
        let parts = cookieValue.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy(Self.isBase64URLKey) else { return nil }
        self.init(sessionID: String(parts[0]), sealValue: String(parts[1]))
    }

    private static func isBase64URLKey(_ part: Substring) -> Bool {
        part.utf8.count == 43
            && part.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
            }
    }
}
