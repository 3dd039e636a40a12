/* SPDX-License-Identifier: MIT */
/*
 * Organisations: local agencies ("Dinas Koperasi dan UMKM Kota
 * Surakarta", "Dinkop dan UMKM Kab Bandung", "Dinas KUMKM"), ministries
 * ("Kementerian Luar Negeri", "Kemenlu"), universities, companies,
 * embassies and associations opened by a head word (rules/orgs/heads),
 * and university short names. Each gets a canonical name and the party it
 * acts for in an agreement: an agency acts for its jurisdiction (GUIDE
 * "Agreements": seed 002's Dinas of Kota Surakarta is the party Kota
 * Surakarta), a university or company for itself.
 *
 * Acronyms the article spells out ("Koperasi dan Usaha Mikro Kecil dan
 * Menengah (KUMKM)") are collected first and preferred to the list's.
 */
#include "config.h"
#include "extract_int.h"
#include "gazetteer.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <string.h>

#define LIST_ACR "orgs/acronyms"
#define LIST_MIN "orgs/ministries"
#define LIST_HEADS "orgs/heads"
#define LIST_UNIV "orgs/universities"

static int is_cap(const struct xtext *x, size_t i)
{
    return i < x->nt && (x->t[i].f & (XT_CAP | XT_UPPER));
}

static int same_sent(const struct xtext *x, size_t i, size_t j)
{
    return i < x->nt && j < x->nt && x->t[i].sent == x->t[j].sent;
}

/* Acronyms spelled out in the article: "Words Like This (WLT)". The
 * initials of the words before the bracket, connectors skipped, must
 * spell the acronym. */
static void collect_acronyms(struct xstate *st)
{
    const struct xtext *x = &st->x;
    for (size_t i = 1; i + 2 < x->nt && st->nacr < 64; i++) {
        if (!xtok_is(x, i, '(') || !xtok_is(x, i + 2, ')'))
            continue;
        const struct xtok *t = &x->t[i + 1];
        size_t n = t->e - t->s;
        if (!(t->f & XT_WORD) || n < 2 || n >= sizeof st->acr[0].acr)
            continue;
        char acr[24];
        size_t na = 0;
        int upper = 0;
        for (size_t k = 0; k < n; k++) {
            char c = x->s[t->s + k];
            if (c >= 'A' && c <= 'Z') {
                acr[na++] = (char)(c + 32);
                upper++;
            }
        }
        if (upper < 2)
            continue;
        /* Walk back, matching initials from the last letter. */
        size_t j = i, k = na;
        size_t first = i;
        while (k > 0 && j > 0) {
            j--;
            if (!same_sent(x, j, i))
                break;
            if (xtok_is(x, j, ',') || xtok_eq(x, j, "dan") ||
                xtok_is(x, j, '&') || xtok_eq(x, j, "serta"))
                continue;
            if (!(x->t[j].f & XT_WORD))
                break;
            char c = x->s[x->t[j].s];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (c != acr[k - 1])
                break;
            k--;
            first = j;
        }
        if (k != 0 || !is_cap(x, first))
            continue;
        struct xacr *a = &st->acr[st->nacr++];
        memcpy(a->acr, x->s + t->s, n);
        a->acr[n] = '\0';
        xtext_span_str(x, first, i, a->full, sizeof a->full);
    }
}

static const char *article_acr(const struct xstate *st, size_t i)
{
    const struct xtext *x = &st->x;
    size_t n = x->t[i].e - x->t[i].s;
    for (size_t k = 0; k < st->nacr; k++)
        if (strlen(st->acr[k].acr) == n &&
            memcmp(st->acr[k].acr, x->s + x->t[i].s, n) == 0)
            return st->acr[k].full;
    return NULL;
}

/* A word of an agency's field: from the list, or an all-capitals
 * acronym that is not a place ("UMKM", "PUPR"). */
static int field_word(const struct xstate *st, size_t i)
{
    const struct xtext *x = &st->x;
    if (i >= x->nt || !(x->t[i].f & XT_WORD) || (x->t[i].f & XT_NUM))
        return 0;
    char w[64];
    if (x->t[i].e - x->t[i].s >= sizeof w)
        return 0;
    xtok_fold(x, i, w, sizeof w);
    if (xmap_get(&st->ex->fields, w))
        return 1;
    if ((x->t[i].f & XT_UPPER)) {
        struct gaz_hit h;
        if (gazetteer_match(st->ex->gaz, x, i, GAZ_ANY, &h) && h.t1 == i + 1)
            return 0;
        return 1;
    }
    struct xmap_ent *e = xmap_get(&st->ex->acronyms, w);
    return e && strcmp(xlist_col(st->ex->rs, LIST_ACR, e->val, 2), "field") ==
                    0;
}

static int connector(const struct xtext *x, size_t i)
{
    return xtok_eq(x, i, "dan") || xtok_is(x, i, '&') ||
           xtok_eq(x, i, "serta") || xtok_is(x, i, ',');
}

/* Jurisdiction right after an agency's name. */
static size_t juris(struct xstate *st, size_t i, char *out, size_t outsz)
{
    struct gaz_hit h;
    out[0] = '\0';
    if (!same_sent(&st->x, i, i) || !(st->x.t[i].f & (XT_CAP | XT_UPPER)))
        return i;
    if (!gazetteer_match(st->ex->gaz, &st->x, i,
                         GAZ_CITY | GAZ_REGENCY | GAZ_PROVINCE, &h) ||
        h.block)
        return i;
    xstrlcpy(out, gaz_hit_name(&h), outsz);
    return h.t1;
}

/* The field of a dinas or badan from token j; returns the token after it
 * and writes the field (connectors normalised: "&" is "dan"). */
static size_t field(struct xstate *st, size_t j, char *out, size_t outsz,
                    size_t *nwords, size_t *first)
{
    const struct xtext *x = &st->x;
    size_t n = 0, k = j, words = 0;
    out[0] = '\0';
    *first = j;
    while (k < x->nt && same_sent(x, k, j)) {
        if (field_word(st, k)) {
            size_t w = x->t[k].e - x->t[k].s;
            if (n + w + 2 >= outsz)
                break;
            if (n)
                out[n++] = ' ';
            memcpy(out + n, x->s + x->t[k].s, w);
            n += w;
            out[n] = '\0';
            words++;
            k++;
            continue;
        }
        if (words && connector(x, k) && field_word(st, k + 1)) {
            const char *c = xtok_is(x, k, ',') ? "," : "dan";
            if (n + 6 >= outsz)
                break;
            if (*c == ',')
                out[n++] = ',';
            else {
                memcpy(out + n, " dan", 4);
                n += 4;
            }
            out[n] = '\0';
            k++;
            continue;
        }
        break;
    }
    *nwords = words;
    return k;
}

/* "(KUMKM)" right after an agency's name: skip it. */
static size_t skip_paren_acr(const struct xtext *x, size_t k)
{
    if (xtok_is(x, k, '(') && k + 2 < x->nt && xtok_is(x, k + 2, ')') &&
        (x->t[k + 1].f & (XT_UPPER | XT_CAP)))
        return k + 3;
    return k;
}

/* The government named last before token i in its sentence ("Pemprov
 * Jawa Timur melalui Dinas Perindustrian ..."), or NULL. */
static const char *gov_before(const struct xstate *st, size_t i)
{
    size_t lo = 0, hi = st->nplaces;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->places[mid].t1 <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k-- > 0;) {
        const struct xplace *p = &st->places[k];
        if (!same_sent(&st->x, p->t0, i))
            break;
        if (p->gov && p->type & (GAZ_CITY | GAZ_REGENCY | GAZ_PROVINCE))
            return p->name;
    }
    return NULL;
}

static void finish_agency(struct xstate *st, struct xorg *o, size_t at,
                          const char *base, const char *jur)
{
    /* A national agency has no local jurisdiction ("Badan Riset dan
     * Inovasi Nasional"): it acts for itself. */
    if (!*jur && (strstr(base, " Nasional") || strstr(base, " Pusat"))) {
        xstrlcpy(o->name, base, sizeof o->name);
        xstrlcpy(o->party, base, sizeof o->party);
        o->type = "agency";
        return;
    }
    /* No jurisdiction written: the government the sentence names before
     * it, else the article's own. */
    const char *g = *jur ? NULL : gov_before(st, at);
    const char *j = *jur ? jur : g ? g : st->home;
    if (*j)
        xjoin(o->name, sizeof o->name, base, " ", j);
    else
        xstrlcpy(o->name, base, sizeof o->name);
    xstrlcpy(o->party, j, sizeof o->party);
    o->type = "agency";
}

static size_t agency(struct xstate *st, size_t i, const char *head,
                     size_t j, struct xorg *o)
{
    const struct xtext *x = &st->x;
    char f[X_MAX_NAME], base[X_MAX_NAME], jur[X_MAX_NAME];
    size_t nw = 0, first = j;
    size_t k = field(st, j, f, sizeof f, &nw, &first);
    if (!nw)
        return i;
    if (nw == 1 && (x->t[first].f & XT_UPPER)) {
        /* A field that is one acronym: expand it. */
        char w[64];
        xtok_fold(x, first, w, sizeof w);
        const char *full = article_acr(st, first);
        struct xmap_ent *e = xmap_get(&st->ex->acronyms, w);
        if (!full && e &&
            strcmp(xlist_col(st->ex->rs, LIST_ACR, e->val, 2), "field") == 0)
            full = xlist_col(st->ex->rs, LIST_ACR, e->val, 1);
        if (full && *full)
            xstrlcpy(f, full, sizeof f);
    }
    k = skip_paren_acr(x, k);
    k = juris(st, k, jur, sizeof jur);
    xjoin(base, sizeof base, head, " ", f);
    finish_agency(st, o, i, base, jur);
    o->t0 = (uint32_t)i;
    o->t1 = (uint32_t)k;
    return k;
}

size_t xorg_parse(struct xstate *st, size_t i, const char *implied,
                  const char *head_hint, struct xorg *o)
{
    const struct xtext *x = &st->x;
    const struct extract *ex = st->ex;
    /* Most tokens start no organisation: say so before clearing o (336
     * bytes) for each of them; the strings are then empty all the same. */
    if (i >= x->nt || (x->t[i].f & XT_MASK) ||
        (!implied && !head_hint &&
         (!(x->t[i].f & XT_WORD) || !is_cap(x, i)))) {
        o->t0 = o->t1 = 0;
        o->name[0] = o->party[0] = '\0';
        o->type = NULL;
        return i;
    }
    memset(o, 0, sizeof *o);
    char jur[X_MAX_NAME];

    if (implied && *implied) {
        size_t k = juris(st, i, jur, sizeof jur);
        if (strncmp(implied, "Dinas ", 6) == 0 ||
            strncmp(implied, "Badan ", 6) == 0) {
            finish_agency(st, o, i, implied, jur);
        } else if (*jur) {
            xjoin(o->name, sizeof o->name, implied, " ", jur);
            xstrlcpy(o->party, jur, sizeof o->party);
            o->type = "government";
        } else {
            xstrlcpy(o->name, implied, sizeof o->name);
            xstrlcpy(o->party, implied, sizeof o->party);
            o->type = "government";
        }
        o->t0 = (uint32_t)i;
        o->t1 = (uint32_t)k;
        return k;
    }
    if (head_hint)
        return agency(st, i, head_hint, i, o);
    if (!(x->t[i].f & XT_WORD) || !is_cap(x, i))
        return i;

    /* Dinas / Badan + field. */
    if (xtok_eq(x, i, "Dinas") || xtok_eq(x, i, "Badan")) {
        char head[8];
        memcpy(head, x->s + x->t[i].s, 5);
        head[5] = '\0';
        return agency(st, i, head, i + 1, o);
    }
    /* Whole-agency acronyms: "Dinkop dan UMKM Kab Bandung", "Bappeda". */
    size_t end = 0;
    struct xmap_ent *a = xmap_match(&ex->acronyms, x, i, &end);
    if (a && strcmp(xlist_col(ex->rs, LIST_ACR, a->val, 2), "agency") == 0 &&
        xcase_ok(x, i, end, a->surface, 0)) {
        char base[X_MAX_NAME];
        xstrlcpy(base, xlist_col(ex->rs, LIST_ACR, a->val, 1), sizeof base);
        size_t k = end;
        if (connector(x, k) && !xtok_is(x, k, ',') && field_word(st, k + 1)) {
            char f[X_MAX_NAME];
            size_t nw = 0, first = 0;
            size_t k2 = field(st, k + 1, f, sizeof f, &nw, &first);
            if (nw) {
                char tmp[X_MAX_NAME];
                xjoin(tmp, sizeof tmp, base, " dan ", f);
                xstrlcpy(base, tmp, sizeof base);
                k = k2;
            }
        }
        k = skip_paren_acr(x, k);
        k = juris(st, k, jur, sizeof jur);
        if (strncmp(base, "Kementerian", 11) == 0) {
            xstrlcpy(o->name, base, sizeof o->name);
            xstrlcpy(o->party, base, sizeof o->party);
            o->type = "ministry";
        } else {
            finish_agency(st, o, i, base, jur);
        }
        o->t0 = (uint32_t)i;
        o->t1 = (uint32_t)k;
        return k;
    }
    /* Kementerian + portfolio. */
    if (xtok_eq(x, i, "Kementerian")) {
        struct xmap_ent *m = xmap_match(&ex->ministries, x, i + 1, &end);
        if (!m)
            return i;
        xstrlcpy(o->name, xlist_col(ex->rs, LIST_MIN, m->val, 1),
                 sizeof o->name);
        xstrlcpy(o->party, o->name, sizeof o->party);
        o->type = "ministry";
        o->t0 = (uint32_t)i;
        o->t1 = (uint32_t)end;
        return end;
    }
    /* Universities by full name, so that a rector's name after it is not
     * taken for part of it. */
    struct xmap_ent *fu = xmap_match(&ex->univ_full, x, i, &end);
    if (fu && xcase_ok(x, i, end, fu->surface, 0)) {
        xstrlcpy(o->name, fu->surface, sizeof o->name);
        xstrlcpy(o->party, o->name, sizeof o->party);
        o->type = "university";
        o->t0 = (uint32_t)i;
        o->t1 = (uint32_t)skip_paren_acr(x, end);
        return o->t1;
    }
    /* University short names ("Unpad"), exact case. */
    struct xmap_ent *u = xmap_match(&ex->universities, x, i, &end);
    if (u && xcase_ok(x, i, end, u->surface, 1)) {
        xstrlcpy(o->name, xlist_col(ex->rs, LIST_UNIV, u->val, 1),
                 sizeof o->name);
        xstrlcpy(o->party, o->name, sizeof o->party);
        o->type = "university";
        o->t0 = (uint32_t)i;
        o->t1 = (uint32_t)skip_paren_acr(x, end);
        return o->t1;
    }
    /* Head word + capitalised name: "Universitas Padjadjaran (Unpad)". */
    struct xmap_ent *h = xmap_match(&ex->heads, x, i, &end);
    if (!h || !xcase_ok(x, i, end, h->surface, 0))
        return i;
    const char *type = xlist_col(ex->rs, LIST_HEADS, h->val, 1);
    if (strcmp(h->surface, "DPRD") == 0) {
        size_t k = juris(st, end, jur, sizeof jur);
        if (!*jur)
            return i;
        xjoin(o->name, sizeof o->name, "DPRD", " ", jur);
        xstrlcpy(o->party, jur, sizeof o->party);
        o->type = "legislature";
        o->t0 = (uint32_t)i;
        o->t1 = (uint32_t)k;
        return k;
    }
    size_t k = end, words = 0;
    int placed = 0;
    const char *where = NULL;
    while (k < x->nt && same_sent(x, k, i) && k - end < 8) {
        /* A place ends the name: "Institut Teknologi Bandung", "Bank
         * Indonesia" (then only "(Persero)" and "Tbk" may follow). */
        struct gaz_hit gh;
        if (!placed && words && is_cap(x, k) &&
            gazetteer_match(ex->gaz, x, k, GAZ_ANY, &gh) && !gh.block &&
            gh.e) {
            words++;
            k = gh.t1;
            placed = 1;
            if (strcmp(gh.e->country, "Indonesia") == 0 &&
                (gh.e->type & (GAZ_CITY | GAZ_REGENCY | GAZ_PROVINCE)))
                where = gh.e->canonical;
            continue;
        }
        if (placed && !(xtok_is(x, k, '(') || xtok_eq(x, k, "Tbk")))
            break;
        if (is_cap(x, k) || (x->t[k].f & XT_NUM)) {
            words++;
            k++;
            continue;
        }
        if ((xtok_eq(x, k, "dan") || xtok_is(x, k, '&') ||
             xtok_eq(x, k, "of") || xtok_eq(x, k, "de")) &&
            is_cap(x, k + 1) && words) {
            k++;
            continue;
        }
        if (xtok_is(x, k, '(') && k + 2 < x->nt && xtok_is(x, k + 2, ')') &&
            (xtok_eq(x, k + 1, "Persero") || xtok_eq(x, k + 1, "Perseroda"))) {
            k += 3;
            continue;
        }
        break;
    }
    if (!words)
        return i;
    /* Stop words end the name: "Universitas Kota" is not one. */
    size_t last = k;
    for (size_t q = end; q < k; q++) {
        char w[64];
        if (x->t[q].e - x->t[q].s < sizeof w) {
            xtok_fold(x, q, w, sizeof w);
            if (xmap_get(&ex->stops, w) && !(x->t[q].f & XT_UPPER)) {
                last = q;
                break;
            }
        }
    }
    if (last == end)
        return i;
    k = last;
    xtext_span_str(x, i, k, o->name, sizeof o->name);
    o->type = *type ? type : "other";
    /* A bureau of a regional government acts for that government. */
    xstrlcpy(o->party,
             where && k == last && strcmp(o->type, "agency") == 0 ? where
                                                                  : o->name,
             sizeof o->party);
    /* A company is a party by its name without the legal form: "PT
     * Semen Indonesia (Persero) Tbk" is PT Semen Indonesia. */
    if (strcmp(o->type, "company") == 0) {
        static const char *const legal[] = {" Tbk", " (Persero)",
                                            " (Perseroda)", NULL};
        for (int again = 1; again;) {
            again = 0;
            size_t n = strlen(o->party);
            for (size_t q = 0; legal[q]; q++) {
                size_t m = strlen(legal[q]);
                if (n > m + 3 && strcmp(o->party + n - m, legal[q]) == 0) {
                    o->party[n - m] = '\0';
                    again = 1;
                    break;
                }
            }
        }
    }
    o->t0 = (uint32_t)i;
    o->t1 = (uint32_t)skip_paren_acr(x, k);
    return o->t1;
}

int xorgs_find(struct xstate *st)
{
    const struct xtext *x = &st->x;
    collect_acronyms(st);
    size_t cap = 0;
    for (size_t i = 0; i < x->nt;) {
        struct xorg o;
        size_t k = xorg_parse(st, i, NULL, NULL, &o);
        if (k == i) {
            i++;
            continue;
        }
        if (st->norgs == cap) {
            if (cap >= X_MAX_HITS)
                break;
            size_t nc = cap ? cap * 2 : 64;
            struct xorg *nv = arena_alloc(st->a, nc * sizeof *nv);
            if (!nv)
                return W_NOMEM;
            if (st->orgs)
                memcpy(nv, st->orgs, st->norgs * sizeof *nv);
            st->orgs = nv;
            cap = nc;
        }
        st->orgs[st->norgs++] = o;
        i = k;
    }
    return W_OK;
}

json_t *xorgs_json(struct xstate *st)
{
    json_t *arr = json_array();
    struct xmap seen = {0};
    if (!arr)
        return NULL;
    /* Agencies, ministries, universities... then governments named with a
     * prefix ("Pemkot Bandung" is the Pemerintah Kota Bandung). */
    struct {
        const char *name, *type;
        uint32_t t0, t1;
    } item;
    size_t total = st->norgs + st->nplaces;
    for (size_t n = 0; n < total; n++) {
        if (n < st->norgs) {
            item.name = st->orgs[n].name;
            item.type = st->orgs[n].type;
            item.t0 = st->orgs[n].t0;
            item.t1 = st->orgs[n].t1;
        } else {
            const struct xplace *p = &st->places[n - st->norgs];
            if (!p->gov)
                continue;
            item.name = NULL;
            item.type = "government";
            item.t0 = p->t0;
            item.t1 = p->t1;
        }
        char gname[X_MAX_NAME + 16];
        if (!item.name) {
            /* "Pemkot Bandung" is the Pemerintah Kota Bandung. */
            xjoin(gname, sizeof gname, "Pemerintah", " ",
                  st->places[n - st->norgs].name);
            item.name = gname;
        }
        if (st->x.t[item.t0].f & XT_MASK)
            continue;
        char key[512];
        xfold_phrase(item.name, key, sizeof key);
        struct xmap_ent *me = xmap_get(&seen, key);
        json_t *hit = me ? me->val : NULL;
        if (!hit) {
            if (json_array_size(arr) >= X_MAX_ORGS)
                continue;
            hit = xjson_obj(3, "name", json_string(item.name), "type",
                            json_string(item.type), "mentions",
                            json_array());
            if (!hit || json_array_append_new(arr, hit) ||
                xmap_put(&seen, st->a, item.name, hit) < 0) {
                json_decref(arr);
                return NULL;
            }
        }
        json_t *ms = json_object_get(hit, "mentions");
        if (json_array_size(ms) >= X_MAX_MENTIONS)
            continue;
        size_t b0 = st->x.t[item.t0].s, b1 = st->x.t[item.t1 - 1].e;
        json_array_append_new(ms, xspan_json(&st->x, b0, b1));
    }
    return arr;
}
