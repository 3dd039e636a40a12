/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 for the rule engine (rules.h): validation and the sanitising copy
 * that replaces bad bytes and NUL with U+FFFD (both over core/charset.c's
 * routines), and byte-to-code-point offsets for the spans of matches.
 */
#include "config.h"
#include "rules_int.h"
#include "charset.h"
#include "mem.h"
#include <string.h>

/* ---- UTF-8 ----------------------------------------------------------- */

/* Both use the page reader's UTF-8 routines (core/charset.c): one
 * definition of a well-formed sequence and of what U+FFFD replaces. */

int rules_utf8_valid(const char *s, size_t len)
{
    return charset_utf8_errors((const unsigned char *)s, len, NULL) == 0;
}

char *rules_sanitize(const char *s, size_t len, size_t *outlen)
{
    if (len > RULES_MAX_TEXT)
        return NULL;
    /* Worst case: every byte becomes three. */
    char *out = w_malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = charset_utf8_sanitize((const unsigned char *)s, len,
                                     (unsigned char *)out);
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    return out;
}

void rules_cpmap_init(struct rules_cpmap *m, const char *text, size_t len)
{
    m->text = text;
    m->len = len;
    m->byte = 0;
    m->cp = 0;
}

size_t rules_cpmap_get(struct rules_cpmap *m, size_t off)
{
    if (off > m->len)
        off = m->len;
    if (off < m->byte) {
        m->byte = 0;
        m->cp = 0;
    }
    const unsigned char *p = (const unsigned char *)m->text;
    size_t cp = m->cp;
    for (size_t i = m->byte; i < off; i++)
        cp += (p[i] & 0xC0) != 0x80;
    m->byte = off;
    m->cp = cp;
    return cp;
}

size_t rules_cp_offset(const char *text, size_t off)
{
    size_t cp = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < off; i++)
        cp += (p[i] & 0xC0) != 0x80;
    return cp;
}
