import Foundation
import PforteCore

/// The level of assurance a request asks for, from `acr_values` or an essential `acr` in the
/// `claims` parameter (OIDC Core §3.1.2.1, §5.5.1.1), as eIDAS URIs (design §3).
///
/// Each lists acceptable values; the lowest listed level is the one the session must reach,
/// because any listed value satisfies the client. Values Pforte does not know are ignored, as
/// OIDC asks for voluntary claims; a list of only unknown values therefore requires nothing
/// beyond the client's minimum.
enum AuthenticationContextRequest {
    static func acrValues(_ text: String?) -> TrustLevel? {
        lowest(of: (text ?? "").split(separator: " ").map(String.init))
    }

    /// The `acr` member of `id_token` or `userinfo` in the `claims` JSON, when essential.
    static func essentialACR(claimsParameter: String?,
                             refuse: (OAuthError.Code, String) -> AuthorizationError) throws(AuthorizationError) -> TrustLevel? {
        guard let claimsParameter else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(claimsParameter.utf8)) as? [String: Any] else {
            throw refuse(.invalidRequest, "claims is not a JSON object")
        }
        var levels: [TrustLevel] = []
        for member in ["id_token", "userinfo"] {
            guard let request = (object[member] as? [String: Any])?["acr"] as? [String: Any],
                  request["essential"] as? Bool == true
            else { continue }
            let values = (request["values"] as? [String]) ?? (request["value"] as? String).map { [$0] } ?? []
            if let level = lowest(of: values) { levels.append(level) }
        }
        return levels.max()
    }

    private static func lowest(of identifiers: [String]) -> TrustLevel? {
        identifiers.compactMap { identifier in TrustLevel.allCases.first { $0.eidasURI == identifier } }.min()
    }
}
