/// Deletion of one's own account (design §4): immediate, after the password is entered again,
/// and the address is free for a new registration at once.
public struct AccountDeletionService: Sendable {
    let environment: AccountEnvironment

    /// Deletes the session's account with its sessions and links (the store cascades).
    ///
    /// Re-entering the password is a guess like a login, so it is throttled on the same
    /// counters (per login name and per client address).
    ///
    /// - Throws: ``AccountError/Code/throttled(retryAfter:)``, or
    ///   ``AccountError/Code/invalidCredentials`` for a wrong password.
    public func deleteAccount(session: AuthenticatedSession, password: String, clientAddress: String) async throws {
        let account = try await environment.account(of: session)
        let throttle = environment.throttle
        let counters = throttle.passwordCounters(login: account.login, clientAddress: clientAddress)
        try await throttle.check(counters, now: environment.now())
        guard case .valid = environment.hasher.verify(password, against: account.passwordHash) else {
            try await throttle.recordFailure(counters, now: environment.now())
            throw AccountError(.invalidCredentials)
        }
        try await environment.accounts.delete(id: account.id)
        try await throttle.resetAccountCounters(counters)
    }
}
