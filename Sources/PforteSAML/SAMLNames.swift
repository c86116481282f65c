/// The URIs SAML 2.0 identifies things by, as far as this IdP uses them.
public enum SAMLNamespace {
    /// SAML core §2 (`saml:`).
    public static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    /// SAML core §3 (`samlp:`).
    public static let `protocol` = "urn:oasis:names:tc:SAML:2.0:protocol"
    /// SAML metadata §2 (`md:`).
    public static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    /// XML-DSig (`ds:`), for `KeyInfo` in metadata.
    public static let signature = "http://www.w3.org/2000/09/xmldsig#"
    /// XML-Enc (`xenc:`), for `EncryptedData` in `EncryptedID` (SAML core §2.2.4).
    public static let encryption = "http://www.w3.org/2001/04/xmlenc#"
    /// SAML V2.0 Asynchronous Single Logout Protocol Extension §2.1 (`aslo:`).
    public static let asynchronousLogout = "urn:oasis:names:tc:SAML:2.0:protocol:ext:async-slo"
}

/// SAML bindings (SAML bindings §3): how a message travels through the browser.
public enum SAMLBinding: String, Sendable, Codable, CaseIterable {
    /// §3.4: DEFLATE, base64 and URL-encoding into a query string; signature over the query.
    case redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    /// §3.5: base64 in a form field, posted by the browser; enveloped XML signature.
    case post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
}

/// NameID formats (SAML core §8.3) this IdP issues.
public enum NameIDFormat: String, Sendable, Codable, CaseIterable {
    /// §8.3.7: a pairwise identifier that stays the same for one person and one SP (design §5).
    case persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    /// §8.3.8: a one-time identifier, different at every login.
    case transient = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"

    /// What an SP writes when it lets the IdP choose (§8.3.1).
    static let unspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
}

/// Fixed URIs of SAML core used in the messages built here.
public enum SAMLURI {
    /// §3.4.1.1 / profiles §4.1.4.2: the only confirmation method of Web Browser SSO.
    public static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    /// §2.7.3.1: attribute names that are URIs (here `urn:oid:`), per the SAML V2.0 X.500/LDAP
    /// attribute profile.
    public static let attributeNameFormatURI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
    /// Profiles §4.4.4.1: a LogoutRequest's reason when the user asked to log out.
    public static let logoutReasonUser = "urn:oasis:names:tc:SAML:2.0:logout:user"
    public static let xmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance"
    public static let xmlSchema = "http://www.w3.org/2001/XMLSchema"
    /// RFC 6931 §2.3.2, the only `SigAlg` accepted on and produced for the Redirect binding.
    public static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
}
