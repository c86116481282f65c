import Foundation
import PforteCore
import PforteCrypto
import PforteMail
import PforteStore

/// Membership of organisations (seed 001 3 b aa): an admin invites by e-mail, the invitee
/// accepts with a personal account, an admin confirms again, and only then is the
/// organisation's key wrapped for the new member. Admins revoke and promote; members leave.
/// Every grant, revocation, promotion and departure is recorded for the yearly report.
public struct MembershipService: Sendable {
    let environment: AccountEnvironment

    /// Open invitations an organisation may have at once: enough for onboarding a team in a day,
    /// few enough that a hijacked admin session cannot turn Pforte into a mail cannon.
    public static let maximumOpenInvitations = 25

    private var keyring: OrganisationKeyring { OrganisationKeyring(environment: environment) }
    private var mails: OrganisationMails { OrganisationMails(environment.mails) }

    /// Sends an invitation link (valid 24 h) to `email`. Whether the address has an account is
    /// neither checked nor told: any account holding the link may accept, and the admin sees
    /// which one before confirming.
    public func invite(organisationID: String, email: String, session: AuthenticatedSession, language: MailLanguage) async throws {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        guard try await environment.invitations.openCount(organisationID: organisationID, now: environment.now())
            < Self.maximumOpenInvitations
        else { throw OrganisationError(.tooManyOpenInvitations) }
        let address: EmailAddress
        do {
            address = try EmailAddress(email.trimmingCharacters(in: .whitespaces))
        } catch {
            throw OrganisationError(.invalidEmail(error))
        }
        let token = RandomToken.make()
        let now = environment.now()
        let validity = environment.configuration.invitationValidity
        let invitation = try mails.invitation(to: address.value, organisation: access.organisation.name,
                                              token: token, validFor: validity, language: language)
        try await environment.mail.queueing([invitation], now: now) {
            try await environment.invitations.issue(InvitationRecord(
                digest: environment.keys.digest(of: token), organisationID: organisationID, email: address.normalized,
                createdAt: now, expiresAt: now.addingTimeInterval(validity)
            ), mails: $0)
        }
    }

    /// The open invitation behind a link, for the page that offers to accept it.
    public func invitation(token: String, session: AuthenticatedSession) async throws -> OrganisationInvitation {
        let (invitation, organisation) = try await openInvitation(token)
        return OrganisationInvitation(
            organisationName: organisation.name,
            asksForAdultDeclaration: try await OrganisationService(environment: environment)
                .eligibility(session, declaresAdult: false) == .declarationRequired && invitation.acceptedBy == nil
        )
    }

    /// Accepts an invitation with the session's account; the admins are told and must confirm
    /// before access is granted. The account's age is recorded as known or declared, for a
    /// later promotion.
    ///
    /// - Throws: ``OrganisationError/Code/invalidInvitation``, ``OrganisationError/Code/alreadyMember``.
    public func accept(token: String, declaresAdult: Bool, session: AuthenticatedSession, language: MailLanguage = .german) async throws {
        let (_, organisation) = try await openInvitation(token)
        let accountID = session.accountID.description
        if try await environment.organisations.membership(organisationID: organisation.id, accountID: accountID) != nil {
            throw OrganisationError(.alreadyMember)
        }
        // The admin who confirms wraps the organisation's key to this account's public key.
        _ = try await keyring.accountKey(session)
        let adult = try await OrganisationService(environment: environment).eligibility(session, declaresAdult: declaresAdult) == .adult
        let login = try await environment.account(of: session).login
        let notices = try await admins(of: organisation.id).map {
            try mails.invitationAccepted(to: $0.login, organisation: organisation.name, member: login, organisationID: organisation.id,
                                         language: language)
        }
        let now = environment.now()
        let accepted = try await environment.mail.queueing(notices, now: now) {
            try await environment.invitations.accept(digest: environment.keys.digest(of: token), accountID: accountID, adult: adult,
                                                     now: now, mails: $0)
        }
        guard accepted != nil else { throw OrganisationError(.invalidInvitation) }
    }

    /// Grants access to an account that accepted an invitation: the organisation's key is
    /// wrapped to the account's public key with the confirming admin's copy.
    ///
    /// - Throws: ``OrganisationError/Code/noAcceptedInvitation``, ``OrganisationError/Code/alreadyMember``.
    public func confirm(organisationID: String, accountID: String, session: AuthenticatedSession,
                        language: MailLanguage = .german) async throws {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        guard let invitation = try await environment.invitations.accepted(organisationID: organisationID, accountID: accountID),
              let publicKey = try await environment.sealingKeys.find(accountID: accountID)?.publicKey
        else { throw OrganisationError(.noAcceptedInvitation) }
        let organisationKey = try await keyring.organisationKey(access.membership, session: session)
        let membership = MembershipRecord(
            organisationID: organisationID, accountID: accountID, role: OrganisationRole.member.rawValue, adult: invitation.adult,
            wrappedKey: try keyring.wrap(organisationKey, organisationID: organisationID, for: accountID, publicKey: publicKey),
            grantedAt: environment.now()
        )
        let notice = try mails.accessGranted(to: invitation.acceptedLogin, organisation: access.organisation.name,
                                             organisationID: organisationID, language: language)
        do {
            try await environment.mail.queueing([notice], now: environment.now()) {
                try await environment.organisations.addMember(
                    membership, acceptedInvitation: invitation.digest,
                    audit: access.audit(.granted, about: invitation.acceptedLogin, environment: environment), mails: $0
                )
            }
        } catch let error as OrganisationStoreError where error.code == .alreadyMember {
            throw OrganisationError(.alreadyMember)
        }
    }

    /// Drops an accepted invitation the admin does not want to confirm.
    public func decline(organisationID: String, accountID: String, session: AuthenticatedSession) async throws {
        _ = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        guard try await environment.invitations.decline(organisationID: organisationID, accountID: accountID) else {
            throw OrganisationError(.noAcceptedInvitation)
        }
    }

    /// Removes a member's access; the organisation gets a new key pair wrapped for the others.
    ///
    /// - Throws: ``OrganisationError/Code/refused(_:)`` with
    ///   ``PforteCore/MembershipRules/Refusal/lastAdminCannotBeRemoved``, ``OrganisationError/Code/memberNotFound``.
    public func revoke(organisationID: String, accountID: String, session: AuthenticatedSession,
                       language: MailLanguage = .german) async throws {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        try await remove(accountID, from: access, session: session, leaving: false) { target, _ in
            [try mails.accessRevoked(to: target.login, organisation: access.organisation.name, language: language)]
        }
    }

    /// The session's account leaves the organisation; the admins get a notice (seed 001 3 e:
    /// "eine entsprechende Mitteilung … um die weiteren Nutzer … zu informieren").
    ///
    /// - Throws: ``OrganisationError/Code/refused(_:)`` with
    ///   ``PforteCore/MembershipRules/Refusal/lastAdminCannotLeave``.
    public func leave(organisationID: String, session: AuthenticatedSession, language: MailLanguage = .german) async throws {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment)
        try await remove(session.accountID.description, from: access, session: session, leaving: true) { _, admins in
            try admins.map {
                try mails.memberLeft(to: $0.login, organisation: access.organisation.name, member: access.membership.login, language: language)
            }
        }
    }

    /// Makes a member an admin; only members known or declared to be of age.
    ///
    /// - Throws: ``OrganisationError/Code/refused(_:)`` with
    ///   ``PforteCore/MembershipRules/Refusal/adminMustBeAdult``, ``OrganisationError/Code/memberNotFound``.
    public func promote(organisationID: String, accountID: String, session: AuthenticatedSession) async throws {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        guard let target = try await environment.organisations.membership(organisationID: organisationID, accountID: accountID)
        else { throw OrganisationError(.memberNotFound) }
        guard target.role != OrganisationRole.admin.rawValue else { return }
        do {
            try MembershipRules.checkPromotion(adult: target.adult)
        } catch {
            throw OrganisationError(.refused(error))
        }
        try await environment.organisations.setRole(organisationID: organisationID, accountID: accountID,
                                                    role: OrganisationRole.admin.rawValue,
                                                    audit: access.audit(.promoted, about: target.login, environment: environment))
    }

    /// Removes `accountID` with a rekey over the remaining members, after the last-admin rule.
    /// Removes the member and queues `notices` — made from the member and the admins who
    /// remain — in the same transaction.
    private func remove(_ accountID: String, from access: OrganisationAccess, session: AuthenticatedSession, leaving: Bool,
                        notices: (_ target: MembershipRecord, _ remainingAdmins: [MembershipRecord]) throws -> [MailMessage]) async throws {
        let members = try await environment.organisations.members(organisationID: access.organisation.id)
        guard let target = members.first(where: { $0.accountID == accountID }),
              let role = OrganisationRole(rawValue: target.role)
        else { throw OrganisationError(.memberNotFound) }
        do {
            try MembershipRules.checkRemoval(of: role, adminCount: members.filter { $0.role == OrganisationRole.admin.rawValue }.count,
                                             leaving: leaving)
        } catch {
            throw OrganisationError(.refused(error))
        }
        let key = try await keyring.organisationKey(access.membership, session: session)
        let rekey = try await keyring.rekey(access.organisation, profile: try keyring.openProfile(access.organisation, with: key),
                                            remaining: members.map(\.accountID).filter { $0 != accountID })
        let remainingAdmins = members.filter { $0.role == OrganisationRole.admin.rawValue && $0.accountID != accountID }
        let audit = access.audit(leaving ? .left : .revoked, about: target.login, environment: environment, selfService: leaving)
        do {
            try await environment.mail.queueing(try notices(target, remainingAdmins), now: environment.now()) {
                try await environment.organisations.removeMember(
                    organisationID: access.organisation.id, accountID: accountID, rekey: rekey, audit: audit, mails: $0
                )
            }
        } catch let error as OrganisationStoreError where error.code == .lastAdmin {
            throw OrganisationError(.refused(leaving ? .lastAdminCannotLeave : .lastAdminCannotBeRemoved))
        }
    }

    private func openInvitation(_ token: String) async throws -> (InvitationRecord, OrganisationRecord) {
        guard let invitation = try await environment.invitations.findOpen(digest: environment.keys.digest(of: token),
                                                                          now: environment.now()),
              let organisation = try await environment.organisations.find(id: invitation.organisationID)
        else { throw OrganisationError(.invalidInvitation) }
        return (invitation, organisation)
    }

    func admins(of organisationID: String) async throws -> [MembershipRecord] {
        try await environment.organisations.members(organisationID: organisationID).filter { $0.role == OrganisationRole.admin.rawValue }
    }
}
