import Foundation
import PforteCore
import PforteCrypto
import PforteStore

/// Builds and stores a new account with its sealed data (design §6), for registration and for
/// the operator's command line: a random account id, a fresh data key wrapped under the
/// password and (when there is one) the normalised secret answer, the name sealed under the
/// data key, and the question sealed under the installation key.
struct AccountCreation: Sendable {
    let environment: AccountEnvironment

    /// Stores the account as pending. Without `withSecretQuestion` (the operator gave none), the
    /// registration's question and answer are not kept: the account then has no answer
    /// wrapping and can only be recovered, not reset.
    /// Throws ``PforteStore/AccountStoreError`` with
    /// ``PforteStore/AccountStoreError/Code/loginTaken`` when the address is taken, after all
    /// the hashing work, so that both outcomes take the same time.
    ///
    /// With `eID` (a registration with the Online-Ausweis, issue 6) the locked fields come from
    /// the card, the data key is wrapped under the eID secret as well, and the account is linked
    /// to the pseudonym and marked eID-verified; a pseudonym linked meanwhile to another
    /// account removes the new one again and throws ``AccountError/Code/eIDLinkedElsewhere``.
    /// Without `cardLogin` (the citizen declined the pseudonym login, seed 003 "Pseudonym") the
    /// card fills the profile but its link is stored deactivated and no eID wrapping is made, as
    /// after "Online-Ausweisfunktion deaktivieren": a later sync enables the login by card.
    func create(_ registration: ValidatedRegistration, withSecretQuestion: Bool, eID: EIDIdentity? = nil,
                cardLogin: Bool = true) async throws -> AccountRecord {
        let id = AccountID().description
        let dataKey = AccountDataKey.generate()
        let password = try environment.credentials.forPassword(registration.password, dataKey: dataKey)
        let named = Profile(givenNames: registration.givenNames, familyName: registration.familyName)
        let profile = eID.map { ProfileEditPolicy.applyEIDSync($0, to: named) } ?? named
        let account = try await environment.accounts.create(NewAccount(
            id: id,
            login: registration.email.normalized,
            passwordHash: password.hash,
            sealedProfile: try ProfileSealing.seal(profile, with: dataKey, accountID: id),
            sealedSecretQuestion: try environment.keys.sealQuestion(
                withSecretQuestion ? registration.secretQuestion.value : nil, accountID: id
            ),
            wrappedKeys: WrappedDataKeys(
                password: password.wrapped,
                secretAnswer: withSecretQuestion ? try environment.credentials.forAnswer(registration.secretAnswer, dataKey: dataKey) : nil,
                eID: try (cardLogin ? eID : nil).map { try environment.credentials.forEID(environment.keys.eIDSecret($0.pseudonym), dataKey: dataKey) }
            ),
            createdAt: environment.now()
        ))
        guard let eID else { return account }
        do {
            try await environment.eIDLinks.link(accountID: id, pseudonym: environment.keys.pseudonymDigest(eID.pseudonym),
                                                at: environment.now())
        } catch let error as AccountStoreError where error.code == .pseudonymTaken {
            try await environment.accounts.delete(id: id)
            throw AccountError(.eIDLinkedElsewhere)
        }
        if !cardLogin { try await environment.eIDLinks.deactivate(accountID: id, at: environment.now()) }
        try await environment.accounts.markEIDVerified(id: id, at: environment.now())
        return account
    }
}
