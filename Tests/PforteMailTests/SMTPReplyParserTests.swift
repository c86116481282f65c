import Testing

@testable import PforteMail

@Suite struct SMTPReplyParserTests {
    private func replies(_ chunks: String...) throws(SMTPError) -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for chunk in chunks {
            parser.append(chunk.utf8)
            while let reply = try parser.next() { replies.append(reply) }
        }
        return replies
    }

    private func malformed(_ input: String) -> Bool {
        do {
            _ = try replies(input)
            return false
        } catch {
            return error.code == .malformedReply
        }
    }

    @Test func singleLineReply() throws {
        #expect(try replies("220 mail.example ESMTP ready\r\n") == [SMTPReply(code: 220, lines: ["mail.example ESMTP ready"])])
    }

    @Test func multiLineReply() throws {
        let input = "250-mail.example greets you\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
        #expect(try replies(input) == [SMTPReply(code: 250, lines: ["mail.example greets you", "PIPELINING", "STARTTLS", "AUTH PLAIN LOGIN"])])
    }

    @Test func replySplitAcrossReads() throws {
        #expect(try replies("25", "0-first\r", "\n250 sec", "ond\r\n") == [SMTPReply(code: 250, lines: ["first", "second"])])
    }

    @Test func incompleteReplyWaitsForMore() throws {
        #expect(try replies("250-first\r\n250 sec").isEmpty)
    }

    @Test func bareCodeAndBareLF() throws {
        #expect(try replies("250\r\n354 go ahead\n") == [SMTPReply(code: 250, lines: [""]), SMTPReply(code: 354, lines: ["go ahead"])])
    }

    @Test func twoRepliesInOneRead() throws {
        #expect(try replies("250 OK\r\n221 Bye\r\n").map(\.code) == [250, 221])
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "2x0 OK\r\n", "250_OK\r\n", "650 OK\r\n", "150 OK\r\n", "250-first\r\n251 second\r\n", "\r\n"])
    func refusesMalformedReplies(input: String) {
        #expect(malformed(input))
    }

    @Test func refusesOverlongLines() {
        #expect(malformed("250 " + String(repeating: "x", count: 3000)))
        #expect(malformed("250 " + String(repeating: "x", count: 3000) + "\r\n"))
    }

    @Test func refusesEndlessReplies() {
        #expect(malformed(String(repeating: "250-x\r\n", count: 200)))
    }

    @Test func reportsBufferedInput() throws {
        var parser = SMTPReplyParser()
        parser.append("220 go ahead\r\n".utf8)
        _ = try parser.next()
        #expect(!parser.hasBufferedInput)
        parser.append("250-injected".utf8)
        #expect(try parser.next() == nil)
        #expect(parser.hasBufferedInput)
    }

    @Test func replyClasses() {
        #expect(SMTPReply(code: 250, lines: []).isPositiveCompletion)
        #expect(SMTPReply(code: 354, lines: []).isPositiveIntermediate)
        #expect(SMTPReply(code: 451, lines: []).isTransientFailure)
        #expect(SMTPReply(code: 550, lines: []).isPermanentFailure)
    }

    @Test func extensionsFromEHLOReply() {
        let extensions = SMTPExtensions(ehloReply: SMTPReply(code: 250, lines: ["mail.example", "starttls", "AUTH LOGIN PLAIN", "AUTH=CRAM-MD5", "SIZE 1000"]))
        #expect(extensions.contains("STARTTLS"))
        #expect(extensions.parameters("AUTH") == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(!extensions.contains("MAIL.EXAMPLE"))
        #expect(!SMTPExtensions.none.contains("STARTTLS"))
    }
}
