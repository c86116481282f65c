/// The account menu every logged-in page shows under the header (seed 003: "Mein Bereich";
/// logout is the header's button beside it).
enum SiteNavigation {
    struct Item: Sendable {
        let href: String
        let textKey: String

        /// The item of the page shown and of the pages below it (`/organisations/…`).
        func isCurrent(_ path: String) -> Bool {
            path == href || (href != "/account" && path.hasPrefix(href + "/"))
        }
    }

    static let accountMenu = [
        Item(href: "/account", textKey: "layout.menu.overview"),
        Item(href: "/account/profile", textKey: "layout.menu.profile"),
        Item(href: "/account/security", textKey: "layout.menu.security"),
        Item(href: "/organisations", textKey: "layout.menu.organisations"),
    ]
}
