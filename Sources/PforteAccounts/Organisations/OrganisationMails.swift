import Foundation
import PforteStore
import PforteMail

/// The mails of organisation accounts. A mail that someone's step causes (an invitation, its
/// acceptance, a confirmation, a revocation, leaving, a recovery, a deletion) goes in the
/// language of that step's page, like every other mail (issue #19: not bilingual); the yearly
/// report and the inactivity notice, which no request causes, are in German followed by English.
struct OrganisationMails {
    let base: AccountMails

    init(_ base: AccountMails) {
        self.base = base
    }

    func invitation(to recipient: String, organisation: String, token: String, validFor validity: TimeInterval,
                    language: MailLanguage) throws -> MailMessage {
        let link = base.link(AccountLinkPath.organisationInvitation, token: token)
        let duration = AccountMails.duration(validity, language)
        switch language {
        case .german:
            return try base.message(to: recipient, subject: "Einladung in das Organisationskonto \(organisation)", body: """
                Guten Tag,

                Sie wurden eingeladen, im Servicekonto für die Organisation „\(organisation)“ tätig zu \
                werden. Melden Sie sich mit Ihrem Servicekonto an und öffnen Sie diesen Link, um die \
                Einladung anzunehmen:

                \(link)

                Der Link ist \(duration) gültig. Nach Ihrer Annahme muss ein Administrator der \
                Organisation den Zugriff noch bestätigen.

                Wenn Sie keine Einladung erwartet haben, müssen Sie nichts tun.
                """)
        case .english:
            return try base.message(to: recipient, subject: "Invitation to the organisation account \(organisation)", body: """
                Hello,

                you were invited to act for the organisation "\(organisation)" in the Servicekonto. \
                Log in with your Servicekonto and open this link to accept the invitation:

                \(link)

                The link is valid for \(duration). After you accept, an admin of the organisation \
                still has to confirm your access.

                If you did not expect an invitation, you need not do anything.
                """)
        }
    }

    func invitationAccepted(to admin: String, organisation: String, member: String, organisationID: String, language: MailLanguage) throws -> MailMessage {
        let page = base.link(AccountLinkPath.organisations + "/" + organisationID, token: nil)
        return try inLanguage(language, to: admin,
                          subject: ("Einladung angenommen: \(organisation)", "Invitation accepted: \(organisation)"), german: """
            \(member) hat die Einladung in das Organisationskonto „\(organisation)“ angenommen. Bitte \
            prüfen Sie, ob diese Person berechtigt ist, und bestätigen Sie den Zugriff hier:
            \(page)
            """, english: """
            \(member) accepted the invitation to the organisation account "\(organisation)". Please check \
            that this person is entitled and confirm the access here:
            \(page)
            """)
    }

    func accessGranted(to member: String, organisation: String, organisationID: String, language: MailLanguage) throws -> MailMessage {
        let page = base.link(AccountLinkPath.organisations + "/" + organisationID, token: nil)
        return try inLanguage(language, to: member,
                          subject: ("Zugriff freigegeben: \(organisation)", "Access granted: \(organisation)"), german: """
            Ein Administrator hat Ihren Zugriff auf das Organisationskonto „\(organisation)“ bestätigt. \
            Sie können nun im Namen der Organisation handeln: \(page)
            """, english: """
            An admin confirmed your access to the organisation account "\(organisation)". You can now act \
            for the organisation: \(page)
            """)
    }

    func accessRevoked(to member: String, organisation: String, language: MailLanguage) throws -> MailMessage {
        try inLanguage(language, to: member,
                          subject: ("Zugriff entzogen: \(organisation)", "Access revoked: \(organisation)"), german: """
            Ein Administrator hat Ihnen den Zugriff auf das Organisationskonto „\(organisation)“ entzogen.
            """, english: """
            An admin revoked your access to the organisation account "\(organisation)".
            """)
    }

    func memberLeft(to admin: String, organisation: String, member: String, language: MailLanguage) throws -> MailMessage {
        try inLanguage(language, to: admin,
                          subject: ("Mitglied ausgetreten: \(organisation)", "Member left: \(organisation)"), german: """
            \(member) hat den Zugriff auf das Organisationskonto „\(organisation)“ selbst beendet.
            """, english: """
            \(member) ended their own access to the organisation account "\(organisation)".
            """)
    }

    /// The member recovered their Servicekonto without its secrets (design §4): their key is
    /// gone, so their access ended; they did not leave of their own will.
    func memberRecovered(to admin: String, organisation: String, member: String, language: MailLanguage) throws -> MailMessage {
        try inLanguage(language, to: admin,
                          subject: ("Zugriff durch Kontowiederherstellung beendet: \(organisation)", "Access ended by account recovery: \(organisation)"), german: """
            \(member) hat das eigene Servicekonto ohne Passwort und Sicherheitsantwort \
            wiederhergestellt. Dabei ist der Zugriff auf das Organisationskonto „\(organisation)“ \
            erloschen. Wenn \(member) weiter Zugriff braucht, laden Sie die Person bitte erneut ein.
            """, english: """
            \(member) recovered their Servicekonto without password and secret answer. Their access \
            to the organisation account "\(organisation)" ended with it. If \(member) still needs \
            access, please invite them again.
            """)
    }

    func organisationDeleted(to admin: String, organisation: String, by member: String, language: MailLanguage) throws -> MailMessage {
        try inLanguage(language, to: admin,
                          subject: ("Organisationskonto gelöscht: \(organisation)", "Organisation account deleted: \(organisation)"), german: """
            \(member) hat das Organisationskonto „\(organisation)“ mit allen Daten gelöscht.
            """, english: """
            \(member) deleted the organisation account "\(organisation)" with all its data.
            """)
    }

    /// The yearly membership report (seed 001 3 b aa). After it is sent, the entries are deleted.
    func auditReport(to admin: String, organisation: String, entries: [AuditEntryRecord]) throws -> MailMessage {
        func lines(_ german: Bool) -> String {
            guard !entries.isEmpty else { return german ? "Keine Änderungen." : "No changes." }
            return entries.map { entry in
                let date = ISO8601DateFormatter.string(from: entry.at, timeZone: TimeZone(secondsFromGMT: 0)!, formatOptions: [.withInternetDateTime])
                let actor = entry.actorLogin.map { german ? " (durch \($0))" : " (by \($0))" } ?? ""
                return "- \(date) \(Self.event(entry.event, german: german)): \(entry.accountLogin)\(actor)"
            }.joined(separator: "\n")
        }
        return try bilingual(to: admin, subject: "Jahresbericht Zugriffsrechte / Yearly access report: \(organisation)", german: """
            Änderungen der Zugriffsrechte auf das Organisationskonto „\(organisation)“ seit dem letzten \
            Bericht (Zeiten in UTC). Die Aufzeichnungen werden nach diesem Bericht gelöscht.

            \(lines(true))
            """, english: """
            Changes of access to the organisation account "\(organisation)" since the last report \
            (times in UTC). The records are deleted after this report.

            \(lines(false))
            """)
    }

    func deletionNotice(to admin: String, organisation: String, deletionDate: Date) throws -> MailMessage {
        let date = ISO8601DateFormatter.string(from: deletionDate, timeZone: TimeZone(secondsFromGMT: 0)!, formatOptions: [.withFullDate])
        let page = base.link(AccountLinkPath.organisations, token: nil)
        return try bilingual(to: admin, subject: "Organisationskonto wird gelöscht / Organisation account will be deleted: \(organisation)", german: """
            Das Organisationskonto „\(organisation)“ wurde seit drei Jahren nicht genutzt und wird am \
            \(date) gelöscht. Wenn Sie es behalten möchten, melden Sie sich an und öffnen Sie es \
            einmal: \(page)
            """, english: """
            The organisation account "\(organisation)" has not been used for three years and will be \
            deleted on \(date). To keep it, log in and open it once: \(page)
            """)
    }

    private static func event(_ event: String, german: Bool) -> String {
        switch (event, german) {
        case ("granted", true): "Zugriff erteilt"
        case ("granted", false): "access granted"
        case ("revoked", true): "Zugriff entzogen"
        case ("revoked", false): "access revoked"
        case ("promoted", true): "zum Administrator ernannt"
        case ("promoted", false): "made admin"
        case ("left", true): "selbst ausgetreten"
        case ("left", false): "left"
        case ("recovered", true): "Zugriff durch Kontowiederherstellung erloschen"
        case ("recovered", false): "access ended by an account recovery"
        default: event
        }
    }

    /// A notice caused by someone's step (an admin's, a member's), in the language of that
    /// step's page, as every mail a request causes (``MailLanguage``): the recipient's own
    /// language is not known, and the people of one organisation mostly share one.
    private func inLanguage(_ language: MailLanguage, to recipient: String, subject: (german: String, english: String),
                            german: String, english: String) throws -> MailMessage {
        switch language {
        case .german: try base.message(to: recipient, subject: subject.german, body: "Guten Tag,\n\n" + german)
        case .english: try base.message(to: recipient, subject: subject.english, body: "Hello,\n\n" + english)
        }
    }

    private func bilingual(to recipient: String, subject: String, german: String, english: String) throws -> MailMessage {
        try base.message(to: recipient, subject: subject, body: """
            Guten Tag,

            \(german)

            -----

            Hello,

            \(english)
            """)
    }
}
