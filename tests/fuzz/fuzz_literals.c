/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the promise of rules_literals() checked against PCRE2.
 * Input: a pattern, a newline, a subject. When PCRE2 compiles the pattern
 * as warta compiles a rule (UTF, UCP, caseless), every match it finds in
 * the subject must hold one of the literals rules_literals() returned
 * (letters folded, digits as '0'), starting at most maxpre bytes into the
 * match. A broken promise aborts: that is a match the gate would skip.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fuzz.h"
#include "arena.h"
#include "mem.h"
#include "rules.h"
#include "rules_literals.h"
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* The gate's view of a byte: ASCII letters folded, digits as '0'. */
static unsigned char fold(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    return c >= '0' && c <= '9' ? '0' : c;
}

/* Whether s[b..e) holds a literal starting at most maxpre bytes in. */
static int kept(const char *s, size_t b, size_t e, char **lits, size_t maxpre)
{
    for (char **l = lits; *l; l++) {
        size_t n = strlen(*l);
        for (size_t p = b; p + n <= e; p++) {
            if (maxpre != SIZE_MAX && p - b > maxpre)
                break;
            size_t k = 0;
            while (k < n && fold((unsigned char)s[p + k]) ==
                                (unsigned char)(*l)[k])
                k++;
            if (k == n)
                return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl || memchr(data, '\0', (size_t)(nl - data)))
        return 0; /* rule patterns are lines of text */
    size_t plen = (size_t)(nl - data);
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = pcre2_compile(
        data, plen, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_DUPNAMES,
        &ec, &eo, NULL);
    if (!code)
        return 0;
    struct arena a;
    arena_init(&a, 0);
    char **lits = NULL;
    size_t maxpre = 0;
    int n = rules_literals((const char *)data, plen, &a, &lits, &maxpre);
    if (n < 0)
        abort();
    size_t slen = 0;
    char *s = rules_sanitize((const char *)nl + 1, size - plen - 1, &slen);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (!s || !md || !mc)
        abort();
    pcre2_set_match_limit(mc, 100000);
    pcre2_set_depth_limit(mc, 1000);
    /* Caseless matching reads these as k and s; the gate declines texts
     * holding them. */
    int skip = memmem(s, slen, "\xE2\x84\xAA", 3) || memmem(s, slen,
                                                           "\xC5\xBF", 2);
    for (size_t off = 0; n > 0 && !skip && off <= slen;) {
        int rc = pcre2_match(code, (PCRE2_SPTR)s, slen, off, 0, md, mc);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] < ov[0] || !kept(s, ov[0], ov[1], lits, maxpre)) {
            fprintf(stderr, "literal promise broken: %.*s on \"%.*s\"\n",
                    (int)plen, (const char *)data,
                    (int)(ov[1] >= ov[0] ? ov[1] - ov[0] : 0), s + ov[0]);
            abort();
        }
        off = ov[1] > off ? ov[1] : off + 1;
        while (off < slen && ((unsigned char)s[off] & 0xC0) == 0x80)
            off++;
    }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    w_free(s);
    arena_cleanup(&a);
    pcre2_code_free(code);
    return 0;
}
