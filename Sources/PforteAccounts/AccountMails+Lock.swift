import Foundation
import PforteMail

extension AccountMails {
    /// Sent at the failure that brings the account to its ceiling of failed attempts: says
    /// what happened and how to lift it. Both languages in one mail, because the failures may
    /// come from anyone's browser and say nothing about the owner's language.
    func accountLocked(to recipient: String, token: String, validFor validity: TimeInterval) throws -> MailMessage {
        let link = link(AccountLinkPath.unlock, token: token)
        return try message(to: recipient, subject: "Ihr Servicekonto wurde gesperrt / Your Servicekonto was locked", body: """
            Guten Tag,

            für Ihr Servicekonto wurden zu oft hintereinander ein falsches Passwort oder eine \
            falsche Antwort auf die Sicherheitsfrage eingegeben. Zu Ihrem Schutz prüfen wir \
            beides nicht mehr, bis Sie das Konto entsperren. Öffnen Sie dazu diesen Link \
            (\(Self.duration(validity, .german)) gültig):

            \(link)

            Sie können das Konto auch entsperren, indem Sie sich mit dem Online-Ausweis anmelden \
            oder Ihr Passwort über "Passwort vergessen" zurücksetzen.

            Wenn Sie die Fehlversuche nicht selbst gemacht haben, hat jemand Ihr Passwort zu \
            erraten versucht. Ändern Sie es nach dem Entsperren, wenn es auch anderswo benutzt wird.

            ----

            Hello,

            a wrong password or a wrong answer to the secret question was entered for your \
            Servicekonto too many times in a row. To protect you, neither is checked any more \
            until you unlock the account with this link (valid for \(Self.duration(validity, .english))):

            \(link)

            You can also unlock it by logging in with your online ID card or by resetting your \
            password ("Forgot password").

            If the failed attempts were not yours, someone tried to guess your password. Change it \
            after unlocking if you use it elsewhere too.
            """)
    }
}
