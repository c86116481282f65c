import Foundation

/// The one JSON encoding of every document Pforte publishes or stores for OIDC: sorted keys,
/// so the same input always gives the same bytes (stable ETags, diffable dumps), and slashes
/// unescaped, so URLs read as URLs.
enum OIDCJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
