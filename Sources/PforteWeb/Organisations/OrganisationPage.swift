import Hummingbird
import PforteAccounts
import PforteCore

/// `/organisations/{id}`: the organisation's data for every member; for admins also the
/// members, the accounts waiting for confirmation, the invitation form and the release switch.
struct OrganisationPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    /// Outcomes the member actions report after redirecting here, by catalogue key: `done`
    /// for successes, `problem` for refusals.
    static let notices = [
        "created": "organisation.notice.created", "invited": "organisation.notice.invited",
        "confirmed": "organisation.notice.confirmed", "declined": "organisation.notice.declined",
        "revoked": "organisation.notice.revoked", "promoted": "organisation.notice.promoted",
        "release": "organisation.notice.release", "updated": "organisation.notice.updated",
    ]
    static let problems = [
        "lastAdminCannotBeRemoved": "error.organisation.lastAdminCannotBeRemoved",
        "lastAdminCannotLeave": "error.organisation.lastAdminCannotLeave",
        "adminMustBeAdult": "error.organisation.adminMustBeAdult",
        "invalidEmail": "error.organisation.invalidEmail",
        "alreadyMember": "error.organisation.alreadyMember",
        "tooManyOpenInvitations": "error.organisation.tooManyOpenInvitations",
        "memberNotFound": "error.organisation.memberNotFound",
    ]

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/organisations/:organisation") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                let outcome = try await OrganisationFailures.page(pages, request) {
                    try await dependencies.services.organisations.overview(organisationID: id, session: session)
                }
                guard case .success(let overview) = outcome else { return outcome.failurePage! }
                let texts = pages.texts(request)
                var values = Self.display(overview, texts: texts)
                if let done = request.uri.queryParameters["done"], let key = Self.notices[String(done)] {
                    values["notice"] = texts[key]
                }
                if let problem = request.uri.queryParameters["problem"], let key = Self.problems[String(problem)] {
                    values["problem"] = texts[key]
                }
                values["inviteFields"] = FormView([FormField(name: "email", label: texts["organisation.inviteEmail"], type: "email")])
                    .templateValues["fields"]
                return pages.render("organisation", request, values: values)
            }
        }
    }

    static func display(_ overview: OrganisationOverview, texts: MessageCatalog) -> [String: Any] {
        let profile = overview.profile
        let address = profile.address
        let rows: [(String, String?)] = [
            ("organisation.field.name", profile.name.value),
            ("organisation.field.legalForm", texts["organisation.legalForm.\(OrganisationFormView.key(profile.legalForm))"]),
            ("organisation.field.seat", profile.seat),
            ("organisation.field.commercialRegisterNumber", profile.commercialRegisterNumber?.value),
            ("account.address", "\(address.street) \(address.houseNumber), \(address.postalCode) \(address.city), \(address.countryCode)"),
            ("organisation.field.postOfficeBox", profile.postOfficeBox?.value),
            ("organisation.field.email", profile.email.value),
            ("organisation.yourRole", texts["organisation.role.\(overview.role.rawValue)"]),
        ]
        // The last admin cannot be removed (seed 001); their row offers no button that could only fail.
        let soleAdmin = overview.members.filter { $0.role == .admin }.count == 1
        func member(_ member: OrganisationMember) -> [String: Any] {
            var values: [String: Any] = [
                "accountID": member.accountID, "login": member.login, "role": texts["organisation.role.\(member.role.rawValue)"],
                "isMember": member.role == .member, "adult": member.adult,
                "revocable": !(soleAdmin && member.role == .admin),
            ]
            values["invitedAddress"] = member.invitedAddress
            return values
        }
        return [
            "id": overview.id.description,
            "name": profile.name.value,
            "rows": rows.compactMap { key, value in value.map { ["label": texts[key], "value": $0] } },
            "isAdmin": overview.role == .admin,
            "members": overview.members.map(member),
            "waiting": overview.awaitingConfirmation.map(member),
            "hasWaiting": !overview.awaitingConfirmation.isEmpty,
            "generalRelease": overview.generalRelease,
        ]
    }
}
