public import PforteCore

/// Viewing and editing the profile (design §4; seed 003, "Benutzerprofil bearbeiten"). The
/// profile is sealed under the account's data key (design §6), which only a live session
/// holds.
public struct ProfileService: Sendable {
    let environment: AccountEnvironment

    public func profile(of session: AuthenticatedSession) async throws -> AccountProfile {
        let account = try await environment.account(of: session)
        return AccountProfile(
            login: account.login,
            profile: try ProfileSealing.open(account.sealedProfile, with: session.dataKey, accountID: account.id),
            isEIDVerified: account.isEIDVerified
        )
    }

    /// Applies the changes in order through ``ProfileEditPolicy`` and stores the profile sealed
    /// afresh. Nothing is stored when any change is refused.
    ///
    /// - Returns: the profile as stored.
    /// - Throws: ``AccountError/Code/lockedField(_:)`` for a change to a locked field of an
    ///   eID-verified account.
    @discardableResult
    public func update(_ changes: [ProfileChange], session: AuthenticatedSession) async throws -> Profile {
        let current = try await profile(of: session)
        var profile = current.profile
        for change in changes {
            switch ProfileEditPolicy.apply(change, to: profile, eIDVerified: current.isEIDVerified) {
            case .success(let changed): profile = changed
            case .failure(.lockedField(let field)): throw AccountError(.lockedField(field))
            }
        }
        let accountID = session.accountID.description
        try await environment.accounts.updateSealedProfile(
            id: accountID, sealedProfile: try ProfileSealing.seal(profile, with: session.dataKey, accountID: accountID)
        )
        return profile
    }
}
