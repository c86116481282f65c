import Hummingbird

/// A path of this site as it may appear in a link on one of its pages.
///
/// A link starting `//` is a network-path reference (RFC 3986 §4.2): `//login` names the host
/// `login`, not our page. Browsers read `\` as `/` in http(s) URLs (WHATWG URL Standard, "special
/// authority slashes"), so `/\evil.example` is one too. A request path is therefore never echoed
/// into a link as it came: runs of either separator become one `/`.
enum LocalPath {
    static func normalised(_ path: String) -> String {
        var result = "/"
        var afterSeparator = true
        for character in path {
            if character == "/" || character == "\\" {
                if !afterSeparator { result.append("/") }
                afterSeparator = true
            } else {
                result.append(character)
                afterSeparator = false
            }
        }
        return result
    }
}

extension Request {
    /// The request's path, safe to link to (``LocalPath``).
    var linkPath: String { LocalPath.normalised(uri.path) }

    /// The request's path and query, safe to link to; never the scheme and host of an
    /// absolute-form request target (RFC 9112 §3.2.2), which a client chooses freely.
    var linkTarget: String { linkPath + (uri.query.map { "?" + $0 } ?? "") }
}
