import Foundation
public import PforteCore
import PforteCrypto
import PforteStore

/// Sessions for people who log in with another Land's account (issue #7). They are no local
/// accounts: no e-mail login, password or secret; the federated account row only anchors what
/// belongs to an account (sessions, codes, consents). Its id comes from the Land and the
/// Land's subject (`PforteFederation.FederatedSubject`), so the same person from the same
/// Land is the same federated account every time.
///
/// Each login seals the profile the Land just asserted under a fresh data key, which only the
/// new session holds (design §6): the database alone reveals no personal data, and the portal
/// gets what the Land said at this login, not an older copy.
public struct FederatedLoginService: Sendable {
    let environment: AccountEnvironment

    /// Starts a session for the federated account `accountID` at the Land's `level`.
    ///
    /// - Parameter email: the address the Land asserted, kept in the login column like a local
    ///   account's address (in clear, as login names are) so that it can be released.
    public func logIn(accountID: AccountID, profile: Profile, email: String?, level: TrustLevel,
                      previousSessionID: String?, browser: BrowserFamily = .unknown) async throws -> (SessionCookie, AuthenticatedSession) {
        let dataKey = AccountDataKey.generate()
        let id = accountID.description
        try await environment.accounts.recordFederatedLogin(
            id: id, login: Self.login(of: id, email: email), sealedProfile: try ProfileSealing.seal(profile, with: dataKey, accountID: id),
            at: environment.now()
        )
        return try await SessionIssuer(environment: environment).start(
            accountID: id, dataKey: dataKey, level: level, methods: [.federation], browser: browser, replacing: previousSessionID
        )
    }

    /// The login column of a federated account, `federated:<id>[:<e-mail>]`: never a valid
    /// e-mail address, so no password login, registration or mail of ours can address it;
    /// unique because the id is.
    static func login(of accountID: String, email: String?) -> String {
        Self.prefix + accountID + (email.map { ":" + $0 } ?? "")
    }

    /// The Land's e-mail address in a federated account's login column; `nil` for a local
    /// account's login (see ``AccountProfile/email``).
    static func email(inLogin login: String) -> String? {
        guard login.hasPrefix(prefix) else { return nil }
        let parts = login.dropFirst(prefix.count).split(separator: ":", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    static func isFederated(login: String) -> Bool {
        login.hasPrefix(prefix)
    }

    private static let prefix = "federated:"
}
