import Foundation
import PforteCore
import PforteCrypto
import PforteStore

/// The keys of design §6 for organisations. Each account has a key pair whose private key is
/// sealed under its data key; each organisation has a key pair whose private key is wrapped
/// to the public key of every member, and to which its profile is sealed. A session thus
/// opens: data key → account private key → organisation private key → organisation profile.
///
/// When a member loses access the organisation gets a fresh key pair (``rekey``): the profile
/// is sealed to the new public key and the new private key wrapped to the remaining members
/// only, so a removed member who kept a copy of the old private key opens nothing stored.
struct OrganisationKeyring: Sendable {
    let environment: AccountEnvironment

    /// The session account's private key, created on first use (accounts registered before
    /// organisations existed have none yet; creating one needs the data key only a session has).
    func accountKey(_ session: AuthenticatedSession) async throws -> PrivateSealingKey {
        let accountID = session.accountID.description
        let context = SealingContext(accountID: accountID, purpose: "sealing-key")
        var record = try await environment.sealingKeys.find(accountID: accountID)
        if record == nil {
            let key = PrivateSealingKey.generate()
            record = try await environment.sealingKeys.createIfAbsent(AccountSealingKeyRecord(
                accountID: accountID, publicKey: key.publicKey.bytes,
                sealedPrivateKey: try key.seal(with: session.dataKey, context: context).bytes
            ))
        }
        do {
            return try PrivateSealingKey(opening: SealedData(bytes: record!.sealedPrivateKey), with: session.dataKey, context: context)
        } catch {
            throw OrganisationError(.keyUnavailable)
        }
    }

    /// The organisation's private key through the session account's wrapping.
    func organisationKey(_ membership: MembershipRecord, session: AuthenticatedSession) async throws -> PrivateSealingKey {
        let accountKey = try await accountKey(session)
        do {
            return try PrivateSealingKey(unwrapping: RecipientSealedData(bytes: membership.wrappedKey), with: accountKey,
                                         context: Self.wrappingContext(membership.organisationID, membership.accountID))
        } catch {
            throw OrganisationError(.keyUnavailable)
        }
    }

    /// `organisationKey` wrapped to the member's stored public key.
    func wrap(_ organisationKey: PrivateSealingKey, organisationID: String, for accountID: String, publicKey: Data) throws -> Data {
        try organisationKey.wrap(for: PublicSealingKey(bytes: publicKey),
                                 context: Self.wrappingContext(organisationID, accountID)).bytes
    }

    func sealProfile(_ profile: OrganisationProfile, to publicKey: PublicSealingKey, organisationID: String) throws -> Data {
        try RecipientSealedData.seal(encoding: StoredOrganisationProfile(profile), to: publicKey,
                                     context: Self.profileContext(organisationID)).bytes
    }

    func openProfile(_ organisation: OrganisationRecord, with key: PrivateSealingKey) throws -> OrganisationProfile {
        do {
            return try RecipientSealedData(bytes: organisation.sealedProfile)
                .open(StoredOrganisationProfile.self, with: key, context: Self.profileContext(organisation.id)).profile()
        } catch {
            throw OrganisationError(.keyUnavailable)
        }
    }

    /// A fresh key pair for the organisation, its profile re-sealed and the private key wrapped
    /// to each of `remaining` (account ids); the caller stores it with the member's removal.
    func rekey(_ organisation: OrganisationRecord, profile: OrganisationProfile, remaining: [String]) async throws -> OrganisationRekey {
        let fresh = PrivateSealingKey.generate()
        let publicKeys = try await environment.sealingKeys.publicKeys(accountIDs: remaining)
        var wrapped: [String: Data] = [:]
        for accountID in remaining {
            guard let publicKey = publicKeys[accountID] else { throw OrganisationError(.keyUnavailable) }
            wrapped[accountID] = try wrap(fresh, organisationID: organisation.id, for: accountID, publicKey: publicKey)
        }
        return OrganisationRekey(publicKey: fresh.publicKey.bytes,
                                 sealedProfile: try sealProfile(profile, to: fresh.publicKey, organisationID: organisation.id),
                                 wrappedKeys: wrapped)
    }

    static func wrappingContext(_ organisationID: String, _ accountID: String) -> [String] {
        ["organisation-key", organisationID, accountID]
    }

    static func profileContext(_ organisationID: String) -> [String] {
        ["organisation", organisationID, "profile"]
    }
}
