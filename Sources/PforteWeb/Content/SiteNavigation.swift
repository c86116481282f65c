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

    /// Pages that hand the browser on to a portal or a Land (the HTTP-POST binding's form): their
    /// one form must be the first, and a menu there would lead away in the middle of a login.
    private static let handOffTemplates: Set<String> = ["saml-post"]

    /// Whether a page shows the citizens' "Anmelden" or their menu and "Abmelden". The service
    /// desk's console has its own login and navigation, and hand-off pages show neither.
    static func showsCitizenNavigation(path: String, template: String) -> Bool {
        path != "/staff" && !path.hasPrefix("/staff/") && !handOffTemplates.contains(template)
    }

    /// The menu items the request's session may use.
    static var accountMenuOfSession: [Item] {
        federatedSession ? accountMenu.filter { !$0.localAccountsOnly } : accountMenu
    }
}
