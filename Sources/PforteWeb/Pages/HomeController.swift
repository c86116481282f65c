import Foundation
import Hummingbird

/// `GET /`: the start page of the account; `GET /static/pforte.css`, the one stylesheet every
/// page uses, in the operator's main colour; and `GET /static/logo`, the operator's logo. Both
/// are served from memory: they are small and never change while a node runs.
struct HomeController: Sendable {
    let pages: Pages
    let stylesheet: ByteBuffer
    let logo: Branding.Logo?

    init(pages: Pages, resources: URL, branding: Branding) throws {
        self.pages = pages
        let shipped = try String(contentsOf: resources.appendingPathComponent("Static/pforte.css"), encoding: .utf8)
        stylesheet = ByteBuffer(string: branding.stylesheet(shipped))
        logo = branding.logo
    }

    /// The start page joins `pageRouter` (it shows the session's navigation), the static files
    /// the plain router.
    func register(on router: Router<PforteRequestContext>, pages pageRouter: RouterGroup<PforteRequestContext>) {
        pageRouter.get("/") { request, _ in
            pages.render("home", request)
        }
        router.get("/static/pforte.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet)
            )
        }
        if let logo {
            // An SVG opened on its own is a document: it may run nothing and load nothing.
            router.get("/static/logo") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: logo.contentType, .cacheControl: "public, max-age=3600",
                              .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox"],
                    body: .init(byteBuffer: logo.body)
                )
            }
        }
    }
}
