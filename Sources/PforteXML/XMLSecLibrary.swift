import CXMLSec
import CXMLSecShim

/// Process-wide set-up of libxml2 and xmlsec (OpenSSL backend).
///
/// Both libraries keep global state (libxml2's parser tables, xmlsec's transform and key-data
/// registries), so they are initialised exactly once, lazily, on first use: a `static let`
/// initialiser runs under `swift_once`, which makes it thread-safe.
enum XMLSecLibrary {
    private static let initialized: Void = {
        xmlCheckVersion(LIBXML_VERSION)
        xmlInitParser()
        guard xmlSecInit() >= 0 else {
            fatalError("xmlsec: xmlSecInit failed")
        }
        guard xmlSecCheckVersionExt(
            XMLSEC_VERSION_MAJOR, XMLSEC_VERSION_MINOR, XMLSEC_VERSION_SUBMINOR,
            xmlSecCheckVersionABICompatible
        ) == 1 else {
            fatalError("xmlsec: the loaded library is not ABI compatible with its headers")
        }
        guard xmlSecOpenSSLAppInit(nil) >= 0, xmlSecOpenSSLInit() >= 0 else {
            fatalError("xmlsec: OpenSSL backend initialisation failed")
        }
        pforte_errors_install()
    }()

    /// Call at the start of every operation: initialises on first use, keeps libxml2 silent on
    /// the calling thread and forgets the reason of an earlier failure on it.
    ///
    /// A failed initialisation stops the process: it means a broken installation (missing or
    /// ABI-incompatible libraries), and nothing XML-related could work afterwards.
    static func beginOperation() {
        initialized
        pforte_errors_silence_current_thread()
        pforte_errors_clear()
    }

    /// The reason xmlsec or libxml2 last reported on this thread, for an error's debug text.
    static var lastErrorReason: String {
        String(cString: pforte_errors_last())
    }
}
