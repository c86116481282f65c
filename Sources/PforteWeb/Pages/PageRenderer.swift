import Foundation
import Hummingbird
import Mustache

/// Renders server-side pages: Mustache templates in `Resources/Templates`, texts from the
/// message catalogues, one layout for all.
///
/// Pages work without JavaScript and load nothing from elsewhere, so their Content Security
/// Policy allows only our own stylesheet and images, forms posting back to us, and no framing.
struct PageRenderer: Sendable {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; report-uri /csp-report"

    private let library: MustacheLibrary
    private let catalogs: [UILanguage: MessageCatalog]
    private let secureCookies: Bool
    private let hasLogo: Bool

    /// - Parameters:
    ///   - secureCookies: mark cookies `Secure` (the public URL is https).
    ///   - branding: its name replaces the catalogues' `site.name`; with a logo the header shows it.
    init(resources: URL, secureCookies: Bool, branding: Branding = Branding()) async throws {
        self.secureCookies = secureCookies
        hasLogo = branding.logo != nil
        library = try await MustacheLibrary(directory: resources.appendingPathComponent("Templates").path)
        var catalogs: [UILanguage: MessageCatalog] = [:]
        for language in UILanguage.allCases {
            var catalog = try MessageCatalog.load(language, from: resources.appendingPathComponent("Locales"))
            if let name = branding.name {
                var flat = catalog.flat
                flat["site.name"] = name
                catalog = MessageCatalog(language: language, flat: flat)
            }
            catalogs[language] = catalog
        }
        self.catalogs = catalogs
    }

    func catalog(_ language: UILanguage) -> MessageCatalog {
        catalogs[language] ?? catalogs[.fallback]!
    }

    /// Renders `template` inside the layout, in the language negotiated for `request`. `values`
    /// are the page's own data; the layout adds the language, the texts (`t`) and the links of
    /// the language switch, the footer's and — with a live session and a CSRF token for the
    /// logout form among `values` — the account menu's. A language chosen with `?lang=` is
    /// remembered in a cookie.
    func render(_ template: String, for request: Request, status: HTTPResponse.Status = .ok, values: [String: Any] = [:]) -> Response {
        let language = UILanguage.negotiate(for: request)
        let path = request.linkPath
        let texts = catalog(language)
        var context = values
        context["t"] = texts.nested
        context["lang"] = language.rawValue
        context["hasLogo"] = hasLogo
        context["legalLinks"] = LegalPage.allCases.map { page in
            ["href": page.path, "text": texts[page.titleKey], "current": page.path == request.uri.path] as [String: Any]
        }
        let citizenArea = SiteNavigation.showsCitizenNavigation(path: request.uri.path, template: template)
        context["citizenArea"] = citizenArea
        if citizenArea, values["csrfToken"] != nil, CSRFProtection.binding.rendering != nil {
            context["signedIn"] = true
            context["menu"] = SiteNavigation.accountMenuOfSession.map { item in
                ["href": item.href, "text": texts[item.textKey], "current": item.isCurrent(request.uri.path)] as [String: Any]
            }
        }
        context["languages"] = UILanguage.allCases.map { other in
            [
                "code": other.rawValue,
                "name": catalog(other)["language.name"],
                "href": Self.languageLink(path: path, query: request.uri.query, language: other),
                "current": other == language,
            ] as [String: Any]
        }
        let html = library.render(context, withTemplate: template) ?? ""
        var response = Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: Self.contentSecurityPolicy],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
        response.headers[.contentLanguage] = language.rawValue
        if request.uri.queryParameters["lang"] == language.rawValue[...] {
            response.setCookie(Cookie(
                name: UILanguage.cookieName, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .lax
            ))
        }
        return response
    }

    /// The current page in `language`: the query is kept (a link from a mail carries its token
    /// there), only `lang` is replaced.
    static func languageLink(path: String, query: String?, language: UILanguage) -> String {
        let kept = (query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") && $0 != "lang" }
        return path + "?" + (kept + ["lang=\(language.rawValue)"]).joined(separator: "&")
    }
}
