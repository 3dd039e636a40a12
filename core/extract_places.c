/* SPDX-License-Identifier: MIT */
/*
 * Places: every gazetteer name in the article body with its canonical
 * form ("Solo" is Kota Surakarta, "Pemkab Bandung" Kabupaten Bandung),
 * the article's home jurisdiction (the Indonesian kota or kabupaten it
 * speaks of most: a dinas without a named jurisdiction belongs to it),
 * and, once officials and organisations are known, whether each place can
 * be an agreement party where it stands (rules/agreements/party-context):
 * "kerja sama dengan Petaling Jaya" names a party, "di Solo" and "pasar
 * Indonesia" do not, and "Petaling Jaya, Malaysia" only says where the
 * city is.
 */
#include "config.h"
#include "extract_int.h"
#include "gazetteer.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <string.h>

#define LIST_PCTX "agreements/party-context"

static int is_prefix_word(const struct xtext *x, size_t i)
{
    return xtok_eq(x, i, "kota") || xtok_eq(x, i, "kabupaten") ||
           xtok_eq(x, i, "provinsi") || xtok_eq(x, i, "pemerintah");
}

/* An unknown "Kota X" whose X is a stop word or title is no place. */
static int bad_unknown(const struct xstate *st, const struct gaz_hit *h)
{
    if (h->e)
        return 0;
    char w[64];
    const struct xtext *x = &st->x;
    if (x->t[h->b0].e - x->t[h->b0].s >= sizeof w)
        return 1;
    xtok_fold(x, h->b0, w, sizeof w);
    return xmap_get(&st->ex->stops, w) || xmap_get(&st->ex->titles, w) ||
           xmap_get(&st->ex->months, w) || xmap_get(&st->ex->weekdays, w) ||
           xmap_get(&st->ex->fields, w);
}

int xplaces_find(struct xstate *st)
{
    const struct xtext *x = &st->x;
    size_t cap = 0;
    for (size_t i = 0; i < x->nt;) {
        const struct xtok *t = &x->t[i];
        if ((t->f & XT_MASK) || !(t->f & XT_WORD) ||
            !((t->f & (XT_CAP | XT_UPPER)) || is_prefix_word(x, i))) {
            i++;
            continue;
        }
        struct gaz_hit h;
        if (!gazetteer_match(st->ex->gaz, x, i, GAZ_ANY, &h)) {
            i++;
            continue;
        }
        if (h.block || bad_unknown(st, &h)) {
            i = h.block ? h.t1 : i + 1;
            continue;
        }
        if (st->nplaces == cap) {
            if (cap >= X_MAX_HITS)
                break;
            size_t nc = cap ? cap * 2 : 64;
            struct xplace *nv = arena_alloc(st->a, nc * sizeof *nv);
            if (!nv)
                return W_NOMEM;
            if (st->places)
                memcpy(nv, st->places, st->nplaces * sizeof *nv);
            st->places = nv;
            cap = nc;
        }
        struct xplace *p = &st->places[st->nplaces++];
        memset(p, 0, sizeof *p);
        p->t0 = (uint32_t)h.t0;
        p->t1 = (uint32_t)h.t1;
        p->e = h.e;
        xstrlcpy(p->name, gaz_hit_name(&h), sizeof p->name);
        p->type = h.type;
        p->gov = (uint8_t)h.gov;
        p->prefixed = (uint8_t)h.prefixed;
        p->owner = -1;
        i = h.t1;
    }

    /* Home: the Indonesian kota or kabupaten named most (a government
     * form counts twice), else the province named most. */
    struct xmap count = {0};
    size_t bestn = 0;
    const char *best = NULL;
    for (int pass = 0; pass < 2 && !bestn; pass++) {
        unsigned want = pass ? GAZ_PROVINCE : (GAZ_CITY | GAZ_REGENCY);
        for (size_t a = 0; a < st->nplaces; a++) {
            const struct xplace *p = &st->places[a];
            if (!(p->type & want) || !p->e ||
                strcmp(p->e->country, "Indonesia") != 0)
                continue;
            char key[512];
            xfold_phrase(p->name, key, sizeof key);
            struct xmap_ent *e = xmap_get(&count, key);
            if (!e) {
                if (xmap_put(&count, st->a, p->name, (void *)0) < 0)
                    return W_NOMEM;
                e = xmap_get(&count, key);
                if (!e)
                    return W_NOMEM;
            }
            size_t n = (size_t)(uintptr_t)e->val + (p->gov ? 2 : 1);
            e->val = (void *)(uintptr_t)n;
            if (n > bestn) {
                bestn = n;
                best = p->name;
            }
        }
    }
    if (best)
        xstrlcpy(st->home, best, sizeof st->home);
    return W_OK;
}

/* Role of the word before a place: 'l'ocative, 'i'ntroducer, 'm'odifier. */
char xcontext_role(const struct xstate *st, size_t i)
{
    const struct xtext *x = &st->x;
    if (i == 0 || x->t[i - 1].sent != x->t[i].sent)
        return 'i';
    size_t j = i - 1;
    const struct xtok *t = &x->t[j];
    char w[64];
    if (t->e - t->s < sizeof w) {
        xtok_fold(x, j, w, sizeof w);
        struct xmap_ent *e = xmap_get(&st->ex->pctx, w);
        /* Two-word contexts: "di antara". */
        if (j > 0) {
            char w2[128];
            size_t n = xtok_fold(x, j - 1, w2, sizeof w2 - 66);
            w2[n] = ' ';
            memcpy(w2 + n + 1, w, strlen(w) + 1);
            struct xmap_ent *e2 = xmap_get(&st->ex->pctx, w2);
            if (e2)
                e = e2;
        }
        if (e) {
            const char *r = xlist_col(st->ex->rs, LIST_PCTX, e->val, 1);
            return r[0] ? r[0] : 'm';
        }
    }
    if (xtok_is(x, j, ',')) {
        /* "di Gedung Sate, Bandung": a place after a location phrase
         * and a comma is where that location is. */
        for (size_t k = j, n = 0; k > 0 && n < 5; n++) {
            k--;
            if (x->t[k].sent != x->t[i].sent || !(x->t[k].f & XT_WORD))
                break;
            if (x->t[k].f & (XT_CAP | XT_UPPER))
                continue;
            char w2[64];
            if (x->t[k].e - x->t[k].s < sizeof w2) {
                xtok_fold(x, k, w2, sizeof w2);
                struct xmap_ent *e = xmap_get(&st->ex->pctx, w2);
                if (e && xlist_col(st->ex->rs, LIST_PCTX, e->val, 1)[0] ==
                             'l')
                    return 'l';
            }
            break;
        }
    }
    if (t->f & XT_PUNCT)
        return 'i';
    if (t->f & XT_LOWER) {
        /* Verbs introduce their object: menggandeng, bertemu, dijajaki. */
        size_t n = t->e - t->s;
        const char *s = x->s + t->s;
        if (n > 4 && (strncmp(s, "me", 2) == 0 || strncmp(s, "ber", 3) == 0 ||
                      strncmp(s, "di", 2) == 0))
            return 'i';
        return 'm';
    }
    return 'i';
}

/* Does the place q qualify the place or body just before it ("Petaling
 * Jaya, Malaysia", "Chandler dari Negara Bagian Arizona, AS")? */
static int qualifies(const struct xplace *prev, const struct xplace *q)
{
    if (!(q->type & (GAZ_COUNTRY | GAZ_PROVINCE | GAZ_SUBDIV)))
        return 0;
    if (!prev)
        return 1; /* after an official's or organisation's name */
    if (!prev->e)
        return 1; /* an unknown city: its country follows */
    if (strcmp(prev->e->country, q->name) == 0 ||
        strcmp(prev->e->parent, q->name) == 0)
        return 1;
    if (q->e && prev->e && (prev->type & (GAZ_SUBDIV | GAZ_PROVINCE)) &&
        strcmp(prev->e->country, q->e->country) == 0)
        return 1;
    return 0;
}

int xplaces_context(struct xstate *st)
{
    const struct xtext *x = &st->x;
    /* Per token: who holds it (an official's introduction or a body), and
     * whether a place, body or name ends right before it. */
    int32_t *own = arena_alloc(st->a, (x->nt + 1) * sizeof *own);
    uint8_t *ends = arena_alloc(st->a, x->nt + 1);
    if (!own || !ends)
        return W_NOMEM;
    st->own = own;
    for (size_t i = 0; i <= x->nt; i++)
        own[i] = -1;
    for (size_t k = 0; k < st->norgs; k++) {
        for (size_t i = st->orgs[k].t0; i < st->orgs[k].t1; i++)
            own[i] = (int32_t)(1000 + k);
        ends[st->orgs[k].t1] = 1;
    }
    for (size_t k = 0; k < st->noff; k++) {
        for (size_t i = st->off[k].intro_t0; i < st->off[k].intro_t1; i++)
            own[i] = (int32_t)k;
        ends[st->off[k].intro_t1] = 1;
    }
    for (size_t k = 0; k < st->nmen; k++)
        ends[st->men[k].t1] = 1;
    for (size_t a = 0; a < st->nplaces; a++) {
        struct xplace *p = &st->places[a];
        if (own[p->t0] >= 0 && own[p->t1 - 1] >= 0)
            p->owner = (int16_t)(own[p->t0] < 1000 ? own[p->t0] : 1000);
    }
    for (size_t a = 0; a < st->nplaces; a++) {
        struct xplace *p = &st->places[a];
        if (p->owner >= 0 || (x->t[p->t0].f & XT_MASK))
            continue;
        /* A qualifier right after another place, an official or a body:
         * nothing between them but a comma or "dari". */
        size_t j = p->t0;
        while (j > 0 && x->t[j - 1].sent == x->t[p->t0].sent &&
               (xtok_is(x, j - 1, ',') || xtok_eq(x, j - 1, "dari")))
            j--;
        const struct xplace *prev = NULL;
        int adj = 0;
        if (j > 0 && x->t[j - 1].sent == x->t[p->t0].sent) {
            if (a > 0 && st->places[a - 1].t1 == j) {
                prev = &st->places[a - 1];
                adj = 1;
            } else if (ends[j]) {
                adj = 1;
            }
        }
        if (adj && qualifies(prev, p)) {
            p->qualifier = 1;
            continue;
        }
        char role = xcontext_role(st, p->t0);
        if (role == 'l')
            continue;
        if (role == 'm' && !p->gov)
            continue;
        p->party = 1;
    }
    /* The home among acting places and officials' jurisdictions. */
    struct xmap count = {0};
    size_t bestn = 0;
    for (int pass = 0; pass < 2 && !bestn; pass++) {
        unsigned want = pass ? GAZ_PROVINCE : (GAZ_CITY | GAZ_REGENCY);
        for (size_t a = 0; a < st->nplaces; a++) {
            const struct xplace *p = &st->places[a];
            if (!(p->type & want) || !p->e ||
                strcmp(p->e->country, "Indonesia") != 0 ||
                (x->t[p->t0].f & XT_MASK) ||
                !(p->party || p->gov || (p->owner >= 0 && p->owner < 1000)))
                continue;
            char key[512];
            xfold_phrase(p->name, key, sizeof key);
            struct xmap_ent *e = xmap_get(&count, key);
            if (!e) {
                if (xmap_put(&count, st->a, p->name, (void *)0) < 0)
                    return W_NOMEM;
                e = xmap_get(&count, key);
                if (!e)
                    return W_NOMEM;
            }
            size_t n = (size_t)(uintptr_t)e->val + 1;
            e->val = (void *)(uintptr_t)n;
            if (n > bestn) {
                bestn = n;
                xstrlcpy(st->home_party, p->name, sizeof st->home_party);
            }
        }
    }
    /* Only locations ("berkunjung ke Kota Bandung"): the home then. */
    if (!bestn)
        xstrlcpy(st->home_party, st->home, sizeof st->home_party);
    return W_OK;
}

json_t *xplaces_json(struct xstate *st)
{
    json_t *arr = json_array();
    struct xmap seen = {0};
    if (!arr)
        return NULL;
    uint8_t *person = arena_alloc(st->a, st->x.nt + 1);
    for (size_t k = 0; person && k < st->nmen; k++)
        for (size_t i = st->men[k].t0; i < st->men[k].t1; i++)
            person[i] = 1;
    for (size_t a = 0; a < st->nplaces; a++) {
        const struct xplace *p = &st->places[a];
        if (st->x.t[p->t0].f & XT_MASK)
            continue;
        /* A person's name is not a place ("Bima" the mayor). */
        if (person && person[p->t0])
            continue;
        char key[512];
        xfold_phrase(p->name, key, sizeof key);
        struct xmap_ent *me = xmap_get(&seen, key);
        json_t *hit = me ? me->val : NULL;
        if (!hit) {
            if (json_array_size(arr) >= X_MAX_PLACES)
                continue;
            const char *country = p->e ? p->e->country : NULL;
            hit = xjson_obj(4, "name", json_string(p->name), "type",
                            json_string(gazetteer_type_name(p->type)),
                            "country",
                            xjson_str(country && *country ? country : NULL),
                            "mentions", json_array());
            if (!hit || json_array_append_new(arr, hit) ||
                xmap_put(&seen, st->a, p->name, hit) < 0) {
                json_decref(arr);
                return NULL;
            }
        }
        json_t *ms = json_object_get(hit, "mentions");
        if (json_array_size(ms) >= X_MAX_MENTIONS)
            continue;
        size_t b0 = st->x.t[p->t0].s, b1 = st->x.t[p->t1 - 1].e;
        json_array_append_new(ms, xspan_json(&st->x, b0, b1));
    }
    return arr;
}
