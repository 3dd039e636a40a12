/* SPDX-License-Identifier: MIT */
/*
 * Agreements (GUIDE "Agreements"): cooperation relationships between
 * named parties, one record per distinct set of parties.
 *
 * Every sentence with a kind cue (rules/agreements/kinds.rules: sister
 * city, MoU, LoI, perjanjian kerja sama, kerja sama, kontak dagang ...)
 * is a candidate. Its parties are the places that stand as actors there
 * (party-context: "dengan Petaling Jaya", not "di Solo" or "pasar
 * Indonesia"), the bodies named in it (a dinas acts for its
 * jurisdiction), and the officials mentioned in it (for their
 * jurisdiction). Candidates with two or more parties make or join
 * records; then a candidate with one party joins the record that has it,
 * or, outside quoted speech, pairs that party with the article's home
 * jurisdiction ("penjajakan kerja sama akan dilakukan dengan Kota
 * Chandler"); a candidate without parties joins the record before it when
 * it points back ("MoU tersebut", "kedua kota") or sits in the same
 * paragraph.
 *
 * A record's kind is the strongest of its cues (sister_city, mou, loi,
 * agreement, cooperation), its stage the strongest stage cue (renewal,
 * signed, ended, planned, exploring, active; active when none), where a
 * signing next to a date weeks before publication is an old signing and
 * counts as active. signed, duration, sectors and the CAMEO code come
 * from the record's sentences.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"
#include "extract_int.h"
#include "gazetteer.h"
#include "mem.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIST_SECTORS "agreements/sectors"
#define LIST_CAMEO "agreements/cameo"
#define MAX_SECTORS 16

static const char *const kind_names[] = {NULL, "cooperation", "agreement",
                                         "loi", "mou", "sister_city"};
/* Strength order of stages when a record has several. */
static const char *const stage_names[] = {NULL,      "active",  "exploring",
                                          "planned", "ended",   "signed",
                                          "renewal"};

static int kind_rank(const char *k)
{
    for (int i = 1; i < 6; i++)
        if (strcmp(k, kind_names[i]) == 0)
            return i;
    return 0;
}

static int stage_rank(const char *k)
{
    for (int i = 1; i < 7; i++)
        if (strcmp(k, stage_names[i]) == 0)
            return i;
    return 0;
}

struct cand {
    size_t sent;
    uint32_t b0, b1;  /* sentence bytes */
    const char *parties[X_MAX_PARTIES]; /* borrowed from the state */
    unsigned np;
    int kind, stage;
    int established; /* "telah terjalin sejak 2012": a standing relation */
    int quote, anaphor, we;
    const char *speaker; /* party of the official who speaks a quote */
    int weak; /* no kind cue, only a signing, renewal or ending: joins a
               * record, never makes one */
    char signed_on[16];
    char duration[8];
    const char *event;
    const char *sectors[MAX_SECTORS];
    int economic;
    unsigned nsec;
    uint32_t para;
};

struct rec {
    const char *parties[X_MAX_PARTIES]; /* borrowed from the state */
    unsigned np;
    int kind, stage;
    int established;
    char signed_on[16];
    char duration[8];
    const char *event;
    const char *sectors[MAX_SECTORS];
    unsigned nsec;
    int economic;
    uint32_t ev[X_MAX_EVIDENCE][2];
    unsigned nev;
    uint32_t last;   /* last evidence byte */
    uint32_t para;   /* paragraph of the last candidate merged */
};

static int fold_eq(const char *a, const char *b)
{
    char ka[512], kb[512];
    xfold_phrase(a, ka, sizeof ka);
    xfold_phrase(b, kb, sizeof kb);
    return strcmp(ka, kb) == 0;
}

static int has_party(const char *const *p, unsigned n, const char *s)
{
    for (unsigned i = 0; i < n; i++)
        if (fold_eq(p[i], s))
            return 1;
    return 0;
}

static void add_party(struct cand *c, const char *s)
{
    if (!*s || c->np >= X_MAX_PARTIES || has_party(c->parties, c->np, s))
        return;
    c->parties[c->np++] = s;
}

/* Days since the epoch of an ISO date prefix; precision 1 year, 2 month,
 * 3 day; 0 when unparsable. */
static int iso_parts(const char *v, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    int n = sscanf(v, "%4d-%2d-%2d", y, m, d);
    return n < 0 ? 0 : n;
}

/* A date weeks before publication in the sentence: the signing it reports
 * is an old one. Fills the first day-precision date as the signing date. */
static int old_date(const struct xstate *st, uint32_t b0, uint32_t b1,
                    char *signed_on, size_t sz)
{
    int py, pm, pd;
    int pp = st->published ? iso_parts(st->published, &py, &pm, &pd) : 0;
    int old = 0;
    for (size_t k = 0; k < st->dates.n; k++) {
        const struct dates_item *d = &st->dates.v[k];
        if (d->bstart < b0 || d->bend > b1)
            continue;
        int y, m, dd;
        int p = iso_parts(d->value, &y, &m, &dd);
        if (p == 3 && !*signed_on)
            xstrlcpy(signed_on, d->value, sz);
        if (pp != 3 || !p)
            continue;
        long pub = dates_to_days(py, pm, pd);
        if (p == 3 && pub - dates_to_days(y, m, dd) > 30)
            old = 1;
        else if (p == 2 && (py - y) * 12 + (pm - m) >= 2)
            old = 1;
        else if (p == 1 && y < py)
            old = 1;
    }
    return old;
}

/* An active cue that says the relation stands ("telah terjalin",
 * "berjalan sejak 2015"), not one that says it will grow. */
static int standing(const char *s, size_t n)
{
    static const char *const w[] = {"terjalin", "dijalin",
                                    "berjalan", "berlangsung", NULL};
    for (size_t i = 0; w[i]; i++) {
        size_t m = strlen(w[i]);
        for (size_t k = 0; k + m <= n; k++)
            if (strncasecmp(s + k, w[i], m) == 0)
                return 1;
    }
    return 0;
}

/* "Kami sedang menjajaki kerja sama ...": a first-person subject (the
 * speaker's institution) opens the clause of the cue, at most three words
 * before it. "Produk kita ... bekerja sama" is no subject. */
static int we_before(const struct xtext *x, size_t t0, size_t cue)
{
    for (size_t i = cue > t0 + 3 ? cue - 3 : t0; i < cue; i++) {
        if (!(xtok_eq(x, i, "kami") || xtok_eq(x, i, "kita") ||
              xtok_eq(x, i, "pihaknya")))
            continue;
        if (i == t0 || (x->t[i - 1].f & XT_PUNCT) || xtok_eq(x, i - 1, "dan"))
            return 1;
    }
    return 0;
}

static int anaphor_at(const struct xtext *x, size_t t0, size_t t1)
{
    static const char *const kedua[] = {"kota", "pihak", "daerah", "negara",
                                        "pemerintah", "belah", "kabupaten",
                                        "provinsi", "institusi", "lembaga",
                                        NULL};
    for (size_t i = t0; i < t1; i++) {
        if (xtok_eq(x, i, "tersebut") || xtok_eq(x, i, "keduanya") ||
            xtok_eq(x, i, "itu") || xtok_eq(x, i, "ini"))
            return 1;
        if (xtok_eq(x, i, "kedua"))
            for (size_t k = 0; kedua[k]; k++)
                if (xtok_eq(x, i + 1, kedua[k]))
                    return 1;
    }
    return 0;
}

/* Matches of one category, sorted by start (rules_scan's order). */
struct mlist {
    struct rules_result res;
    size_t pos;
};

static int scan(const struct xstate *st, const char *cat, struct mlist *l)
{
    int rc = rules_scan(st->ex->rs, cat, st->x.s, st->x.len, 0, &l->res);
    return rc == W_NOMEM ? rc : W_OK;
}

static int cmp_men(const void *a, const void *b)
{
    const struct xmention *x = a, *y = b;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

static void sectors_of(struct xstate *st, size_t t0, size_t t1,
                       struct cand *c)
{
    const struct xtext *x = &st->x;
    for (size_t i = t0; i < t1; i++) {
        /* Not inside a body or a title: "Dinas Koperasi", "Menteri
         * Koperasi" name no sector. */
        if (!(x->t[i].f & XT_WORD) || (st->own && st->own[i] >= 0))
            continue;
        size_t end = 0;
        struct xmap_ent *e = xmap_match(&st->ex->sectors, x, i, &end);
        if (!e || end > t1)
            continue;
        const char *sec = xlist_col(st->ex->rs, LIST_SECTORS, e->val, 1);
        const char *cls = xlist_col(st->ex->rs, LIST_SECTORS, e->val, 2);
        if (strcmp(cls, "economic") == 0)
            c->economic = 1;
        int dup = 0;
        for (unsigned k = 0; k < c->nsec; k++)
            dup |= strcmp(c->sectors[k], sec) == 0;
        if (!dup && c->nsec < MAX_SECTORS)
            c->sectors[c->nsec++] = sec;
        i = end - 1;
    }
}

/* Move the cursors over places, bodies and mentions to token t0. */
static void advance(const struct xstate *st, size_t t0, size_t *pi,
                    size_t *oi, size_t *mi)
{
    while (*pi < st->nplaces && st->places[*pi].t0 < t0)
        (*pi)++;
    while (*oi < st->norgs && st->orgs[*oi].t0 < t0)
        (*oi)++;
    while (*mi < st->nmen && st->men[*mi].t0 < t0)
        (*mi)++;
}

/* A place that only continues the body just before it, through
 * capitalised words and numbers: "PT Kereta Api Indonesia (Persero)
 * Daerah Operasi 9 Jember" names a branch, not the regency. */
static int org_tail(const struct xstate *st, uint32_t t0)
{
    const struct xtext *x = &st->x;
    for (size_t n = 0; n < st->norgs; n++) {
        const struct xorg *o = &st->orgs[n];
        if (o->t1 > t0 || t0 - o->t1 > 4 || !o->type ||
            strcmp(o->type, "company") != 0)
            continue;
        size_t k = o->t1;
        while (k < t0 && x->t[k].sent == x->t[t0].sent &&
               (x->t[k].f & (XT_CAP | XT_UPPER | XT_NUM)))
            k++;
        if (k == t0)
            return 1;
    }
    return 0;
}

/* A brand with its market: "Shopee Indonesia", "Grab Malaysia" (one
 * capitalised word no list knows, then a country, after "dengan", "dan"
 * or a comma). Returns 1 and the name in buf. */
static int brand_of(const struct xstate *st, const struct xplace *p,
                    char *buf, size_t n)
{
    const struct xtext *x = &st->x;
    size_t b = p->t0;
    if (b < 2 || x->t[b - 1].sent != x->t[b].sent || !(x->t[b - 1].f & XT_CAP) ||
        (x->t[b - 1].f & (XT_NUM | XT_MASK)))
        return 0;
    if (!(xtok_eq(x, b - 2, "dengan") || xtok_eq(x, b - 2, "dan") ||
          xtok_is(x, b - 2, ',') || xtok_eq(x, b - 2, "menggandeng")))
        return 0;
    struct gaz_hit h;
    if (!gazetteer_match(st->ex->gaz, x, p->t0, GAZ_COUNTRY, &h) || h.block)
        return 0;
    if (!xname_word(st, b - 1) ||
        gazetteer_match(st->ex->gaz, x, b - 1, GAZ_ANY, &h))
        return 0;
    for (size_t k = 0; k < st->norgs; k++)
        if (st->orgs[k].t0 <= b - 1 && st->orgs[k].t1 > b - 1)
            return 0;
    xtext_span_str(x, b - 1, p->t1, buf, n);
    return 1;
}

/* The parties of sentence se, in text order: officials mentioned, bodies
 * named (not after "di"), places standing as actors. quote 0 or 1 keeps
 * only those outside or inside quoted speech; -1 keeps all. */
static void collect_parties(const struct xstate *st, const struct xsent *se,
                            int quote, struct cand *c, size_t *pi,
                            size_t *oi, size_t *mi)
{
    const struct xtext *x = &st->x;
    advance(st, se->t0, pi, oi, mi);
    size_t a = *pi, o = *oi, m = *mi;
    for (;;) {
        uint32_t tp = a < st->nplaces && st->places[a].t0 < se->t1
                          ? st->places[a].t0
                          : UINT32_MAX;
        uint32_t to = o < st->norgs && st->orgs[o].t0 < se->t1
                          ? st->orgs[o].t0
                          : UINT32_MAX;
        uint32_t tm = m < st->nmen && st->men[m].t0 < se->t1
                          ? st->men[m].t0
                          : UINT32_MAX;
        if (tp == UINT32_MAX && to == UINT32_MAX && tm == UINT32_MAX)
            break;
        uint32_t first = tm <= tp && tm <= to ? tm : to <= tp ? to : tp;
        int same = quote < 0 ||
                   ((x->t[first].f & XT_QUOTE) != 0) == (quote != 0);
        if (tm <= tp && tm <= to) {
            if (same)
                add_party(c, st->off[st->men[m].who].party);
            m++;
        } else if (to <= tp) {
            const struct xorg *org = &st->orgs[o];
            /* An embassy or consulate supports or hosts; it is no party
             * (GUIDE: bystanders). */
            if (same && xcontext_role(st, org->t0) != 'l' &&
                !(org->type && strcmp(org->type, "embassy") == 0))
                add_party(c, org->party);
            o++;
        } else {
            const struct xplace *p = &st->places[a];
            if (same && p->party && p->owner < 0 && !p->qualifier &&
                !(x->t[p->t0].f & XT_MASK) && !org_tail(st, p->t0)) {
                char brand[X_MAX_NAME];
                char *keep = NULL;
                if (brand_of(st, p, brand, sizeof brand) &&
                    (keep = arena_alloc(st->a, strlen(brand) + 1)) != NULL) {
                    memcpy(keep, brand, strlen(brand) + 1);
                    add_party(c, keep);
                } else
                    add_party(c, p->name);
            }
            a++;
        }
    }
}

static void merge(struct rec *r, const struct cand *c)
{
    for (unsigned i = 0; i < c->np; i++)
        if (!has_party(r->parties, r->np, c->parties[i]) &&
            r->np < X_MAX_PARTIES)
            r->parties[r->np++] = c->parties[i];
    if (c->kind > r->kind)
        r->kind = c->kind;
    if (c->stage > r->stage)
        r->stage = c->stage;
    r->established |= c->established;
    if (!*r->signed_on && *c->signed_on)
        xstrlcpy(r->signed_on, c->signed_on, sizeof r->signed_on);
    if (!*r->duration && *c->duration)
        xstrlcpy(r->duration, c->duration, sizeof r->duration);
    if (!r->event && c->event)
        r->event = c->event;
    r->economic |= c->economic;
    for (unsigned i = 0; i < c->nsec; i++) {
        int dup = 0;
        for (unsigned k = 0; k < r->nsec; k++)
            dup |= strcmp(r->sectors[k], c->sectors[i]) == 0;
        if (!dup && r->nsec < MAX_SECTORS)
            r->sectors[r->nsec++] = c->sectors[i];
    }
    int dup = 0;
    for (unsigned k = 0; k < r->nev; k++)
        dup |= r->ev[k][0] == c->b0;
    if (!dup && r->nev < X_MAX_EVIDENCE) {
        r->ev[r->nev][0] = c->b0;
        r->ev[r->nev][1] = c->b1;
        r->nev++;
    }
    if (c->b1 > r->last)
        r->last = c->b1;
    r->para = c->para;
}

/* A party that is a city, regency, province or foreign subdivision. */
static int subnational(const struct xstate *st, const char *name)
{
    const struct gaz_entry *e = gazetteer_find(st->ex->gaz, name);
    if (e)
        return (e->type & (GAZ_CITY | GAZ_REGENCY | GAZ_PROVINCE |
                           GAZ_SUBDIV)) != 0;
    return strncmp(name, "Kota ", 5) == 0 ||
           strncmp(name, "Kabupaten ", 10) == 0;
}

static int subset(const struct cand *c, const struct rec *r)
{
    for (unsigned i = 0; i < c->np; i++)
        if (!has_party(r->parties, r->np, c->parties[i]))
            return 0;
    return 1;
}

static int superset(const struct cand *c, const struct rec *r)
{
    for (unsigned i = 0; i < r->np; i++)
        if (!has_party(c->parties, c->np, r->parties[i]))
            return 0;
    return 1;
}

/* The record merged last before byte b (or -1). */
static int recent(const struct rec *r, size_t nr, uint32_t b,
                  const char *with)
{
    int best = -1;
    uint32_t bl = 0;
    for (size_t k = 0; k < nr; k++) {
        if (with && !has_party(r[k].parties, r[k].np, with))
            continue;
        for (unsigned e = 0; e < r[k].nev; e++)
            if (r[k].ev[e][1] <= b && r[k].ev[e][1] >= bl) {
                bl = r[k].ev[e][1];
                best = (int)k;
            }
    }
    if (best < 0 && with)
        for (size_t k = 0; k < nr && best < 0; k++)
            if (has_party(r[k].parties, r[k].np, with))
                best = (int)k;
    return best;
}

static json_t *rec_json(struct xstate *st, struct rec *r)
{
    const struct extract *ex = st->ex;
    json_t *parties = json_array(), *sectors = json_array(),
           *ev = json_array();
    for (unsigned i = 0; i < r->np; i++)
        json_array_append_new(parties, json_string(r->parties[i]));
    for (unsigned i = 0; i < r->nsec; i++)
        json_array_append_new(sectors, json_string(r->sectors[i]));
    for (unsigned i = 0; i < r->nev; i++)
        json_array_append_new(
            ev, xspan_json(&st->x, r->ev[i][0], r->ev[i][1]));
    /* A relation the article calls long-standing stays active while
     * both sides talk of widening it ("ingin kerja sama diperluas"). */
    if (r->established && r->stage == stage_rank("exploring"))
        r->stage = stage_rank("active");
    const char *stage = stage_names[r->stage ? r->stage : 1];
    const char *cameo = NULL;
    char key[64];
    xfold_phrase(stage, key, sizeof key);
    struct xmap_ent *c = xmap_get(&ex->cameo, key);
    if (c) {
        const char *ev4 = xlist_col(ex->rs, LIST_CAMEO, c->val, 3);
        if (strcmp(ev4, "event") == 0 && r->event)
            cameo = r->event;
        else if (r->economic &&
                 *xlist_col(ex->rs, LIST_CAMEO, c->val, 2))
            cameo = xlist_col(ex->rs, LIST_CAMEO, c->val, 2);
        else
            cameo = xlist_col(ex->rs, LIST_CAMEO, c->val, 1);
    }
    return xjson_obj(
        8, "kind", json_string(kind_names[r->kind ? r->kind : 1]), "stage",
        json_string(stage), "parties", parties, "signed",
        xjson_str(*r->signed_on ? r->signed_on : NULL), "duration",
        xjson_str(*r->duration ? r->duration : NULL), "sectors", sectors,
        "evidence", ev, "cameo", xjson_str(cameo && *cameo ? cameo : NULL));
}

static void duration_of(const struct rules_match *m, const struct rules *rs,
                        char *out, size_t sz)
{
    const char *n = rules_match_get(m, "n");
    const char *unit = rules_match_get(m, "unit");
    if (!n || !unit)
        return;
    long v = 0;
    if (n[0] >= '0' && n[0] <= '9')
        v = strtol(n, NULL, 10);
    else if (strcmp(n, "se") == 0 || strcmp(n, "Se") == 0)
        v = 1;
    else {
        const char *w = rules_word(rs, "numbers", n, 2);
        v = w ? strtol(w, NULL, 10) : 0;
    }
    if (v <= 0 || v > 99)
        return;
    char u = (unit[0] == 'b' || unit[0] == 'B') ? 'M' : 'Y';
    snprintf(out, sz, "P%ld%c", v, u);
}

int xagreements_find(struct xstate *st, json_t *out)
{
    const struct xtext *x = &st->x;
    struct mlist kinds, stages, details, events;
    struct mlist *all[] = {&kinds, &stages, &details, &events};
    for (size_t i = 0; i < 4; i++) {
        rules_result_init(&all[i]->res);
        all[i]->pos = 0;
    }
    int rc = scan(st, "agreement-kind", &kinds);
    /* No kind cue, no record (stage cues alone only join records): the
     * other scans are not needed. Each runs only over the lines holding
     * its rules' literals (rules_scan's gate), so no sentence selection
     * is needed here. */
    if (!rc && kinds.res.n)
        rc = scan(st, "agreement-stage", &stages);
    if (!rc && kinds.res.n)
        rc = scan(st, "agreement-detail", &details);
    if (!rc && kinds.res.n)
        rc = scan(st, "agreement-event", &events);
    struct cand *cands = NULL;
    struct rec *recs = NULL;
    size_t nc = 0, capc = 0, nr = 0;
    if (rc)
        goto out;

    if (st->nmen)
        qsort(st->men, st->nmen, sizeof *st->men, cmp_men);

    size_t pi = 0, oi = 0, mi = 0, prev[3] = {0, 0, 0}, here[3] = {0, 0, 0};
    for (size_t s = 0; s < x->nsent; s++) {
        const struct xsent *se = &x->sent[s];
        /* Cursors at the start of the previous sentence. */
        memcpy(prev, here, sizeof prev);
        advance(st, se->t0, &pi, &oi, &mi);
        here[0] = pi;
        here[1] = oi;
        here[2] = mi;
        if (se->t0 >= se->t1)
            continue;
        uint32_t b0 = x->t[se->t0].s, b1 = x->t[se->t1 - 1].e;
        struct cand c;
        memset(&c, 0, sizeof c);
        /* Kind cues in this sentence (not in boilerplate). */
        while (kinds.pos < kinds.res.n && kinds.res.v[kinds.pos].start < b0)
            kinds.pos++;
        int first = 1;
        size_t first_cue = se->t1;
        for (size_t k = kinds.pos;
             k < kinds.res.n && kinds.res.v[k].start < b1; k++) {
            const struct rules_match *m = &kinds.res.v[k];
            size_t t = xtext_tok_at(x, m->start);
            if (t < x->nt && (x->t[t].f & XT_MASK))
                continue;
            int r = kind_rank(m->kind);
            if (r > c.kind)
                c.kind = r;
            /* Speech: a cue inside quotes takes its parties from the
             * quote, not from "kata Wali Kota X" around it. */
            if (first && t < x->nt) {
                c.quote = (x->t[t].f & XT_QUOTE) != 0;
                first_cue = t;
            }
            first = 0;
            if (anaphor_at(x, t, t + 4 < se->t1 ? t + 4 : se->t1))
                c.anaphor = 1;
        }
        if (!c.kind) {
            /* "Penandatanganan dilakukan Gubernur A dan Gubernur B": a
             * stage cue alone speaks of a record named elsewhere. */
            while (stages.pos < stages.res.n &&
                   stages.res.v[stages.pos].start < b0)
                stages.pos++;
            for (size_t k = stages.pos;
                 k < stages.res.n && stages.res.v[k].start < b1; k++) {
                const char *sk = stages.res.v[k].kind;
                size_t t = xtext_tok_at(x, stages.res.v[k].start);
                if (t < x->nt && !(x->t[t].f & XT_MASK) &&
                    (strcmp(sk, "signed") == 0 || strcmp(sk, "renewal") == 0 ||
                     strcmp(sk, "ended") == 0 || strcmp(sk, "planned") == 0)) {
                    c.weak = 1;
                    c.quote = (x->t[t].f & XT_QUOTE) != 0;
                    break;
                }
            }
            if (!c.weak)
                continue;
        }
        c.sent = s;
        /* Evidence starts after a masked dateline. */
        for (size_t t = se->t0; t < se->t1 && (x->t[t].f & XT_MASK); t++)
            if (t + 1 < se->t1)
                b0 = x->t[t + 1].s;
        c.b0 = b0;
        c.b1 = b1;
        c.para = se->para;
        /* "Kami sedang menjajaki kerja sama dengan Kota Da Nang": the
         * speaker's side is the other party, even inside a quote. */
        c.we = we_before(x, se->t0, first_cue);
        if (c.quote) {
            /* "“Kami berharap ...,” kata Wali Kota Magelang X": the
             * speaker's side. */
            for (size_t k = mi; k < st->nmen && st->men[k].t0 < se->t1 &&
                                !c.speaker;
                 k++) {
                const struct xmention *mn = &st->men[k];
                if (!(x->t[mn->t0].f & XT_QUOTE) &&
                    *st->off[mn->who].party)
                    c.speaker = st->off[mn->who].party;
            }
        }
        for (size_t i = se->t0; i < se->t1 && !c.anaphor; i++)
            if ((xtok_eq(x, i, "kedua") || xtok_eq(x, i, "keduanya")) &&
                anaphor_at(x, i, i + 1))
                c.anaphor = 1;
        /* Stages. */
        while (stages.pos < stages.res.n &&
               stages.res.v[stages.pos].start < b0)
            stages.pos++;
        int old = -1;
        for (size_t k = stages.pos;
             k < stages.res.n && stages.res.v[k].start < b1; k++) {
            int r = stage_rank(stages.res.v[k].kind);
            if (r == stage_rank("active") &&
                standing(x->s + stages.res.v[k].start,
                         stages.res.v[k].end - stages.res.v[k].start))
                c.established = 1;
            if (r == stage_rank("signed")) {
                if (old < 0)
                    old = old_date(st, b0, b1, c.signed_on,
                                   sizeof c.signed_on);
                if (old)
                    r = stage_rank("active");
            }
            if (r > c.stage)
                c.stage = r;
        }
        if (old < 0)
            c.signed_on[0] = '\0';
        /* Duration and events. */
        while (details.pos < details.res.n &&
               details.res.v[details.pos].start < b0)
            details.pos++;
        for (size_t k = details.pos;
             k < details.res.n && details.res.v[k].start < b1 &&
             !c.duration[0];
             k++)
            duration_of(&details.res.v[k], st->ex->rs, c.duration,
                        sizeof c.duration);
        while (events.pos < events.res.n &&
               events.res.v[events.pos].start < b0)
            events.pos++;
        if (events.pos < events.res.n && events.res.v[events.pos].start < b1)
            c.event = rules_match_get(&events.res.v[events.pos], "cameo");
        sectors_of(st, se->t0, se->t1, &c);

        /* Parties, in text order: places, bodies, officials. */
        collect_parties(st, se, c.quote, &c, &pi, &oi, &mi);
        /* "Keduanya membahas ... MoU", "Kunjungan tersebut ...": the
         * parties are also the previous sentence's. */
        if (c.np < 2 && c.anaphor && s > 0) {
            size_t q[3] = {prev[0], prev[1], prev[2]};
            collect_parties(st, &x->sent[s - 1], -1, &c, &q[0], &q[1], &q[2]);
        }
        if (nc == capc) {
            size_t ncap = capc ? capc * 2 : 32;
            if (ncap > 4096)
                break;
            struct cand *nv = arena_alloc(st->a, ncap * sizeof *nv);
            if (!nv) {
                rc = W_NOMEM;
                goto out;
            }
            if (cands)
                memcpy(nv, cands, nc * sizeof *nv);
            cands = nv;
            capc = ncap;
        }
        cands[nc++] = c;
    }

    /* At most one record per candidate (and X_MAX_AGREEMENTS). */
    size_t maxr = nc < X_MAX_AGREEMENTS ? nc : X_MAX_AGREEMENTS;
    recs = maxr ? arena_alloc(st->a, maxr * sizeof *recs) : NULL;
    if (maxr && !recs) {
        rc = W_NOMEM;
        goto out;
    }
    /* Pass 1: two parties or more (cues of a kind first, then sentences
     * with a stage cue alone, which only join). */
    for (size_t i = 0; i < 2 * nc; i++) {
        struct cand *c = &cands[i % nc];
        if (c->np < 2 || c->weak != (i >= nc))
            continue;
        int hit = -1;
        for (size_t k = 0; k < nr && hit < 0; k++)
            if (subset(c, &recs[k]) && superset(c, &recs[k]))
                hit = (int)k;
        for (size_t k = 0; k < nr && hit < 0; k++)
            if (subset(c, &recs[k]) || superset(c, &recs[k]))
                hit = (int)k;
        if (hit < 0) {
            if (nr >= maxr || c->weak)
                continue;
            hit = (int)nr++;
            memset(&recs[hit], 0, sizeof recs[hit]);
        }
        merge(&recs[hit], c);
    }
    /* Pass 2: one party or none. */
    for (size_t i = 0; i < nc; i++) {
        struct cand *c = &cands[i];
        if (c->np >= 2)
            continue;
        if (c->np == 1) {
            int k = recent(recs, nr, c->b0, c->parties[0]);
            if (k >= 0) {
                merge(&recs[k], c);
                continue;
            }
            const char *other = c->speaker ? c->speaker : st->home_party;
            /* In a quote the speaker's side is the other party when the
             * speaker says "kami", or names a city or region as partner
             * ("Kerja sama dengan Kota Kochi sudah berjalan," ujar Wakil
             * Wali Kota Surabaya); "bekerja sama dengan Jepang" in a
             * quote is no relationship of the speaker's city. */
            int quoted_ok = c->we || (c->speaker &&
                                      subnational(st, c->parties[0]));
            if ((c->quote && !quoted_ok) || c->weak || !*other ||
                fold_eq(other, c->parties[0]))
                continue;
            /* "penjajakan kerja sama akan dilakukan dengan Kota
             * Chandler": the other party is the article's own. */
            struct cand h = *c;
            h.parties[1] = c->parties[0];
            h.parties[0] = other;
            h.np = 2;
            int hit = -1;
            for (size_t r = 0; r < nr && hit < 0; r++)
                if (subset(&h, &recs[r]))
                    hit = (int)r;
            if (hit < 0) {
                if (nr >= maxr)
                    continue;
                hit = (int)nr++;
                memset(&recs[hit], 0, sizeof recs[hit]);
            }
            merge(&recs[hit], &h);
            continue;
        }
        int k = recent(recs, nr, c->b0, NULL);
        if (k >= 0 && (c->anaphor || recs[k].para == c->para))
            merge(&recs[k], c);
    }

    /* Records in the order of their first evidence. */
    for (size_t i = 1; i < nr; i++)
        for (size_t j = i; j > 0 && recs[j].ev[0][0] < recs[j - 1].ev[0][0];
             j--) {
            struct rec t = recs[j];
            recs[j] = recs[j - 1];
            recs[j - 1] = t;
        }
    for (size_t i = 0; i < nr; i++) {
        json_t *j = rec_json(st, &recs[i]);
        if (!j || json_array_append_new(out, j)) {
            rc = W_NOMEM;
            goto out;
        }
    }
out:
    rules_result_cleanup(&kinds.res);
    rules_result_cleanup(&stages.res);
    rules_result_cleanup(&details.res);
    rules_result_cleanup(&events.res);
    return rc;
}
