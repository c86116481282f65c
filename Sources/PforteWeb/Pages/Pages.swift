import Hummingbird
import PforteAccounts

/// What every page handler needs: rendering in the request's language with a CSRF token for
/// its forms, reading posted forms only when that token is genuine, and redirects.
struct Pages: Sendable {
    let renderer: PageRenderer
    let csrf: CSRFProtection
    let cookies: CookiePolicy

    func texts(_ request: Request) -> MessageCatalog {
        renderer.catalog(UILanguage.negotiate(for: request))
    }

    func mailLanguage(_ request: Request) -> MailLanguage {
        switch UILanguage.negotiate(for: request) {
        case .de: .german
        case .en: .english
        }
    }

    /// Renders `template`; its `<main>` carries `data-page="\(page)"` (the template's name unless
    /// given), and forms find their token as `csrfToken`.
    func render(_ template: String, _ request: Request, page: String? = nil, status: HTTPResponse.Status = .ok,
                values: [String: Any] = [:]) -> Response {
        let (token, newCookie) = csrf.token(for: request)
        var values = values
        values["csrfToken"] = token
        values["page"] = page ?? template
        var response = renderer.render(template, for: request, status: status, values: values)
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    /// A page of a heading, paragraphs and a link: confirmations and failures.
    func message(_ request: Request, page: String, status: HTTPResponse.Status = .ok, heading: String,
                 paragraphs: [String], link: (href: String, text: String)? = nil, moreLinks: [(href: String, text: String)] = [],
                 extra: String? = nil) -> Response {
        let texts = texts(request)
        var values: [String: Any] = [
            "heading": texts[heading],
            "paragraphs": paragraphs.map { texts[$0] },
        ]
        if let link { values["link"] = ["href": link.href, "text": texts[link.text]] }
        values["moreLinks"] = moreLinks.map { ["href": $0.href, "text": texts[$0.text]] }
        values["reference"] = extra
        return render("notice", request, page: page, status: status, values: values)
    }

    /// The posted form, once its CSRF token and origin are found genuine.
    func form(_ request: Request) async throws -> SubmittedForm {
        let form: SubmittedForm
        do {
            form = try await SubmittedForm.read(request)
        } catch let error as FormParsingError {
            throw PageFailure.invalidForm(error)
        }
        guard csrf.isValid(request, submittedToken: form.optional(CSRFProtection.formField)) else {
            throw csrf.arrivedWithoutCookie(request) ? PageFailure.cookiesMissing : PageFailure.formExpired
        }
        return form
    }

    /// 303 See Other: after a post, the browser fetches `location` with GET, so reloading the
    /// result does not post again.
    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
