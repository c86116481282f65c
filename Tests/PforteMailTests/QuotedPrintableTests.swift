import Testing

@testable import PforteMail

@Suite struct QuotedPrintableTests {
    private func encoded(_ text: String) -> String {
        String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
    }

    @Test func leavesPrintableASCIIAlone() {
        #expect(encoded("Guten Tag, Frau Mustermann!") == "Guten Tag, Frau Mustermann!\r\n")
    }

    @Test func encodesEqualsSignAndNonASCII() {
        #expect(encoded("a=b") == "a=3Db\r\n")
        #expect(encoded("Grüße") == "Gr=C3=BC=C3=9Fe\r\n")
        #expect(encoded("10 €") == "10 =E2=82=AC\r\n")
    }

    @Test func encodesControlCharactersButKeepsInnerTabsAndSpaces() {
        #expect(encoded("a\tb c\u{7F}") == "a\tb c=7F\r\n")
    }

    /// RFC 2045 §6.7 rule 3: whitespace at the end of an encoded line must be encoded, or a
    /// transport that strips trailing blanks would change the text.
    @Test func encodesTrailingWhitespace() {
        #expect(encoded("Ende \nTab\t\n") == "Ende=20\r\nTab=09\r\n")
    }

    @Test func normalisesEveryLineBreakToCRLF() {
        #expect(encoded("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd\r\n")
        #expect(encoded("") == "\r\n")
        #expect(encoded("\n\n") == "\r\n\r\n")
    }

    @Test func lineOfExactly76CharactersIsNotBroken() {
        let line = String(repeating: "x", count: 76)
        #expect(encoded(line) == line + "\r\n")
    }

    @Test func softBreaksKeepEveryLineWithin76Characters() {
        let line = String(repeating: "x", count: 77)
        #expect(encoded(line) == String(repeating: "x", count: 75) + "=\r\nxx\r\n")
    }

    /// An `=XX` triplet is never split by a soft line break.
    @Test func softBreakDoesNotSplitAnEscape() {
        let text = String(repeating: "x", count: 74) + "ü"
        #expect(encoded(text) == String(repeating: "x", count: 74) + "=\r\n=C3=BC\r\n")
    }

    @Test func trailingSpaceBeforeSoftBreakStaysLiteralButFinalOneIsEncoded() {
        let text = String(repeating: "x", count: 74) + " y "
        #expect(encoded(text) == String(repeating: "x", count: 74) + " =\r\ny=20\r\n")
    }

    @Test(arguments: [
        "Guten Tag,\n\nbitte bestätigen Sie Ihre neue E-Mail-Adresse über diesen Link (gültig für 24 Stunden): https://konto.example/a?code=Zq9==",
        String(repeating: "äöüß", count: 40),
        String(repeating: "= ", count: 60) + "\t",
    ])
    func everyEncodedLineIsShortAndSevenBit(text: String) {
        let output = QuotedPrintable.encode(text)
        #expect(output.allSatisfy { $0 < 0x80 })
        let lines = String(decoding: output, as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        for line in lines {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
        }
        #expect(decode(output) == text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }

    /// A decoder written from RFC 2045 §6.7, independent of the encoder's structure.
    private func decode(_ octets: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < octets.count {
            if octets[index] == UInt8(ascii: "=") {
                if octets[index + 1] == 13 {
                    index += 3
                    continue
                }
                output.append(UInt8(String(decoding: octets[index + 1...index + 2], as: UTF8.self), radix: 16)!)
                index += 3
            } else {
                output.append(octets[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
