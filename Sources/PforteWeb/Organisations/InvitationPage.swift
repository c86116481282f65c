import Hummingbird
import PforteAccounts

/// `/organisations/invitation?token=…`: the invitee, logged in with a personal account,
/// accepts an invitation (seed 001 3 b aa). Access follows only after an admin confirms.
struct InvitationPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/organisations/invitation") { request, context in
            // Signed out, the login page would lose the link's token: say what to do instead.
            guard context.session != nil || context.sessionExpiry != nil else {
                return pages.message(request, page: "invitation-sign-in", heading: "invitationSignIn.title",
                                     paragraphs: ["invitationSignIn.text"], link: (href: "/login", text: "common.toLogin"))
            }
            return try await dependencies.localAccount(context, request) { session in
                let token = request.uri.queryParameters["token"].map(String.init) ?? ""
                do {
                    let invitation = try await dependencies.services.memberships.invitation(token: token, session: session)
                    return render(request, token: token, invitation: invitation)
                } catch let error as OrganisationError where error.code == .invalidInvitation {
                    return invalid(request)
                }
            }
        }
        router.post("/organisations/invitation") { request, context in
            let form = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                do {
                    try await dependencies.services.memberships.accept(token: form["token"], declaresAdult: form["adult"] == "yes",
                                                                       session: session, language: pages.mailLanguage(request))
                    context.logger.notice("invitation accepted", metadata: ["account": "\(session.accountID)"])
                    return pages.message(request, page: "invitation-accepted", heading: "invitationAccepted.title",
                                         paragraphs: ["invitationAccepted.text"], link: (href: "/organisations", text: "organisations.back"))
                } catch let error as OrganisationError {
                    switch error.code {
                    case .invalidInvitation: return invalid(request)
                    case .alreadyMember:
                        return pages.message(request, page: "invitation-member", status: .conflict, heading: "invitationMember.title",
                                             paragraphs: ["invitationMember.text"], link: (href: "/organisations", text: "organisations.back"))
                    default: throw error
                    }
                }
            }
        }
    }

    private func render(_ request: Request, token: String, invitation: OrganisationInvitation) -> Response {
        let texts = pages.texts(request)
        var fields: [FormField] = []
        if invitation.asksForAdultDeclaration {
            fields.append(FormField(name: "adult", label: texts["organisation.field.adult"], type: "checkbox",
                                    hint: texts["invitation.adultHint"], value: "yes"))
        }
        var values = FormView(fields).templateValues
        values["token"] = token
        values["intro"] = texts.format("invitation.intro", ["organisation": invitation.organisationName])
        return pages.render("invitation", request, values: values)
    }

    private func invalid(_ request: Request) -> Response {
        pages.message(request, page: "invitation-invalid", status: .notFound, heading: "invitationInvalid.title",
                      paragraphs: ["invitationInvalid.text"], link: (href: "/organisations", text: "organisations.back"))
    }
}
