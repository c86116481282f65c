import Foundation
import PforteMail

/// Notices of the owner's own changes to the account's secrets while logged in (issue #19,
/// item 3). Like the other notices (``AccountMails/passwordChanged(to:language:)``) they
/// contain no link and point to the security view, for the case that it was not the owner.
extension AccountMails {
    /// The password was changed in the account with the current password.
    func passwordChangedByOwner(to recipient: String, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            return try message(to: recipient, subject: "Ihr Passwort wurde geändert", body: """
                Guten Tag,

                das Passwort Ihres Servicekontos wurde soeben im Konto geändert. Die Anmeldungen \
                in anderen Browsern wurden dabei beendet.

                Wenn Sie das waren, müssen Sie nichts tun.

                Wenn Sie das nicht waren, kennt jemand Ihr bisheriges Passwort. Setzen Sie bitte \
                über „Passwort vergessen“ ein neues Passwort und prüfen Sie im Konto unter \
                „Sicherheit“ die letzten Anmeldungen.
                """)
        case .english:
            return try message(to: recipient, subject: "Your password was changed", body: """
                Hello,

                the password of your Servicekonto was just changed in the account. The logins in \
                other browsers were ended.

                If that was you, you need not do anything.

                If it was not you, someone knows your previous password. Please set a new \
                password with "Forgot password" and check the latest logins under "Security" in \
                your account.
                """)
        }
    }

    /// The secret question and its answer were changed in the account.
    func secretQuestionChanged(to recipient: String, language: MailLanguage) throws -> MailMessage {
        switch language {
        case .german:
            return try message(to: recipient, subject: "Ihre Sicherheitsfrage wurde geändert", body: """
                Guten Tag,

                die Sicherheitsfrage und die Antwort Ihres Servicekontos wurden soeben im Konto \
                geändert. Bei „Passwort vergessen“ gilt ab jetzt die neue Frage.

                Wenn Sie das waren, müssen Sie nichts tun.

                Wenn Sie das nicht waren, kennt jemand Ihr Passwort. Setzen Sie bitte über \
                „Passwort vergessen“ ein neues Passwort und prüfen Sie im Konto unter \
                „Sicherheit“ die letzten Anmeldungen.
                """)
        case .english:
            return try message(to: recipient, subject: "Your secret question was changed", body: """
                Hello,

                the secret question and answer of your Servicekonto were just changed in the \
                account. "Forgot password" now asks the new question.

                If that was you, you need not do anything.

                If it was not you, someone knows your password. Please set a new password with \
                "Forgot password" and check the latest logins under "Security" in your account.
                """)
        }
    }
}
