/// How strongly a session has established who the user is (design §3).
///
/// The three levels follow the German naming of TR-03130 (`normal`, `substantiell`, `hoch`) and
/// map one-to-one onto the eIDAS levels of assurance and the STORK QAA levels that the
/// Servicekonto federation still sends. The order is by strength: `normal < substantiell < hoch`.
public enum TrustLevel: String, Sendable, CaseIterable, Comparable, Codable {
    /// E-mail address and password (design §3; seed 003: "Vertrauensniveau niedrig").
    case normal
    /// Reserved for a second factor, or a Land whose account asserts it (design §3).
    case substantiell
    /// The eID function of the ID card or residence permit (design §3).
    case hoch

    /// The eIDAS level-of-assurance URI, used as OIDC `acr` and SAML `AuthnContextClassRef`
    /// (design §3).
    public var eidasURI: String {
        switch self {
        case .normal: "http://eidas.europa.eu/LoA/low"
        case .substantiell: "http://eidas.europa.eu/LoA/substantial"
        case .hoch: "http://eidas.europa.eu/LoA/high"
        }
    }

    /// The STORK QAA label (design §3). The German account federations (BundID, BayernID, the
    /// interoperable Servicekonten) send it bare, as `AuthnContextClassRef` or as a trust-level
    /// attribute value, not as a URN; so Pforte writes and reads the bare form only.
    public var storkQAALabel: String {
        switch self {
        case .normal: "STORK-QAA-Level-1"
        case .substantiell: "STORK-QAA-Level-3"
        case .hoch: "STORK-QAA-Level-4"
        }
    }

    /// The national level-of-assurance URI of BSI TR-03130, which the eID service reports.
    public var nationalURI: String {
        switch self {
        case .normal: "http://bsi.bund.de/eID/LoA/normal"
        case .substantiell: "http://bsi.bund.de/eID/LoA/substantiell"
        case .hoch: "http://bsi.bund.de/eID/LoA/hoch"
        }
    }

    /// Reads a level from any of its identifiers: eIDAS URI, STORK QAA label or TR-03130 URI.
    ///
    /// Identifiers are compared exactly (URIs are case-sensitive in SAML and OIDC).
    /// `STORK-QAA-Level-2`, which design §3 does not map, is read as `normal`: rounding down never
    /// claims more assurance than a peer asserted. Anything else is `nil`.
    public init?(identifier: String) {
        if identifier == "STORK-QAA-Level-2" {
            self = .normal
            return
        }
        let match = Self.allCases.first {
            identifier == $0.eidasURI || identifier == $0.storkQAALabel || identifier == $0.nationalURI
        }
        guard let match else { return nil }
        self = match
    }

    /// Whether a session at this level may be used where `required` is needed: a level satisfies
    /// every level up to itself, never a stronger one (design §3: "the result's level is never
    /// lower than requested").
    public func satisfies(_ required: TrustLevel) -> Bool {
        self >= required
    }

    public static func < (lhs: TrustLevel, rhs: TrustLevel) -> Bool {
        lhs.strength < rhs.strength
    }

    private var strength: Int {
        switch self {
        case .normal: 1
        case .substantiell: 2
        case .hoch: 3
        }
    }
}
