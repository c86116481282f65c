import PforteCore
import Testing

@Suite struct EmailAddressTests {
    @Test(arguments: [
        "anna@example.de", "Anna.Schmidt@Example.DE", "a@b.co", "o'neil+amt24@mail.example.org",
        "x_y-z@sub-domain.example.de", "user@xn--mnchen-3ya.de", "1234@123.example",
        "!#$%&'*+-/=?^_`{|}~@example.de",
    ])
    func accepted(address: String) throws {
        let email = try EmailAddress(address)
        #expect(email.value == address)
        #expect(email.description == address)
    }

    @Test func normalizedIsLowerCaseAndOriginalIsKept() throws {
        let email = try EmailAddress("Anna.Schmidt@Example.DE")
        #expect(email.normalized == "anna.schmidt@example.de")
        #expect(email.value == "Anna.Schmidt@Example.DE")
        #expect(try EmailAddress("anna.schmidt@example.de").normalized == email.normalized)
    }

    @Test(arguments: [
        ("", EmailAddressError.empty),
        ("jürgen@example.de", .nonASCIICharacter),
        ("anna@müller.de", .nonASCIICharacter),
        ("anna@exаmple.de", .nonASCIICharacter),  // Cyrillic а
        ("anna schmidt@example.de", .whitespace),
        (" anna@example.de", .whitespace),
        ("anna@example.de\t", .whitespace),
        ("anna@exa\nmple.de", .whitespace),
        ("anna\u{0}@example.de", .controlCharacter),
        ("anna\u{7F}@example.de", .controlCharacter),
        ("<anna@example.de>", .angleBracket),
        ("anna>@example.de", .angleBracket),
        ("Anna <anna@example.de>", .whitespace),
        ("annaexample.de", .missingAtSign),
        ("anna@hq@example.de", .multipleAtSigns),
        ("@example.de", .emptyLocalPart),
        ("anna@", .missingDomain),
        ("\"anna\"@example.de", .invalidLocalPartCharacter),
        ("\"a@b\"@example.de", .multipleAtSigns),
        ("anna(x)@example.de", .invalidLocalPartCharacter),
        ("anna,b@example.de", .invalidLocalPartCharacter),
        ("an\\na@example.de", .invalidLocalPartCharacter),
        (".anna@example.de", .misplacedDot),
        ("anna.@example.de", .misplacedDot),
        ("an..na@example.de", .misplacedDot),
        ("anna@localhost", .domainWithoutDot),
        ("anna@.example.de", .invalidDomainLabel),
        ("anna@example.de.", .invalidDomainLabel),
        ("anna@example..de", .invalidDomainLabel),
        ("anna@-example.de", .invalidDomainLabel),
        ("anna@example-.de", .invalidDomainLabel),
        ("anna@exam_ple.de", .invalidDomainLabel),
        ("anna@[192.0.2.1]", .invalidDomainLabel),
        ("anna@" + String(repeating: "a", count: 64) + ".de", .invalidDomainLabel),
    ])
    func refused(address: String, expected: EmailAddressError) {
        #expect(throws: expected) { try EmailAddress(address) }
    }

    @Test func localPartLengthLimitIs64() throws {
        let local64 = String(repeating: "a", count: 64)
        _ = try EmailAddress(local64 + "@example.de")
        #expect(throws: EmailAddressError.localPartTooLong) { try EmailAddress(local64 + "a@example.de") }
    }

    @Test func totalLengthLimitIs254() throws {
        let label = String(repeating: "b", count: 63)
        let domain = [label, label, label, String(repeating: "c", count: 59)].joined(separator: ".")
        let atLimit = String(repeating: "a", count: 2) + "@" + domain
        #expect(atLimit.count == 254)
        _ = try EmailAddress(atLimit)
        #expect(throws: EmailAddressError.tooLong) { try EmailAddress("a" + atLimit) }
    }
}
