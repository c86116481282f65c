import Foundation
import Hummingbird
import Logging

/// The pages of text linked from every page: the four legal pages (``LegalTexts``) and the
/// citizen help at `/hilfe`, from `Resources/Help/account-help.md` — German, a `---` line, then
/// English. Both are rendered once at start.
struct ContentPages: Sendable {
    let pages: Pages
    let legal: LegalTexts
    let help: [UILanguage: SafeMarkdown.Rendered]

    init(pages: Pages, legalDirectory: URL, resources: URL, logger: Logger) throws {
        self.pages = pages
        legal = try LegalTexts(directory: legalDirectory, shipped: resources.appendingPathComponent("Legal"), logger: logger)
        let source = try String(contentsOf: resources.appendingPathComponent("Help/account-help.md"), encoding: .utf8)
        let parts = source.components(separatedBy: "\n---\n")
        help = [.de: SafeMarkdown.render(parts[0]), .en: SafeMarkdown.render(parts.count > 1 ? parts[1] : parts[0])]
    }

    func register(on router: RouterGroup<PforteRequestContext>) {
        for page in LegalPage.allCases {
            router.get(RouterPath(page.path)) { request, _ in
                let language = UILanguage.negotiate(for: request)
                let text = legal.text(page, in: language)
                return render(text.rendered, fallbackTitle: pages.texts(request)[page.titleKey], page: "legal-\(page.rawValue)",
                              contentLanguage: text.language == language ? nil : text.language, request)
            }
        }
        router.get("/hilfe") { request, _ in
            render(help[UILanguage.negotiate(for: request)]!, fallbackTitle: pages.texts(request)["layout.help"], page: "help",
                   contentLanguage: nil, request)
        }
    }

    private func render(_ text: SafeMarkdown.Rendered, fallbackTitle: String, page: String, contentLanguage: UILanguage?,
                        _ request: Request) -> Response {
        var values: [String: Any] = [
            "title": text.title ?? fallbackTitle,
            "hasHeadingOne": text.hasHeadingOne,
            "html": text.html,
        ]
        values["contentLang"] = contentLanguage?.rawValue
        return pages.render("content", request, page: page, values: values)
    }
}
