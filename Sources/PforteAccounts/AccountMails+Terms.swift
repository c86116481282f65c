import Foundation
import PforteCore
import PforteMail

extension AccountMails {
    /// Tells an account of a coming terms version (seed 000 §5: changes are announced in
    /// advance). Both languages in one mail: it goes to every account, and the store keeps no
    /// language per account.
    func termsAnnouncement(to recipient: String, version: TermsVersion) throws -> MailMessage {
        let link = link(AccountLinkPath.terms(version), token: nil)
        let day = version.effectiveDay
        let (german, english) = switch version.kind {
        case .citizen: ("die Nutzungsbedingungen und die Datenschutzerklärung", "the terms of use and the privacy statement")
        case .organisation: ("die Einwilligungserklärung für Organisationskonten", "the consent declaration for organisation accounts")
        }
        return try message(to: recipient, subject: "Neue Fassung der Nutzungsbedingungen / New version of the terms", body: """
            Guten Tag,

            ab dem \(day) gilt eine neue Fassung für \(german) Ihres Servicekontos. Sie können sie \
            hier lesen:

            \(link)

            Bei Ihrer ersten Anmeldung ab diesem Tag bitten wir Sie, die neue Fassung zu \
            akzeptieren. Wenn Sie sie nicht akzeptieren möchten, können Sie Ihr Servicekonto \
            löschen; ohne Zustimmung ist das Fortführen des Servicekontos nicht möglich.

            ----

            Hello,

            from \(day), a new version of \(english) of your Servicekonto applies. You can read it \
            here:

            \(link)

            At your first login from that day we will ask you to accept the new version. If you \
            do not want to accept it, you can delete your Servicekonto; without your acceptance \
            the Servicekonto cannot be continued.
            """)
    }
}
