import Testing

@testable import PforteWeb

/// The form parser faces the network: it must decode what browsers send and refuse the rest
/// with a typed error, never guess.
@Suite struct SubmittedFormTests {
    @Test func decodesWhatBrowsersSend() throws {
        let form = try SubmittedForm(parsing: "email=erika%40example.de&password=Sommer+2024%21&empty=&flag&name=J%C3%BCrgen")
        #expect(form["email"] == "erika@example.de")
        #expect(form["password"] == "Sommer 2024!")
        #expect(form["empty"] == "")
        #expect(form.optional("flag") == "")
        #expect(form["name"] == "Jürgen")
        #expect(form["missing"] == "")
        #expect(form.optional("missing") == nil)
    }

    @Test func anEmptyBodyIsAnEmptyForm() throws {
        #expect(try SubmittedForm(parsing: "").optional("email") == nil)
        #expect(try SubmittedForm(parsing: "&&").optional("") == nil)
    }

    @Test(arguments: ["a=%", "a=%G1", "a=%C3", "%ZZ=1"])
    func refusesBrokenPercentEncoding(_ body: String) {
        #expect(throws: FormParsingError.invalidEncoding) { try SubmittedForm(parsing: body) }
    }

    @Test func refusesARepeatedField() {
        #expect(throws: FormParsingError.repeatedField("csrf_token")) {
            try SubmittedForm(parsing: "csrf_token=a&email=b&csrf_token=c")
        }
    }

    @Test func anEqualsSignInAValueIsKept() throws {
        #expect(try SubmittedForm(parsing: "token=abc%3D&x=a=b")["x"] == "a=b")
    }
}
