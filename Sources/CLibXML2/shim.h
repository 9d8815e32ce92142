#ifndef TANDEM_CLIBXML2_SHIM_H
#define TANDEM_CLIBXML2_SHIM_H

/*
 * libxml2 for Swift.
 *
 * 1. Debian's libxml2 is built with ICU support, and its headers then include the
 *    system ICU headers, which clash with Foundation's own ICU (_FoundationICU) in the
 *    same build ("'U_MF_DUPLICATE_VARIANT_ERROR' from module '_FoundationICU' is not
 *    present in definition of 'enum UErrorCode'"). Tandem never uses libxml2's ICU
 *    encoding handlers through the headers, so xmlversion.h comes first and the ICU
 *    switch is turned off before any other libxml2 header is read.
 * 2. Swift 6 rejects libxml2's global function pointer `xmlFree` as not
 *    concurrency-safe; tandem_xmlFree wraps it.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlmemory.h>
#include <libxml/encoding.h>

static inline void tandem_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
