import Testing

@testable import PforteMail

@Suite struct SMTPDataEncodingTests {
    private func stuffed(_ text: String) -> String {
        String(decoding: SMTPDataEncoding.dotStuffed(Array(text.utf8)), as: UTF8.self)
    }

    @Test func appendsTheEndOfDataLine() {
        #expect(stuffed("Subject: x\r\n\r\nHallo\r\n") == "Subject: x\r\n\r\nHallo\r\n.\r\n")
    }

    /// RFC 5321 §4.5.2: a line beginning with a period gets one more, so that a lone `.` in
    /// the text does not end the data.
    @Test func doublesLeadingPeriods() {
        #expect(stuffed(".\r\n..x\r\n.y\r\na.b\r\n") == "..\r\n...x\r\n..y\r\na.b\r\n.\r\n")
    }

    @Test func terminatesALastLineWithoutLineBreak() {
        #expect(stuffed("Hallo") == "Hallo\r\n.\r\n")
        #expect(stuffed(".") == "..\r\n.\r\n")
    }
}
