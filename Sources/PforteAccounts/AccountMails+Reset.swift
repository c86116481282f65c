import PforteMail

extension AccountMails {
    /// The answer to "forgot password" for an address without an active account. Sending it
    /// makes the request for an unknown address do the same work as for a known one (one
    /// message queued in one transaction), so neither the time nor anything else tells them
    /// apart; and it helps someone who tried another of their addresses.
    func passwordResetWithoutAccount(to recipient: String, language: MailLanguage) throws -> MailMessage {
        let register = link(AccountLinkPath.registration, token: nil)
        switch language {
        case .german:
            return try message(to: recipient, subject: "Passwort zurücksetzen: kein Servicekonto zu dieser Adresse", body: """
                Guten Tag,

                soeben wurde für Ihre E-Mail-Adresse das Zurücksetzen des Passworts eines \
                Servicekontos angefordert. Zu dieser Adresse gibt es aber kein aktives \
                Servicekonto.

                Wenn Sie das waren: Vielleicht haben Sie sich mit einer anderen E-Mail-Adresse \
                registriert, oder Ihre Registrierung wurde nicht rechtzeitig bestätigt. Ein neues \
                Servicekonto können Sie hier anlegen:

                \(register)

                Wenn Sie das nicht waren, müssen Sie nichts tun.
                """)
        case .english:
            return try message(to: recipient, subject: "Password reset: no Servicekonto for this address", body: """
                Hello,

                someone just asked to reset the password of a Servicekonto for your e-mail \
                address. There is no active Servicekonto for this address.

                If that was you: perhaps you registered with another e-mail address, or your \
                registration was not confirmed in time. You can create a new Servicekonto here:

                \(register)

                If it was not you, you need not do anything.
                """)
        }
    }
}
