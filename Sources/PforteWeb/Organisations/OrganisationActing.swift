import Hummingbird
import PforteAccounts
import PforteCore

/// "In whose name do you act?" at a portal login (seed 001 3 c bb), shared by the OIDC and the
/// SAML flow. Each flow keeps the answer with its stored request and asks here for the page,
/// for the reading of the answer, and, when it issues, for the organisation to release.
///
/// Picking an organisation releases its data only under the organisation's general release or
/// the member's consent for this portal, so a second page asks for that consent first.
struct OrganisationActing: Sendable {
    /// Where the answer is posted and what it continues.
    struct Target: Sendable {
        /// The endpoint the page's form posts to.
        let action: String
        /// The stored request's handle.
        let handle: String
        /// The client id or SP entity id the consent is recorded for.
        let relyingParty: String
        /// The portal's name as the user knows it.
        let serviceName: String
        /// Where the answer may redirect the form's submission to (an OIDC redirect URI), which
        /// the page's CSP `form-action` must allow.
        var formRedirect: String?
    }

    enum Answer {
        case chosen(ActingParty)
        /// A page to show instead: the release question, or the choice again.
        case page(Response)
    }

    let pages: Pages
    let release: OrganisationReleaseService

    /// The organisations the session may act for; empty means the question is not asked.
    func options(_ session: AuthenticatedSession) async throws -> [OrganisationSummary] {
        try await release.actingOptions(session: session)
    }

    func choicePage(_ request: Request, options: [OrganisationSummary], target: Target) -> Response {
        let texts = pages.texts(request)
        var response = pages.render("acting", request, values: [
            "intro": texts.format("acting.intro", ["service": target.serviceName]),
            "action": target.action, "handle": target.handle,
            "organisations": options.enumerated().map { position, option in
                [
                    "id": option.id.description, "position": position + 1,
                    "label": texts.format("acting.organisation", [
                        "organisation": option.name, "role": texts["organisation.role.\(option.role.rawValue)"],
                    ]),
                ]
            },
        ])
        if let formRedirect = target.formRedirect { response.allowFormRedirect(to: formRedirect) }
        return response
    }

    /// Reads the posted choice. An organisation the account cannot act for (never was, or was
    /// removed since the page was shown) shows the choice again with the current options.
    func answer(_ form: SubmittedForm, _ request: Request, session: AuthenticatedSession, target: Target) async throws -> Answer {
        let choice = form["acting"]
        if choice == "person" { return .chosen(.person) }
        let options = try await options(session)
        guard let chosen = options.first(where: { $0.id.description == choice }) else {
            return .page(choicePage(request, options: options, target: target))
        }
        let organisationID = chosen.id.description
        if form["release"] == "allow" {
            try await release.consent(organisationID: organisationID, clientID: target.relyingParty, session: session)
        }
        switch try await release.release(organisationID: organisationID, clientID: target.relyingParty, session: session) {
        case .released: return .chosen(.organisation(id: organisationID))
        case .consentRequired(let organisation): return .page(releasePage(request, organisation: organisation, target: target))
        }
    }

    /// What the flow releases for the chosen party.
    enum Release {
        case person
        case organisation(ReleasedOrganisation)
        /// The membership, the general release or the consent ended after the choice.
        case refused
    }

    func release(for party: ActingParty?, relyingParty: String, session: AuthenticatedSession) async throws -> Release {
        guard case .organisation(let id) = party else { return .person }
        do {
            guard case .released(let organisation) = try await release.release(organisationID: id, clientID: relyingParty, session: session)
            else { return .refused }
            return .organisation(organisation)
        } catch let error as OrganisationError where error.code == .notFound || error.code == .keyUnavailable {
            return .refused
        }
    }

    /// The page for ``Release/refused``.
    func refusedPage(_ request: Request) -> Response {
        pages.message(request, page: "acting-refused", status: .forbidden, heading: "acting.refused.title",
                      paragraphs: ["acting.refused.text"], link: (href: "/account", text: "common.back"))
    }

    private func releasePage(_ request: Request, organisation: ReleasedOrganisation, target: Target) -> Response {
        let texts = pages.texts(request)
        let profile = organisation.profile
        let data: [(String, String)] = [
            ("organisation.field.name", profile.name.value),
            ("organisation.field.legalForm", texts["organisation.legalForm.\(OrganisationFormView.key(profile.legalForm))"]),
            ("organisation.yourRole", texts["organisation.role.\(organisation.role.rawValue)"]),
        ]
        var response = pages.render("acting-release", request, values: [
            "intro": texts.format("acting.release.intro", ["organisation": profile.name.value, "service": target.serviceName]),
            "data": data.map { ["label": texts[$0.0], "value": $0.1] },
            "action": target.action, "handle": target.handle, "organisationID": organisation.id,
        ])
        if let formRedirect = target.formRedirect { response.allowFormRedirect(to: formRedirect) }
        return response
    }
}
