/* SPDX-License-Identifier: MIT */
/*
 * Character sets of fetched pages. Indonesian outlets serve UTF-8 for the
 * most part, but old WordPress installs, regional CMSs and archived pages
 * still send windows-1252 or ISO-8859-1, sometimes with a wrong label. The
 * functions here find the charset in the order a browser does (BOM, HTTP
 * header, <meta> prescan, XML declaration, then a look at the bytes) and
 * convert to UTF-8 with glibc's iconv, so that everything after page_open()
 * sees valid UTF-8 only. See docs/DOM.md "Charset detection".
 */
#ifndef WARTA_CHARSET_H
#define WARTA_CHARSET_H
#include <stddef.h>

#define CHARSET_NAME_MAX 40       /* longest iconv name we keep, with NUL */
#define CHARSET_PRESCAN 4096      /* bytes the <meta> prescan looks at */

/* Where a charset decision came from (for logs and tests). */
enum charset_origin {
    CHARSET_BOM = 0,
    CHARSET_HTTP,    /* the Content-Type header's charset= */
    CHARSET_META,    /* <meta charset> or <meta http-equiv> */
    CHARSET_XMLDECL, /* <?xml ... encoding="..."?> */
    CHARSET_SNIFF,   /* no label: UTF-8 unless the bytes say windows-1252 */
};

struct charset_guess {
    char name[CHARSET_NAME_MAX]; /* iconv name: "UTF-8", "WINDOWS-1252" */
    enum charset_origin origin;
    size_t bom;                  /* bytes of byte order mark to skip */
    int overridden;              /* 1 when the bytes contradicted a label */
};

/*
 * Map a charset label as pages write it ("utf8", "ISO-8859-1", "latin1",
 * "x-sjis", "gb2312") to the name iconv knows, following the WHATWG
 * encoding labels (so ISO-8859-1 and US-ASCII mean windows-1252). n is the
 * label's length. Returns W_OK with the name in out, W_NOTFOUND for an
 * unknown or unsupported label (out is then "").
 */
int charset_label(const char *label, size_t n, char *out, size_t outsz);

/* The charset= parameter of a Content-Type value into out (mapped by
 * charset_label). W_OK or W_NOTFOUND. ct may be NULL. */
int charset_from_content_type(const char *ct, char *out, size_t outsz);

/*
 * The HTML5 prescan over the first CHARSET_PRESCAN bytes: <meta charset>
 * and <meta http-equiv=Content-Type content="...charset=...">, skipping
 * comments and other tags' attribute values. A UTF-16 label found this way
 * means UTF-8 (a page readable as ASCII cannot be UTF-16). W_OK with the
 * name in out, or W_NOTFOUND.
 */
int charset_prescan(const unsigned char *b, size_t n, char *out,
                    size_t outsz);

/* encoding= of a leading <?xml ...?> declaration. W_OK or W_NOTFOUND. */
int charset_xml_decl(const unsigned char *b, size_t n, char *out,
                     size_t outsz);

/*
 * Count, over b, the valid UTF-8 sequences of two bytes or more (*multi)
 * and the invalid sequences (return value). NULL multi is allowed.
 */
size_t charset_utf8_errors(const unsigned char *b, size_t n, size_t *multi);

/*
 * Decide the charset of a page: BOM, then content_type's charset=, then
 * for XML (xml != 0) the XML declaration, then the <meta> prescan, then
 * the bytes. Labels are checked against the bytes in the two cases where
 * they are wrong in practice: a page labelled UTF-8 with invalid bytes and
 * no valid multi-byte sequence is read as windows-1252, and a page
 * labelled windows-1252/ISO-8859-1/ASCII that is valid UTF-8 with
 * multi-byte sequences is read as UTF-8 (g->overridden is then 1). Without
 * a label, UTF-8 unless invalid sequences outnumber valid multi-byte ones,
 * then windows-1252. Always succeeds.
 */
void charset_detect(const char *content_type, const unsigned char *b,
                    size_t n, int xml, struct charset_guess *g);

/*
 * Is b (a page without a UTF-16/32 byte order mark) binary rather than
 * text: a known binary signature (PNG, GIF, JPEG, PDF, ZIP, gzip, ...),
 * NUL bytes above 0.5% or control bytes above 5% of the first 64 kB?
 * 1 or 0.
 */
int charset_is_binary(const unsigned char *b, size_t n);

/*
 * Convert n bytes in charset (an iconv name) to UTF-8. Invalid or
 * unconvertible bytes and NUL become U+FFFD, a leading byte order mark is
 * dropped. *out is w_malloc'd and NUL-terminated (the caller frees it with
 * w_free) and *outlen its length without the NUL. Returns W_OK, W_TOOBIG
 * when the result would pass max bytes, W_NOTFOUND when iconv does not
 * know the charset, W_NOMEM. On error *out is NULL.
 */
int charset_to_utf8(const char *charset, const unsigned char *in, size_t n,
                    size_t max, char **out, size_t *outlen);

/*
 * Copy n bytes of UTF-8 into dst (which holds at least 3 * n bytes)
 * replacing each maximal invalid subsequence and every NUL by U+FFFD.
 * Returns the bytes written; dst is not NUL-terminated.
 */
size_t charset_utf8_sanitize(const unsigned char *src, size_t n,
                             unsigned char *dst);
#endif
