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
#include "rules_literals.h"
#include "mem.h"
#include "warta/plugin.h"
#include <string.h>

#define GATE_MAX_STATES 65535u
#define GATE_MAX_LINES (1u << 24)
#define GATE_MAX_HITS (1u << 20) /* more: scans fall back to lines */
#define NONE UINT16_MAX /* no edge yet (while building) */

struct rules_gate {
    uint8_t cls[256];   /* byte -> class (0: no literal has it) */
    uint8_t stop[256];  /* 1: '\n' or the lead byte of a look-alike */
    uint32_t ncls;
    uint32_t nstates;
    size_t nrules;
    size_t words;       /* uint64_t per rule set */
    uint16_t *next;     /* nstates x ncls: 16 bits keep it in cache */
    uint8_t *has;       /* per state: some literal ends here */
    uint64_t *out;      /* per state: rules whose literal ends here */
};

void rules_gate_free(struct rules_gate *g)
{
    if (!g)
        return;
    w_free(g->next);
    w_free(g->has);
    w_free(g->out);
    w_free(g);
}

/* Classes for every byte the literals use; *states gets the bound. */
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
                if (!g->cls[*c]) {
                    if (g->ncls >= 255)
                        return W_TOOBIG;
                    g->cls[*c] = (uint8_t)g->ncls++;
                }
            }
    /* A text byte walks as the literal byte it folds to. */
    for (int b = 0; b < 256; b++)
        g->cls[b] = g->cls[rules_lit_fold(b)];
    return *states > GATE_MAX_STATES ? W_TOOBIG : W_OK;
}

/* Failure links by breadth-first walk, turning the trie into the full
 * transition table and each state's rules into its own plus those of
 * its failure state. */
static int add_failure_links(struct rules_gate *g)
{
    uint32_t *queue = w_malloc(g->nstates * sizeof *queue);
    uint32_t *fail = w_calloc(g->nstates, sizeof *fail);
    int rc = W_NOMEM;
    if (!queue || !fail)
        goto out;
    size_t head = 0, tail = 0;
    for (uint32_t c = 0; c < g->ncls; c++) {
        uint16_t t = g->next[c];
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
            uint16_t *e = &g->next[(size_t)s * g->ncls + c];
            uint16_t via = g->next[(size_t)fail[s] * g->ncls + c];
            if (*e == NONE) {
                *e = via;
                continue;
            }
            fail[*e] = via;
            for (size_t w = 0; w < g->words; w++)
                g->out[*e * g->words + w] |= g->out[via * g->words + w];
            g->has[*e] |= g->has[via];
            queue[tail++] = *e;
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
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= lits[i] && lits[i][0];
    if (!any)
        return W_OK;
    struct rules_gate *g = w_calloc(1, sizeof *g);
    if (!g)
        return W_NOMEM;
    g->nrules = n;
    g->words = (n + 63) / 64;
    g->stop['\n'] = g->stop[0xC5] = g->stop[0xE2] = 1;
    size_t bound = 0;
    int rc = alphabet(g, lits, n, &bound);
    if (rc)
        goto fail;
    rc = W_NOMEM;
    g->next = w_malloc(bound * g->ncls * sizeof *g->next);
    g->has = w_calloc(bound, 1);
    g->out = w_calloc(bound * g->words, sizeof *g->out);
    if (!g->next || !g->has || !g->out)
        goto fail;
    memset(g->next, 0xFF, bound * g->ncls * sizeof *g->next);
    g->nstates = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; lits[i] && lits[i][k]; k++) {
            uint32_t s = 0;
            for (const unsigned char *c =
                     (const unsigned char *)lits[i][k];
                 *c; c++) {
                uint16_t *e = &g->next[(size_t)s * g->ncls + g->cls[*c]];
                if (*e == NONE)
                    *e = (uint16_t)g->nstates++;
                s = *e;
            }
            g->out[s * g->words + i / 64] |= (uint64_t)1 << (i % 64);
            g->has[s] = 1;
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

void rules_lines_init(struct rules_lines *l)
{
    memset(l, 0, sizeof *l);
}

void rules_lines_cleanup(struct rules_lines *l)
{
    w_free(l->start);
    w_free(l->end);
    w_free(l->bits);
    w_free(l->hit_end);
    w_free(l->hit_state);
    w_free(l->first);
    w_free(l->by_rule);
    rules_lines_init(l);
}

/* Characters that PCRE2's caseless UTF matching equates with an ASCII
 * letter: U+212A KELVIN SIGN (k) and U+017F LATIN SMALL LETTER LONG S
 * (s). A literal search over folded ASCII would miss them. */
static int lookalike(const unsigned char *s, size_t i, size_t len)
{
    if (s[i] == 0xC5)
        return i + 1 < len && s[i + 1] == 0xBF;
    return s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x84 &&
           s[i + 2] == 0xAA;
}

/* Room for one more line; its bits zeroed. */
static int grow(struct rules_lines *l)
{
    if (l->n < l->cap)
        goto zero;
    size_t nc = l->cap ? l->cap * 2 : 64;
    if (nc > GATE_MAX_LINES)
        return W_NOMEM;
    uint32_t *s = w_realloc(l->start, nc * sizeof *s);
    if (s)
        l->start = s;
    uint32_t *e = w_realloc(l->end, nc * sizeof *e);
    if (e)
        l->end = e;
    uint64_t *b = w_realloc(l->bits, nc * l->words * sizeof *b);
    if (b)
        l->bits = b;
    if (!s || !e || !b)
        return W_NOMEM;
    l->cap = nc;
zero:
    memset(l->bits + l->n * l->words, 0, l->words * sizeof *l->bits);
    return W_OK;
}

/* Keeps one hit; past GATE_MAX_HITS (or out of memory) hits are given
 * up for this text (nhits = SIZE_MAX) and scans use the lines. */
static void add_hit(struct rules_lines *l, size_t end, uint32_t state)
{
    if (l->nhits == SIZE_MAX)
        return;
    if (l->nhits == l->caphits) {
        size_t nc = l->caphits ? l->caphits * 2 : 256;
        uint32_t *e = nc <= GATE_MAX_HITS
                          ? w_realloc(l->hit_end, nc * sizeof *e)
                          : NULL;
        if (e)
            l->hit_end = e;
        uint32_t *s = e ? w_realloc(l->hit_state, nc * sizeof *s) : NULL;
        if (s)
            l->hit_state = s;
        if (!e || !s) {
            l->nhits = SIZE_MAX;
            return;
        }
        l->caphits = nc;
    }
    l->hit_end[l->nhits] = (uint32_t)end;
    l->hit_state[l->nhits++] = state;
}

/* Sorts the hits by rule (a counting sort; each rule's stay in text
 * order), so that a rule's scan reads only its own. Gives up on the hits
 * (nhits = SIZE_MAX) when memory runs out. */
static void index_hits(const struct rules_gate *g, struct rules_lines *l)
{
    if (l->nhits == SIZE_MAX)
        return;
    size_t total = 0;
    for (size_t h = 0; h < l->nhits; h++)
        for (size_t w = 0; w < g->words; w++)
            total += (size_t)__builtin_popcountll(
                g->out[(size_t)l->hit_state[h] * g->words + w]);
    if (g->nrules + 2 > l->cap_first) {
        uint32_t *f = w_realloc(l->first, (g->nrules + 2) * sizeof *f);
        if (!f)
            goto fail;
        l->first = f;
        l->cap_first = g->nrules + 2;
    }
    if (total > l->cap_by_rule) {
        uint32_t *b = w_realloc(l->by_rule, total * sizeof *b);
        if (!b)
            goto fail;
        l->by_rule = b;
        l->cap_by_rule = total;
    }
    l->nrules = g->nrules;
    uint32_t *first = l->first;
    memset(first, 0, (g->nrules + 2) * sizeof *first);
    /* Counts at first[k + 2], then start offsets at first[k + 1], then
     * each rule's end at first[k + 1] as it is filled. */
    for (size_t h = 0; h < l->nhits; h++)
        for (size_t w = 0; w < g->words; w++)
            for (uint64_t b = g->out[(size_t)l->hit_state[h] * g->words + w];
                 b; b &= b - 1)
                first[w * 64 + (size_t)__builtin_ctzll(b) + 2]++;
    for (size_t k = 2; k < g->nrules + 2; k++)
        first[k] += first[k - 1];
    for (size_t h = 0; h < l->nhits; h++)
        for (size_t w = 0; w < g->words; w++)
            for (uint64_t b = g->out[(size_t)l->hit_state[h] * g->words + w];
                 b; b &= b - 1)
                l->by_rule[first[w * 64 + (size_t)__builtin_ctzll(b) + 1]++] =
                    l->hit_end[h];
    return;
fail:
    l->nhits = SIZE_MAX;
}

int rules_gate_lines(const struct rules_gate *g, const char *text,
                     size_t len, struct rules_lines *l)
{
    if (l->words != g->words) {
        rules_lines_cleanup(l);
        l->words = g->words;
    }
    l->n = 0;
    l->nhits = 0;
    const unsigned char *s = (const unsigned char *)text;
    const uint16_t *next = g->next;
    const uint8_t *cls = g->cls, *stop = g->stop, *has = g->has;
    const size_t ncls = g->ncls, words = g->words;
    uint32_t st = 0;
    size_t start = 0;
    int marked = 0; /* the current line has bits */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        st = next[st * ncls + cls[c]];
        if (has[st]) {
            add_hit(l, i, st);
            if (!marked) {
                if (grow(l))
                    goto nomem;
                marked = 1;
            }
            uint64_t *b = l->bits + l->n * words;
            for (size_t w = 0; w < words; w++)
                b[w] |= g->out[st * words + w];
        }
        if (stop[c]) {
            if (c != '\n') {
                if (lookalike(s, i, len)) {
                    l->n = l->nhits = 0;
                    return W_DECLINED;
                }
                continue;
            }
            if (marked) {
                l->start[l->n] = (uint32_t)start;
                l->end[l->n++] = (uint32_t)(i + 1);
                marked = 0;
            }
            start = i + 1;
        }
    }
    if (marked) {
        l->start[l->n] = (uint32_t)start;
        l->end[l->n++] = (uint32_t)len;
    }
    index_hits(g, l);
    return W_OK;
nomem:
    l->n = l->nhits = 0;
    return W_NOMEM;
}
