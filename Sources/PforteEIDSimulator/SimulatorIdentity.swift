import Crypto
import PforteCore
import PforteEID

/// A test identity the card endpoint can play: the specimen ERIKA MUSTERMANN and variants for
/// the edge cases a login must handle (eid.md).
struct SimulatorIdentity: Sendable {
    /// What `getResult` reports for a document that cannot be used.
    enum Document: Sendable {
        case valid
        /// Expired: `getResult#deniedDocument`.
        case expired
        /// Revoked: `getResult#invalidDocument`.
        case revoked
    }

    let name: String
    let document: Document
    /// Everything on the chip; the RestrictedID depends on the card (``cardName``).
    let chip: EIDPersonalData

    static let all: [String: SimulatorIdentity] = Dictionary(
        uniqueKeysWithValues: [
            erika(), erika(card: "erika-newcard"), incompleteBirth(), noAddress(),
            erika(card: "expired", document: .expired), erika(card: "revoked", document: .revoked),
            residencePermit(), max(),
        ].map { ($0.name, $0) }
    )

    /// `SHA-256("pforte-eid-simulator:" + card)`, hex: 32 bytes, stable across runs, different
    /// for every card — as a real pseudonym is for one sector.
    static func restrictedID(card: String) -> String {
        SHA256.hash(data: Array("pforte-eid-simulator:\(card)".utf8)).map {
            ($0 < 16 ? "0" : "") + String($0, radix: 16)
        }.joined()
    }

    private static let heidestrasse = EIDPlace.structured(EIDStructuredPlace(
        street: "HEIDESTRASSE 17", city: "KÖLN", state: nil, country: "D", zipCode: "51147"
    ))

    private static func erika(card: String = "erika", document: Document = .valid) -> SimulatorIdentity {
        person(
            card: card, document: document, type: "ID", givenNames: "ERIKA", familyNames: "MUSTERMANN",
            birthName: "GABLER", born: date(1964, 8, 12), residence: heidestrasse
        )
    }

    private static func incompleteBirth() -> SimulatorIdentity {
        person(
            card: "incomplete-birth", type: "ID", givenNames: "ERIKA", familyNames: "MUSTERMANN",
            birthName: "GABLER", born: date(1964), residence: heidestrasse
        )
    }

    private static func noAddress() -> SimulatorIdentity {
        person(
            card: "no-address", type: "ID", givenNames: "ERIKA", familyNames: "MUSTERMANN", birthName: "GABLER",
            born: date(1964, 8, 12), residence: .noPlaceInfo("keine Hauptwohnung in Deutschland")
        )
    }

    private static func residencePermit() -> SimulatorIdentity {
        person(
            card: "residence-permit", type: "AR", givenNames: "ANNA", familyNames: "MUSTERFRAU", birthName: nil,
            born: date(1990, 2, 28), residence: heidestrasse, nationality: "FRA", issuingState: "D"
        )
    }

    private static func max() -> SimulatorIdentity {
        person(
            card: "max", type: "ID", givenNames: "MAX", familyNames: "MUSTERMANN", birthName: nil,
            born: date(1980, 1, 1),
            residence: .structured(EIDStructuredPlace(
                street: "MUSTERWEG 1", city: "BERLIN", state: nil, country: "D", zipCode: "10115"
            )),
            title: "DR."
        )
    }

    private static func person(
        card: String, document: Document = .valid, type: String, givenNames: String, familyNames: String,
        birthName: String?, born: PartialDate, residence: EIDPlace, nationality: String = "D",
        issuingState: String = "D", title: String? = nil
    ) -> SimulatorIdentity {
        SimulatorIdentity(name: card, document: document, chip: EIDPersonalData(
            restrictedID: restrictedID(card: card), documentType: type, issuingState: issuingState,
            dateOfExpiry: document == .expired ? date(2020, 1, 31) : date(2029, 10, 31),
            givenNames: givenNames, familyNames: familyNames, birthName: birthName, artisticName: nil,
            academicTitle: title, dateOfBirth: born, placeOfBirth: .freetext("BERLIN"), placeOfResidence: residence,
            nationality: nationality, operationsAllowedByUser: [:], levelOfAssurance: EIDLevelOfAssurance.hoch
        ))
    }

    private static func date(_ year: Int, _ month: Int? = nil, _ day: Int? = nil) -> PartialDate {
        // The identities above are constants; a wrong one is a programming error.
        try! PartialDate(year: year, month: month, day: day)
    }
}
