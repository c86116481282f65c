/// The account menu every logged-in page shows under the header (seed 003: "Mein Bereich";
/// logout is the header's button beside it).
enum SiteNavigation {
    /// Whether the live session of the request is another Land's account, as
    /// ``SessionMiddleware`` found it. A task local for the same reason as
    /// ``CSRFProtection/binding``: pages render from the request alone.
    @TaskLocal static var federatedSession = false

    struct Item: Sendable {
        let href: String
        let textKey: String
        /// The Land owns a federated account's data, so its pages refuse such sessions (issue #19).
        var localAccountsOnly = false

        /// The item of the page shown and of the pages below it (`/organisations/…`).
        func isCurrent(_ path: String) -> Bool {
            path == href || (href != "/account" && path.hasPrefix(href + "/"))
        }
    }

    private static let accountMenu = [
        Item(href: "/account", textKey: "layout.menu.overview"),
        Item(href: "/account/profile", textKey: "layout.menu.profile", localAccountsOnly: true),
        Item(href: "/account/security", textKey: "layout.menu.security"),
        Item(href: "/organisations", textKey: "layout.menu.organisations", localAccountsOnly: true),
    ]

    /// Whether a page at `path` belongs to the citizens' pages. The service desk's console has
    /// its own login and navigation, so it offers neither the citizens' login nor their menu.
    static func isCitizenArea(_ path: String) -> Bool {
        path != "/staff" && !path.hasPrefix("/staff/")
    }

    /// The menu items the request's session may use.
    static var accountMenuOfSession: [Item] {
        federatedSession ? accountMenu.filter { !$0.localAccountsOnly } : accountMenu
    }
}
