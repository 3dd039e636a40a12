/* SPDX-License-Identifier: MIT */
/*
 * The gate of a rule category (see rules_gate.h): an Aho-Corasick
 * automaton over the required literals of the category's rules, run once
 * over a text to tell, line by line, which rules can match there.
 *
 * The automaton is a dense table: bytes fold to a small alphabet (each
 * character some literal uses, ASCII letters case-folded, one class for
 * everything else), so a state is a row of a few dozen entries and a step
 * is one load. Each state carries the bits of the rules whose literals
 * end there, its failure states' bits included. Written here because no
 * Debian-packaged library offers a small multi-literal matcher for C
 * (Hyperscan would, on x86 only, and for far more than this needs).
 */
#include "config.h"
#include "rules_gate.h"
#include "mem.h"
#include "warta/plugin.h"
#include <string.h>

#define GATE_MAX_STATES 65535u
#define NONE UINT32_MAX

struct rules_gate {
    uint8_t cls[256];   /* byte -> class (0: no literal has it) */
    uint32_t ncls;
    uint32_t nstates;
    uint32_t *next;     /* nstates x ncls */
    uint64_t *out;      /* per state: rules whose literal ends here */
};

void rules_gate_free(struct rules_gate *g)
{
    if (!g)
        return;
    w_free(g->next);
    w_free(g->out);
    w_free(g);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Classes for every byte the literals use; returns the state bound. */
static int alphabet(struct rules_gate *g, char *const *const *lits,
                    size_t n, size_t *states)
{
    g->ncls = 1;
    *states = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; lits[i] && lits[i][k]; k++)
            for (const unsigned char *c =
                     (const unsigned char *)lits[i][k];
                 *c; c++) {
                (*states)++;
                int l = lower(*c);
                if (!g->cls[l]) {
                    if (g->ncls >= 255)
                        return W_TOOBIG;
                    g->cls[l] = (uint8_t)g->ncls++;
                    if (l >= 'a' && l <= 'z')
                        g->cls[l - 32] = g->cls[l];
                }
            }
    return *states > GATE_MAX_STATES ? W_TOOBIG : W_OK;
}

/* Failure links by breadth-first walk, turning the trie into the full
 * transition table. */
static int add_failure_links(struct rules_gate *g)
{
    uint32_t *queue = w_malloc(g->nstates * sizeof *queue);
    uint32_t *fail = w_calloc(g->nstates, sizeof *fail);
    int rc = W_NOMEM;
    if (!queue || !fail)
        goto out;
    size_t head = 0, tail = 0;
    for (uint32_t c = 0; c < g->ncls; c++) {
        uint32_t t = g->next[c];
        if (t == NONE) {
            g->next[c] = 0;
        } else {
            fail[t] = 0;
            queue[tail++] = t;
        }
    }
    while (head < tail) {
        uint32_t s = queue[head++];
        for (uint32_t c = 0; c < g->ncls; c++) {
            uint32_t *e = &g->next[(size_t)s * g->ncls + c];
            uint32_t via = g->next[(size_t)fail[s] * g->ncls + c];
            if (*e == NONE) {
                *e = via;
            } else {
                fail[*e] = via;
                g->out[*e] |= g->out[via];
                queue[tail++] = *e;
            }
        }
    }
    rc = W_OK;
out:
    w_free(queue);
    w_free(fail);
    return rc;
}

int rules_gate_new(char *const *const *lits, size_t n,
                   struct rules_gate **out)
{
    *out = NULL;
    if (n > RULES_GATE_RULES)
        return W_TOOBIG;
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= lits[i] && lits[i][0];
    if (!any)
        return W_OK;
    struct rules_gate *g = w_calloc(1, sizeof *g);
    if (!g)
        return W_NOMEM;
    size_t bound = 0;
    int rc = alphabet(g, lits, n, &bound);
    if (rc)
        goto fail;
    rc = W_NOMEM;
    g->next = w_malloc(bound * g->ncls * sizeof *g->next);
    g->out = w_calloc(bound, sizeof *g->out);
    if (!g->next || !g->out)
        goto fail;
    memset(g->next, 0xFF, bound * g->ncls * sizeof *g->next);
    g->nstates = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; lits[i] && lits[i][k]; k++) {
            uint32_t s = 0;
            for (const unsigned char *c =
                     (const unsigned char *)lits[i][k];
                 *c; c++) {
                uint32_t *e = &g->next[(size_t)s * g->ncls + g->cls[*c]];
                if (*e == NONE)
                    *e = g->nstates++;
                s = *e;
            }
            g->out[s] |= (uint64_t)1 << i;
        }
    rc = add_failure_links(g);
    if (rc)
        goto fail;
    *out = g;
    return W_OK;
fail:
    rules_gate_free(g);
    return rc;
}

/* Characters that PCRE2's caseless UTF matching equates with an ASCII
 * letter: U+212A KELVIN SIGN (k) and U+017F LATIN SMALL LETTER LONG S
 * (s). A literal search over folded ASCII would miss them. */
static int lookalike(const unsigned char *s, size_t i, size_t len)
{
    if (s[i] == 0xC5)
        return i + 1 < len && s[i + 1] == 0xBF;
    return i + 2 < len && s[i + 1] == 0x84 && s[i + 2] == 0xAA;
}

static int push(struct arena *a, struct rules_line **v, size_t *n,
                size_t *cap, uint32_t start, uint32_t end, uint64_t m)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        struct rules_line *nv = arena_alloc(a, nc * sizeof *nv);
        if (!nv)
            return -1;
        if (*n)
            memcpy(nv, *v, *n * sizeof *nv);
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = (struct rules_line){start, end, m};
    return 0;
}

long rules_gate_lines(const struct rules_gate *g, const char *text,
                      size_t len, struct arena *a, struct rules_line **lines)
{
    const unsigned char *s = (const unsigned char *)text;
    const uint32_t *next = g->next;
    const uint64_t *out = g->out;
    uint32_t ncls = g->ncls, st = 0;
    uint64_t m = 0;
    size_t n = 0, cap = 0, start = 0;
    *lines = NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if ((c == 0xC5 || c == 0xE2) && lookalike(s, i, len))
            return -1;
        st = next[(size_t)st * ncls + g->cls[c]];
        m |= out[st];
        if (c == '\n') {
            if (m && push(a, lines, &n, &cap, (uint32_t)start,
                          (uint32_t)(i + 1), m))
                return -1;
            m = 0;
            start = i + 1;
        }
    }
    if (m && push(a, lines, &n, &cap, (uint32_t)start, (uint32_t)len, m))
        return -1;
    return (long)n;
}
