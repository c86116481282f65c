import Foundation
import Testing

@testable import PforteMail

@Suite struct MessageRendererTests {
    private let renderer = try! MessageRenderer(messageIDDomain: "konto.example")
    private let date = Date(timeIntervalSince1970: 1_748_959_509)

    private func render(_ message: MailMessage) -> String {
        String(decoding: renderer.render(message, date: date, uniquePart: "0123456789abcdef").bytes, as: UTF8.self)
    }

    @Test func germanActivationMessageExactBytes() throws {
        let message = try MailMessage(
            from: MailAddress("noreply@konto.example", displayName: "Bürgerkonto Münster"),
            to: [MailAddress("erika.mustermann@example.de", displayName: "Erika Mustermann")],
            subject: "Bitte bestätigen Sie Ihre E-Mail-Adresse",
            body: """
                Guten Tag Frau Mustermann,

                bitte bestätigen Sie Ihre neue E-Mail-Adresse über diesen Link (gültig für 24 Stunden):
                https://konto.example/aktivierung?code=Zq9-x_Y=

                .
                Mit freundlichen Grüßen
                Ihr Bürgerkonto
                """,
            replyTo: MailAddress("support@konto.example")
        )
        let expected = [
            "Date: Tue, 03 Jun 2025 14:05:09 +0000",
            "From: =?UTF-8?B?QsO8cmdlcmtvbnRvIE3DvG5zdGVy?= <noreply@konto.example>",
            "To: Erika Mustermann <erika.mustermann@example.de>",
            "Reply-To: support@konto.example",
            "Subject: =?UTF-8?Q?Bitte_best=C3=A4tigen_Sie_Ihre_E-Mail-Adresse?=",
            "Message-ID: <0123456789abcdef@konto.example>",
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Guten Tag Frau Mustermann,",
            "",
            "bitte best=C3=A4tigen Sie Ihre neue E-Mail-Adresse =C3=BCber diesen Link (g=",
            "=C3=BCltig f=C3=BCr 24 Stunden):",
            "https://konto.example/aktivierung?code=3DZq9-x_Y=3D",
            "",
            ".",
            "Mit freundlichen Gr=C3=BC=C3=9Fen",
            "Ihr B=C3=BCrgerkonto",
            "",
        ].joined(separator: "\r\n")
        #expect(render(message) == expected)
    }

    @Test func renderedMessageIsSevenBitWithCRLFOnly() throws {
        let message = try MailMessage(
            from: MailAddress("noreply@konto.example"),
            to: [MailAddress("erika@example.de", displayName: "Ärger, Önne")],
            subject: String(repeating: "Größenänderung ", count: 12),
            body: "Zeile eins\nZeile zwei\r\nZeile drei\rß"
        )
        let bytes = renderer.render(message).bytes
        #expect(bytes.allSatisfy { $0 < 0x80 })
        for (index, octet) in bytes.enumerated() {
            if octet == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
            if octet == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10) }
        }
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
    }

    @Test func foldsLongSubjectIntoSeveralEncodedWords() throws {
        let address = try MailAddress("erika@example.de")
        let subject = "Ihr Konto wird in 30 Tagen gelöscht – melden Sie sich an, um die Löschung zu verhindern"
        let text = render(try MailMessage(from: address, to: [address], subject: subject, body: ""))
        let field = text.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { !$0.hasPrefix("Message-ID:") }
        #expect(field.count > 1)
        #expect(field.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?Q?") })
        #expect(field.allSatisfy { $0.utf8.count <= 76 })
    }

    @Test func plainASCIISubjectStaysReadableAndFoldsAtSpaces() throws {
        let address = try MailAddress("erika@example.de")
        let subject = "Your account will be deleted in 30 days unless you sign in once before then, see below"
        let text = render(try MailMessage(from: address, to: [address], subject: subject, body: ""))
        #expect(text.contains("Subject: Your account will be deleted in 30 days unless you sign in once\r\n before then, see below\r\n"))
    }

    @Test func asciiSubjectThatLooksLikeAnEncodedWordIsEncoded() throws {
        let address = try MailAddress("erika@example.de")
        let text = render(try MailMessage(from: address, to: [address], subject: "=?UTF-8?Q?x?=", body: ""))
        #expect(text.contains("Subject: =?UTF-8?"))
        #expect(!text.contains("Subject: =?UTF-8?Q?x?="))
    }

    @Test func displayNamesWithSpecialsAreQuoted() throws {
        let to = [
            try MailAddress("erika@example.de", displayName: "Mustermann, Erika"),
            try MailAddress("max@example.de", displayName: "Max \"Maxi\" Muster\\mann"),
            try MailAddress("anna@example.de"),
        ]
        let text = render(try MailMessage(from: to[2], to: to, subject: "Hallo", body: ""))
        #expect(text.contains("To: \"Mustermann, Erika\" <erika@example.de>, \"Max \\\"Maxi\\\" Muster\\\\mann\"\r\n <max@example.de>, anna@example.de\r\n"))
    }

    @Test func customHeadersFollowMessageID() throws {
        let address = try MailAddress("erika@example.de")
        let message = try MailMessage(
            from: address, to: [address], subject: "Hallo", body: "",
            headers: [.autoGenerated, MailHeader("X-Pforte-Purpose", "activation")]
        )
        #expect(render(message).contains("Message-ID: <0123456789abcdef@konto.example>\r\nAuto-Submitted: auto-generated\r\nX-Pforte-Purpose: activation\r\nMIME-Version: 1.0\r\n"))
    }

    @Test func randomMessageIDsDiffer() throws {
        let address = try MailAddress("erika@example.de")
        let message = try MailMessage(from: address, to: [address], subject: "", body: "")
        let first = renderer.render(message).messageID
        #expect(first.hasPrefix("<") && first.hasSuffix("@konto.example>") && first.count == 32 + 16)
        #expect(first != renderer.render(message).messageID)
    }

    @Test func refusesInvalidMessageIDDomain() {
        #expect(throws: MailError.self) { try MessageRenderer(messageIDDomain: "konto.example>\r\nBcc: x") }
    }

    @Test(arguments: [(0.0, "Thu, 01 Jan 1970 00:00:00 +0000"), (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"), (1_767_225_599, "Wed, 31 Dec 2025 23:59:59 +0000")])
    func dateFollowsRFC5322(seconds: Double, expected: String) {
        #expect(MessageRenderer.dateString(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
