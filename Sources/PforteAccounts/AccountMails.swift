import Foundation
import PforteMail

/// The mails of the account flows, in German and English: plain text, friendly, and never
/// asking for a password. Links point to ``AccountLinkPath`` below the public base URL.
///
/// Every mail names the service and says what to do if the recipient did not ask for it, since
/// anyone can type anyone's address into a form.
struct AccountMails: Sendable {
    let sender: MailAddress
    let baseURL: URL

    func activation(to recipient: String, token: String, validFor validity: TimeInterval,
                    language: MailLanguage) throws -> MailMessage {
        let link = link(AccountLinkPath.activation, token: token)
        let duration = Self.duration(validity, language)
        switch language {
        case .german:
            return try message(to: recipient, subject: "Bitte bestätigen Sie Ihre Registrierung", body: """
                Guten Tag,

                vielen Dank für Ihre Registrierung beim Servicekonto. Bitte bestätigen Sie Ihre \
                E-Mail-Adresse, indem Sie diesen Link öffnen:

                \(link)

                Der Link ist \(duration) gültig. Danach wird die Registrierung gelöscht, und Sie \
                können sich erneut registrieren.

                Wenn Sie sich nicht registriert haben, hat jemand Ihre Adresse eingegeben. Sie \
                müssen nichts tun: Ohne Bestätigung wird nichts angelegt.
                """)
        case .english:
            return try message(to: recipient, subject: "Please confirm your registration", body: """
                Hello,

                thank you for registering for a Servicekonto. Please confirm your e-mail address \
                by opening this link:

                \(link)

                The link is valid for \(duration). After that the registration is deleted and you \
                can register again.

                If you did not register, someone else entered your address. You need not do \
                anything: without confirmation, no account is created.
                """)
        }
    }

    /// Sent instead of an activation link when the address already has an account, or when
    /// someone asks to change another account's address to it: the form said "mail sent"
    /// either way, so only the mailbox's owner learns that the address is registered.
    func alreadyRegistered(to recipient: String, language: MailLanguage) throws -> MailMessage {
        let reset = link(AccountLinkPath.forgotPassword, token: nil)
        switch language {
        case .german:
            return try message(to: recipient, subject: "Zu Ihrer Adresse gibt es bereits ein Servicekonto", body: """
                Guten Tag,

                soeben wurde versucht, Ihre E-Mail-Adresse für ein Servicekonto zu verwenden. Zu \
                dieser Adresse gibt es aber bereits ein Servicekonto; es bleibt unverändert.

                Wenn Sie das waren: Sie können sich mit Ihrem bisherigen Passwort anmelden. Falls \
                Sie es vergessen haben, setzen Sie es hier zurück:

                \(reset)

                Haben Sie sich erst vor Kurzem registriert, aber noch nicht bestätigt, verwenden \
                Sie bitte den Link aus der ersten E-Mail. Nicht bestätigte Registrierungen werden \
                nach 24 Stunden gelöscht.

                Wenn Sie das nicht waren, müssen Sie nichts tun.
                """)
        case .english:
            return try message(to: recipient, subject: "Your address already has a Servicekonto", body: """
                Hello,

                someone just tried to use your e-mail address for a Servicekonto. This address \
                already has a Servicekonto, which remains unchanged.

                If that was you: you can log in with your existing password. If you have forgotten \
                it, reset it here:

                \(reset)

                If you registered recently but have not confirmed yet, please use the link in the \
                first e-mail. Unconfirmed registrations are deleted after 24 hours.

                If it was not you, you need not do anything.
                """)
        }
    }

    func passwordReset(to recipient: String, token: String, validFor validity: TimeInterval,
                       language: MailLanguage) throws -> MailMessage {
        let link = link(AccountLinkPath.passwordReset, token: token)
        let duration = Self.duration(validity, language)
        switch language {
        case .german:
            return try message(to: recipient, subject: "Passwort zurücksetzen", body: """
                Guten Tag,

                Sie möchten das Passwort Ihres Servicekontos zurücksetzen. Öffnen Sie dazu diesen \
                Link und beantworten Sie Ihre Sicherheitsfrage:

                \(link)

                Der Link ist \(duration) gültig.

                Wenn Sie das nicht angefordert haben, müssen Sie nichts tun: Ihr Passwort bleibt, \
                wie es ist.
                """)
        case .english:
            return try message(to: recipient, subject: "Reset your password", body: """
                Hello,

                you asked to reset the password of your Servicekonto. Open this link and answer \
                your secret question:

                \(link)

                The link is valid for \(duration).

                If you did not ask for this, you need not do anything: your password stays as it is.
                """)
        }
    }

    func emailChangeConfirmation(to newAddress: String, token: String, validFor validity: TimeInterval,
                                 language: MailLanguage) throws -> MailMessage {
        let link = link(AccountLinkPath.emailChange, token: token)
        let duration = Self.duration(validity, language)
        switch language {
        case .german:
            return try message(to: newAddress, subject: "Bitte bestätigen Sie Ihre neue E-Mail-Adresse", body: """
                Guten Tag,

                für ein Servicekonto wurde diese E-Mail-Adresse als neue Adresse angegeben. Bitte \
                öffnen Sie diesen Link und melden Sie sich dort mit Ihrer bisherigen E-Mail-Adresse \
                und Ihrem Passwort an; damit ist die neue Adresse bestätigt:

                \(link)

                Der Link ist \(duration) gültig. Erst nach der Bestätigung melden Sie sich mit \
                dieser Adresse an; bis dahin gilt die bisherige.

                Wenn Sie das nicht waren, müssen Sie nichts tun.
                """)
        case .english:
            return try message(to: newAddress, subject: "Please confirm your new e-mail address", body: """
                Hello,

                this e-mail address was given as the new address of a Servicekonto. Please open \
                this link and log in there with your previous e-mail address and your password; \
                that confirms the new address:

                \(link)

                The link is valid for \(duration). Only after confirmation do you log in with this \
                address; until then the previous one remains your login name.

                If it was not you, you need not do anything.
                """)
        }
    }

    func emailChangeNotice(to oldAddress: String, newAddress: String, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            return try message(to: oldAddress, subject: "Änderung Ihrer E-Mail-Adresse angefordert", body: """
                Guten Tag,

                in Ihrem Servicekonto wurde angefordert, die E-Mail-Adresse in \(newAddress) zu \
                ändern. Die Änderung wird erst wirksam, wenn sie über den Link bestätigt wird, den \
                wir an die neue Adresse geschickt haben. Bis dahin melden Sie sich weiter mit \
                dieser Adresse an.

                Wenn Sie das nicht waren, ändern Sie bitte umgehend Ihr Passwort.
                """)
        case .english:
            return try message(to: oldAddress, subject: "Change of your e-mail address requested", body: """
                Hello,

                a change of your Servicekonto's e-mail address to \(newAddress) was requested. \
                The change takes effect only when it is confirmed with the link we sent to the new \
                address. Until then you keep logging in with this address.

                If it was not you, please change your password at once.
                """)
        }
    }

    func message(to recipient: String, subject: String, body: String) throws -> MailMessage {
        try MailMessage(from: sender, to: [MailAddress(recipient)], subject: subject, body: body + "\n\n-- \nServicekonto\n")
    }

    func link(_ path: String, token: String?) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path + (token.map { "?token=" + $0 } ?? "")
    }

    /// "24 Stunden" / "24 hours", "1 Stunde" / "1 hour", or minutes below whole hours.
    static func duration(_ seconds: TimeInterval, _ language: MailLanguage) -> String {
        let minutes = Int((seconds / 60).rounded(.down))
        let inHours = minutes >= 60 && minutes.isMultiple(of: 60)
        let count = inHours ? minutes / 60 : minutes
        switch (language, inHours, count == 1) {
        case (.german, true, true): return "1 Stunde"
        case (.german, true, false): return "\(count) Stunden"
        case (.german, false, true): return "1 Minute"
        case (.german, false, false): return "\(count) Minuten"
        case (.english, true, _): return count == 1 ? "1 hour" : "\(count) hours"
        case (.english, false, _): return count == 1 ? "1 minute" : "\(count) minutes"
        }
    }
}
