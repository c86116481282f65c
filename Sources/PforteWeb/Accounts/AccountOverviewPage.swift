import Hummingbird
import PforteAccounts
import PforteCore
import PforteOIDC

/// `/account`: the signed-in user's start page: login name, personal data, and the ways to
/// change or delete them and to log out.
struct AccountOverviewPage: Sendable {
    let dependencies: AccountPageDependencies
    let consents: GrantedConsents
    let samlConsents: SAMLGrantedConsents
    private var pages: Pages { dependencies.pages }

    /// Notices another page asks for after redirecting here (`?done=`), by catalogue key.
    private static let notices = ["profile": "account.notice.profile", "email": "account.notice.email",
                                  "consent": "account.notice.consent", "secretQuestion": "account.notice.secretQuestion"]

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/account") { request, context in
            try await dependencies.signedIn(context) { session in
                // A terms version that took effect since the last acceptance comes first (issue #19).
                if try await !dependencies.services.terms.pending(accountID: session.accountID.description).isEmpty {
                    return pages.redirect(TermsPages.acceptance(continuing: "/account"))
                }
                let account = try await dependencies.services.profiles.profile(of: session)
                let texts = pages.texts(request)
                var values = Self.display(account, texts: texts)
                let granted = try await consents.list(accountID: session.accountID.description)
                let grantedBySAML = try await samlConsents.list(
                    accountID: session.accountID.description, language: UILanguage.negotiate(for: request).rawValue
                )
                values["hasConsents"] = !granted.isEmpty || !grantedBySAML.isEmpty
                values["eIDEnabled"] = dependencies.eIDEnabled
                values["isFederated"] = session.isFederated
                values["consents"] = granted.map { entry in
                    [
                        "clientID": entry.clientID, "clientName": entry.clientName, "protocol": "oidc",
                        "claims": Scope.allCases.flatMap(\.claims).filter(entry.claims.contains).map { texts["consent.claim.\($0)"] },
                    ] as [String: Any]
                } + grantedBySAML.map { entry in
                    [
                        "clientID": entry.entityID, "clientName": entry.name, "protocol": "saml",
                        "claims": entry.attributes.map { texts["saml.attribute.\($0)"] },
                    ] as [String: Any]
                }
                if let done = request.uri.queryParameters["done"], let key = Self.notices[String(done)] {
                    values["notice"] = texts[key]
                }
                return pages.render("account", request, values: values)
            }
        }
    }

    /// The profile as label–value rows, empty fields left out.
    static func display(_ account: AccountProfile, texts: MessageCatalog) -> [String: Any] {
        let profile = account.profile
        var rows: [(String, String?)] = [
            ("field.email", account.email),
            ("account.academicTitle", profile.academicTitle?.value),
            ("field.givenNames", profile.givenNames.value),
            ("field.familyName", profile.familyName.value),
            ("account.dateOfBirth", profile.dateOfBirth.map(Self.format)),
        ]
        if let address = profile.address {
            rows.append(("account.address", "\(address.street) \(address.houseNumber), \(address.postalCode) \(address.city), \(address.countryCode)"))
        }
        return [
            "rows": rows.compactMap { key, value in value.map { ["label": texts[key], "value": $0] } },
            "eIDVerified": account.isEIDVerified,
        ]
    }

    /// German order, as on the ID card: day.month.year, with only what is known.
    private static func format(_ date: PartialDate) -> String {
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return [date.day.map(twoDigits), date.month.map(twoDigits), String(date.year)].compactMap { $0 }.joined(separator: ".")
    }
}
