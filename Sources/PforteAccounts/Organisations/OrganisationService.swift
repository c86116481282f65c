public import PforteCore
import PforteCrypto
import PforteStore

/// Organisation accounts (issue 8; seed 001, seed 003 "Servicekonto Business"): creation from
/// a personal account, the overview, the general release switch, and deletion.
public struct OrganisationService: Sendable {
    let environment: AccountEnvironment

    private var keyring: OrganisationKeyring { OrganisationKeyring(environment: environment) }

    /// Creates an organisation with the session's account as its admin, after consent to the
    /// terms (in `form`). Only adults can be admins: the date of birth decides when known,
    /// otherwise `declaresAdult`.
    ///
    /// The consent is to the organisation declaration in force (issue #19 item 1), recorded as
    /// the creator's acceptance of that version; `consentVersion` is the version the form
    /// showed (nil: the one in force, for callers without a page).
    ///
    /// - Throws: ``OrganisationError/Code/invalidForm(_:)``,
    ///   ``OrganisationError/Code/adultDeclarationRequired``, ``OrganisationError/Code/minor``,
    ///   ``AccountError/Code/termsVersionMismatch`` when the form showed another version
    ///   (nothing is created).
    public func create(_ form: OrganisationForm, declaresAdult: Bool, session: AuthenticatedSession,
                       consentVersion: String? = nil) async throws -> OrganisationID {
        let profile: OrganisationProfile
        do {
            profile = try form.validate()
        } catch {
            throw OrganisationError(.invalidForm(error))
        }
        try await requireAdult(session, declaresAdult: declaresAdult)
        let terms = TermsService(environment: environment)
        let consent = terms.current(.organisation).id
        guard consentVersion == nil || consentVersion == consent else { throw AccountError(.termsVersionMismatch) }
        let account = try await environment.account(of: session)
        let id = OrganisationID()
        let organisationKey = PrivateSealingKey.generate()
        let accountKey = try await keyring.accountKey(session)
        let now = environment.now()
        let record = OrganisationRecord(
            id: id.description, name: profile.name.value, publicKey: organisationKey.publicKey.bytes,
            sealedProfile: try keyring.sealProfile(profile, to: organisationKey.publicKey, organisationID: id.description),
            createdAt: now
        )
        let founder = MembershipRecord(
            organisationID: id.description, accountID: account.id, role: OrganisationRole.admin.rawValue, adult: true,
            wrappedKey: try keyring.wrap(organisationKey, organisationID: id.description, for: account.id,
                                         publicKey: accountKey.publicKey.bytes),
            grantedAt: now
        )
        try await environment.organisations.create(
            record, founder: founder,
            audit: AuditEntryRecord(event: AuditEvent.granted.rawValue, accountLogin: account.login, actorLogin: account.login, at: now)
        )
        try await terms.accept(accountID: account.id, kind: .organisation, versionID: consent)
        return id
    }

    /// The organisations the session's account belongs to, by name.
    public func list(session: AuthenticatedSession) async throws -> [OrganisationSummary] {
        try await environment.organisations.memberships(accountID: session.accountID.description).compactMap { organisation, membership in
            guard let id = OrganisationID(organisation.id), let role = OrganisationRole(rawValue: membership.role) else { return nil }
            return OrganisationSummary(id: id, name: organisation.name, role: role)
        }
    }

    /// The names of the organisations whose invitation the account accepted and whose admins
    /// have yet to confirm it.
    public func awaitingConfirmation(session: AuthenticatedSession) async throws -> [String] {
        try await environment.invitations.awaitingConfirmation(acceptedBy: session.accountID.description).map(\.name)
    }

    /// The organisation as the member sees it, its profile opened with the member's key. Opening
    /// it counts as using the organisation (the 3-year inactivity period restarts).
    public func overview(organisationID: String, session: AuthenticatedSession) async throws -> OrganisationOverview {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment)
        let key = try await keyring.organisationKey(access.membership, session: session)
        let profile = try keyring.openProfile(access.organisation, with: key)
        try await environment.organisations.recordUse(organisationID: organisationID, at: environment.now())
        var members: [OrganisationMember] = []
        var waiting: [OrganisationMember] = []
        if access.role == .admin {
            members = try await environment.organisations.members(organisationID: organisationID).compactMap { member in
                OrganisationRole(rawValue: member.role).map {
                    OrganisationMember(accountID: member.accountID, login: member.login, role: $0, adult: member.adult)
                }
            }
            waiting = try await environment.invitations.awaitingConfirmation(organisationID: organisationID).compactMap { invitation in
                invitation.acceptedBy.map {
                    OrganisationMember(accountID: $0, login: invitation.acceptedLogin, role: .member, adult: invitation.adult,
                                       invitedAddress: invitation.email)
                }
            }
        }
        return OrganisationOverview(id: OrganisationID(organisationID)!, profile: profile, role: access.role,
                                    generalRelease: access.organisation.generalRelease, members: members,
                                    awaitingConfirmation: waiting)
    }

    /// Whether the session's account is an admin of the organisation, for pages that offer an
    /// admin's action (the deletion form) before it is posted.
    ///
    /// - Throws: ``OrganisationError/Code/notFound``, ``OrganisationError/Code/notAdmin``.
    public func requireAdmin(organisationID: String, session: AuthenticatedSession) async throws {
        _ = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
    }

    /// The organisation's data for an admin to edit.
    ///
    /// - Throws: ``OrganisationError/Code/notAdmin`` for members who are not admins.
    public func editableProfile(organisationID: String, session: AuthenticatedSession) async throws -> OrganisationProfile {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        return try keyring.openProfile(access.organisation, with: try await keyring.organisationKey(access.membership, session: session))
    }

    /// Replaces the organisation's data (seed 003: admins "Organisationsdaten pflegen"), sealed to
    /// its current public key, so no private key is needed. Should a member's removal renew the
    /// key pair meanwhile, the store refuses the stale sealing and the update is sealed again.
    ///
    /// - Throws: ``OrganisationError/Code/notAdmin``, ``OrganisationError/Code/invalidForm(_:)``.
    public func updateProfile(organisationID: String, form: OrganisationForm, session: AuthenticatedSession) async throws {
        let profile: OrganisationProfile
        do {
            profile = try form.validate()
        } catch {
            throw OrganisationError(.invalidForm(error))
        }
        for attempt in 1...2 {
            let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
            let publicKey = try PublicSealingKey(bytes: access.organisation.publicKey)
            do {
                try await environment.organisations.updateProfile(
                    organisationID: organisationID, name: profile.name.value,
                    sealedProfile: try keyring.sealProfile(profile, to: publicKey, organisationID: organisationID),
                    sealedFor: access.organisation.publicKey
                )
                return
            } catch let error as OrganisationStoreError where error.code == .membersChanged && attempt == 1 {
                continue
            }
        }
    }

    /// Turns the general release of the profile to online services on or off (seed 001 3 b cc:
    /// "generell erteilen … jederzeit widerrufen"); admins only.
    public func setGeneralRelease(organisationID: String, enabled: Bool, session: AuthenticatedSession) async throws {
        _ = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        try await environment.organisations.setGeneralRelease(organisationID: organisationID, enabled: enabled)
    }

    /// Deletes the organisation with everything in it, after an admin entered the password
    /// again (seed 001 §2: "aus Sicherheitsgründen zusätzlich die Eingabe Ihres Passwortes").
    /// The other admins are told.
    ///
    /// - Throws: ``OrganisationError/Code/notAdmin``, ``AccountError/Code/invalidCredentials``,
    ///   ``AccountError/Code/throttled(retryAfter:)``.
    public func delete(organisationID: String, password: String, session: AuthenticatedSession, clientAddress: String,
                       language: MailLanguage = .german) async throws {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment, requireAdmin: true)
        let account = try await environment.account(of: session)
        try await environment.confirmPassword(password, of: account, clientAddress: clientAddress)
        let others = try await environment.organisations.members(organisationID: organisationID)
            .filter { $0.role == OrganisationRole.admin.rawValue && $0.accountID != access.membership.accountID }
        let mails = OrganisationMails(environment.mails)
        let notices = try others.map {
            try mails.organisationDeleted(to: $0.login, organisation: access.organisation.name, by: access.membership.login, language: language)
        }
        try await environment.mail.queueing(notices, now: environment.now()) {
            try await environment.organisations.delete(id: organisationID, mails: $0)
        }
    }

    /// Only adults can be admins (seed 003).
    func requireAdult(_ session: AuthenticatedSession, declaresAdult: Bool) async throws {
        switch try await eligibility(session, declaresAdult: declaresAdult) {
        case .adult: return
        case .minor: throw OrganisationError(.minor)
        case .declarationRequired: throw OrganisationError(.adultDeclarationRequired)
        }
    }

    func eligibility(_ session: AuthenticatedSession, declaresAdult: Bool) async throws -> AdminEligibility {
        let profile = try await ProfileService(environment: environment).profile(of: session).profile
        return AdminEligibility.assess(dateOfBirth: profile.dateOfBirth, declaresAdult: declaresAdult,
                                       today: AdminEligibility.germanDate(of: environment.now()))
    }

    /// Whether the session's account has no known date of birth, so pages ask for the declaration.
    public func asksForAdultDeclaration(session: AuthenticatedSession) async throws -> Bool {
        try await eligibility(session, declaresAdult: false) == .declarationRequired
    }
}
