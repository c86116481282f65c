import Foundation
public import PforteCore

/// The attributes Pforte can release, named as the SAML V2.0 X.500/LDAP attribute profile
/// names them: `Name` is the `urn:oid:` of the LDAP attribute type, `NameFormat` is `uri`, and
/// `FriendlyName` the LDAP short name (the profile's §2.3), which SPs in the German federations
/// and pysaml2's attribute maps understand.
public struct AttributeDefinition: Sendable, Hashable {
    public let friendlyName: String
    public let oid: String

    public init(friendlyName: String, oid: String) {
        self.friendlyName = friendlyName
        self.oid = oid
    }

    public var name: String { "urn:oid:" + oid }
}

/// The values of one user's releasable attributes, from the login name and the unsealed
/// profile of the session (design §6: "Attributes are released to relying parties from that
/// session").
public struct ReleasableAttributes: Sendable, Equatable {
    public var values: [String: String]

    public init(email: String?, profile: Profile) {
        var values: [String: String] = [
            "givenName": profile.givenNames.value,
            "sn": profile.familyName.value,
        ]
        values["mail"] = email
        values["personalTitle"] = profile.academicTitle?.value
        values["dateOfBirth"] = profile.dateOfBirth?.description
        if let address = profile.address {
            values["street"] = "\(address.street) \(address.houseNumber)"
            values["postalCode"] = address.postalCode
            values["l"] = address.city
            values["c"] = address.countryCode
        }
        self.values = values
    }

    /// Adds the organisation the user acts for (issue #8). `identifier` is already pairwise for
    /// the SP (``NameIDIssuer/organisationIdentifier(_:serviceProvider:)``).
    public mutating func add(organisation identifier: String, name: String, legalForm: String, role: String) {
        values["organizationIdentifier"] = identifier
        values["o"] = name
        values["businessCategory"] = legalForm
        values["employeeType"] = role
    }
}

public enum AttributeProfile {
    /// Every attribute Pforte knows, in the order they are listed on the consent page.
    public static let all: [AttributeDefinition] = [
        AttributeDefinition(friendlyName: "mail", oid: "0.9.2342.19200300.100.1.3"),
        AttributeDefinition(friendlyName: "givenName", oid: "2.5.4.42"),
        AttributeDefinition(friendlyName: "sn", oid: "2.5.4.4"),
        AttributeDefinition(friendlyName: "personalTitle", oid: "0.9.2342.19200300.100.1.40"),
        // RFC 3739 §3.2.2 dateOfBirth (GeneralizedTime in X.500; written here as the ISO date,
        // with unknown parts left out as the profile stores them).
        AttributeDefinition(friendlyName: "dateOfBirth", oid: "1.3.6.1.5.5.7.9.1"),
        AttributeDefinition(friendlyName: "street", oid: "2.5.4.9"),
        AttributeDefinition(friendlyName: "postalCode", oid: "2.5.4.17"),
        AttributeDefinition(friendlyName: "l", oid: "2.5.4.7"),
        AttributeDefinition(friendlyName: "c", oid: "2.5.4.6"),
        // The organisation the user acts for, when they chose one: X.520 organizationName and
        // organizationIdentifier (here pairwise per SP), businessCategory for the legal form and
        // inetOrgPerson's employeeType for the role (`admin` or `member`).
        AttributeDefinition(friendlyName: "o", oid: "2.5.4.10"),
        AttributeDefinition(friendlyName: "organizationIdentifier", oid: "2.5.4.97"),
        AttributeDefinition(friendlyName: "businessCategory", oid: "2.5.4.15"),
        AttributeDefinition(friendlyName: "employeeType", oid: "2.16.840.1.113730.3.1.4"),
    ]

    /// The attributes that describe an organisation, not the person: an SP that may receive any
    /// of them is asked for "in whose name do you act".
    public static let organisational: Set<String> = ["o", "organizationIdentifier", "businessCategory", "employeeType"]

    /// Exchanged only between account federations (issue #7, docs/federation.md): bPK2, the
    /// pseudonymous person identifier of the German account federations, and the trust level
    /// (a STORK-QAA label or eIDAS URI, design §3). Not releasable by settings: a Land's SP gets
    /// the trust level with every assertion, nobody gets a pseudonym from Pforte's accounts.
    public static let pseudonym = AttributeDefinition(friendlyName: "bPK2", oid: "1.3.6.1.4.1.25484.494450.3")
    public static let trustLevel = AttributeDefinition(friendlyName: "trustLevel", oid: "1.2.40.0.10.2.1.1.261.94")

    public static func definition(named friendlyName: String) -> AttributeDefinition? {
        all.first { $0.friendlyName == friendlyName }
    }

    /// The allowed attributes that have a value, in the profile's order.
    public static func release(_ allowed: [String], from attributes: ReleasableAttributes) -> [(AttributeDefinition, String)] {
        all.compactMap { definition in
            guard allowed.contains(definition.friendlyName), let value = attributes.values[definition.friendlyName] else {
                return nil
            }
            return (definition, value)
        }
    }
}
