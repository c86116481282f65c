import PforteCore
@testable import PforteSAML
import Testing

@Suite struct AttributeProfileTests {
    @Test func aFullProfileReleasesOnlyWhatIsAllowed() throws {
        let profile = Profile(
            academicTitle: try AcademicTitle("Dr."), givenNames: try PersonName("Anna Lena"), familyName: try PersonName("Weiß"),
            dateOfBirth: try PartialDate(year: 1970, month: 3), address: try PostalAddress(
                street: "Hauptstraße", houseNumber: "2a", postalCode: "10115", city: "Berlin", countryCode: "de"
            )
        )
        let values = ReleasableAttributes(email: "anna@example.de", profile: profile)
        let released = AttributeProfile.release(["c", "mail", "street", "dateOfBirth", "unknown"], from: values)
        #expect(released.map(\.0.friendlyName) == ["mail", "dateOfBirth", "street", "c"])
        #expect(released.map(\.1) == ["anna@example.de", "1970-03", "Hauptstraße 2a", "DE"])
        #expect(released.allSatisfy { $0.0.name.hasPrefix("urn:oid:") })
    }

    @Test func missingValuesAreLeftOut() throws {
        let profile = Profile(academicTitle: nil, givenNames: try PersonName("Max"), familyName: try PersonName("Muster"),
                              dateOfBirth: nil, address: nil)
        let released = AttributeProfile.release(AttributeProfile.all.map(\.friendlyName),
                                                from: ReleasableAttributes(email: "max@example.de", profile: profile))
        #expect(released.map(\.0.friendlyName) == ["mail", "givenName", "sn"])
    }

    @Test func anOrganisationIsReleasedOnlyToAnSPAllowedItsAttributes() throws {
        let profile = Profile(academicTitle: nil, givenNames: try PersonName("Max"), familyName: try PersonName("Muster"),
                              dateOfBirth: nil, address: nil)
        var values = ReleasableAttributes(email: "max@example.de", profile: profile)
        values.add(organisation: "pairwise", name: "Muster Bau GmbH", legalForm: "gmbh", role: "admin")
        #expect(AttributeProfile.release(["mail"], from: values).map(\.0.friendlyName) == ["mail"])
        let released = AttributeProfile.release(["mail"] + AttributeProfile.organisational, from: values)
        #expect(released.map(\.0.name) == [
            "urn:oid:0.9.2342.19200300.100.1.3", "urn:oid:2.5.4.10", "urn:oid:2.5.4.97", "urn:oid:2.5.4.15", "urn:oid:2.16.840.1.113730.3.1.4",
        ])
        #expect(released.map(\.1) == ["max@example.de", "Muster Bau GmbH", "pairwise", "gmbh", "admin"])
    }
}
