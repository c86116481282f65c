import Foundation
import Hummingbird

/// `GET /`: the start page of the account, and `GET /static/pforte.css`, the one stylesheet
/// every page uses (served from memory: it is small and never changes while a node runs).
struct HomeController: Sendable {
    let renderer: PageRenderer
    let stylesheet: ByteBuffer

    init(renderer: PageRenderer, resources: URL) throws {
        self.renderer = renderer
        self.stylesheet = ByteBuffer(data: try Data(contentsOf: resources.appendingPathComponent("Static/pforte.css")))
    }

    func register(on router: Router<PforteRequestContext>) {
        router.get("/") { request, _ in
            renderer.render("home", for: request)
        }
        router.get("/static/pforte.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet)
            )
        }
    }
}
