#ifndef PFORTE_CXMLSEC_H
#define PFORTE_CXMLSEC_H
/* The same defines that `pkg-config --cflags xmlsec1-openssl` prints: xmlsec's struct layouts depend on them. */
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T
#endif
#ifndef XMLSEC_NO_GOST
#define XMLSEC_NO_GOST 1
#endif
#ifndef XMLSEC_NO_GOST2012
#define XMLSEC_NO_GOST2012 1
#endif
#ifndef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#endif
#ifndef XMLSEC_CRYPTO_OPENSSL
#define XMLSEC_CRYPTO_OPENSSL 1
#endif
/*
 * Debian's libxml2 is built with ICU, so <libxml/encoding.h> would include <unicode/ucnv.h>.
 * Swift's Foundation ships its own ICU headers (module _FoundationICU) under the same names, and
 * a module that imports both fails ("'U_MF_…' from module '_FoundationICU' is not present in
 * definition of 'enum UErrorCode' in module 'CXMLSec'"). Nothing here uses libxml2's ICU API;
 * the only layout this changes is the tail of xmlCharEncodingHandler, which is only ever
 * handled by pointer.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlenc.h>
#include <xmlsec/templates.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/transforms.h>
#include <xmlsec/errors.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/crypto.h>
#endif
