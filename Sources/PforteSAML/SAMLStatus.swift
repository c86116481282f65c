/// A SAML `Status` (SAML core §3.2.2.2): a top-level code and an optional second-level one.
///
/// Only what this IdP sends or reads: requests that were verified but cannot be met get one of
/// these back at their verified ACS or SLO endpoint (design §3); unverifiable requests never do.
public struct SAMLStatus: Sendable, Codable, Hashable, CustomStringConvertible {
    public let code: String
    public let subcode: String?

    public init(code: String, subcode: String? = nil) {
        self.code = code
        self.subcode = subcode
    }

    static let prefix = "urn:oasis:names:tc:SAML:2.0:status:"

    public static let success = SAMLStatus(code: prefix + "Success")
    /// §3.2.2.2 `Requester` + `NoAuthnContext`: the requested authentication context (level)
    /// cannot be reached (design §3).
    public static let noAuthnContext = SAMLStatus(code: prefix + "Requester", subcode: prefix + "NoAuthnContext")
    /// `Requester` + `NoPassive`: `IsPassive` was set but the user would have to interact.
    public static let noPassive = SAMLStatus(code: prefix + "Requester", subcode: prefix + "NoPassive")
    /// `Requester` + `InvalidNameIDPolicy`: a NameID format this IdP does not issue.
    public static let invalidNameIDPolicy = SAMLStatus(code: prefix + "Requester", subcode: prefix + "InvalidNameIDPolicy")
    /// `Requester` + `RequestDenied`: the user declined to release attributes.
    public static let requestDenied = SAMLStatus(code: prefix + "Requester", subcode: prefix + "RequestDenied")
    /// `Responder` + `RequestDenied` (§3.2.2.2: "able to process the request but has chosen not
    /// to respond"): the user kept the current session instead of switching to the account
    /// just authenticated (the person-switch page, issue #15).
    public static let switchDeclined = SAMLStatus(code: prefix + "Responder", subcode: prefix + "RequestDenied")
    /// `Responder` + `PartialLogout`: not every participant confirmed a single logout.
    /// §3.2.2.2 `Responder`: the request could not be answered because of an error on the
    /// IdP's side (its store is down or too slow), not because of the request.
    public static let responder = SAMLStatus(code: prefix + "Responder")
    public static let partialLogout = SAMLStatus(code: prefix + "Responder", subcode: prefix + "PartialLogout")

    public var isSuccess: Bool { code == Self.success.code }

    public var description: String {
        let short = { (uri: String) in uri.hasPrefix(Self.prefix) ? String(uri.dropFirst(Self.prefix.count)) : uri }
        return subcode.map { "\(short(code))/\(short($0))" } ?? short(code)
    }
}
