import Foundation
import HummingbirdTesting
import PforteCore
import Testing

/// Issue #19 item 1: creating an organisation records the consent declaration version its
/// creating admin accepted, shown on their security page; a form that showed another version
/// creates nothing. On both stores.
@Suite struct OrganisationConsentTests {
    private static let organisation = [
        "name": "Muster Bau GmbH", "legalForm": "gmbh", "seat": "Dresden", "street": "Archivstraße", "houseNumber": "12",
        "postalCode": "01097", "city": "Dresden", "countryCode": "DE", "email": "info@muster-bau.example",
        "adult": "yes", "consent": "yes",
    ]

    @Test(arguments: WebTestBackend.all)
    func creationRecordsTheConsentVersionInForce(_ backend: WebTestBackend) async throws {
        let consent = TermsCatalog.placeholder.versions.first { $0.kind == .organisation }!
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            let login = try await browser.get("/login")
            _ = try await browser.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password], from: login)
            let page = try await browser.get("/organisations/new")
            #expect(page.body.contains(#"name="consentVersion" value="\#(consent.id)""#))
            #expect(page.body.contains(#"id="consent-link""#))

            let stale = try await browser.post("/organisations/new", Self.organisation.merging(["consentVersion": "old"]) { $1 }, from: page)
            #expect(stale.status == .badRequest && stale.body.contains("Einwilligungserklärung wurde inzwischen geändert"))
            #expect(try await browser.get("/organisations").body.contains("Muster Bau GmbH") == false, "nothing was created")
            #expect(!(try await browser.get("/account/security")).body.contains("Einwilligungserklärung für Organisationskonten"))

            let created = try await browser.post("/organisations/new",
                                                 Self.organisation.merging(["consentVersion": consent.id]) { $1 }, from: page)
            #expect(created.status == .seeOther && created.location?.hasSuffix("?done=created") == true)
            let security = try await browser.get("/account/security")
            #expect(security.body.contains("Einwilligungserklärung für Organisationskonten"))
            #expect(security.body.contains("<td>\(consent.id)</td>"))
        }
    }
}
