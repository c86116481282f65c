import Hummingbird
import PforteCore

/// The organisation form of seed 003 as fields, shared by creation and editing: reading the
/// posted values, filling in a stored profile, and wording the problems by field.
enum OrganisationFormView {
    /// The fields in page order. Creation adds the adult declaration (when no date of birth is
    /// known) and the consent checkbox; editing needs neither.
    static func make(_ texts: MessageCatalog, asksForAdult: Bool = false, asksForConsent: Bool = false) -> FormView {
        func field(_ name: String, hint: Bool = false, autocomplete: String? = nil, type: String = "text") -> FormField {
            FormField(name: name, label: texts["organisation.field.\(name)"], type: type,
                      hint: hint ? texts["organisation.hint.\(name)"] : nil, autocomplete: autocomplete)
        }
        var legalForm = field("legalForm", type: "select")
        legalForm.options = [(value: "", label: texts["organisation.legalForm.choose"])]
            + LegalForm.allCases.map { (value: $0.rawValue, label: texts["organisation.legalForm.\(key($0))"]) }
        var countryCode = field("countryCode", hint: true, autocomplete: "country")
        countryCode.value = PostalAddress.germany
        var fields = [
            field("name", hint: true, autocomplete: "organization"), legalForm, field("seat"),
            field("commercialRegisterNumber", hint: true), field("street", autocomplete: "address-line1"),
            field("houseNumber", hint: true), field("postalCode", autocomplete: "postal-code"),
            field("city", autocomplete: "address-level2"), countryCode,
            field("postOfficeBox", hint: true), field("email", hint: true, autocomplete: "email", type: "email"),
        ]
        for (name, wanted) in [("adult", asksForAdult), ("consent", asksForConsent)] where wanted {
            var checkbox = field(name, type: "checkbox")
            checkbox.value = "yes"
            fields.append(checkbox)
        }
        return FormView(fields)
    }

    /// The posted values; `consentsToTerms` from the checkbox when the form has one.
    static func read(_ form: SubmittedForm, consentGiven: Bool) -> OrganisationForm {
        OrganisationForm(
            name: form["name"], legalForm: form["legalForm"], seat: form["seat"],
            commercialRegisterNumber: form["commercialRegisterNumber"], street: form["street"],
            houseNumber: form["houseNumber"], postalCode: form["postalCode"], city: form["city"],
            countryCode: form.optional("countryCode") ?? PostalAddress.germany, postOfficeBox: form["postOfficeBox"],
            email: form["email"], consentsToTerms: consentGiven
        )
    }

    /// Fills the fields with a stored profile, for editing.
    static func fill(_ view: inout FormView, with profile: OrganisationProfile) {
        let values: [String: String?] = [
            "name": profile.name.value, "legalForm": profile.legalForm.rawValue, "seat": profile.seat,
            "commercialRegisterNumber": profile.commercialRegisterNumber?.value, "street": profile.address.street,
            "houseNumber": profile.address.houseNumber, "postalCode": profile.address.postalCode, "city": profile.address.city,
            "countryCode": profile.address.countryCode, "postOfficeBox": profile.postOfficeBox?.value, "email": profile.email.value,
        ]
        for index in view.fields.indices {
            if let value = values[view.fields[index].name] { view.fields[index].value = value }
        }
    }

    /// Words every problem by field; a missing consent gets its own sentence rather than
    /// "please fill in this field".
    static func addErrors(_ errors: ValidationErrors<OrganisationForm.Field>, to view: inout FormView, texts: MessageCatalog) {
        for field in OrganisationForm.Field.allCases where field != .consent {
            for code in errors[field] { view.addError(texts.text(for: code, field: field.rawValue), to: field.rawValue) }
        }
        if !errors[.consent].isEmpty { view.addError(texts["error.organisation.consent"], to: "consent") }
    }

    /// Catalogue keys cannot contain the dot of `e.v.` or the hyphen of `oeffentlich-rechtlich`.
    static func key(_ form: LegalForm) -> String {
        String(describing: form)
    }
}

extension Pages {
    /// Renders a form page of one organisation: its template gets the organisation's id for the
    /// form's action and links.
    func renderOrganisationForm(_ template: String, _ request: Request, id: String, view: FormView,
                                status: HTTPResponse.Status = .ok) -> Response {
        var values = view.templateValues
        values["id"] = id
        return render(template, request, status: status, values: values)
    }
}
