import CXMLSec

/// A trusted X.509 certificate's RSA public key, e.g. from a partner's metadata: verifies
/// signatures, and is the recipient key for encryption. Load once and share.
///
/// The certificate's validity period and chain are not checked: trust comes from where the
/// certificate was configured (SAML metadata, design §7), as SAML metadata interoperability
/// profile §2.1 prescribes.
///
/// `@unchecked Sendable`: the xmlsec key is created in `init`, never mutated afterwards and
/// destroyed only in `deinit`; operations work on duplicates (see `XMLSecKey.duplicate`).
public final class XMLVerificationKey: @unchecked Sendable {
    let key: xmlSecKeyPtr

    public init(certificatePEM: String) throws(XMLKeyError) {
        key = try XMLSecKey.load(pem: certificatePEM, format: xmlSecKeyDataFormatCertPem, failure: .invalidCertificate)
    }

    deinit {
        xmlSecKeyDestroy(key)
    }
}
