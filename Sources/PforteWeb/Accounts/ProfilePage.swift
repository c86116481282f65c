import Hummingbird
import PforteAccounts
import PforteCore

/// `/account/profile`: view and edit the personal data (seed 003, "Benutzerprofil bearbeiten").
/// Once the account is eID-verified the identity fields are shown read-only and never sent as
/// changes (design §4).
struct ProfilePage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/account/profile") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let account = try await dependencies.services.profiles.profile(of: session)
                let view = form(request, account: account)
                guard view.fields.contains(where: { !$0.readonly }) else { return renderLocked(request, form: view) }
                return render(request, form: view)
            }
        }
        router.post("/account/profile") { request, context in
            let submitted = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let account = try await dependencies.services.profiles.profile(of: session)
                var view = form(request, account: account)
                view.keepValues(from: submitted)
                var edit = ProfileEdit(submitted: submitted, current: account.profile, locked: account.lockedFields)
                let changes = edit.changes()
                guard edit.errors.isEmpty else {
                    let texts = pages.texts(request)
                    for (field, message) in edit.errors {
                        view.addError(message(texts), to: field)
                    }
                    return render(request, form: view, status: .badRequest)
                }
                try await dependencies.services.profiles.update(changes, session: session)
                return pages.redirect("/account?done=profile")
            }
        }
    }

    private func render(_ request: Request, form: FormView, status: HTTPResponse.Status = .ok) -> Response {
        pages.render("profile", request, status: status, values: form.templateValues)
    }

    /// A Servicekonto Plus whose every field the online ID confirmed: nothing here can be
    /// edited, so the page shows the values read-only under one explanation (not one hint per
    /// field), with no form and no "Speichern".
    private func renderLocked(_ request: Request, form: FormView) -> Response {
        var view = form
        for index in view.fields.indices { view.fields[index].hint = nil }
        var values = view.templateValues
        values["locked"] = true
        values["eIDEnabled"] = dependencies.eIDEnabled
        return pages.render("profile", request, values: values)
    }

    private func form(_ request: Request, account: AccountProfile) -> FormView {
        let texts = pages.texts(request)
        let profile = account.profile
        let address = profile.address
        let locked = account.lockedFields
        func field(_ name: String, _ label: String, _ value: String?, of profileField: ProfileField,
                   autocomplete: String? = nil, inputMode: String = "text") -> FormField {
            FormField(name: name, label: texts[label], type: inputMode,
                      hint: locked.contains(profileField) ? texts["hint.locked"] : nil, value: value,
                      autocomplete: autocomplete, readonly: locked.contains(profileField))
        }
        return FormView([
            field("academicTitle", "field.academicTitle", profile.academicTitle?.value, of: .academicTitle, autocomplete: "honorific-prefix"),
            field("givenNames", "field.givenNames", profile.givenNames.value, of: .givenNames, autocomplete: "given-name"),
            field("familyName", "field.familyName", profile.familyName.value, of: .familyName, autocomplete: "family-name"),
            field("birthDay", "field.birthDay", profile.dateOfBirth?.day.map(String.init), of: .dateOfBirth, autocomplete: "bday-day"),
            field("birthMonth", "field.birthMonth", profile.dateOfBirth?.month.map(String.init), of: .dateOfBirth, autocomplete: "bday-month"),
            field("birthYear", "field.birthYear", profile.dateOfBirth.map { String($0.year) }, of: .dateOfBirth, autocomplete: "bday-year"),
            field("street", "field.street", address?.street, of: .address, autocomplete: "address-line1"),
            field("houseNumber", "field.houseNumber", address?.houseNumber, of: .address),
            field("postalCode", "field.postalCode", address?.postalCode, of: .address, autocomplete: "postal-code"),
            field("city", "field.city", address?.city, of: .address, autocomplete: "address-level2"),
            field("countryCode", "field.countryCode", address?.countryCode ?? PostalAddress.germany, of: .address, autocomplete: "country"),
        ])
    }
}
