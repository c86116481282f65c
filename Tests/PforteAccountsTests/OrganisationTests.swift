import Foundation
import PforteCore
import PforteCrypto
import PforteStore
import Testing

@testable import PforteAccounts

@Suite struct OrganisationTests {
    static func form(consent: Bool = true) -> OrganisationForm {
        OrganisationForm(name: "Muster GmbH", legalForm: "gmbh", seat: "Dresden", commercialRegisterNumber: "HRB 12345",
                         street: "Archivstraße", houseNumber: "1", postalCode: "01097", city: "Dresden",
                         email: "info@muster.example", consentsToTerms: consent)
    }

    /// Registers and logs in `email`.
    static func signIn(_ harness: Harness, _ email: String) async throws -> AuthenticatedSession {
        try await harness.registerAndActivate(email)
        return try await harness.logIn(email).session
    }

    /// Admin `admin@example.de` with an organisation, and a confirmed member `member@example.de`.
    static func organisationWithMember(_ harness: Harness) async throws
        -> (id: String, admin: AuthenticatedSession, member: AuthenticatedSession, memberID: String) {
        let admin = try await signIn(harness, "admin@example.de")
        let id = try await harness.services.organisations.create(form(), declaresAdult: true, session: admin).description
        let member = try await signIn(harness, "member@example.de")
        try await harness.services.memberships.invite(organisationID: id, email: "member@example.de", session: admin, language: .german)
        let token = try harness.outbox.token(to: "member@example.de", path: AccountLinkPath.organisationInvitation)
        try await harness.services.memberships.accept(token: token, declaresAdult: true, session: member)
        try await harness.services.memberships.confirm(organisationID: id, accountID: member.accountID.description, session: admin)
        return (id, admin, member, member.accountID.description)
    }

    /// Expects `body` to fail with `code`. A helper rather than `#expect(await code { … } == …)`:
    /// closures inside the macro's expansion were seen to run another closure's body.
    static func expect(_ code: OrganisationError.Code, _ comment: Comment? = nil, _ body: () async throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) async {
        let actual = await Self.code(body)
        #expect(actual == code, comment, sourceLocation: sourceLocation)
    }

    static func code(_ body: () async throws -> Void) async -> OrganisationError.Code? {
        do {
            try await body()
            Issue.record("expected an OrganisationError")
        } catch let error as OrganisationError {
            return error.code
        } catch {
            Issue.record("expected an OrganisationError, got \(error)")
        }
        return nil
    }

    @Test func creationNeedsConsentAndAnAdultAndMakesTheCreatorAdmin() async throws {
        try await Harness.run { harness in
            let session = try await Self.signIn(harness, "erika@example.de")
            let organisations = harness.services.organisations
            guard case .invalidForm(let errors) = await Self.code({
                _ = try await organisations.create(Self.form(consent: false), declaresAdult: true, session: session)
            }) else { Issue.record("no form error"); return }
            #expect(errors[.consent] == [.text(.empty)])
            #expect(try await organisations.asksForAdultDeclaration(session: session))
            await Self.expect(.adultDeclarationRequired) { _ = try await organisations.create(Self.form(), declaresAdult: false, session: session) }
            try await harness.services.profiles.update([.dateOfBirth(try PartialDate(year: 2020, month: 1, day: 1))], session: session)
            await Self.expect(.minor) { _ = try await organisations.create(Self.form(), declaresAdult: true, session: session) }
            try await harness.services.profiles.update([.dateOfBirth(try PartialDate(year: 1980, month: 1, day: 1))], session: session)
            #expect(try await organisations.asksForAdultDeclaration(session: session) == false)

            let id = try await organisations.create(Self.form(), declaresAdult: false, session: session)
            #expect(try await organisations.list(session: session) == [OrganisationSummary(id: id, name: "Muster GmbH", role: .admin)])
            let overview = try await organisations.overview(organisationID: id.description, session: session)
            #expect(overview.profile.commercialRegisterNumber?.value == "HRB 12345")
            #expect(overview.members.map(\.login) == ["erika@example.de"])
        }
    }

    @Test func theProfileIsSealedToTheOrganisation() async throws {
        try await Harness.run { harness in
            let session = try await Self.signIn(harness, "erika@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: session)
            let record = try #require(try await SQLOrganisationStore(store: harness.store).find(id: id.description))
            #expect(record.sealedProfile.range(of: Data("Archivstraße".utf8)) == nil)
            #expect(record.sealedProfile.range(of: Data("info@muster.example".utf8)) == nil)
        }
    }

    @Test func anInviteeGetsAccessOnlyAfterTheAdminConfirms() async throws {
        try await Harness.run { harness in
            let admin = try await Self.signIn(harness, "admin@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: admin).description
            let member = try await Self.signIn(harness, "member@example.de")
            let memberships = harness.services.memberships
            await Self.expect(.invalidEmail(.missingAtSign)) {
                try await memberships.invite(organisationID: id, email: "kein-adresse", session: admin, language: .german)
            }
            await Self.expect(.notFound) {
                try await memberships.invite(organisationID: id, email: "x@example.de", session: member, language: .german)
            }
            try await memberships.invite(organisationID: id, email: "member@example.de", session: admin, language: .german)
            let token = try harness.outbox.token(to: "member@example.de", path: AccountLinkPath.organisationInvitation)
            #expect(try await memberships.invitation(token: token, session: member).organisationName == "Muster GmbH")
            try await memberships.accept(token: token, declaresAdult: false, session: member)
            await Self.expect(.invalidInvitation) { try await memberships.accept(token: token, declaresAdult: false, session: member) }
            #expect(harness.outbox.sent(to: "admin@example.de").last?.subject.contains("Einladung angenommen") == true)
            await Self.expect(.notFound) { _ = try await harness.services.organisations.overview(organisationID: id, session: member) }
            let waiting = try await harness.services.organisations.overview(organisationID: id, session: admin).awaitingConfirmation
            #expect(waiting.map(\.login) == ["member@example.de"])

            try await memberships.confirm(organisationID: id, accountID: member.accountID.description, session: admin)
            let seen = try await harness.services.organisations.overview(organisationID: id, session: member)
            #expect(seen.profile.name.value == "Muster GmbH" && seen.role == .member && seen.members.isEmpty)
            #expect(harness.outbox.sent(to: "member@example.de").last?.subject.contains("Zugriff freigegeben") == true)
            await Self.expect(.noAcceptedInvitation) {
                try await memberships.confirm(organisationID: id, accountID: member.accountID.description, session: admin)
            }
            await Self.expect(.refused(.adminMustBeAdult), "declared nothing and no date of birth") {
                try await memberships.promote(organisationID: id, accountID: member.accountID.description, session: admin)
            }
        }
    }

    @Test func anInvitationLinkExpiresAfter24Hours() async throws {
        try await Harness.run { harness in
            let admin = try await Self.signIn(harness, "admin@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: admin).description
            try await harness.services.memberships.invite(organisationID: id, email: "late@example.de", session: admin, language: .english)
            let token = try harness.outbox.token(to: "late@example.de", path: AccountLinkPath.organisationInvitation)
            harness.clock.advance(by: 24 * 3600)
            let late = try await Self.signIn(harness, "late@example.de")
            await Self.expect(.invalidInvitation) { try await harness.services.memberships.accept(token: token, declaresAdult: true, session: late) }
        }
    }

    @Test func aRemovedMemberCannotReadTheOrganisationsDataAnyMore() async throws {
        try await Harness.run { harness in
            let (id, admin, member, memberID) = try await Self.organisationWithMember(harness)
            let store = SQLOrganisationStore(store: harness.store)
            let keyring = OrganisationKeyring(environment: harness.services.organisations.environment)
            let oldWrapping = try #require(try await store.membership(organisationID: id, accountID: memberID))
            let oldKey = try await keyring.organisationKey(oldWrapping, session: member)
            #expect(try keyring.openProfile(try #require(try await store.find(id: id)), with: oldKey).name.value == "Muster GmbH")

            try await harness.services.memberships.revoke(organisationID: id, accountID: memberID, session: admin)
            await Self.expect(.notFound) { _ = try await harness.services.organisations.overview(organisationID: id, session: member) }
            // The member kept the old private key: it opens nothing stored any more.
            let current = try #require(try await store.find(id: id))
            await Self.expect(.keyUnavailable) { _ = try keyring.openProfile(current, with: oldKey) }
            #expect(try await harness.services.organisations.overview(organisationID: id, session: admin).profile.seat == "Dresden")
            #expect(harness.outbox.sent(to: "member@example.de").last?.subject.contains("Zugriff entzogen") == true)
        }
    }

    @Test func theLastAdminCannotLeaveBeRemovedOrDeleteTheAccount() async throws {
        try await Harness.run { harness in
            let (id, admin, member, memberID) = try await Self.organisationWithMember(harness)
            let memberships = harness.services.memberships
            let adminID = admin.accountID.description
            await Self.expect(.refused(.lastAdminCannotLeave)) { try await memberships.leave(organisationID: id, session: admin) }
            await Self.expect(.refused(.lastAdminCannotBeRemoved)) { try await memberships.revoke(organisationID: id, accountID: adminID, session: admin) }
            await Self.expect(.notAdmin) { try await memberships.revoke(organisationID: id, accountID: adminID, session: member) }
            let deletion = await accountErrorCode {
                try await harness.services.deletion.deleteAccount(session: admin, password: Harness.password, clientAddress: Harness.client)
            }
            #expect(deletion == .soleOrganisationAdmin(["Muster GmbH"]))

            try await memberships.promote(organisationID: id, accountID: memberID, session: admin)
            try await memberships.leave(organisationID: id, session: admin, language: .english)
            // Issue #19: in the language of the page the step was taken on, not bilingual.
            let notice = try #require(harness.outbox.sent(to: "member@example.de").last)
            #expect(notice.subject == "Member left: Muster GmbH")
            #expect(notice.body.hasPrefix("Hello,") && !notice.body.contains("Guten Tag"))
            let entries = try await SQLOrganisationStore(store: harness.store).auditEntries(organisationID: id, upTo: harness.clock.now)
            #expect(entries.map(\.event) == ["granted", "granted", "promoted", "left"])
            #expect(entries.last?.actorLogin == nil)
            try await harness.services.deletion.deleteAccount(session: admin, password: Harness.password, clientAddress: Harness.client)
            #expect(try await harness.services.organisations.overview(organisationID: id, session: member).role == .admin)
        }
    }

    @Test func deletingAMembersAccountRenewsTheOrganisationKey() async throws {
        try await Harness.run { harness in
            let (id, admin, member, memberID) = try await Self.organisationWithMember(harness)
            let store = SQLOrganisationStore(store: harness.store)
            let before = try #require(try await store.find(id: id)).publicKey
            try await harness.services.deletion.deleteAccount(session: member, password: Harness.password, clientAddress: Harness.client)
            #expect(try await store.find(id: id)?.publicKey != before)
            #expect(try await store.membership(organisationID: id, accountID: memberID) == nil)
            #expect(try await harness.services.organisations.overview(organisationID: id, session: admin).members.count == 1)
        }
    }

    @Test func deletingTheOrganisationNeedsThePassword() async throws {
        try await Harness.run { harness in
            let (id, admin, member, _) = try await Self.organisationWithMember(harness)
            let organisations = harness.services.organisations
            await Self.expect(.notAdmin) {
                try await organisations.delete(organisationID: id, password: Harness.password, session: member, clientAddress: Harness.client)
            }
            let wrong = await accountErrorCode {
                try await organisations.delete(organisationID: id, password: "Falsch2024!", session: admin, clientAddress: Harness.client)
            }
            #expect(wrong == .invalidCredentials)
            try await organisations.delete(organisationID: id, password: Harness.password, session: admin, clientAddress: Harness.client)
            #expect(try await organisations.list(session: member).isEmpty)
        }
    }

    @Test func theProfileGoesToAServiceOnlyWithReleaseOrConsent() async throws {
        try await Harness.run { harness in
            let (id, admin, member, _) = try await Self.organisationWithMember(harness)
            let release = harness.services.organisationRelease
            #expect(try await release.actingOptions(session: member).map(\.role) == [.member])
            guard case .consentRequired(let pending) = try await release.release(organisationID: id, clientID: "portal", session: member)
            else { Issue.record("released without consent"); return }
            #expect(pending.profile.name.value == "Muster GmbH")
            try await release.consent(organisationID: id, clientID: "portal", session: member)
            guard case .released(let released) = try await release.release(organisationID: id, clientID: "portal", session: member)
            else { Issue.record("not released after consent"); return }
            #expect(released.profile.legalForm == .gmbh && released.role == .member && released.id == id)
            guard case .consentRequired = try await release.release(organisationID: id, clientID: "other", session: member)
            else { Issue.record("consent leaked to another service"); return }
            await Self.expect(.notAdmin) { try await harness.services.organisations.setGeneralRelease(organisationID: id, enabled: true, session: member) }
            try await harness.services.organisations.setGeneralRelease(organisationID: id, enabled: true, session: admin)
            guard case .released = try await release.release(organisationID: id, clientID: "other", session: member)
            else { Issue.record("general release ignored"); return }
        }
    }

    @Test func theYearlyReportGoesToEveryAdminAndThenTheEntriesAreDeleted() async throws {
        try await Harness.run { harness in
            let (id, admin, _, memberID) = try await Self.organisationWithMember(harness)
            try await harness.services.memberships.promote(organisationID: id, accountID: memberID, session: admin)
            #expect(try await harness.services.administration.runRetentionJobs().organisationAuditReports == 0)
            harness.clock.advance(by: 365 * 86400)
            #expect(try await harness.services.administration.runRetentionJobs().organisationAuditReports == 1)
            for admin in ["admin@example.de", "member@example.de"] {
                let report = try #require(harness.outbox.sent(to: admin).last)
                #expect(report.subject.contains("Jahresbericht"))
                #expect(report.body.contains("zum Administrator ernannt: member@example.de (durch admin@example.de)"))
            }
            #expect(try await SQLOrganisationStore(store: harness.store).auditEntries(organisationID: id, upTo: harness.clock.now).isEmpty)
            #expect(try await harness.services.administration.runRetentionJobs().organisationAuditReports == 0)
        }
    }

    @Test func anUnusedOrganisationIsDeletedAfterThreeYearsAndANotice() async throws {
        try await Harness.run { harness in
            let admin = try await Self.signIn(harness, "admin@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: admin).description
            let administration = harness.services.administration
            harness.clock.advance(by: 3 * 365 * 86400 - 30 * 86400 - 60)
            #expect(try await administration.runRetentionJobs().organisationDeletionNotices == 0)
            harness.clock.advance(by: 120)
            #expect(try await administration.runRetentionJobs().organisationDeletionNotices == 1)
            #expect(harness.outbox.sent(to: "admin@example.de").last?.subject.contains("wird gelöscht") == true)
            harness.clock.advance(by: 30 * 86400)
            let report = try await administration.runRetentionJobs()
            #expect(report.deletedOrganisations == 1 && report.organisationDeletionNotices == 0)
            #expect(try await SQLOrganisationStore(store: harness.store).find(id: id) == nil)
        }
    }

    @Test func usingTheOrganisationStopsTheDeletion() async throws {
        try await Harness.run { harness in
            let admin = try await Self.signIn(harness, "admin@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: admin).description
            harness.clock.advance(by: 3 * 365 * 86400 - 29 * 86400)
            #expect(try await harness.services.administration.runRetentionJobs().organisationDeletionNotices == 1)
            let session = try await harness.logIn("admin@example.de").session
            _ = try await harness.services.organisations.overview(organisationID: id, session: session)
            harness.clock.advance(by: 31 * 86400)
            #expect(try await harness.services.administration.runRetentionJobs().deletedOrganisations == 0)
        }
    }

    /// Design §4: a recovery wipes the account's organisation rights, except where it is the
    /// only admin; there it can still delete the organisation.
    @Test func aRecoveryEndsTheMembershipsButKeepsASoleAdmin() async throws {
        try await Harness.run { harness in
            let (id, admin, _, _) = try await Self.organisationWithMember(harness)
            func recover(_ email: String) async throws -> AuthenticatedSession {
                try await harness.services.passwordReset.requestReset(email: email, language: .german)
                let token = try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
                try await harness.services.recovery.recoverWithoutSecrets(token: token, form: RecoveryForm(
                    givenNames: "Erika", familyName: "Mustermann", password: "Herbst2025?", passwordRepeated: "Herbst2025?",
                    secretAnswer: "Neue Antwort"
                ))
                return try await harness.logIn(email, password: "Herbst2025?").session
            }
            let member = try await recover("member@example.de")
            #expect(try await harness.services.organisations.list(session: member).isEmpty)
            let notice = try #require(harness.outbox.sent(to: "admin@example.de").last)
            #expect(notice.subject.contains("Zugriff durch Kontowiederherstellung beendet") && !notice.body.contains("ausgetreten"))
            let entries = try await SQLOrganisationStore(store: harness.store).auditEntries(organisationID: id, upTo: harness.clock.now)
            #expect(entries.last?.event == "recovered")
            #expect(try await harness.services.organisations.overview(organisationID: id, session: admin).members.count == 1)

            let recoveredAdmin = try await recover("admin@example.de")
            await Self.expect(.keyUnavailable) {
                _ = try await harness.services.organisations.overview(organisationID: id, session: recoveredAdmin)
            }
            try await harness.services.organisations.delete(organisationID: id, password: "Herbst2025?", session: recoveredAdmin,
                                                            clientAddress: Harness.client)
            #expect(try await harness.services.organisations.list(session: recoveredAdmin).isEmpty)
        }
    }

    @Test func adminsEditTheDataUnderTheSameRules() async throws {
        try await Harness.run { harness in
            let (id, admin, member, _) = try await Self.organisationWithMember(harness)
            let organisations = harness.services.organisations
            var form = Self.form()
            form.name = "Muster Bau GmbH"
            form.postOfficeBox = "98765"
            await Self.expect(.notAdmin) { try await organisations.updateProfile(organisationID: id, form: form, session: member) }
            await Self.expect(.notAdmin) { _ = try await organisations.editableProfile(organisationID: id, session: member) }
            var broken = form
            broken.houseNumber = "1 a"
            guard case .invalidForm(let errors) = await Self.code({
                try await organisations.updateProfile(organisationID: id, form: broken, session: admin)
            }) else { Issue.record("no form error"); return }
            #expect(errors[.houseNumber] == [.text(.invalidFormat)])

            try await organisations.updateProfile(organisationID: id, form: form, session: admin)
            #expect(try await organisations.overview(organisationID: id, session: member).profile.postOfficeBox?.value == "98765")
            #expect(try await organisations.list(session: member).map(\.name) == ["Muster Bau GmbH"])
        }
    }

    @Test func anAdminMayDeclineAnAcceptedInvitation() async throws {
        try await Harness.run { harness in
            let admin = try await Self.signIn(harness, "admin@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: admin).description
            let stranger = try await Self.signIn(harness, "fremd@example.de")
            try await harness.services.memberships.invite(organisationID: id, email: "kollege@example.de", session: admin, language: .german)
            // A forwarded link: another account accepts; the admin sees which one and declines.
            let token = try harness.outbox.token(to: "kollege@example.de", path: AccountLinkPath.organisationInvitation)
            try await harness.services.memberships.accept(token: token, declaresAdult: false, session: stranger)
            let strangerID = stranger.accountID.description
            let waiting = try await harness.services.organisations.overview(organisationID: id, session: admin).awaitingConfirmation
            #expect(waiting.map(\.login) == ["fremd@example.de"] && waiting.map(\.invitedAddress) == ["kollege@example.de"])
            try await harness.services.memberships.decline(organisationID: id, accountID: strangerID, session: admin)
            await Self.expect(.noAcceptedInvitation) {
                try await harness.services.memberships.confirm(organisationID: id, accountID: strangerID, session: admin)
            }
            await Self.expect(.noAcceptedInvitation) {
                try await harness.services.memberships.decline(organisationID: id, accountID: strangerID, session: admin)
            }
            await Self.expect(.notFound) { try await harness.services.organisations.requireAdmin(organisationID: id, session: stranger) }
            try await harness.services.organisations.requireAdmin(organisationID: id, session: admin)
        }
    }

    @Test func openInvitationsAreLimited() async throws {
        try await Harness.run { harness in
            let admin = try await Self.signIn(harness, "admin@example.de")
            let id = try await harness.services.organisations.create(Self.form(), declaresAdult: true, session: admin).description
            let memberships = harness.services.memberships
            for index in 1...MembershipService.maximumOpenInvitations {
                try await memberships.invite(organisationID: id, email: "person\(index)@example.de", session: admin, language: .german)
            }
            await Self.expect(.tooManyOpenInvitations) {
                try await memberships.invite(organisationID: id, email: "noch-eine@example.de", session: admin, language: .german)
            }
            harness.clock.advance(by: 24 * 3600)
            try await memberships.invite(organisationID: id, email: "noch-eine@example.de", session: admin, language: .german)
        }
    }

    @Test func theOperatorsDeletionRemovesOrganisationsLeftWithoutMembers() async throws {
        try await Harness.run { harness in
            let (shared, _, member, _) = try await Self.organisationWithMember(harness)
            let alone = try await harness.services.organisations.create(Self.form(), declaresAdult: true,
                                                                        session: try await harness.logIn("admin@example.de").session)
            #expect(try await harness.services.administration.delete("admin@example.de"))
            let store = SQLOrganisationStore(store: harness.store)
            #expect(try await store.find(id: alone.description) == nil)
            #expect(try await store.find(id: shared) != nil)
            #expect(try await harness.services.organisations.overview(organisationID: shared, session: member).role == .member)
        }
    }
}
