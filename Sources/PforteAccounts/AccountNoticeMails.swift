import Foundation
import PforteMail

/// Notices of changes to what protects the account (issue #18): sent after the change, to the
/// address that can no longer be used to undo it unnoticed. They contain no link, so that a
/// phishing copy stands out, and point to the security view.
extension AccountMails {
    /// The password was set anew with the secret answer; every session ended.
    func passwordChanged(to recipient: String, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            return try message(to: recipient, subject: "Ihr Passwort wurde geändert", body: """
                Guten Tag,

                das Passwort Ihres Servicekontos wurde soeben mit Ihrer Sicherheitsfrage neu \
                gesetzt. Alle Anmeldungen wurden dabei beendet.

                Wenn Sie das waren, müssen Sie nichts tun.

                Wenn Sie das nicht waren, kennt jemand die Antwort auf Ihre Sicherheitsfrage und \
                hat Zugriff auf Ihr E-Mail-Postfach. Ändern Sie bitte umgehend das Passwort Ihres \
                E-Mail-Postfachs, setzen Sie über „Passwort vergessen“ ein neues Passwort für das \
                Servicekonto und prüfen Sie im Konto unter „Sicherheit“ die letzten Anmeldungen.
                """)
        case .english:
            return try message(to: recipient, subject: "Your password was changed", body: """
                Hello,

                the password of your Servicekonto was just set anew with your secret question. All \
                logins were ended.

                If that was you, you need not do anything.

                If it was not you, someone knows the answer to your secret question and can read \
                your e-mail. Please change your mailbox's password at once, set a new password for \
                the Servicekonto with "Forgot password", and check the latest logins under \
                "Security" in your account.
                """)
        }
    }

    /// The account was recovered without its secrets: a new password, a new secret answer when
    /// it has a question, its personal data replaced.
    func accountRecovered(to recipient: String, newSecretAnswer: Bool, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            let secrets = newSecretAnswer ? "Passwort und Sicherheitsantwort wurden" : "Das Passwort wurde"
            return try message(to: recipient, subject: "Ihr Servicekonto wurde wiederhergestellt", body: """
                Guten Tag,

                Ihr Servicekonto wurde soeben ohne Ihre bisherigen Geheimnisse wiederhergestellt: \
                \(secrets) neu gesetzt, die bisherigen persönlichen Daten gelöscht, alle \
                Anmeldungen beendet.

                Wenn Sie das waren, müssen Sie nichts tun.

                Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr E-Mail-Postfach. Ändern Sie \
                bitte umgehend das Passwort Ihres E-Mail-Postfachs und setzen Sie danach über \
                „Passwort vergessen“ ein neues Passwort für das Servicekonto.
                """)
        case .english:
            let secrets = newSecretAnswer ? "the password and the secret answer were" : "the password was"
            return try message(to: recipient, subject: "Your Servicekonto was recovered", body: """
                Hello,

                your Servicekonto was just recovered without its previous secrets: \(secrets) set \
                anew, the previous personal data deleted, and all logins ended.

                If that was you, you need not do anything.

                If it was not you, someone can read your e-mail. Please change your mailbox's \
                password at once, then set a new password for the Servicekonto with "Forgot \
                password".
                """)
        }
    }

    /// The login address changed: to the old address, which no longer logs in.
    func emailChangedFrom(to oldAddress: String, newAddress: String, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            return try message(to: oldAddress, subject: "Ihre E-Mail-Adresse wurde geändert", body: """
                Guten Tag,

                die E-Mail-Adresse Ihres Servicekontos wurde soeben in \(newAddress) geändert. Ab \
                jetzt melden Sie sich mit dieser neuen Adresse an; diese Adresse erhält keine \
                Nachrichten des Servicekontos mehr.

                Wenn Sie das nicht waren, wenden Sie sich bitte umgehend an die Stelle, die Ihr \
                Servicekonto betreibt.
                """)
        case .english:
            return try message(to: oldAddress, subject: "Your e-mail address was changed", body: """
                Hello,

                the e-mail address of your Servicekonto was just changed to \(newAddress). From now \
                on you log in with the new address; this address no longer receives messages from \
                the Servicekonto.

                If it was not you, please contact the office that runs your Servicekonto at once.
                """)
        }
    }

    /// The login address changed: to the new address, now the login name.
    func emailChangedTo(to newAddress: String, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            return try message(to: newAddress, subject: "Ihre neue E-Mail-Adresse ist bestätigt", body: """
                Guten Tag,

                diese E-Mail-Adresse ist ab jetzt die Adresse Ihres Servicekontos; Sie melden sich \
                mit ihr und Ihrem bisherigen Passwort an.

                Wenn Sie das nicht waren, wenden Sie sich bitte an die Stelle, die das \
                Servicekonto betreibt.
                """)
        case .english:
            return try message(to: newAddress, subject: "Your new e-mail address is confirmed", body: """
                Hello,

                this e-mail address is now the address of your Servicekonto; you log in with it and \
                your existing password.

                If it was not you, please contact the office that runs the Servicekonto.
                """)
        }
    }
}
