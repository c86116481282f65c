import Foundation
import Hummingbird
import PforteAccounts
import PforteCore

/// The terms of use with privacy statement and the organisation consent declaration (issue #19
/// item 1): `/terms/<kind>/<version>` shows a version's documents; `/terms/accept` asks a
/// signed-in citizen for the versions in force not yet accepted, before the portal's request
/// or the account page continues. Declining leads to the account's deletion, with the
/// consequences said (seed 000: without acceptance "ist das … Fortführen eines Servicekontos
/// nicht möglich").
struct TermsPages: Sendable {
    let dependencies: AccountPageDependencies
    let documents: TermsDocuments
    private var pages: Pages { dependencies.pages }
    private var terms: TermsService { dependencies.services.terms }

    /// The acceptance page, continuing at the local path `next` afterwards.
    static func acceptance(continuing next: String) -> String {
        AccountLinkPath.termsAcceptance + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/terms/:kind/:version") { request, context in
            guard let kind = context.parameters.get("kind").flatMap(TermsKind.init(rawValue:)),
                  let version = terms.catalog.version(kind, id: context.parameters.get("version") ?? "")
                    ?? TermsCatalog.placeholder.version(kind, id: context.parameters.get("version") ?? "")
            else { throw HTTPError(.notFound) }
            return pages.render("terms", request, values: documentValues(version, request))
        }
        router.get(.init(AccountLinkPath.termsAcceptance)) { request, context in
            let next = Self.localPath(request.uri.queryParameters["next"].map(String.init))
            return try await dependencies.signedIn(context) { session in
                let pending = try await terms.pending(accountID: session.accountID.description)
                if pending.isEmpty { return pages.redirect(next) }
                return acceptancePage(request, pending: pending, next: next)
            }
        }
        router.post(.init(AccountLinkPath.termsAcceptance)) { request, context in
            let form = try await pages.form(request)
            let next = Self.localPath(form.optional("next"))
            return try await dependencies.signedIn(context) { session in
                let accountID = session.accountID.description
                let pending = try await terms.pending(accountID: accountID)
                if pending.isEmpty { return pages.redirect(next) }
                guard form.optional("decision") == "accept" else {
                    context.logger.info("terms version declined", metadata: ["versions": "\(pending.map(\.id))"])
                    return pages.render("terms-declined", request, values: ["reconsider": Self.acceptance(continuing: next)])
                }
                do {
                    for version in pending {
                        try await terms.accept(accountID: accountID, kind: version.kind,
                                               versionID: form.optional("version_\(version.kind.rawValue)") ?? "")
                    }
                } catch let error as AccountError where error.code == .termsVersionMismatch {
                    context.logger.notice("terms acceptance refused: the form named another version")
                    return acceptancePage(request, pending: try await terms.pending(accountID: accountID), next: next,
                                          error: pages.texts(request)["error.terms.outdated"], status: .badRequest)
                }
                context.logger.info("terms version accepted", metadata: ["versions": "\(pending.map(\.id))"])
                return pages.redirect(next)
            }
        }
    }

    private func acceptancePage(_ request: Request, pending: [TermsVersion], next: String, error: String? = nil,
                                status: HTTPResponse.Status = .ok) -> Response {
        let texts = pages.texts(request)
        var values: [String: Any] = [
            "next": next,
            "versions": pending.map { version in
                [
                    "kind": version.kind.rawValue, "id": version.id, "href": AccountLinkPath.terms(version),
                    "name": texts["terms.kind.\(version.kind.rawValue)"],
                    "effective": texts.format("terms.effective", ["date": version.effectiveDay]),
                ] as [String: Any]
            },
        ]
        if let error { values["errors"] = [["message": error, "field": "accept"]]; values["hasErrors"] = true }
        return pages.render("terms-accept", request, status: status, values: values)
    }

    private func documentValues(_ version: TermsVersion, _ request: Request) -> [String: Any] {
        let texts = pages.texts(request)
        let language = UILanguage.negotiate(for: request)
        let shown: [[String: Any]] = version.documents.map { name in
            guard let blocks = documents.blocks(of: name, language: language) else {
                return ["blocks": [["heading": false, "text": texts["terms.missing"]]]]
            }
            return ["blocks": blocks.map { ["heading": $0.heading, "text": $0.text] as [String: Any] }]
        }
        return [
            "heading": texts["terms.kind.\(version.kind.rawValue)"],
            "effective": texts.format("terms.effective", ["date": version.effectiveDay]),
            "version": version.id,
            "documents": shown.isEmpty ? [["blocks": [["heading": false, "text": texts["terms.placeholder"]]]]] : shown,
        ]
    }

    /// Only a local path is followed (no open redirect); anything else continues at the account.
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\") else { return "/account" }
        return text
    }
}
