#ifndef PFORTE_CXMLSECSHIM_H
#define PFORTE_CXMLSECSHIM_H
/*
 * The xmlsec headers are reached through the system library's own header (same path), never
 * included directly: two modules that include the same non-modular headers textually fail to
 * import ("... is not present in definition of struct _xmlSecKeyDataKlass in module ...").
 */
#include "../../CXMLSec/CXMLSec.h"

/* MARK: - Things xmlsec and libxml2 offer only as macros or global function pointers */

/* `xmlFree` is a global function pointer, which Swift 6 rejects as shared mutable state. */
void pforte_xml_free(void *pointer);

/* Transform ids: in xmlsec each `xmlSecTransform…Id` is a macro calling a `…GetKlass()` function. */
xmlSecTransformId pforte_transform_exclusive_c14n(void);
xmlSecTransformId pforte_transform_enveloped_signature(void);
xmlSecTransformId pforte_transform_rsa_sha256(void);
xmlSecTransformId pforte_transform_sha256(void);
xmlSecTransformId pforte_transform_aes256_gcm(void);
xmlSecTransformId pforte_transform_rsa_oaep(void);
xmlSecTransformId pforte_transform_aes128_gcm(void);
xmlSecTransformId pforte_transform_aes128_cbc(void);
xmlSecTransformId pforte_transform_aes256_cbc(void);

/* Key-data ids (macros `xmlSecOpenSSLKeyData…Id`): AES for XML-Enc session keys, RSA to check
 * that loaded keys are of the only type we sign, verify and transport keys with. */
xmlSecKeyDataId pforte_key_data_aes(void);
xmlSecKeyDataId pforte_key_data_rsa(void);

/* MARK: - RSA-OAEP key transport */

/* The digests RSA-OAEP may use for the label hash and for MGF1. */
typedef enum {
    PFORTE_DIGEST_SHA1 = 1,
    PFORTE_DIGEST_SHA256 = 2
} pforte_digest;

/*
 * Decrypts an XML-Enc `EncryptedKey` cipher value with the RSA private key in `key` by RSA-OAEP
 * (RFC 8017 §7.1.2) through OpenSSL's EVP interface, with `digest` for the label hash and
 * `mgf1_digest` for MGF1 and an empty label. xmlsec 1.2 supports only SHA-1 for both, while
 * XML-Enc 1.1 §5.5.2 (`xmlenc11#rsa-oaep`) lets the sender choose each. On success writes at
 * most `*length` bytes to `out`, sets `*length` and returns 0; returns -1 otherwise (the reason
 * is recorded for `pforte_errors_last`).
 */
int pforte_rsa_oaep_decrypt(xmlSecKeyPtr key, pforte_digest digest, pforte_digest mgf1_digest,
                            const unsigned char *in, size_t in_length, unsigned char *out,
                            size_t *length);

/* MARK: - Errors */

/*
 * Routes xmlsec's error callback and libxml2's generic and structured error handlers (as the
 * defaults for new threads) into a silent recorder: nothing reaches stderr. Call once.
 */
void pforte_errors_install(void);

/*
 * libxml2 keeps its error handlers per thread; this silences them on the calling thread, which
 * may have touched libxml2 before `pforte_errors_install` set the defaults for new threads.
 */
void pforte_errors_silence_current_thread(void);

/* The last error reason recorded on this thread (empty if none), and a way to forget it. */
const char *pforte_errors_last(void);
void pforte_errors_clear(void);

/* MARK: - Hardened parsing */

/* Why `pforte_parse_hardened` stopped, if it failed. */
typedef enum {
    PFORTE_PARSE_OK = 0,
    PFORTE_PARSE_DOCTYPE_REFUSED = 1,
    PFORTE_PARSE_MALFORMED = 2,
    PFORTE_PARSE_NO_MEMORY = 3
} pforte_parse_status;

/*
 * Parses `size` bytes into a document with `options`, refusing any DOCTYPE: the SAX
 * `internalSubset` callback fires as soon as `<!DOCTYPE name ...` has been read and before a
 * single declaration of the internal subset is looked at, and stops the parser there. So no
 * entity is ever declared, expanded or fetched (billion laughs, XXE), whatever `options` says.
 * Errors go to a silent structured handler; on failure `*line` is the line of the
 * last error.
 */
pforte_parse_status pforte_parse_hardened(const char *bytes, int size, int options,
                                          xmlDocPtr *document, int *line);

#endif
