import PforteCore
import Testing

@Suite struct ProfileEditPolicyTests {
    private static func profile() throws -> Profile {
        Profile(givenNames: try PersonName("Anna"), familyName: try PersonName("Schmidt"))
    }

    private static func changes() throws -> [ProfileChange] {
        [
            .academicTitle(try AcademicTitle("Dr.")),
            .givenNames(try PersonName("Anna Maria")),
            .familyName(try PersonName("Müller")),
            .dateOfBirth(try PartialDate(year: 1970, month: 3, day: 21)),
            .address(try PostalAddress(
                street: "Markt", houseNumber: "1", postalCode: "06108", city: "Halle", countryCode: "DE"
            )),
        ]
    }

    @Test func lockedFieldsAreTheSeedsList() {
        #expect(ProfileEditPolicy.lockedFields == [.academicTitle, .givenNames, .familyName, .dateOfBirth, .address])
    }

    @Test func changeTouchesItsField() throws {
        #expect(try Self.changes().map(\.field) == ProfileField.allCases)
    }

    @Test func unverifiedAccountMayChangeEveryField() throws {
        var profile = try Self.profile()
        for change in try Self.changes() {
            profile = try ProfileEditPolicy.apply(change, to: profile, eIDVerified: false).get()
        }
        #expect(profile.academicTitle?.value == "Dr.")
        #expect(profile.givenNames.value == "Anna Maria")
        #expect(profile.familyName.value == "Müller")
        #expect(profile.dateOfBirth?.description == "1970-03-21")
        #expect(profile.address?.city == "Halle")
        profile = try ProfileEditPolicy.apply(.academicTitle(nil), to: profile, eIDVerified: false).get()
        #expect(profile.academicTitle == nil)
    }

    @Test func verifiedAccountCannotChangeLockedFields() throws {
        let profile = try Self.profile()
        for change in try Self.changes() {
            #expect(ProfileEditPolicy.apply(change, to: profile, eIDVerified: true) == .failure(.lockedField(change.field)))
        }
    }

    @Test func keepingALockedValueIsNoEdit() throws {
        let profile = try Self.profile()
        let same = ProfileChange.givenNames(try PersonName(" Anna "))
        #expect(ProfileEditPolicy.apply(same, to: profile, eIDVerified: true) == .success(profile))
        #expect(ProfileEditPolicy.apply(.address(nil), to: profile, eIDVerified: true) == .success(profile))
    }

    @Test func aRegistrationByCardNeedsBothNamesFromTheCard() throws {
        let card = EIDIdentity(
            pseudonym: "AB01", givenNames: try PersonName("Anna Maria"), familyName: try PersonName("Schmidt-Müller"),
            dateOfBirth: try PartialDate(year: 1970), address: nil, delivered: [.givenNames, .familyName, .dateOfBirth]
        )
        let profile = try #require(card.newProfile)
        #expect(profile.givenNames.value == "Anna Maria" && profile.familyName.value == "Schmidt-Müller")
        #expect(profile.dateOfBirth == card.dateOfBirth)
        let withoutFamilyName = EIDIdentity(pseudonym: "AB01", givenNames: try PersonName("Anna"), familyName: nil,
                                            dateOfBirth: nil, address: nil, delivered: [.givenNames])
        #expect(withoutFamilyName.newProfile == nil)
    }

    @Test func eIDSyncReplacesDeliveredFieldsOnly() throws {
        var profile = try Self.profile()
        profile.academicTitle = try AcademicTitle("Prof.")
        profile.address = try PostalAddress(street: "Alte Straße", houseNumber: "1", postalCode: "10115", city: "Berlin",
                                            countryCode: "DE")
        let eIDData = EIDIdentity(
            pseudonym: "AB01", givenNames: try PersonName("Anna Maria"), familyName: try PersonName("Schmidt-Müller"),
            dateOfBirth: try PartialDate(year: 1970), address: nil,
            delivered: [.academicTitle, .givenNames, .familyName, .dateOfBirth]
        )
        let synced = ProfileEditPolicy.applyEIDSync(eIDData, to: profile)
        #expect(synced.academicTitle == nil)
        #expect(synced.givenNames.value == "Anna Maria")
        #expect(synced.familyName.value == "Schmidt-Müller")
        #expect(synced.dateOfBirth == eIDData.dateOfBirth)
        // Not delivered (deselected, NoPlaceInfo): kept.
        #expect(synced.address == profile.address)
    }

    @Test func aCardMatchesAProfileByNamesAndDateOfBirth() throws {
        let profile = Profile(givenNames: try PersonName("Erika"), familyName: try PersonName("Mustermann"),
                              dateOfBirth: try PartialDate(year: 1964, month: 8, day: 12))
        func card(_ given: String, born: PartialDate?) throws -> EIDIdentity {
            EIDIdentity(pseudonym: "ab", givenNames: try PersonName(given), familyName: try PersonName("MUSTERMANN"),
                        dateOfBirth: born, address: nil, delivered: [.givenNames, .familyName, .dateOfBirth])
        }
        #expect(try card("ERIKA", born: PartialDate(year: 1964, month: 8, day: 12)).matches(profile))
        #expect(try !card("ERIKA", born: PartialDate(year: 1964)).matches(profile))
        #expect(try !card("ERIKA", born: nil).matches(profile))
        #expect(try !card("EVA", born: PartialDate(year: 1964, month: 8, day: 12)).matches(profile))
    }
}
