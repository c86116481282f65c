import Testing

@testable import PforteMail

@Suite struct MailMessageTests {
    private func code(_ body: () throws(MailError) -> Void) -> MailError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: ["erika@example.de", "erika.mustermann+pforte@sub.example.de", "a!#$%&'*/=?^_`{|}~-@x.y"])
    func acceptsOrdinaryAddresses(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    @Test(arguments: [
        "", "erika", "@example.de", "erika@", "erika@@example.de", "er ika@example.de", "erika@exa mple.de",
        "\"erika\"@example.de", "erika@[127.0.0.1]", ".erika@example.de", "erika.@example.de", "er..ika@example.de",
        "jürgen@example.de", "erika@exämple.de", "erika@-example.de", "erika@example..de", "<erika@example.de>",
        "erika@example.de>", "a,b@example.de",
    ])
    func refusesMalformedAddresses(address: String) {
        #expect(code { () throws(MailError) in _ = try MailAddress(address) } == .invalidAddress)
    }

    @Test func refusesOverlongLocalPart() {
        #expect(code { () throws(MailError) in _ = try MailAddress(String(repeating: "a", count: 65) + "@example.de") } == .invalidAddress)
    }

    /// Header injection: a line break anywhere would start a new header field (or the body).
    @Test(arguments: ["erika@example.de\r\nBcc: mallory@evil.example", "erika@example.de\n", "\rerika@example.de"])
    func refusesLineBreaksInAddresses(address: String) {
        #expect(code { () throws(MailError) in _ = try MailAddress(address) } == .lineBreak)
    }

    @Test(arguments: ["Erika\r\nBcc: mallory@evil.example", "Erika\n", "Erika\r", "Erika\u{2028}", "Erika\u{85}"])
    func refusesLineBreaksInDisplayNames(name: String) {
        #expect(code { () throws(MailError) in _ = try MailAddress("erika@example.de", displayName: name) } == .lineBreak)
    }

    @Test func refusesControlCharactersInDisplayNames() {
        #expect(code { () throws(MailError) in _ = try MailAddress("erika@example.de", displayName: "Erika\u{0}") } == .controlCharacter)
    }

    @Test func refusesLineBreaksInSubject() throws {
        let address = try MailAddress("erika@example.de")
        #expect(code { () throws(MailError) in
            _ = try MailMessage(from: address, to: [address], subject: "Hallo\r\nBcc: mallory@evil.example", body: "")
        } == .lineBreak)
        #expect(code { () throws(MailError) in
            _ = try MailMessage(from: address, to: [address], subject: "Hallo\nX", body: "")
        } == .lineBreak)
    }

    @Test func refusesLineBreaksInHeaderValues() {
        #expect(code { () throws(MailError) in _ = try MailHeader("X-Pforte", "a\r\nBcc: mallory@evil.example") } == .lineBreak)
    }

    @Test func refusesBadHeaderNames() {
        #expect(code { () throws(MailError) in _ = try MailHeader("X Pforte", "a") } == .invalidHeaderName)
        #expect(code { () throws(MailError) in _ = try MailHeader("X:Pforte", "a") } == .invalidHeaderName)
        #expect(code { () throws(MailError) in _ = try MailHeader("", "a") } == .invalidHeaderName)
        #expect(code { () throws(MailError) in _ = try MailHeader("bcc", "mallory@evil.example") } == .invalidHeaderName)
        #expect(code { () throws(MailError) in _ = try MailHeader("Content-Type", "text/html") } == .invalidHeaderName)
    }

    @Test func refusesNonASCIIHeaderValues() {
        #expect(code { () throws(MailError) in _ = try MailHeader("X-Pforte", "Grüße") } == .invalidHeaderValue)
    }

    @Test func refusesMessageWithoutRecipients() throws {
        let address = try MailAddress("erika@example.de")
        #expect(code { () throws(MailError) in _ = try MailMessage(from: address, to: [], subject: "", body: "") } == .noRecipients)
    }

    @Test func errorDetailNeverContainsTheLineBreak() {
        do {
            _ = try MailHeader("X\nY", "a")
        } catch {
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func autoSubmittedIsTheDefaultHeader() throws {
        let address = try MailAddress("erika@example.de")
        let message = try MailMessage(from: address, to: [address], subject: "", body: "")
        #expect(message.headers == [try MailHeader("Auto-Submitted", "auto-generated")])
    }
}
