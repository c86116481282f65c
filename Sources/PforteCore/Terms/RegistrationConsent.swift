/// What a citizen declares at registration besides the account's fields (issue #19 item 1;
/// seed 000): acceptance of the terms version the page showed, and for a person under 16 the
/// confirmation that the guardians agree (Art. 8 GDPR, seed 000 §2.1).
public struct RegistrationConsent: Sendable, Equatable {
    /// The version id the page showed, sent back with the form.
    public var termsVersion: String
    public var acceptsTerms: Bool
    public var isUnder16: Bool
    public var guardiansAgree: Bool

    public init(termsVersion: String, acceptsTerms: Bool, isUnder16: Bool = false, guardiansAgree: Bool = false) {
        self.termsVersion = termsVersion
        self.acceptsTerms = acceptsTerms
        self.isUnder16 = isUnder16
        self.guardiansAgree = guardiansAgree
    }

    /// The problems, by field: no acceptance, a version other than the one in force (the page
    /// was older than the terms, or the form was altered), or under 16 without the guardians.
    func problems(currentVersion: String?) -> [RegistrationForm.Field: [FieldErrorCode]] {
        var problems: [RegistrationForm.Field: [FieldErrorCode]] = [:]
        if !acceptsTerms {
            problems[.acceptTerms] = [.termsNotAccepted]
        } else if termsVersion != currentVersion {
            problems[.acceptTerms] = [.termsOutdated]
        }
        if isUnder16 && !guardiansAgree { problems[.guardianConsent] = [.guardianConsentMissing] }
        return problems
    }
}

/// The acceptance a valid registration carries to the store.
public struct AcceptedTerms: Sendable, Equatable {
    public let version: String
    public let guardianConsent: Bool
}
