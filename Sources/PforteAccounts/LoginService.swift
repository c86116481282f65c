public import PforteCore
import PforteCrypto
import PforteStore

/// Login with e-mail address and password (design §3, §4): an SSO session at trust level
/// `normal`, `amr` `pwd`.
public struct LoginService: Sendable {
    let environment: AccountEnvironment

    /// Checks the credentials and starts a session.
    ///
    /// - Parameters:
    ///   - email: as typed; it is trimmed and compared case-insensitively.
    ///   - clientAddress: the client's IP address, for the per-address throttle (kept only as
    ///     a keyed hash).
    ///   - previousSessionID: the session id the browser already had, if any; it is replaced
    ///     (no session fixation).
    ///   - browser: the family of the browser logging in, for the account's security view.
    /// - Returns: the cookie values for the web layer to set, and the new session.
    /// - Throws: ``AccountError`` with ``AccountError/Code/throttled(retryAfter:)`` or
    ///   ``AccountError/Code/attemptsExhausted`` before any check when this address or the
    ///   account has failed too often (``Throttle``);
    ///   ``AccountError/Code/invalidCredentials`` for an unknown address or a wrong password
    ///   alike; ``AccountError/Code/notActivated`` and ``AccountError/Code/accountLocked`` only
    ///   after the right password.
    public func logIn(email: String, password: String, clientAddress: String,
                      previousSessionID: String? = nil,
                      browser: BrowserFamily = .unknown) async throws -> (cookie: SessionCookie, session: AuthenticatedSession) {
        let (account, dataKey) = try await verifiedAccount(email: email, password: password, clientAddress: clientAddress, browser: browser)
        return try await startSession(of: account, dataKey: dataKey, browser: browser, replacing: previousSessionID)
    }

    /// The password login's session for an account whose password was just checked
    /// (``verifiedAccount(email:password:clientAddress:browser:)``), recorded as its last use.
    func startSession(of account: AccountRecord, dataKey: AccountDataKey, browser: BrowserFamily,
                      replacing previousSessionID: String?) async throws -> (cookie: SessionCookie, session: AuthenticatedSession) {
        let started = try await SessionIssuer(environment: environment).start(
            accountID: account.id, dataKey: dataKey, level: .normal, methods: [.password], browser: browser,
            replacing: previousSessionID
        )
        try await environment.accounts.recordLogin(id: account.id, at: environment.now())
        return started
    }

    /// The active account the credentials open, with its data key: the password check shared
    /// by login and by linking an eID to an account (issue 6: "password login first"). Throws
    /// as ``logIn(email:password:clientAddress:previousSessionID:browser:)`` does.
    func verifiedAccount(email: String, password: String, clientAddress: String,
                         browser: BrowserFamily = .unknown) async throws -> (AccountRecord, AccountDataKey) {
        let login = LoginName.normalize(email)
        let counters = environment.throttle.passwordCounters(login: login, clientAddress: clientAddress)
        try await environment.throttle.reserve(counters, now: environment.now())
        let account = try await environment.accounts.find(byLogin: login)
        let opened = try environment.credentials.openWithPassword(
            password, hash: account?.passwordHash ?? environment.unknownAccountHash, wrapped: account?.wrappedKeys.password
        )
        guard let account, let opened else {
            try await environment.recordFailure(counters, login: login)
            try await LoginHistory(environment: environment).recordFailedPassword(of: account, browser: browser)
            throw AccountError(.invalidCredentials)
        }
        try await environment.throttle.settle(counters, failed: false, now: environment.now())
        guard account.status == .active else { throw AccountError(.notActivated) }
        try await environment.refuseIfLocked(account.id)

        let dataKey = opened.dataKey
        if opened.needsRehash {
            try await rehash(account, password: password, dataKey: dataKey)
        }
        return (account, dataKey)
    }

    /// Moves the hash and the password wrapping to the current form and the configured Argon2
    /// parameters while the plaintext is at hand (``AccountCredentials/Opened/needsRehash``).
    private func rehash(_ account: AccountRecord, password: String, dataKey: AccountDataKey) async throws {
        let renewed = try environment.credentials.forPassword(password, dataKey: dataKey)
        var wrappedKeys = account.wrappedKeys
        wrappedKeys.password = renewed.wrapped
        try await environment.accounts.updatePasswordHash(id: account.id, passwordHash: renewed.hash, wrappedKeys: wrappedKeys)
    }
}
