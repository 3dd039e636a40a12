/* SPDX-License-Identifier: MIT */
/*
 * Gazetteer lookups (see gazetteer.h). The rows come from the rule set's
 * word lists, so the place data is loaded, checked and reloaded with the
 * rules; this file indexes them by folded name and resolves a mention in
 * context: administrative prefix, alias, capitalisation, and the kota
 * before kabupaten rule for bare names.
 */
#include "config.h"
#include "gazetteer.h"
#include "extract_int.h"
#include "mem.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <string.h>

enum { GN_CASE = 1, GN_NOBARE = 2, GN_BARE = 4, GN_ALIAS = 8 };

struct gaz_name {
    const struct gaz_entry *e;
    const char *surface;
    unsigned flags;
    struct gaz_name *next;
};

struct gaz_prefix {
    const char *surface;
    unsigned types;
    int gov, block;
};

struct gazetteer {
    struct arena mem;
    struct xmap names;    /* folded name → struct gaz_name list */
    struct xmap prefixes; /* folded prefix → struct gaz_prefix */
    struct xmap canon;    /* folded canonical → struct gaz_entry */
    size_t nent;
};

static const struct {
    const char *name;
    unsigned bit;
} type_names[] = {
    {"city", GAZ_CITY},       {"regency", GAZ_REGENCY},
    {"province", GAZ_PROVINCE}, {"country", GAZ_COUNTRY},
    {"subdivision", GAZ_SUBDIV}, {"region", GAZ_REGION},
};

const char *gazetteer_type_name(unsigned type)
{
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
        if (type_names[i].bit == type)
            return type_names[i].name;
    return "place";
}

static unsigned parse_types(const char *s)
{
    unsigned m = 0;
    char buf[128];
    xstrlcpy(buf, s, sizeof buf);
    for (char *p = buf; *p;) {
        char *q = strchr(p, ',');
        if (q)
            *q = '\0';
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
            if (strcmp(p, type_names[i].name) == 0)
                bit = type_names[i].bit;
        if (strcmp(p, "block") == 0)
            bit = 1u << 30;
        if (!bit)
            return 0;
        m |= bit;
        if (!q)
            break;
        p = q + 1;
    }
    return m;
}

static const char *cell(const char *const *row, size_t nc, size_t i)
{
    return i < nc && row[i] ? row[i] : "";
}

static int add_name(struct gazetteer *g, const char *surface,
                    const struct gaz_entry *e, unsigned flags)
{
    char key[512];
    if (!xfold_phrase(surface, key, sizeof key))
        return W_OK;
    struct xmap_ent *me = xmap_get(&g->names, key);
    if (me) {
        /* Same name, same place: merge the flags (a `nobare` alias row
         * for a generated base). */
        for (struct gaz_name *n = me->val; n; n = n->next)
            if (n->e == e) {
                n->flags |= flags & ~GN_ALIAS;
                return W_OK;
            }
    }
    struct gaz_name *n = arena_alloc(&g->mem, sizeof *n);
    if (!n)
        return W_NOMEM;
    n->e = e;
    n->surface = arena_strdup(&g->mem, surface);
    n->flags = flags;
    if (!n->surface)
        return W_NOMEM;
    if (me) {
        n->next = me->val;
        me->val = n;
        return W_OK;
    }
    n->next = NULL;
    int rc = xmap_put(&g->names, &g->mem, surface, n);
    return rc < 0 ? rc : W_OK;
}

static int load_places(struct gazetteer *g, const struct rules *rs,
                       const char *list, char *err, size_t errsz)
{
    size_t n = rules_list_rows(rs, list);
    for (size_t r = 0; r < n; r++) {
        size_t nc = 0;
        const char *const *row = rules_list_row(rs, list, r, &nc);
        if (!row || nc < 3)
            continue;
        unsigned type = parse_types(cell(row, nc, 2));
        if (!type || (type & (type - 1)) || type >= (1u << 30)) {
            snprintf(err, errsz, "%s: row %zu: unknown place type '%s'",
                     list, r + 1, cell(row, nc, 2));
            return W_PARSE;
        }
        struct gaz_entry *e = arena_alloc(&g->mem, sizeof *e);
        if (!e)
            return W_NOMEM;
        e->canonical = row[0];
        e->base = *cell(row, nc, 1) ? cell(row, nc, 1) : row[0];
        e->type = type;
        e->country = cell(row, nc, 3);
        e->parent = cell(row, nc, 4);
        e->code = cell(row, nc, 5);
        int rc = xmap_put(&g->canon, &g->mem, e->canonical, e);
        if (rc == 1)
            continue; /* the first file that names a place wins */
        if (rc < 0)
            return rc;
        g->nent++;
        rc = add_name(g, e->base, e, 0);
        if (rc)
            return rc;
    }
    return W_OK;
}

static int load_aliases(struct gazetteer *g, const struct rules *rs,
                        char *err, size_t errsz)
{
    const char *list = "gazetteer/aliases";
    size_t n = rules_list_rows(rs, list);
    for (size_t r = 0; r < n; r++) {
        size_t nc = 0;
        const char *const *row = rules_list_row(rs, list, r, &nc);
        if (!row || nc < 2)
            continue;
        const struct gaz_entry *e = gazetteer_find(g, row[1]);
        if (!e) {
            snprintf(err, errsz,
                     "%s: row %zu: alias '%s' names '%s', which no "
                     "gazetteer file has",
                     list, r + 1, row[0], row[1]);
            return W_PARSE;
        }
        unsigned flags = GN_ALIAS;
        const char *fl = cell(row, nc, 2);
        if (strstr(fl, "case"))
            flags |= GN_CASE;
        if (strstr(fl, "nobare"))
            flags |= GN_NOBARE;
        else if (strstr(fl, "bare"))
            flags |= GN_BARE;
        int rc = add_name(g, row[0], e, flags);
        if (rc)
            return rc;
        /* "Bima nobare": the word alone is no place at all, so every
         * place with that base (Kota Bima, Kabupaten Bima) loses it. */
        char ka[512], kb[512];
        if ((flags & GN_NOBARE) && xfold_phrase(row[0], ka, sizeof ka) &&
            xfold_phrase(e->base, kb, sizeof kb) && strcmp(ka, kb) == 0) {
            struct xmap_ent *me = xmap_get(&g->names, ka);
            for (struct gaz_name *gn = me ? me->val : NULL; gn;
                 gn = gn->next)
                if (!(gn->flags & GN_ALIAS))
                    gn->flags |= GN_NOBARE;
        }
    }
    return W_OK;
}

static int load_prefixes(struct gazetteer *g, const struct rules *rs,
                         char *err, size_t errsz)
{
    const char *list = "gazetteer/prefixes";
    size_t n = rules_list_rows(rs, list);
    for (size_t r = 0; r < n; r++) {
        size_t nc = 0;
        const char *const *row = rules_list_row(rs, list, r, &nc);
        if (!row || nc < 2)
            continue;
        unsigned types = parse_types(cell(row, nc, 1));
        if (!types) {
            snprintf(err, errsz, "%s: row %zu: unknown type '%s'", list,
                     r + 1, cell(row, nc, 1));
            return W_PARSE;
        }
        struct gaz_prefix *p = arena_alloc(&g->mem, sizeof *p);
        if (!p)
            return W_NOMEM;
        p->surface = row[0];
        p->block = (types >> 30) & 1;
        p->types = types & GAZ_ANY;
        p->gov = strcmp(cell(row, nc, 2), "gov") == 0;
        int rc = xmap_put(&g->prefixes, &g->mem, row[0], p);
        if (rc < 0)
            return rc;
    }
    return W_OK;
}

int gazetteer_new(const struct rules *rs, struct gazetteer **out, char *err,
                  size_t errsz)
{
    static const char *const lists[] = {
        "gazetteer/id-regions", "gazetteer/countries",
        "gazetteer/foreign-cities", "gazetteer/subdivisions", NULL};
    if (errsz)
        err[0] = '\0';
    struct gazetteer *g = w_calloc(1, sizeof *g);
    if (!g)
        return W_NOMEM;
    arena_init(&g->mem, 0);
    int rc = W_OK;
    for (size_t i = 0; lists[i] && !rc; i++)
        rc = load_places(g, rs, lists[i], err, errsz);
    if (!rc)
        rc = load_aliases(g, rs, err, errsz);
    if (!rc)
        rc = load_prefixes(g, rs, err, errsz);
    if (rc) {
        if (rc == W_NOMEM && errsz)
            snprintf(err, errsz, "gazetteer: out of memory");
        gazetteer_free(g);
        return rc;
    }
    *out = g;
    return W_OK;
}

void gazetteer_free(struct gazetteer *g)
{
    if (!g)
        return;
    arena_cleanup(&g->mem);
    w_free(g);
}

size_t gazetteer_size(const struct gazetteer *g) { return g ? g->nent : 0; }

const struct gaz_entry *gazetteer_find(const struct gazetteer *g,
                                       const char *canonical)
{
    char key[512];
    if (!g || !xfold_phrase(canonical, key, sizeof key))
        return NULL;
    struct xmap_ent *e = xmap_get(&g->canon, key);
    return e ? e->val : NULL;
}

const char *gaz_hit_name(const struct gaz_hit *h)
{
    return h->e ? h->e->canonical : h->unknown;
}

/* Bare names: an explicit alias first, then kota before kabupaten before
 * province, Indonesian before foreign. */
static int rank(const struct gaz_name *n)
{
    if (n->flags & GN_ALIAS)
        return 0;
    int id = strcmp(n->e->country, "Indonesia") == 0;
    switch (n->e->type) {
    case GAZ_CITY:
        return id ? 1 : 5;
    case GAZ_REGENCY:
        return 2;
    case GAZ_PROVINCE:
        return 3;
    case GAZ_COUNTRY:
        return 4;
    case GAZ_SUBDIV:
        return 6;
    default:
        return 7;
    }
}

static const struct gaz_name *pick(const struct xtext *x, size_t t0,
                                   size_t t1, const struct gaz_name *list,
                                   unsigned want, int prefixed)
{
    const struct gaz_name *best = NULL;
    for (const struct gaz_name *n = list; n; n = n->next) {
        if (!(n->e->type & want))
            continue;
        if (prefixed ? (n->flags & GN_BARE) : (n->flags & GN_NOBARE))
            continue;
        if (!xcase_ok(x, t0, t1, n->surface, (n->flags & GN_CASE) != 0))
            continue;
        if (!best || rank(n) < rank(best))
            best = n;
    }
    return best;
}

static int is_cap(const struct xtext *x, size_t i)
{
    return i < x->nt && (x->t[i].f & (XT_CAP | XT_UPPER));
}

int gazetteer_match(const struct gazetteer *g, const struct xtext *x,
                    size_t i, unsigned want, struct gaz_hit *h)
{
    if (!g || i >= x->nt || !(x->t[i].f & XT_WORD))
        return 0;
    memset(h, 0, sizeof *h);
    size_t pend = 0, bend = 0;
    const struct gaz_name *bare = NULL, *pref = NULL;
    const struct gaz_prefix *p = NULL;
    size_t pb0 = 0, pe1 = 0;

    struct xmap_ent *pm = xmap_match(&g->prefixes, x, i, &pend);
    if (pm) {
        p = pm->val;
        if (p->block) {
            h->block = 1;
            h->t0 = i;
            h->t1 = pend;
            return 1;
        }
        size_t j = pend;
        if (xtok_is(x, j, '.') && j < x->nt)
            j++;
        /* "Pemerintah Kota (Pemkot) Bandung". */
        if (xtok_is(x, j, '(') && j + 2 < x->nt && xtok_is(x, j + 2, ')') &&
            is_cap(x, j + 1))
            j += 3;
        pb0 = j;
        size_t e1 = 0;
        struct xmap_ent *nm = j < x->nt && x->t[j].sent == x->t[i].sent
                                  ? xmap_match(&g->names, x, j, &e1)
                                  : NULL;
        if (nm) {
            pref = pick(x, j, e1, nm->val, p->types & want, 1);
            pe1 = e1;
        }
    }
    struct xmap_ent *bm = xmap_match(&g->names, x, i, &bend);
    if (bm)
        bare = pick(x, i, bend, bm->val, want, 0);

    if (pref && (!bare || pe1 >= bend)) {
        h->e = pref->e;
        h->t0 = i;
        h->t1 = pe1;
        h->b0 = pb0;
        h->type = pref->e->type;
        h->gov = p->gov;
        h->prefixed = 1;
        return 1;
    }
    if (bare) {
        h->e = bare->e;
        h->t0 = h->b0 = i;
        h->t1 = bend;
        h->type = bare->e->type;
        return 1;
    }
    /* An unknown name after a capitalised city or regency prefix: "Kota
     * Chandler". Longer foreign names belong in the curated list. */
    if (p && (p->types & want & (GAZ_CITY | GAZ_REGENCY)) && is_cap(x, i) &&
        pb0 < x->nt && x->t[pb0].sent == x->t[i].sent &&
        (x->t[pb0].f & XT_CAP) && x->t[pb0].e - x->t[pb0].s >= 3) {
        size_t e1 = 0;
        /* Not a place of another type ("Kota Jawa Barat"), not a prefix. */
        if (xmap_match(&g->names, x, pb0, &e1) ||
            xmap_match(&g->prefixes, x, pb0, &e1))
            return 0;
        unsigned t = p->types & want & GAZ_CITY ? GAZ_CITY : GAZ_REGENCY;
        /* Two words when exactly two capitalised words follow ("Kota Fort
         * Lauderdale, ..."); a third would be a person's name. */
        size_t last = pb0;
        if (pb0 + 1 < x->nt && x->t[pb0 + 1].sent == x->t[i].sent &&
            (x->t[pb0 + 1].f & XT_CAP) && !(x->t[pb0 + 1].f & XT_UPPER) &&
            x->t[pb0 + 1].e - x->t[pb0 + 1].s >= 3 &&
            !(pb0 + 2 < x->nt && x->t[pb0 + 2].sent == x->t[i].sent &&
              (x->t[pb0 + 2].f & (XT_CAP | XT_UPPER))) &&
            !xmap_match(&g->names, x, pb0 + 1, &e1) &&
            !xmap_match(&g->prefixes, x, pb0 + 1, &e1))
            last = pb0 + 1;
        char w[96];
        size_t n = x->t[last].e - x->t[pb0].s;
        if (n >= sizeof w)
            return 0;
        memcpy(w, x->s + x->t[pb0].s, n);
        w[n] = '\0';
        snprintf(h->unknown, sizeof h->unknown, "%s %s",
                 t == GAZ_CITY ? "Kota" : "Kabupaten", w);
        h->t0 = i;
        h->t1 = last + 1;
        h->b0 = pb0;
        h->type = t;
        h->gov = p->gov;
        h->prefixed = 1;
        return 1;
    }
    return 0;
}
