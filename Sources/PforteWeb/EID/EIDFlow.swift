import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteEID

/// The AusweisApp flow (issue 6; eid.md "Message sequence"): what its endpoints share.
///
/// The browser starts a step (``EIDStartEndpoint``), the eID-Client fetches the TC Token and
/// calls the RefreshAddress without the browser's cookies (``EIDTCTokenEndpoint``,
/// ``EIDRefreshEndpoint``), and the browser finishes (``EIDFinishEndpoint``). Between them the
/// step lives in the store under one-time handles (``EIDTransactions``); a cookie set at the
/// start binds the finish to the starting browser, so a link copied from the eID-Client into
/// another browser logs nobody in.
struct EIDFlow: Sendable {
    let connector: any EIDConnector
    /// Where the eID-Client runs the card session when `useID` names no `eCardServerAddress`.
    let fallbackServerAddress: URL?
    let publicURL: URL
    let dependencies: AccountPageDependencies
    var pages: Pages { dependencies.pages }
    var transactions: EIDTransactions { dependencies.services.eIDTransactions }

    /// What Pforte asks the card for: the pseudonym (always, ``EIDAttributeRequest``), the
    /// names and date of birth a profile needs, and — deselectable — the locked fields the user
    /// may keep to themselves (design §4).
    static let attributeRequest = (
        required: Set<EIDAttribute>([.givenNames, .familyNames, .dateOfBirth]),
        allowed: Set<EIDAttribute>([.academicTitle, .placeOfResidence, .documentType])
    )

    /// `publicURL` + `path` + `?handle=…`.
    func url(_ path: String, handle: String) -> URL {
        var components = URLComponents(url: publicURL, resolvingAgainstBaseURL: false)!
        components.path = (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path) + path
        components.queryItems = [URLQueryItem(name: "handle", value: handle)]
        return components.url!
    }

    /// The readable page for a failed step: `reason` is an ``EIDError/Code`` raw value or one of
    /// the flow's own reasons; each has its `eid.error.<reason>` text.
    func failurePage(_ request: Request, reason: String, status: HTTPResponse.Status = .badRequest) -> Response {
        let known = EIDError.Code(rawValue: reason) != nil || Self.flowReasons.contains(reason)
        return pages.message(request, page: "eid-failed", status: status, heading: "eid.failed.title",
                             paragraphs: ["eid.error.\(known ? reason : "unknown")"], link: (href: "/login", text: "common.toLogin"))
    }

    /// Redirects the eID-Client's browser to the failure page (the RefreshAddress's answer).
    func failureRedirect(_ reason: String) -> Response {
        pages.redirect(publicURL.appendingPathComponent("eid/failed").absoluteString + "?reason=\(reason)")
    }

    /// Reasons the flow itself reports, beside the connector's ``EIDError/Code``s.
    static let flowReasons: Set<String> = [
        "unknown_step", "client_error", "communication", "wrong_account", "not_activated", "linked_elsewhere",
        "identity_mismatch", "different_card", "incomplete", "other_browser",
    ]

    /// The reason shown for an ``AccountError`` of an eID step.
    static func reason(for error: AccountError) -> String? {
        switch error.code {
        case .notActivated: "not_activated"
        case .eIDLinkedElsewhere: "linked_elsewhere"
        case .eIDIdentityMismatch: "identity_mismatch"
        case .eIDDifferentCard: "different_card"
        case .eIDIncomplete: "incomplete"
        case .eIDWrongAccount: "wrong_account"
        default: nil
        }
    }

    /// The step the handle names, if the browser holds its binding cookie.
    func boundStep(_ handle: String?, _ request: Request) async throws -> EIDTransaction? {
        guard let handle, let transaction = try await transactions.find(handle, stage: .finish),
              transactions.isBound(transaction, to: request.cookies[pages.cookies.eIDBindingCookieName]?.value)
        else { return nil }
        return transaction
    }

    func bindingCookie(_ value: String) -> Cookie {
        pages.cookies.cookie(name: pages.cookies.eIDBindingCookieName, value: value, maxAge: Int(EIDTransactions.stepLifetime))
    }

    var expiredBindingCookie: Cookie {
        pages.cookies.expired(name: pages.cookies.eIDBindingCookieName)
    }

    /// Completes a login of the browser: the session's cookie (the kept session of a step-up, or
    /// a new one), on to where the login was for — or, for a card of another account than the
    /// session's, the person-switch page first.
    func loggedIn(_ cookie: SessionCookie, _ session: AuthenticatedSession, continuation: String?,
                  context: PforteRequestContext) async throws -> Response {
        context.logger.info("eid login", metadata: ["level": "\(session.trustLevel.rawValue)"])
        var response = PersonSwitch.loggedIn(cookie, session, next: continuation ?? "/account",
                                             target: continuation.flatMap(FederationTarget.init(continuation:)),
                                             dependencies: dependencies, context: context)
        response.setCookie(expiredBindingCookie)
        return response
    }
}
