import PforteCore
import Testing

@Suite struct RegistrationFormTests {
    private static let valid = RegistrationForm(
        givenNames: "Anna Maria", familyName: "Schmidt", email: "Anna@Example.de",
        emailRepeated: "anna@example.de", password: "ABab1234", passwordRepeated: "ABab1234",
        secretQuestion: "Wie hieß mein erster Hund?", secretAnswer: "  Bello "
    )

    @Test func validFormGivesValidatedValues() throws {
        let registration = try Self.valid.validate().get()
        #expect(registration.givenNames.value == "Anna Maria")
        #expect(registration.familyName.value == "Schmidt")
        #expect(registration.email.value == "Anna@Example.de")
        #expect(registration.email.normalized == "anna@example.de")
        #expect(registration.password == "ABab1234")
        #expect(registration.secretQuestion.value == "Wie hieß mein erster Hund?")
        #expect(registration.secretAnswer.normalized == "bello")
    }

    @Test func emailIsTrimmedAndRepetitionIsOptional() throws {
        var form = Self.valid
        form.email = " anna@example.de\t"
        form.emailRepeated = nil
        #expect(try form.validate().get().email.value == "anna@example.de")
    }

    @Test func emptyFormReportsEveryField() {
        let form = RegistrationForm(
            givenNames: "", familyName: " ", email: "", emailRepeated: "",
            password: "", passwordRepeated: "", secretQuestion: "", secretAnswer: ""
        )
        guard case .failure(let errors) = form.validate() else {
            Issue.record("an empty form validated")
            return
        }
        #expect(errors.codes == [
            .givenNames: [.text(.empty)],
            .familyName: [.text(.empty)],
            .email: [.email(.empty)],
            .password: [.password(.tooShort), .password(.tooFewCharacterGroups)],
            .secretQuestion: [.text(.empty)],
            .secretAnswer: [.text(.empty)],
        ])
    }

    @Test func fieldLevelErrors() {
        var form = Self.valid
        form.givenNames = "<Anna>"
        form.email = "jürgen@example.de"
        form.emailRepeated = "juergen@example.de"
        form.password = "abc def"
        form.passwordRepeated = "abc deg"
        form.secretQuestion = "Hä"
        form.secretAnswer = "ab"
        guard case .failure(let errors) = form.validate() else {
            Issue.record("an invalid form validated")
            return
        }
        #expect(errors[.givenNames] == [.text(.angleBracket)])
        #expect(errors[.familyName] == [])
        #expect(errors[.email] == [.email(.nonASCIICharacter)])
        #expect(errors[.emailRepeated] == [.doesNotMatch])
        #expect(errors[.password] == [.password(.tooShort), .password(.containsWhitespace), .password(.tooFewCharacterGroups)])
        #expect(errors[.passwordRepeated] == [.doesNotMatch])
        #expect(errors[.secretQuestion] == [.text(.tooShort)])
        #expect(errors[.secretAnswer] == [.text(.tooShort)])
    }

    @Test func mismatchAloneFails() {
        var form = Self.valid
        form.passwordRepeated = "ABab1235"
        guard case .failure(let errors) = form.validate() else {
            Issue.record("a mismatched password validated")
            return
        }
        #expect(errors.codes == [.passwordRepeated: [.doesNotMatch]])
    }

    @Test func emailRepetitionIgnoresCaseAndBlanksOnly() {
        var form = Self.valid
        form.emailRepeated = " ANNA@EXAMPLE.DE "
        #expect((try? form.validate().get()) != nil)
        form.emailRepeated = "anna@example.com"
        #expect((try? form.validate().get()) == nil)
    }

    @Test func passwordIsNotTrimmed() {
        var form = Self.valid
        form.password = "ABab1234 "
        form.passwordRepeated = "ABab1234 "
        guard case .failure(let errors) = form.validate() else {
            Issue.record("a password with a blank validated")
            return
        }
        #expect(errors.codes == [.password: [.password(.containsWhitespace)]])
    }
}
