import PforteCore

/// Validation of the forms that resemble registration but lack some of its fields: the
/// operator's account creation (question and answer optional) and the recovery (the login name
/// is fixed). Core's ``RegistrationForm`` checks every field by the same rules and reports
/// ``RegistrationErrors`` the web layer already words, so it does the work here too.
enum FormValidation {
    /// Stands in for a question and answer the caller does not take: valid by construction, so
    /// they add no error, and never stored (the callers drop them).
    private static let placeholder = "none"

    static func validate(givenNames: String, familyName: String, email: String, password: String,
                         passwordRepeated: String, secretQuestion: String?, secretAnswer: String?) throws -> ValidatedRegistration {
        let form = RegistrationForm(
            givenNames: givenNames, familyName: familyName, email: email, password: password,
            passwordRepeated: passwordRepeated, secretQuestion: secretQuestion ?? placeholder,
            secretAnswer: secretAnswer ?? placeholder
        )
        switch form.validate() {
        case .success(let valid): return valid
        case .failure(let errors): throw AccountError(.invalidForm(errors))
        }
    }
}
