import Foundation

/// What redeeming a code or rotating a refresh token yields, stored in the same transaction
/// that spends the credential (``AuthorizationCodeStore/redeem(digest:now:issuing:)``,
/// ``RefreshTokenStore/use(digest:now:reuseGrace:issuing:)``): either the credential is spent
/// and its successors exist, or neither happened. A node that fails in between leaves the
/// credential usable for the client's retry; a replay that loses the race finds the winner's
/// tokens already written and revokes them with the family.
public struct TokenIssue: Sendable, Equatable {
    public var accessToken: AccessTokenRecord
    public var refreshToken: RefreshTokenRecord
    /// The session the grant rests on, for back-channel logout; `nil` for none. Issuing checks
    /// that the session is still live: the tokens of a grant end with its session (OIDC
    /// Back-Channel Logout 1.0 §2.7).
    public var sessionLink: SessionLink?

    public init(accessToken: AccessTokenRecord, refreshToken: RefreshTokenRecord, sessionLink: SessionLink?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.sessionLink = sessionLink
    }
}
