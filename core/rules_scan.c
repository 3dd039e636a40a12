/* SPDX-License-Identifier: MIT */
/*
 * Scanning a text with a rule set (rules.h): each rule of a category runs
 * over the places the literal gate leaves it (rules_gate.c), or over the
 * whole text, under PCRE2's match, depth and heap limits; the raw spans
 * are resolved best first with a bitmap of taken bytes, so the work stays
 * linear in the text times the number of rules.
 */
#include "config.h"
#include "rules_int.h"
#include "log.h"
#include "mem.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scanning -------------------------------------------------------- */

void rules_result_init(struct rules_result *res)
{
    memset(res, 0, sizeof *res);
}

void rules_result_cleanup(struct rules_result *res)
{
    if (res->mem_) {
        arena_cleanup(&res->mem_->a);
        w_free(res->mem_);
    }
    w_free(res->v);
    memset(res, 0, sizeof *res);
}

/* A raw match before overlap resolution: the ovector is kept so that
 * fields are only built for the matches that survive. */
struct raw {
    const struct rule *r;
    size_t start, end;
    size_t *ov;  /* 2 * (groups + 1) offsets */
    size_t *pov; /* the prefix's, or NULL */
};

struct scan {
    const struct rules *rs;
    const char *text;
    size_t len;
    struct raw *raw;
    size_t nraw, capraw;
    struct arena tmp; /* ovector copies */
    pcre2_match_data *pmd; /* for prefixes */
    pcre2_match_context *mc;
    pcre2_match_context *mcg; /* for gated rules */
    const struct rules_lines *lines; /* lines holding literals */
    int gated; /* lines is valid for this text */
    int truncated;
    size_t limit_hits;
};

static const char *limit_name(int rc);

static int raw_add(struct scan *sc, const struct rule *r, const size_t *ov,
                   uint32_t pairs)
{
    if (sc->nraw >= RULES_MAX_MATCHES) {
        sc->truncated = 1;
        return W_TOOBIG;
    }
    if (rules_grow(&sc->raw, &sc->capraw, sc->nraw, sizeof *sc->raw,
                   RULES_MAX_MATCHES) != W_OK)
        return W_NOMEM;
    struct raw *m = &sc->raw[sc->nraw];
    m->r = r;
    m->start = ov[0];
    m->end = ov[1];
    m->pov = NULL;
    if (r->pcode) {
        /* The prefix must end where the match starts: match
         * "(?:PREFIX)\z" on the text cut there, from a window before it;
         * the leftmost start found is the longest prefix. */
        size_t from = m->start > r->window ? m->start - r->window : 0;
        while (from > 0 && ((unsigned char)sc->text[from] & 0xC0) == 0x80)
            from++;
        int pr = pcre2_match(r->pcode, (PCRE2_SPTR)sc->text, m->start, from,
                             PCRE2_NO_UTF_CHECK, sc->pmd, sc->mc);
        if (pr < 0) {
            if (limit_name(pr))
                sc->limit_hits++;
            return W_DECLINED;
        }
        uint32_t pp = 0;
        pcre2_pattern_info(r->pcode, PCRE2_INFO_CAPTURECOUNT, &pp);
        pp++;
        const size_t *pov = pcre2_get_ovector_pointer(sc->pmd);
        m->pov = arena_alloc(&sc->tmp, 2 * pp * sizeof *m->pov);
        if (!m->pov)
            return W_NOMEM;
        memcpy(m->pov, pov, 2 * pp * sizeof *m->pov);
        if (pov[0] < m->start)
            m->start = pov[0];
    }
    m->ov = arena_alloc(&sc->tmp, 2 * pairs * sizeof *m->ov);
    if (!m->ov)
        return W_NOMEM;
    memcpy(m->ov, ov, 2 * pairs * sizeof *m->ov);
    sc->nraw++;
    return W_OK;
}

static const char *limit_name(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "match";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "depth";
    case PCRE2_ERROR_HEAPLIMIT:
        return "heap";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "JIT stack";
    default:
        return NULL;
    }
}

/* Next offset after a limit hit: the next line, at least 256 bytes on,
 * on a character boundary. */
static size_t skip_after_hit(const char *text, size_t len, size_t from)
{
    size_t to = from + 256;
    if (to >= len)
        return len;
    const char *nl = memchr(text + to, '\n', len - to);
    to = nl ? (size_t)(nl - text) + 1 : len;
    while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80)
        to++;
    return to;
}

/* The next stretch of adjacent lines, from line *li on, that the rule's
 * bit marks and that ends after *off: moves *li to its first line and
 * *off into it, and returns the offset of its last byte (the latest a
 * match may start at), or -1 when no marked line is left. */
static long next_window(const struct scan *sc, size_t bit, size_t *li,
                        size_t *off)
{
    const struct rules_lines *l = sc->lines;
    size_t i = *li;
    while (i < l->n && (l->end[i] <= *off || !rules_lines_has(l, i, bit)))
        i++;
    *li = i;
    if (i == l->n)
        return -1;
    size_t end = l->end[i];
    if (*off < l->start[i])
        *off = l->start[i];
    for (i++; i < l->n && l->start[i] == end && rules_lines_has(l, i, bit);
         i++)
        end = l->end[i];
    return (long)end - 1;
}

/* The same over the places the rule's literals end, for a rule whose
 * matches start at most r->maxpre bytes before their literal: a literal
 * ending at e lets a match start from e + 1 - lit_max - maxpre to
 * e + 1 - lit_min; overlapping spans are joined. *hi walks the rule's
 * hits. */
static long next_hit_window(const struct scan *sc, const struct rule *r,
                            size_t *hi, size_t *off)
{
    size_t n;
    const uint32_t *hit = rules_lines_hits(sc->lines, (size_t)r->gate_bit,
                                           &n);
    size_t back = r->lit_max + r->maxpre;
    long last = -1;
    size_t first = 0;
    for (size_t h = *hi; h < n; h++) {
        size_t e = (size_t)hit[h] + 1;
        size_t ws = e > back ? e - back : 0, we = e - r->lit_min;
        if (last < 0) {
            if (we < *off) {
                *hi = h + 1; /* behind the scan: never needed again */
                continue;
            }
            first = ws;
            last = (long)we;
        } else if (ws <= (size_t)last + 1) {
            if ((long)we > last)
                last = (long)we;
        } else {
            break;
        }
    }
    if (last >= 0 && *off < first)
        *off = first;
    return last;
}

static int scan_rule(struct scan *sc, const struct rule *r,
                     pcre2_match_data *md, pcre2_match_context *mc)
{
    size_t off = 0;
    size_t hits = 0;
    uint32_t pairs = pcre2_get_ovector_count(md);
    uint32_t cap = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &cap);
    if (cap + 1 < pairs)
        pairs = cap + 1;
    /* A gated rule runs only where a line holds one of its literals,
     * with the whole text as subject (lookarounds see what they would
     * see) and the window's end as the last offset a match may start
     * at. */
    int gated = r->gate_bit >= 0 && sc->gated;
    int by_hits = gated && r->maxpre != SIZE_MAX &&
                  sc->lines->nhits != SIZE_MAX;
    size_t bit = gated ? (size_t)r->gate_bit : 0;
    size_t li = 0;
    long last = -1;
    if (gated)
        mc = sc->mcg;
    while (off <= sc->len) {
        if (gated) {
            last = by_hits ? next_hit_window(sc, r, &li, &off)
                           : next_window(sc, bit, &li, &off);
            if (last < 0)
                break;
            pcre2_set_offset_limit(mc, (PCRE2_SIZE)last);
        }
        int rc = pcre2_match(r->code, (PCRE2_SPTR)sc->text, sc->len, off,
                             PCRE2_NO_UTF_CHECK, md, mc);
        if (rc == PCRE2_ERROR_NOMATCH && gated) {
            /* Nothing starts in this stretch: on to the next. */
            off = (size_t)last + 1;
            continue;
        }
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        const char *lim = limit_name(rc);
        if (lim) {
            sc->limit_hits++;
            if (hits++ == 0)
                W_WARN("rules: rule %s (%s:%u) hit the %s limit at byte %zu; "
                       "skipping that part of the text",
                       r->id, r->file, r->line, lim, off);
            if (hits >= RULES_MAX_LIMIT_HITS) {
                W_WARN("rules: rule %s abandoned for this text after %zu "
                       "limit hits",
                       r->id, hits);
                break;
            }
            off = skip_after_hit(sc->text, sc->len, off);
            if (off >= sc->len)
                break;
            continue;
        }
        if (rc < 0) {
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(rc, msg, sizeof msg);
            W_WARN("rules: rule %s failed at byte %zu: %s", r->id, off,
                   (char *)msg);
            break;
        }
        size_t *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] < ov[0]) { /* \K games: treat as empty at the end */
            ov[0] = ov[1];
        }
        /* The rule and the rules sharing its pattern, each with its own
         * prefix, fields and kind. */
        for (const struct rule *s = r; s; s = s->next_same) {
            int ar = raw_add(sc, s, ov, pairs);
            if (ar == W_TOOBIG)
                return W_OK;
            if (ar && ar != W_DECLINED)
                return ar;
        }
        if (ov[1] > off) {
            off = ov[1];
        } else {
            /* Empty match: step one character. */
            off = ov[1] + 1;
            while (off < sc->len &&
                   ((unsigned char)sc->text[off] & 0xC0) == 0x80)
                off++;
        }
    }
    return W_OK;
}

static int cmp_best(const void *a, const void *b)
{
    const struct raw *x = a, *y = b;
    if (x->r->priority != y->r->priority)
        return x->r->priority > y->r->priority ? -1 : 1;
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->r->index < y->r->index ? -1 : x->r->index > y->r->index;
}

static int cmp_pos(const void *a, const void *b)
{
    const struct rules_match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return x->rule_index < y->rule_index ? -1 : x->rule_index > y->rule_index;
}

/* Value of one alternative for a raw match, or NULL. */
static const char *alt_value(struct arena *a, const struct rval *v,
                             const char *text, const size_t *ov,
                             uint32_t pairs, size_t *s, size_t *e)
{
    if (v->type == RV_LITERAL) {
        *s = *e = SIZE_MAX;
        return v->text;
    }
    for (size_t g = 0; g < v->ngroups; g++) {
        uint32_t n = (uint32_t)v->groups[g];
        if (n >= pairs || ov[2 * n] == PCRE2_UNSET)
            continue;
        *s = ov[2 * n];
        *e = ov[2 * n + 1];
        if (v->type == RV_GROUP)
            return arena_strndup(a, text + *s, *e - *s);
        long row = rules_list_lookup(v->list, text + *s, *e - *s);
        if (row < 0)
            return NULL;
        if (v->col > v->list->ncols[row])
            return v->col == 2 ? v->list->rows[row][0] : NULL;
        return v->list->rows[row][v->col - 1];
    }
    return NULL;
}

/* Build the public match for a raw one; returns 0 when a required field
 * is missing (the match is dropped), 1 when built, <0 on errors. */
static int build_match(struct arena *a, const struct raw *m,
                       const char *text, struct rules_match *out)
{
    const struct rule *r = m->r;
    uint32_t pairs = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &pairs);
    pairs++;
    struct rules_field *f = NULL;
    if (r->nfields) {
        f = arena_alloc(a, r->nfields * sizeof *f);
        if (!f)
            return W_NOMEM;
    }
    size_t nf = 0;
    uint32_t ppairs = 0;
    if (r->pcode)
        pcre2_pattern_info(r->pcode, PCRE2_INFO_CAPTURECOUNT, &ppairs);
    ppairs++;
    for (size_t i = 0; i < r->nfields; i++) {
        const struct rfield *rf = &r->fields[i];
        for (size_t j = 0; j < rf->nalts; j++) {
            size_t s, e;
            const struct rval *rv = &rf->alts[j];
            if (rv->in_prefix && !m->pov)
                continue;
            const char *v =
                rv->in_prefix
                    ? alt_value(a, rv, text, m->pov, ppairs, &s, &e)
                    : alt_value(a, rv, text, m->ov, pairs, &s, &e);
            if (v && (*v || rf->alts[j].type == RV_LITERAL)) {
                f[nf].name = rf->name;
                f[nf].value = v;
                f[nf].start = s;
                f[nf].end = e;
                nf++;
                break;
            }
        }
    }
    for (size_t i = 0; i < r->nrequire; i++) {
        size_t j = 0;
        while (j < nf && strcmp(f[j].name, r->require[i]))
            j++;
        if ((j == nf) != r->forbid[i])
            return 0; /* required and missing, or forbidden and there */
    }
    out->rule = r->id;
    out->category = r->category;
    out->kind = r->stop ? "stop" : r->kind;
    out->start = m->start;
    out->end = m->end;
    out->priority = r->priority;
    out->rule_index = r->index;
    out->n_fields = nf;
    out->fields = f;
    return 1;
}

static int covered(const unsigned char *bm, size_t s, size_t e)
{
    if (s == e)
        return (bm[s >> 3] >> (s & 7)) & 1;
    for (size_t i = s; i < e; i++) {
        if ((i & 7) == 0 && i + 8 <= e) {
            if (bm[i >> 3])
                return 1;
            i += 7;
            continue;
        }
        if ((bm[i >> 3] >> (i & 7)) & 1)
            return 1;
    }
    return 0;
}

static void cover(unsigned char *bm, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        bm[i >> 3] |= (unsigned char)(1u << (i & 7));
}

/*
 * Per-thread match scratch (match data, match context with the limits,
 * JIT stack), kept between scans: creating a JIT stack maps memory, which
 * would otherwise cost more than scanning a short article.
 */
struct scratch {
    pcre2_match_data *md, *pmd;
    uint32_t pairs;
    pcre2_match_context *mc;
    pcre2_match_context *mcg; /* the same, for gated rules' offset limit */
    pcre2_jit_stack *js;
    /* The lines of the last text scanned with a gate (rules_gate.h),
     * kept with a copy of that text: the passes over one article (dates,
     * money, officials, agreements) find its literals once. */
    uint64_t serial; /* of the rule set; 0: nothing kept */
    char *text;
    size_t tlen, tcap;
    struct rules_lines lines;
    int gated;
};

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok;

static void scratch_free(void *p)
{
    struct scratch *x = p;
    if (!x)
        return;
    pcre2_match_data_free(x->md);
    pcre2_match_data_free(x->pmd);
    pcre2_match_context_free(x->mc);
    pcre2_match_context_free(x->mcg);
    pcre2_jit_stack_free(x->js);
    w_free(x->text);
    rules_lines_cleanup(&x->lines);
    w_free(x);
}

static void scratch_key_init(void)
{
    scratch_key_ok = pthread_key_create(&scratch_key, scratch_free) == 0;
}

/* The calling thread's scratch with room for `pairs` offsets, or NULL.
 * *owned is set when the scratch could not be kept (the caller frees). */
static struct scratch *scratch_get(uint32_t pairs, int *owned)
{
    pthread_once(&scratch_once, scratch_key_init);
    struct scratch *x = scratch_key_ok ? pthread_getspecific(scratch_key)
                                       : NULL;
    *owned = 0;
    if (!x) {
        x = w_calloc(1, sizeof *x);
        if (!x)
            return NULL;
        x->mc = pcre2_match_context_create(NULL);
        x->mcg = pcre2_match_context_create(NULL);
        /* NULL without JIT support: the interpreter needs no JIT stack. */
        x->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
        if (!x->mc || !x->mcg) {
            scratch_free(x);
            return NULL;
        }
        pcre2_match_context *both[] = {x->mc, x->mcg};
        for (int i = 0; i < 2; i++) {
            pcre2_set_match_limit(both[i], RULES_MATCH_LIMIT);
            pcre2_set_depth_limit(both[i], RULES_DEPTH_LIMIT);
            pcre2_set_heap_limit(both[i], RULES_HEAP_LIMIT_KB);
            if (x->js)
                pcre2_jit_stack_assign(both[i], NULL, x->js);
        }
        if (!scratch_key_ok || pthread_setspecific(scratch_key, x) != 0)
            *owned = 1;
    }
    if (x->pairs < pairs) {
        pcre2_match_data *md = pcre2_match_data_create(pairs, NULL);
        pcre2_match_data *pmd = pcre2_match_data_create(pairs, NULL);
        if (!md || !pmd) {
            pcre2_match_data_free(md);
            pcre2_match_data_free(pmd);
            if (*owned)
                scratch_free(x);
            return NULL;
        }
        pcre2_match_data_free(x->md);
        pcre2_match_data_free(x->pmd);
        x->md = md;
        x->pmd = pmd;
        x->pairs = pairs;
    }
    return x;
}

/* Scan one category, rule by rule. */
static int scan_cat(struct scan *sc, const struct rcat *c,
                    struct scratch *x)
{
    int rc = W_OK;
    for (size_t i = 0; i < c->n && !rc && !sc->truncated; i++)
        if (!c->rules[i]->leader)
            rc = scan_rule(sc, c->rules[i], x->md, x->mc);
    return rc;
}

/* Whether the same set scanned this very text last on this thread: its
 * lines are known and it was found to be valid UTF-8. */
static int cached(const struct rules *rs, const struct scratch *x,
                  const char *text, size_t len)
{
    return x->serial && x->serial == rs->serial && x->tlen == len &&
           memcmp(x->text, text, len) == 0;
}

/* Finds the lines of text holding literals and keeps them with a copy
 * of the text (rs->gate is set, text is valid UTF-8). */
static int find_lines(const struct rules *rs, struct scratch *x,
                      const char *text, size_t len)
{
    x->serial = 0;
    int g = rules_gate_lines(rs->gate, text, len, &x->lines);
    if (g == W_NOMEM)
        return W_NOMEM;
    x->gated = g == W_OK;
    if (len > RULES_CACHE_TEXT)
        return W_OK;
    if (len + 1 > x->tcap) {
        char *t = w_realloc(x->text, len + 1);
        if (!t)
            return W_OK; /* not kept: found again next time */
        x->text = t;
        x->tcap = len + 1;
    }
    memcpy(x->text, text, len);
    x->tlen = len;
    x->serial = rs->serial;
    return W_OK;
}

int rules_scan(const struct rules *rs, const char *category,
               const char *text, size_t len, unsigned flags,
               struct rules_result *res)
{
    if (len > RULES_MAX_TEXT)
        return W_TOOBIG;
    if (!rs || !text)
        return W_OK;
    struct scan sc = {.rs = rs, .text = text, .len = len};
    arena_init(&sc.tmp, 0);
    struct scratch *x = NULL;
    int owned = 0;
    unsigned char *bm = NULL;
    int rc = W_NOMEM;
    x = scratch_get(rs->max_groups + 1, &owned);
    if (!x)
        goto out;
    /* The passes over one article check and gate its text once. */
    int known = rs->gate && cached(rs, x, text, len);
    if (!known && !rules_utf8_valid(text, len)) {
        rc = W_PARSE;
        goto out;
    }
    if (!res->mem_) {
        res->mem_ = w_calloc(1, sizeof *res->mem_);
        if (!res->mem_)
            goto out;
        arena_init(&res->mem_->a, 0);
    }
    sc.pmd = x->pmd;
    sc.mc = x->mc;
    sc.mcg = x->mcg;
    if (rs->gate) {
        rc = known ? W_OK : find_lines(rs, x, text, len);
        if (rc)
            goto out;
        sc.lines = &x->lines;
        sc.gated = x->gated;
    }
    rc = W_OK;
    for (size_t k = 0; k < rs->ncats && !rc && !sc.truncated; k++)
        if (!category || strcmp(rs->cats[k].name, category) == 0)
            rc = scan_cat(&sc, &rs->cats[k], x);
    if (rc)
        goto out;
    int resolve = !(flags & RULES_SCAN_ALL);
    if (resolve) {
        if (sc.nraw)
            qsort(sc.raw, sc.nraw, sizeof *sc.raw, cmp_best);
        bm = w_calloc(len / 8 + 2, 1);
        if (!bm) {
            rc = W_NOMEM;
            goto out;
        }
    }
    size_t first = res->n;
    for (size_t i = 0; i < sc.nraw; i++) {
        struct raw *m = &sc.raw[i];
        if (resolve && covered(bm, m->start, m->end))
            continue;
        if (res->n == res->cap) {
            size_t nc = res->cap ? res->cap * 2 : 32;
            void *q = w_realloc(res->v, nc * sizeof *res->v);
            if (!q) {
                rc = W_NOMEM;
                goto out;
            }
            res->v = q;
            res->cap = nc;
        }
        int b = build_match(&res->mem_->a, m, text, &res->v[res->n]);
        if (b < 0) {
            rc = b;
            goto out;
        }
        if (b == 0)
            continue; /* a required field is missing: no match here */
        if (resolve) {
            cover(bm, m->start, m->end);
            if (m->r->stop)
                continue;
        }
        res->n++;
    }
    if (res->n > first)
        qsort(res->v + first, res->n - first, sizeof *res->v, cmp_pos);
    if (sc.truncated) {
        res->truncated = 1;
        W_WARN("rules: scan stopped after %d matches", RULES_MAX_MATCHES);
    }
    res->limit_hits += sc.limit_hits;
out:
    w_free(bm);
    w_free(sc.raw);
    arena_cleanup(&sc.tmp);
    if (owned)
        scratch_free(x);
    return rc;
}

const struct rules_field *rules_match_field(const struct rules_match *m,
                                            const char *name)
{
    for (size_t i = 0; m && i < m->n_fields; i++)
        if (strcmp(m->fields[i].name, name) == 0)
            return &m->fields[i];
    return NULL;
}

const char *rules_match_get(const struct rules_match *m, const char *name)
{
    const struct rules_field *f = rules_match_field(m, name);
    return f ? f->value : NULL;
}
