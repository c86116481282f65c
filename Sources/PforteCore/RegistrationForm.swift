/// The registration of a personal account as submitted: raw strings, exactly as typed
/// (design §4; seed 003, "Registrieren als Bürgerin oder Bürger").
///
/// ``validate()`` checks every field and reports all problems at once, by field, so the page can
/// show each message next to its field.
public struct RegistrationForm: Sendable {
    /// The fields of the registration page.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case givenNames, familyName, email, emailRepeated, password, passwordRepeated
        case secretQuestion, secretAnswer
        case acceptTerms, guardianConsent
    }

    public var givenNames: String
    public var familyName: String
    public var email: String
    /// The repeated e-mail address, when the page asks for it (seed 003 does for an e-mail
    /// change); `nil` skips the comparison.
    public var emailRepeated: String?
    public var password: String
    public var passwordRepeated: String
    public var secretQuestion: String
    public var secretAnswer: String
    /// What the citizen declared on a registration page; `nil` where nobody is asked (the
    /// operator's account creation, the recovery).
    public var consent: RegistrationConsent?

    public init(
        givenNames: String, familyName: String, email: String, emailRepeated: String? = nil,
        password: String, passwordRepeated: String, secretQuestion: String, secretAnswer: String,
        consent: RegistrationConsent? = nil
    ) {
        self.givenNames = givenNames
        self.familyName = familyName
        self.email = email
        self.emailRepeated = emailRepeated
        self.password = password
        self.passwordRepeated = passwordRepeated
        self.secretQuestion = secretQuestion
        self.secretAnswer = secretAnswer
        self.consent = consent
    }

    /// The validated registration, or every field's problems.
    ///
    /// The e-mail addresses are trimmed before they are checked (a pasted address often carries
    /// a blank) and compared case-insensitively, as login names are. Passwords are taken exactly
    /// as typed: a blank in a password is an error, never silently removed. A ``consent`` must
    /// accept `termsVersion`, the version in force.
    public func validate(termsVersion: String? = nil) -> Result<ValidatedRegistration, RegistrationErrors> {
        var errors: [Field: [FieldErrorCode]] = [:]
        func checkText<Value>(_ field: Field, _ raw: String, _ make: (String) throws(TextFieldError) -> Value) -> Value? {
            do {
                return try make(raw)
            } catch {
                errors[field] = [.text(error)]
                return nil
            }
        }

        let givenNames = checkText(.givenNames, self.givenNames, PersonName.init)
        let familyName = checkText(.familyName, self.familyName, PersonName.init)
        let trimmedEmail = email.trimmingWhitespace
        let email: EmailAddress?
        do {
            email = try EmailAddress(trimmedEmail)
        } catch {
            email = nil
            errors[.email] = [.email(error)]
        }
        if let emailRepeated, emailRepeated.trimmingWhitespace.lowercased() != trimmedEmail.lowercased() {
            errors[.emailRepeated] = [.doesNotMatch]
        }
        let passwordViolations = PasswordPolicy.check(password)
        if !passwordViolations.isEmpty {
            errors[.password] = passwordViolations.map(FieldErrorCode.password)
        }
        if passwordRepeated != password {
            errors[.passwordRepeated] = [.doesNotMatch]
        }
        let question = checkText(.secretQuestion, secretQuestion, SecretQuestion.init)
        let answer = checkText(.secretAnswer, secretAnswer, SecretAnswer.init)
        errors.merge(consent?.problems(currentVersion: termsVersion) ?? [:]) { $0 + $1 }

        guard errors.isEmpty, let givenNames, let familyName, let email, let question, let answer else {
            return .failure(RegistrationErrors(codes: errors))
        }
        return .success(ValidatedRegistration(
            givenNames: givenNames, familyName: familyName, email: email, password: password,
            secretQuestion: question, secretAnswer: answer,
            acceptedTerms: consent.map { AcceptedTerms(version: $0.termsVersion, guardianConsent: $0.isUnder16 && $0.guardiansAgree) }
        ))
    }
}

/// The problems of a ``RegistrationForm``, by field.
public typealias RegistrationErrors = ValidationErrors<RegistrationForm.Field>
