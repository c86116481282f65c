import CXMLSec
import CXMLSecShim

/// Loading and sharing of xmlsec keys, common to ``XMLSigningKey`` and ``XMLVerificationKey``.
enum XMLSecKey {
    /// Loads a key from PEM (`xmlSecOpenSSLAppKeyLoadMemory`) and checks it is RSA of 2048 bits
    /// or more.
    static func load(
        pem: String, format: xmlSecKeyDataFormat, failure: XMLKeyError.Code
    ) throws(XMLKeyError) -> xmlSecKeyPtr {
        XMLSecLibrary.beginOperation()
        let bytes = Array(pem.utf8)
        guard let key = xmlSecOpenSSLAppKeyLoadMemory(bytes, UInt32(bytes.count), format, nil, nil, nil) else {
            throw XMLKeyError(failure)
        }
        guard let value = xmlSecKeyGetValue(key), value.pointee.id == pforte_key_data_rsa() else {
            xmlSecKeyDestroy(key)
            throw XMLKeyError(.unsupportedKeyType, debugReason: "")
        }
        let bits = xmlSecKeyDataGetSize(value)
        guard bits >= 2048 else {
            xmlSecKeyDestroy(key)
            throw XMLKeyError(.keyTooShort, debugReason: "\(bits) bits")
        }
        return key
    }

    /// A copy of `key` for one operation. xmlsec's signature and encryption contexts destroy the
    /// key they are given, so the shared one is never handed to them. `xmlSecKeyDuplicate` only
    /// reads its source (OpenSSL keys and certificates are reference-counted atomically), which
    /// is what makes sharing the source across threads safe.
    static func duplicate(_ key: xmlSecKeyPtr) -> xmlSecKeyPtr? {
        xmlSecKeyDuplicate(key)
    }
}
