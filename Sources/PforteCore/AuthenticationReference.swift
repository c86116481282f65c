public import Foundation

/// Names one authentication within a login session: the session's reference and its `auth_time`
/// to the second. A request that sends the user to log in (`prompt=login`, `max_age`,
/// `ForceAuthn`) remembers it, and any login made since differs from it — a new session, or a
/// re-authentication that kept the session (issue #15), whose `auth_time` the session issuer
/// keeps strictly increasing.
public enum AuthenticationReference {
    public static func of(sessionReference: String, authTime: Date) -> String {
        "\(sessionReference).\(Int64(authTime.timeIntervalSince1970.rounded(.down)))"
    }
}
