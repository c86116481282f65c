import Foundation
import PforteCore

/// The JSON form of an ``EIDTransaction`` inside its sealed record. Like ``StoredProfile``, it
/// holds plain fields and re-validates the card's values on the way back.
///
/// - Important: The field names are part of the stored format (records live 15 minutes, so a
///   change only breaks steps in flight during an upgrade).
struct StoredEIDTransaction: Codable {
    struct Identity: Codable {
        var pseudonym: String
        var academicTitle: String?
        var givenNames: String?
        var familyName: String?
        var dateOfBirth: StoredProfile.Birth?
        var address: StoredProfile.Address?
        var delivered: [String]
    }

    var purpose: EIDTransaction.Purpose
    var continuation: String?
    var accountID: String?
    var browserBinding: String
    var connectorSession: Data?
    var identity: Identity?

    init(_ transaction: EIDTransaction) {
        purpose = transaction.purpose
        continuation = transaction.continuation
        accountID = transaction.accountID
        browserBinding = transaction.browserBinding
        connectorSession = transaction.connectorSession
        identity = transaction.identity.map { identity in
            Identity(
                pseudonym: identity.pseudonym, academicTitle: identity.academicTitle?.value, givenNames: identity.givenNames?.value,
                familyName: identity.familyName?.value,
                dateOfBirth: identity.dateOfBirth.map { StoredProfile.Birth(year: $0.year, month: $0.month, day: $0.day) },
                address: identity.address.map(StoredProfile.Address.init), delivered: identity.delivered.map(\.rawValue).sorted()
            )
        }
    }

    func transaction() throws -> EIDTransaction {
        var transaction = EIDTransaction(purpose: purpose, continuation: continuation, accountID: accountID, browserBinding: browserBinding)
        transaction.connectorSession = connectorSession
        transaction.identity = try identity.map { stored in
            EIDIdentity(
                pseudonym: stored.pseudonym, academicTitle: try stored.academicTitle.map(AcademicTitle.init),
                givenNames: try stored.givenNames.map(PersonName.init), familyName: try stored.familyName.map(PersonName.init),
                dateOfBirth: try stored.dateOfBirth.map { try PartialDate(year: $0.year, month: $0.month, day: $0.day) },
                address: try stored.address.map { try $0.postalAddress() },
                delivered: Set(stored.delivered.compactMap(ProfileField.init(rawValue:)))
            )
        }
        return transaction
    }
}
