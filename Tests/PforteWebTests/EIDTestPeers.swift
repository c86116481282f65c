import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PforteCore
import PforteEID
import Synchronization

/// Stands in for the eID-Server behind the connector: it answers `useID` with a fresh session
/// and `getResult` with what the test scripted for the next card session. An external peer,
/// not a database, so a scripted one is no fake of the store; the SOAP side has its own tests
/// in PforteEIDTests and the simulator runs in the interop tests.
final class ScriptedEIDServer: EIDConnector {
    private let next = Mutex<Result<EIDPersonalData, EIDError>>(.failure(EIDError(.noResultYet)))
    private let results = Mutex(0)

    /// What the next `getResult` answers.
    func script(_ outcome: Result<EIDPersonalData, EIDError>) {
        next.withLock { $0 = outcome }
    }

    /// How many times `getResult` was called.
    var resultCalls: Int { results.withLock { $0 } }

    func startSession(_ request: EIDAttributeRequest) async throws(EIDError) -> EIDSessionStart {
        EIDSessionStart(sessionID: UUID().uuidString, psk: request.psk, eCardServerAddress: nil)
    }

    func result(of session: EIDSessionStart) async throws(EIDError) -> EIDPersonalData {
        results.withLock { $0 += 1 }
        return try next.withLock { $0 }.get()
    }

    func serverInfo() async throws(EIDError) -> EIDServerInfo {
        throw EIDError(.transport, debugReason: "not used")
    }

    static func erika(pseudonym: String = String(repeating: "ab", count: 32)) throws -> EIDPersonalData {
        let allowed: [EIDAttribute: EIDAttributeAvailability] = [
            .givenNames: .allowed, .familyNames: .allowed, .dateOfBirth: .allowed, .placeOfResidence: .allowed,
            .academicTitle: .allowed, .documentType: .allowed,
        ]
        return EIDPersonalData(
            restrictedID: pseudonym, documentType: "ID", issuingState: "D", dateOfExpiry: nil, givenNames: "ERIKA",
            familyNames: "MUSTERMANN", birthName: "GABLER", artisticName: nil, academicTitle: nil,
            dateOfBirth: try PartialDate(year: 1964, month: 8, day: 12), placeOfBirth: .freetext("BERLIN"),
            placeOfResidence: .structured(EIDStructuredPlace(street: "HEIDESTRASSE 17", city: "KÖLN", state: nil, country: "D",
                                                             zipCode: "51147")),
            nationality: "D", operationsAllowedByUser: allowed, levelOfAssurance: EIDLevelOfAssurance.hoch
        )
    }
}

/// A browser against the router test client: keeps cookies, reads CSRF tokens, never follows
/// redirects by itself.
final class TestBrowser: Sendable {
    let client: any TestClientProtocol
    /// The browser's address as a reverse proxy reports it (`X-Forwarded-For`), for tests
    /// that set `server.trusted_proxy_hops`.
    let forwardedFor: String?
    private let cookies = Mutex<[String: String]>([:])

    init(_ client: any TestClientProtocol, forwardedFor: String? = nil) {
        self.client = client
        self.forwardedFor = forwardedFor
    }

    struct Page {
        let status: HTTPResponse.Status
        let location: String?
        let body: String
    }

    func get(_ uri: String, withCookies: Bool = true) async throws -> Page {
        try await send(uri, method: .get, body: nil, withCookies: withCookies)
    }

    /// Posts `fields` with the CSRF token found in `page`.
    func post(_ uri: String, _ fields: [String: String], from page: Page) async throws -> Page {
        var fields = fields
        fields["csrf_token"] = Self.csrfToken(in: page.body)
        return try await submit(uri, fields, withCookies: true)
    }

    /// Posts `fields` as another site's page does: no CSRF token, and no cookies unless a
    /// `SameSite=Lax` cookie would go along (it does not on a cross-site POST).
    func submit(_ uri: String, _ fields: [String: String], withCookies: Bool = false) async throws -> Page {
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
        return try await send(uri, method: .post, body: body, withCookies: withCookies)
    }

    func cookie(_ name: String) -> String? {
        cookies.withLock { $0[name] }
    }

    /// Sets a cookie as another site or an earlier visit could have left it.
    func setCookie(_ name: String, _ value: String) {
        cookies.withLock { $0[name] = value }
    }

    /// Drops a cookie as the browser does when its `Max-Age` has passed.
    func removeCookie(_ name: String) {
        cookies.withLock { $0[name] = nil }
    }

    static func csrfToken(in html: String) -> String? {
        html.firstMatch(of: /name="csrf_token" value="([^"]+)"/).map { String($0.1) }
    }

    /// The path and query of a URL, for the router client.
    static func local(_ url: String) -> String {
        guard let components = URLComponents(string: url), components.host != nil else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    private func send(_ uri: String, method: HTTPRequest.Method, body: String?, withCookies: Bool) async throws -> Page {
        var headers: HTTPFields = [:]
        if withCookies {
            let header = cookies.withLock { $0.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            if !header.isEmpty { headers[.cookie] = header }
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        return try await client.execute(uri: Self.local(uri), method: method, headers: headers,
                                        body: body.map { ByteBuffer(string: $0) }) { response in
            if withCookies {
                for setCookie in response.headers[values: .setCookie] {
                    let pair = setCookie.prefix { $0 != ";" }.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                    guard pair.count == 2 else { continue }
                    self.cookies.withLock { $0[pair[0]] = setCookie.contains("Max-Age=0") ? nil : pair[1] }
                }
            }
            return Page(status: response.status, location: response.headers[.location], body: String(buffer: response.body))
        }
    }
}
