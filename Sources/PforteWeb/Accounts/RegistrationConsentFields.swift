import Hummingbird
import PforteAccounts
import PforteCore

/// The part of both registration pages (`/register`, and the Servicekonto Plus registration
/// after the card) that asks for the terms (issue #19 item 1): a link to the version in force,
/// its id sent back with the form, the acceptance, and the under-16 rule (Art. 8 GDPR, seed 000
/// §2.1: persons under 16 need their guardians' agreement).
enum RegistrationConsentFields {
    static func fields(_ texts: MessageCatalog) -> [FormField] {
        [
            FormField(name: "acceptTerms", label: texts["field.acceptTerms"], type: "checkbox"),
            FormField(name: "under16", label: texts["field.under16"], type: "checkbox", hint: texts["hint.under16"]),
            FormField(name: "guardianConsent", label: texts["field.guardianConsent"], type: "checkbox"),
        ]
    }

    /// What the form declared; a missing version id is the empty one, which never matches.
    static func consent(_ form: SubmittedForm) -> RegistrationConsent {
        RegistrationConsent(termsVersion: form.optional("termsVersion") ?? "", acceptsTerms: form.optional("acceptTerms") != nil,
                            isUnder16: form.optional("under16") != nil, guardiansAgree: form.optional("guardianConsent") != nil)
    }

    /// The link and version id the page shows with the fields.
    static func values(_ services: AccountServices) -> [String: Any] {
        let version = services.terms.current(.citizen)
        return ["termsHref": AccountLinkPath.terms(version), "termsVersion": version.id]
    }
}
