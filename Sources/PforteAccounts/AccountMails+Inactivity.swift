import Foundation
import PforteMail

/// The announcement of the deletion of an unused account and its reminder (seed 000 §2.5:
/// "nach einer vorangehenden Ankündigung an Ihre hinterlegten E-Mail-Adressen … die Möglichkeit
/// gegeben, den Löschvorgang zu stoppen"). No request of the owner causes them, so Pforte does
/// not know the owner's language: German first, then English, as the organisation notices.
/// The way to stop the deletion is a login; the mail names the login page, no token.
extension AccountMails {
    func inactivityNotice(to recipient: String, unusedMonths months: Int, deletionDate: Date, reminder: Bool) throws -> MailMessage {
        let date = Self.day(deletionDate)
        let login = link("/login", token: nil)
        let subject = reminder
            ? "Erinnerung: Ihr Servicekonto wird am \(date) gelöscht / Reminder: your Servicekonto will be deleted"
            : "Ihr Servicekonto wird am \(date) gelöscht / Your Servicekonto will be deleted"
        return try message(to: recipient, subject: subject, body: """
            Guten Tag,

            Sie haben Ihr Servicekonto (\(recipient)) seit \(months) Monaten nicht genutzt. Es wird deshalb \
            am \(date) mit allen gespeicherten Daten gelöscht\(reminder ? "; dies ist die Erinnerung an unsere erste Nachricht" : "").

            Wenn Sie das Konto behalten möchten, melden Sie sich bis dahin einmal an: \(login)
            Jede Anmeldung stoppt die Löschung. Sind Sie einziger Administrator eines \
            Organisationskontos, wird Ihr Servicekonto erst gelöscht, wenn auch das \
            Organisationskonto wegen Nichtnutzung gelöscht wird.

            -----

            Hello,

            you have not used your Servicekonto (\(recipient)) for \(months) months. It will therefore be \
            deleted with all its data on \(date)\(reminder ? "; this reminds you of our first message" : "").

            To keep the account, log in once before then: \(login)
            Any login stops the deletion. If you are the only admin of an organisation account, \
            your Servicekonto is deleted only once the organisation account is deleted for lack of use.
            """)
    }

    /// `17.05.2029`: the date as the pages show it, in UTC (the job's clock).
    private static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(twoDigits(parts.day ?? 1)).\(twoDigits(parts.month ?? 1)).\(parts.year ?? 1970)"
    }
}
