#include "CXMLSecShim.h"
#include <libxml/parserInternals.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>

void pforte_xml_free(void *pointer) { xmlFree(pointer); }

xmlSecTransformId pforte_transform_exclusive_c14n(void) { return xmlSecTransformExclC14NId; }
xmlSecTransformId pforte_transform_enveloped_signature(void) { return xmlSecTransformEnvelopedId; }
xmlSecTransformId pforte_transform_rsa_sha256(void) { return xmlSecOpenSSLTransformRsaSha256Id; }
xmlSecTransformId pforte_transform_sha256(void) { return xmlSecOpenSSLTransformSha256Id; }
xmlSecTransformId pforte_transform_aes256_gcm(void) { return xmlSecOpenSSLTransformAes256GcmId; }
xmlSecTransformId pforte_transform_rsa_oaep(void) { return xmlSecOpenSSLTransformRsaOaepId; }
xmlSecTransformId pforte_transform_aes128_gcm(void) { return xmlSecOpenSSLTransformAes128GcmId; }
xmlSecTransformId pforte_transform_aes128_cbc(void) { return xmlSecOpenSSLTransformAes128CbcId; }
xmlSecTransformId pforte_transform_aes256_cbc(void) { return xmlSecOpenSSLTransformAes256CbcId; }
xmlSecKeyDataId pforte_key_data_aes(void) { return xmlSecOpenSSLKeyDataAesId; }
xmlSecKeyDataId pforte_key_data_rsa(void) { return xmlSecOpenSSLKeyDataRsaId; }

/* MARK: - Errors */

/* Per thread, so that concurrent operations never see each other's reasons. */
static _Thread_local char last_error[512];

static void record(const char *text) {
    snprintf(last_error, sizeof last_error, "%s", text != NULL ? text : "");
}

static void xmlsec_error(const char *file, int line, const char *func, const char *object,
                         const char *subject, int reason, const char *message) {
    (void)file;
    (void)line;
    char text[sizeof last_error];
    snprintf(text, sizeof text, "%s: %s%s%s (reason %d)%s%s", func != NULL ? func : "?",
             object != NULL ? object : "", subject != NULL ? "/" : "", subject != NULL ? subject : "",
             reason, message != NULL ? ": " : "", message != NULL ? message : "");
    record(text);
}

static void libxml_structured_error(void *context, xmlErrorPtr error) {
    (void)context;
    if (error != NULL && error->level >= XML_ERR_ERROR) {
        record(error->message);
    }
}

/* The generic handler is variadic; its unformatted messages are only dropped. */
static void libxml_generic_error(void *context, const char *format, ...) {
    (void)context;
    (void)format;
}

void pforte_errors_install(void) {
    xmlSecErrorsSetCallback(xmlsec_error);
    xmlThrDefSetStructuredErrorFunc(NULL, libxml_structured_error);
    xmlThrDefSetGenericErrorFunc(NULL, libxml_generic_error);
    pforte_errors_silence_current_thread();
}

void pforte_errors_silence_current_thread(void) {
    xmlSetStructuredErrorFunc(NULL, libxml_structured_error);
    xmlSetGenericErrorFunc(NULL, libxml_generic_error);
}

const char *pforte_errors_last(void) { return last_error; }

void pforte_errors_clear(void) { last_error[0] = '\0'; }

/* MARK: - RSA-OAEP key transport */

static const EVP_MD *digest_named(pforte_digest digest) {
    switch (digest) {
    case PFORTE_DIGEST_SHA1: return EVP_sha1();
    case PFORTE_DIGEST_SHA256: return EVP_sha256();
    }
    return NULL;
}

int pforte_rsa_oaep_decrypt(xmlSecKeyPtr key, pforte_digest digest, pforte_digest mgf1_digest,
                            const unsigned char *in, size_t in_length, unsigned char *out,
                            size_t *length) {
    xmlSecKeyDataPtr data = xmlSecKeyGetValue(key);
    if (data == NULL || !xmlSecKeyDataCheckId(data, xmlSecOpenSSLKeyDataRsaId)) {
        record("RSA-OAEP: not an RSA key");
        return -1;
    }
    EVP_PKEY *pkey = xmlSecOpenSSLKeyDataRsaGetEvp(data);
    const EVP_MD *md = digest_named(digest);
    const EVP_MD *mgf1 = digest_named(mgf1_digest);
    EVP_PKEY_CTX *context = pkey != NULL ? EVP_PKEY_CTX_new(pkey, NULL) : NULL;
    int status = -1;
    if (context != NULL && md != NULL && mgf1 != NULL && EVP_PKEY_decrypt_init(context) > 0 &&
        EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) > 0 &&
        EVP_PKEY_CTX_set_rsa_oaep_md(context, md) > 0 &&
        EVP_PKEY_CTX_set_rsa_mgf1_md(context, mgf1) > 0 &&
        EVP_PKEY_decrypt(context, out, length, in, in_length) > 0) {
        status = 0;
    } else {
        record("RSA-OAEP decryption failed");
    }
    EVP_PKEY_CTX_free(context);
    ERR_clear_error();
    return status;
}

/* MARK: - Hardened parsing */

typedef struct {
    int doctype_seen;
} parse_state;

static void refuse_doctype(void *context, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id) {
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr parser = context;
    ((parse_state *)parser->_private)->doctype_seen = 1;
    xmlStopParser(parser);
}

pforte_parse_status pforte_parse_hardened(const char *bytes, int size, int options,
                                          xmlDocPtr *document, int *line) {
    *document = NULL;
    *line = 0;
    xmlParserCtxtPtr parser = xmlCreateMemoryParserCtxt(bytes, size);
    if (parser == NULL) {
        return PFORTE_PARSE_NO_MEMORY;
    }
    xmlCtxtUseOptions(parser, options);
    /* Belt and braces: whatever process-wide defaults say, never substitute or load anything. */
    parser->replaceEntities = 0;
    parser->loadsubset = 0;
    parser->validate = 0;
    parse_state state = {0};
    parser->_private = &state;
    parser->sax->internalSubset = refuse_doctype;
    parser->sax->externalSubset = NULL;
    parser->sax->serror = libxml_structured_error;
    parser->sax->initialized = XML_SAX2_MAGIC;

    xmlParseDocument(parser);
    xmlDocPtr parsed = parser->myDoc;
    parser->myDoc = NULL;
    pforte_parse_status status = PFORTE_PARSE_OK;
    if (state.doctype_seen) {
        status = PFORTE_PARSE_DOCTYPE_REFUSED;
    } else if (parsed == NULL || !parser->wellFormed || xmlDocGetRootElement(parsed) == NULL) {
        status = PFORTE_PARSE_MALFORMED;
        *line = parser->lastError.line;
    }
    if (status != PFORTE_PARSE_OK) {
        xmlFreeDoc(parsed);
        parsed = NULL;
    }
    *document = parsed;
    xmlFreeParserCtxt(parser);
    return status;
}
