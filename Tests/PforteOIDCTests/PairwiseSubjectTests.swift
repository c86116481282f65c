import Foundation
import PforteCore
import PforteCrypto
import Testing

@testable import PforteOIDC

@Suite struct PairwiseSubjectTests {
    private static func withSubjects(_ body: (PairwiseSubject, KeyDirectory) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-oidc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = KeyDirectory(url: url)
        try body(PairwiseSubject(installationSecret: try directory.installationSecret()), directory)
    }

    private func client(_ id: String, _ uris: [String], sector: String? = nil) throws -> ClientRegistration {
        try ClientRegistration(clientID: id, name: id, redirectURIs: uris, sectorIdentifierHost: sector)
    }

    private let account = "AAAAAAAAAAAAAAAAAAAAAA"
    private let other = "AAAAAAAAAAAAAAAAAAAAAQ"

    @Test func theSubjectIsStablePerSectorAndDiffersAcrossSectors() throws {
        try Self.withSubjects { subjects, directory in
            let portal = try client("portal", ["https://portal.example.de/cb"])
            let sameHost = try client("portal-2", ["https://portal.example.de/other"])
            let elsewhere = try client("shop", ["https://shop.example.de/cb"])
            let sub = subjects.subject(accountID: account, client: portal)

            #expect(Data(base64URLEncoded: sub)?.count == 32)
            #expect(subjects.subject(accountID: account, client: sameHost) == sub)
            #expect(subjects.subject(accountID: account, client: elsewhere) != sub)
            #expect(subjects.subject(accountID: other, client: portal) != sub)
            // Another node with the same installation secret computes the same subject.
            #expect(PairwiseSubject(installationSecret: try directory.installationSecret()).subject(accountID: account, client: portal) == sub)
        }
    }

    @Test func aSectorIdentifierJoinsClientsOnSeveralHosts() throws {
        try Self.withSubjects { subjects, _ in
            let spread = try client("spread", ["https://a.example.de/cb", "https://b.example.de/cb"], sector: "example.de")
            let single = try client("single", ["https://c.example.de/cb"], sector: "example.de")
            #expect(subjects.subject(accountID: account, client: spread) == subjects.subject(accountID: account, client: single))
        }
    }

    @Test func anOrganisationsIdentifierIsPairwiseUnderItsOwnKey() throws {
        try Self.withSubjects { subjects, directory in
            let organisations = PairwiseSubject(installationSecret: try directory.installationSecret(), kind: .organisation)
            let portal = try client("portal", ["https://portal.example.de/cb"])
            let elsewhere = try client("shop", ["https://shop.example.de/cb"])
            let id = organisations.subject(accountID: account, client: portal)
            #expect(id != subjects.subject(accountID: account, client: portal))
            #expect(id != organisations.subject(accountID: account, client: elsewhere))
            #expect(id == organisations.subject(accountID: account, client: try client("portal-2", ["https://portal.example.de/x"])))
        }
    }

    @Test func theOrganisationClaimIsOneObjectInUserInfo() throws {
        var claims = UserClaims(
            profile: Profile(academicTitle: nil, givenNames: try PersonName("Max"), familyName: try PersonName("Muster"),
                             dateOfBirth: nil, address: nil),
            email: "max@example.de", trustLevel: .normal, scopes: [.openid, .organisation]
        )
        #expect(claims.organisation == nil)
        claims.organisation = OrganisationClaim(id: "pairwise", name: "Muster Bau GmbH", legalForm: "gmbh", role: "member")
        let document = try JSONSerialization.jsonObject(with: UserInfoDocument(subject: "sub", claims: claims).jsonDocument()) as? [String: Any]
        #expect(document?["organisation"] as? [String: String] == [
            "id": "pairwise", "name": "Muster Bau GmbH", "legal_form": "gmbh", "role": "member",
        ])
        #expect(document?["given_name"] == nil)
    }
}
