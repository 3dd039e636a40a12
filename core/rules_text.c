/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 for the rule engine (rules.h): validation, the sanitising copy
 * that replaces bad bytes and NUL with U+FFFD, and byte-to-code-point
 * offsets for the spans of matches.
 */
#include "config.h"
#include "rules_int.h"
#include "mem.h"
#include <string.h>

/* ---- UTF-8 ----------------------------------------------------------- */

/* Length of the well-formed sequence at s[0..n), or 0 when ill-formed;
 * *bad gets the length of the maximal subpart to replace. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0];
    *bad = 1;
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= n)
            return 0;
        unsigned char d = s[i];
        if (d < lo || d > hi)
            return 0;
        *bad = i + 1;
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

int rules_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t bad;
        size_t k = utf8_seq(p + i, len - i, &bad);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

char *rules_sanitize(const char *s, size_t len, size_t *outlen)
{
    if (len > RULES_MAX_TEXT)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    /* Worst case: every byte becomes three. */
    size_t cap = len * 3 + 1;
    char *out = w_malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < len) {
        /* Runs of ASCII without NUL are copied whole, eight bytes a step
         * while looking for their end. */
        size_t j = i;
        while (j + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + j, 8);
            if ((w & 0x8080808080808080ull) ||
                ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            j += 8;
        }
        while (j < len && p[j] && p[j] < 0x80)
            j++;
        if (j > i) {
            memcpy(out + o, p + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        size_t bad;
        size_t k = p[i] ? utf8_seq(p + i, len - i, &bad) : 0;
        if (!p[i])
            bad = 1;
        if (k) {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
        }
    }
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
