import PforteCore
import Testing

@Suite struct PersonalFieldTests {
    @Test(arguments: ["A", "Anna Maria", "O'Brien-Schmidt", "Jürgen", "Łukasz", "李", String(repeating: "ä", count: 100)])
    func namesAccepted(name: String) throws {
        #expect(try PersonName(name).value == name)
    }

    @Test func namesAreTrimmed() throws {
        #expect(try PersonName("  Anna Maria \n").value == "Anna Maria")
    }

    @Test(arguments: [
        ("", TextFieldError.empty),
        ("   ", .empty),
        (String(repeating: "a", count: 101), .tooLong),
        ("Anna\tMaria", .controlCharacter),
        ("Anna\nMaria", .controlCharacter),
        ("Anna\u{0}", .controlCharacter),
        ("<script>", .angleBracket),
        ("Anna>", .angleBracket),
    ])
    func namesRefused(name: String, expected: TextFieldError) {
        #expect(throws: expected) { try PersonName(name) }
    }

    @Test func titleLimits() throws {
        #expect(try AcademicTitle(" Prof. Dr. Dr. h. c. mult. ").value == "Prof. Dr. Dr. h. c. mult.")
        _ = try AcademicTitle(String(repeating: "x", count: 50))
        #expect(throws: TextFieldError.tooLong) { try AcademicTitle(String(repeating: "x", count: 51)) }
        #expect(throws: TextFieldError.empty) { try AcademicTitle(" ") }
        #expect(throws: TextFieldError.angleBracket) { try AcademicTitle("<b>Dr.</b>") }
    }

    @Test(arguments: [
        ("Wie hieß mein erster Hund?", nil),
        ("abc", nil),
        (String(repeating: "?", count: 200), nil),
        ("ab", TextFieldError.tooShort),
        ("  ab  ", .tooShort),
        ("", .empty),
        (String(repeating: "?", count: 201), .tooLong),
        ("Frage\u{7}?", .controlCharacter),
        ("Ist 3 < 5?", .angleBracket),
    ])
    func secretQuestion(question: String, expected: TextFieldError?) {
        if let expected {
            #expect(throws: expected) { try SecretQuestion(question) }
        } else {
            #expect(throws: Never.self) { try SecretQuestion(question) }
        }
    }

    @Test(arguments: [
        ("  Mein Hund  Bello", "mein hund bello"),
        ("mein hund bello", "mein hund bello"),
        ("MEIN\tHUND\n\nBELLO ", "mein hund bello"),
        ("Mu\u{0308}nchen", "münchen"),  // decomposed ü becomes the precomposed one
        ("MÜNCHEN", "münchen"),
        ("3 < 5", "3 < 5"),
        ("  a  b  ", "a b"),
    ])
    func secretAnswerNormalisation(raw: String, expected: String) throws {
        let answer = try SecretAnswer(raw)
        #expect(answer.normalized == expected)
        #expect(Array(answer.normalized.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func differentlyTypedAnswersMatch() throws {
        #expect(try SecretAnswer("  Mein Hund  Bello") == SecretAnswer("mein hund bello"))
        #expect(try SecretAnswer("Mu\u{0308}nchen") == SecretAnswer("münchen"))
    }

    @Test(arguments: [
        ("ab", TextFieldError.tooShort),
        ("  a   ", .tooShort),  // the length counts the normalised form
        ("", .empty),
        (" \t ", .empty),
        (String(repeating: "x", count: 201), .tooLong),
        ("Bel\u{7}lo", .controlCharacter),
    ])
    func secretAnswerRefused(raw: String, expected: TextFieldError) {
        #expect(throws: expected) { try SecretAnswer(raw) }
    }
}
