import PforteCore

/// A Land's attributes (Pforte friendly names, see `FederationAttributes`) as the profile a
/// federated session holds, validated by the same rules as a registration's. A value Pforte's
/// rules refuse is left out rather than passed on; without a valid name there is no profile.
enum FederatedProfile {
    static func make(_ attributes: [String: String]) -> Profile? {
        guard let given = attributes["givenName"].flatMap({ try? PersonName($0) }),
              let family = attributes["sn"].flatMap({ try? PersonName($0) })
        else { return nil }
        return Profile(
            academicTitle: attributes["personalTitle"].flatMap { try? AcademicTitle($0) },
            givenNames: given, familyName: family,
            dateOfBirth: attributes["dateOfBirth"].flatMap(date), address: address(attributes)
        )
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as ``PartialDate`` writes it.
    private static func date(_ text: String) -> PartialDate? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        return try? PartialDate(year: parts[0]!, month: parts.count > 1 ? parts[1] : nil, day: parts.count > 2 ? parts[2] : nil)
    }

    /// The table's `street` carries street and house number, as Pforte releases it: split at
    /// the last space.
    private static func address(_ attributes: [String: String]) -> PostalAddress? {
        guard let street = attributes["street"], let postalCode = attributes["postalCode"], let city = attributes["l"],
              let space = street.lastIndex(of: " ")
        else { return nil }
        return try? PostalAddress(
            street: String(street[..<space]), houseNumber: String(street[street.index(after: space)...]),
            postalCode: postalCode, city: city, countryCode: attributes["c"] ?? "DE"
        )
    }
}
