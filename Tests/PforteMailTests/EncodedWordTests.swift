import Foundation
import Testing

@testable import PforteMail

@Suite struct EncodedWordTests {
    @Test func mostlyASCIIGermanUsesQEncoding() {
        #expect(EncodedWord.encode("Passwort zurücksetzen") == ["=?UTF-8?Q?Passwort_zur=C3=BCcksetzen?="])
    }

    /// RFC 2047 §5 (3): in a phrase only letters, digits and `!*+-/` may stay literal.
    @Test func qEncodingEscapesEverythingOutsideThePhraseSafeSet() {
        #expect(
            EncodedWord.encode("Hinweis: Ändern Sie bitte (A=B) jetzt, danke.")
                == ["=?UTF-8?Q?Hinweis=3A_=C3=84ndern_Sie_bitte_=28A=3DB=29_jetzt=2C_danke=2E?="]
        )
        #expect(EncodedWord.encode("abcd_efgh?ijkl\"mnop") == ["=?UTF-8?Q?abcd=5Fefgh=3Fijkl=22mnop?="])
    }

    @Test func mostlyNonASCIIUsesBEncoding() {
        #expect(EncodedWord.encode("ÄÖÜäöü") == ["=?UTF-8?B?w4TDlsOcw6TDtsO8?="])
    }

    @Test func longTextIsSplitIntoWordsOfAtMost75Characters() {
        let text = "Ihr Konto wird gelöscht, wenn Sie es nicht innerhalb von 36 Monaten nutzen – bitte prüfen Sie Ihre Daten und Einstellungen"
        let words = EncodedWord.encode(text)
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?Q?") && $0.hasSuffix("?=") })
        #expect(words.map(decodeQ).joined() == text)
    }

    @Test func firstWordRespectsItsOwnLimit() {
        let words = EncodedWord.encode(String(repeating: "ü", count: 30), firstWordLimit: 40)
        #expect(words[0].count <= 40)
        #expect(words.dropFirst().allSatisfy { $0.count <= 75 })
    }

    /// RFC 2047 §5: a word must hold whole characters, so no UTF-8 sequence is split.
    @Test func neverSplitsACharacterAcrossWords() {
        let text = String(repeating: "€ü", count: 40)
        for word in EncodedWord.encode(text) {
            let payload = String(word.dropFirst("=?UTF-8?B?".count).dropLast(2))
            let octets = Data(base64Encoded: payload)
            #expect(octets.flatMap { String(data: $0, encoding: .utf8) } != nil)
        }
    }

    @Test func plainASCIIDetection() {
        #expect(EncodedWord.isPlainASCII("Hello World"))
        #expect(!EncodedWord.isPlainASCII("Grüße"))
        #expect(!EncodedWord.isPlainASCII("=?UTF-8?Q?x?="))
    }

    private func decodeQ(_ word: String) -> String {
        let payload = Array(word.dropFirst("=?UTF-8?Q?".count).dropLast(2).utf8)
        var output: [UInt8] = []
        var index = 0
        while index < payload.count {
            switch payload[index] {
            case UInt8(ascii: "_"):
                output.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "="):
                output.append(UInt8(String(decoding: payload[index + 1...index + 2], as: UTF8.self), radix: 16)!)
                index += 3
            default:
                output.append(payload[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
