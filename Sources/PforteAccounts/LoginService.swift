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
        let verification = environment.hasher.verify(password, against: account?.passwordHash ?? environment.unknownAccountHash)
        guard let account, case .valid(let needsRehash) = verification else {
            try await environment.recordFailure(counters, login: login)
            try await LoginHistory(environment: environment).recordFailedPassword(of: account, browser: browser)
            throw AccountError(.invalidCredentials)
        }
        try await environment.throttle.settle(counters, failed: false, now: environment.now())
        guard account.status == .active else { throw AccountError(.notActivated) }
        try await environment.refuseIfLocked(account.id)

        let dataKey = try environment.credentials.unwrap(account.wrappedKeys.password, secret: password, kind: .password)
        if needsRehash {
            try await rehash(account, password: password, dataKey: dataKey)
        }
        return (account, dataKey)
    }

    /// Moves the hash and the password wrapping to the configured Argon2 parameters while the
    /// plaintext is at hand (``PasswordVerification/valid(needsRehash:)``).
    private func rehash(_ account: AccountRecord, password: String, dataKey: AccountDataKey) async throws {
        let renewed = try environment.credentials.forPassword(password, dataKey: dataKey)
        var wrappedKeys = account.wrappedKeys
        wrappedKeys.password = renewed.wrapped
        try await environment.accounts.updatePasswordHash(id: account.id, passwordHash: renewed.hash, wrappedKeys: wrappedKeys)
    }
}
