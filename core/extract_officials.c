/* SPDX-License-Identifier: MIT */
/*
 * Officials (GUIDE "Officials"): a person named with a public position.
 * News puts the three parts in a few orders, all handled here from the
 * word lists of rules/ (titles, modifiers, honorifics, degrees,
 * connectors, name stops):
 *
 *   A  TITLE [JURISDICTION|BODY] [QUALIFIER] [,] NAME
 *      "Wali Kota Bandung Yana Mulyana", "Wali Kota Petaling Jaya, Mohamad
 *      Azhan", "Wakil Wali Kota Petaling Jaya Malaysia Sharipah Marhaini",
 *      "Kepala Dinas KUMKM Kota Bandung, Atet Dedi Handiman"
 *   C  NAME (, | selaku | sebagai | yang juga ...) TITLE [BODY]
 *      "Nur Haryani, Kepala Dinas ...", "Kevin Hartke, perwakilan Kota
 *      Chandler", "Usman Karyana, Kepala Bidang ... Dinkop dan UMKM Kab
 *      Bandung"
 *
 * The org is the jurisdiction or body the title belongs to, by the
 * title's scope (rules/words/titles.tsv). Honorifics and academic
 * suffixes are not part of names. Nicknames come from the alias rules
 * ("yang akrab disapa Emil"); later short mentions ("Yana", "Emil") are
 * linked to the person. Boilerplate (Pewarta, Editor, "(Arum)", Baca
 * juga) is masked before this runs, so staff are never taken.
 */
#include "config.h"
#include "extract_int.h"
#include "gazetteer.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <string.h>

#define LIST_TITLES "words/titles"
#define LIST_MODS "officials/title-modifiers"
#define LIST_HON "officials/honorifics"
#define LIST_MIN "orgs/ministries"

static int same_sent(const struct xtext *x, size_t i, size_t j)
{
    return i < x->nt && j < x->nt && x->t[i].sent == x->t[j].sent;
}

static int in_map(const struct xmap *m, const struct xtext *x, size_t i)
{
    char w[64];
    if (x->t[i].e - x->t[i].s >= sizeof w)
        return 0;
    xtok_fold(x, i, w, sizeof w);
    return xmap_get(m, w) != NULL;
}

static int title_case_line(const struct xtext *x, size_t i);

int xname_word(const struct xstate *st, size_t i)
{
    const struct xtext *x = &st->x;
    const struct extract *ex = st->ex;
    if (i >= x->nt)
        return 0;
    const struct xtok *t = &x->t[i];
    if (!(t->f & XT_WORD) || !(t->f & (XT_CAP | XT_UPPER)) ||
        (t->f & (XT_NUM | XT_MASK)) || t->e - t->s < 2)
        return 0;
    if (in_map(&ex->months, x, i)) {
        /* "Agus" is also August's short form: a name word only between
         * capitalised words, never next to a number ("Agus Salim"). */
        if (i + 1 >= x->nt || !same_sent(x, i, i + 1) ||
            !(x->t[i + 1].f & XT_CAP) || (x->t[i + 1].f & XT_NUM) ||
            (i > 0 && (x->t[i - 1].f & XT_NUM)) ||
            in_map(&ex->months, x, i + 1))
            return 0;
    }
    if (in_map(&ex->stops, x, i)) {
        /* "Yang Seung-jo": the relative pronoun is a surname when a
         * capitalised word follows and it ends nothing before it. */
        if (!xtok_eq(x, i, "Yang") || !(x->t[i].f & XT_CAP) || i == 0 ||
            !(x->t[i - 1].f & XT_CAP) || i + 1 >= x->nt ||
            !(x->t[i + 1].f & XT_CAP) || !same_sent(x, i, i + 1) ||
            in_map(&ex->stops, x, i + 1))
            return 0;
    }
    if (in_map(&ex->weekdays, x, i) || in_map(&ex->modifiers, x, i))
        return 0;
    /* A headline verb: "Bupati Bandung Targetkan Angka Stunting Turun". */
    if (t->e - t->s >= 8 && memcmp(x->s + t->e - 3, "kan", 3) == 0 &&
        title_case_line(x, i))
        return 0;
    size_t end = 0;
    if (xmap_match(&ex->titles, x, i, &end))
        return 0;
    return 1;
}

size_t xskip_honorific(const struct xstate *st, size_t i, int *alias)
{
    const struct xtext *x = &st->x;
    size_t end = 0;
    struct xmap_ent *h = xmap_match(&st->ex->honorifics, x, i, &end);
    if (!h)
        return i;
    /* Case-sensitive, but a lower-case form with its dot is the medical
     * "dr." of "Prof. dr. Ova Emilia" (the list has "Dr" and "dr"). */
    if (!xcase_ok(x, i, end, h->surface, 1) &&
        (!(x->t[i].f & XT_LOWER) || !xtok_is(x, end, '.')))
        return i;
    /* Only before a name: "Bu" in "Bu Nur", not "Ibu Kota". */
    size_t k = end;
    while (k < x->nt && (xtok_is(x, k, '.') || xtok_is(x, k, '\'') ||
                         (x->t[k].e - x->t[k].s == 3 &&
                          memcmp(x->s + x->t[k].s, "\xE2\x80\x99", 3) == 0)))
        k++;
    /* Another honorific may follow in lower case: "Prof. dr. Ova". */
    size_t e2 = 0;
    if (k >= x->nt || !same_sent(x, i, k) ||
        (!(x->t[k].f & (XT_CAP | XT_UPPER)) &&
         !xmap_match(&st->ex->honorifics, x, k, &e2)))
        return i;
    if (alias)
        *alias = strcmp(xlist_col(st->ex->rs, LIST_HON, h->val, 1),
                        "alias") == 0;
    return k;
}

static int particle(const struct xtext *x, size_t i)
{
    static const char *const p[] = {"bin", "binti", "van", "von", "de",
                                    "al", "der", "da", "dos", NULL};
    for (size_t k = 0; p[k]; k++)
        if (xtok_eq(x, i, p[k]) && (x->t[i].f & XT_LOWER))
            return 1;
    return 0;
}

static int initial(const struct xtext *x, size_t i)
{
    return i + 1 < x->nt && (x->t[i].f & XT_CAP) &&
           x->t[i].e - x->t[i].s == 1 && xtok_is(x, i + 1, '.');
}

/* A known place starts at token i (not an unknown "Kota X"). */
static int place_at(const struct xstate *st, size_t i)
{
    struct gaz_hit h;
    return gazetteer_match(st->ex->gaz, &st->x, i, GAZ_ANY, &h) && !h.block &&
           h.e != NULL;
}

/* Token i is in a line whose words are nearly all capitalised and that
 * does not end like a sentence: a headline. */
static int title_case_line(const struct xtext *x, size_t i)
{
    size_t a = i, b = i;
    while (a > 0 && !(x->t[a].f & XT_LINE))
        a--;
    while (b + 1 < x->nt && !(x->t[b + 1].f & XT_LINE))
        b++;
    if (b - a > 40 || xtok_is(x, b, '.'))
        return 0;
    size_t words = 0, caps = 0;
    for (size_t k = a; k <= b; k++) {
        if (!(x->t[k].f & XT_WORD) || (x->t[k].f & XT_NUM))
            continue;
        words++;
        caps += (x->t[k].f & (XT_CAP | XT_UPPER)) != 0;
    }
    return words >= 4 && caps * 10 >= words * 8;
}

/* Name forward from i: honorifics, then capitalised words. Returns 1 and
 * the name's tokens [*n0, *n1). */
static int name_fwd(const struct xstate *st, size_t i, size_t *n0, size_t *n1)
{
    const struct xtext *x = &st->x;
    size_t j = i;
    for (int guard = 0; guard < 4; guard++) {
        size_t k = xskip_honorific(st, j, NULL);
        if (k == j)
            break;
        j = k;
    }
    size_t k = j, words = 0;
    /* In a headline every word is capitalised ("Wali Kota Bogor Bima Arya
     * Terima Kunjungan"): take two words; the body's fuller form merges
     * with them. */
    size_t maxw = title_case_line(x, j) ? 2 : 6;
    while (k < x->nt && same_sent(x, k, j) && words < maxw) {
        if (initial(x, k) && words < 5) {
            k += 2;
            continue;
        }
        /* Balinese names open with "I" or "Ni": "I Kadek Agus". */
        if (!words && (xtok_eq(x, k, "I") || xtok_eq(x, k, "Ni")) &&
            (x->t[k].f & XT_CAP) && same_sent(x, k, k + 1) &&
            xname_word(st, k + 1) && xname_word(st, k + 2)) {
            k++;
            continue;
        }
        /* A middle initial without its dot: "Oded M Danial". */
        if (words && (x->t[k].f & XT_CAP) && x->t[k].e - x->t[k].s == 1 &&
            xname_word(st, k + 1) && same_sent(x, k, k + 1)) {
            k++;
            continue;
        }
        if (xname_word(st, k)) {
            if (place_at(st, k))
                break;
            struct xorg o;
            if (xorg_parse((struct xstate *)st, k, NULL, NULL, &o) > k)
                break;
            words++;
            k++;
            continue;
        }
        if (words && particle(x, k) && xname_word(st, k + 1)) {
            k++;
            continue;
        }
        break;
    }
    /* An initial that ends the "name" was an abbreviation. */
    while (k > j && xtok_is(x, k - 1, '.') && !words)
        k -= 2;
    if (!words)
        return 0;
    *n0 = j;
    *n1 = k;
    return 1;
}

/* Name backward ending at token q (inclusive). */
static int name_back(const struct xstate *st, size_t q, size_t *n0,
                     size_t *n1)
{
    const struct xtext *x = &st->x;
    if (q >= x->nt)
        return 0;
    size_t k = q + 1, words = 0;
    while (k > 0 && same_sent(x, k - 1, q) && words < 7) {
        size_t p = k - 1;
        /* The dot of an initial or honorific ("D.", "H."). */
        if (xtok_is(x, p, '.') && p > 0 && (x->t[p - 1].f & XT_CAP) &&
            !(x->t[p].f & XT_SPACE)) {
            k = p;
            continue;
        }
        if ((initial(x, p) || ((x->t[p].f & XT_CAP) &&
                               x->t[p].e - x->t[p].s == 1 && p > 0 &&
                               xname_word(st, p - 1))) &&
            words) {
            k = p;
            continue;
        }
        if ((x->t[p].f & XT_WORD) && (x->t[p].f & XT_CAP) &&
            !(x->t[p].f & XT_MASK) &&
            (xname_word(st, p) ||
             xskip_honorific(st, p, NULL) != p)) {
            if (xname_word(st, p) && place_at(st, p))
                break;
            words++;
            k = p;
            continue;
        }
        if (words && particle(x, p)) {
            k = p;
            continue;
        }
        break;
    }
    if (!words)
        return 0;
    /* Honorifics at the front are not the name. */
    size_t s = k;
    for (int guard = 0; guard < 4; guard++) {
        size_t h = xskip_honorific(st, s, NULL);
        if (h == s || h > q)
            break;
        s = h;
    }
    while (s <= q && (xtok_is(x, s, '.') || particle(x, s)))
        s++;
    if (s > q || !xname_word(st, s))
        return 0;
    *n0 = s;
    *n1 = q + 1;
    return 1;
}

/* An academic suffix run at token k ("S.T.", "M.Si.", "MBA", "Ph.D").
 * Returns the token after it, or k. */
static size_t degree_at(const struct xstate *st, size_t k)
{
    const struct xtext *x = &st->x;
    char buf[32];
    size_t n = 0, j = k, dots = 0, piece_max = 0;
    while (j < x->nt && same_sent(x, j, k)) {
        const struct xtok *t = &x->t[j];
        if (j > k && (t->f & XT_SPACE) && !(dots && (t->f & XT_CAP) &&
                                            x->t[j - 1].f & XT_PUNCT))
            break;
        if (xtok_is(x, j, '.')) {
            dots++;
            j++;
            continue;
        }
        if (!(t->f & XT_WORD) || (t->f & XT_NUM))
            break;
        size_t w = t->e - t->s;
        if (w > 5 || n + w + 1 >= sizeof buf)
            break;
        if (w > piece_max)
            piece_max = w;
        for (size_t q = 0; q < w; q++) {
            char c = x->s[t->s + q];
            buf[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        j++;
    }
    buf[n] = '\0';
    if (!n)
        return k;
    if (xmap_get(&st->ex->degrees, buf))
        return j;
    if (dots >= 2 && piece_max <= 4 && (x->t[k].f & XT_CAP))
        return j;
    return k;
}

/* Skip ", S.T., M.Si." after a name. */
static size_t skip_degrees(const struct xstate *st, size_t k)
{
    const struct xtext *x = &st->x;
    for (int guard = 0; guard < 6; guard++) {
        if (!xtok_is(x, k, ','))
            break;
        size_t d = degree_at(st, k + 1);
        if (d == k + 1)
            break;
        k = d;
    }
    return k;
}

/* Before a title: the token that ends the name, past connectors and
 * degrees; or SIZE_MAX. */
static size_t before_title(const struct xstate *st, size_t ti)
{
    const struct xtext *x = &st->x;
    if (ti == 0 || !same_sent(x, ti - 1, ti))
        return SIZE_MAX;
    size_t j = ti - 1, start = 0;
    if (xtok_is(x, j, ',') || xtok_is(x, j, '(')) {
        if (j == 0)
            return SIZE_MAX;
        j--;
    } else if (xmap_match_back(&st->ex->connectors, x, j, &start)) {
        if (start == 0)
            return SIZE_MAX;
        j = start - 1;
        if (xtok_is(x, j, ',') && j > 0)
            j--;
    } else {
        return SIZE_MAX;
    }
    /* Degrees between the name and the comma: "Nur, S.E., M.Si., ". */
    for (int guard = 0; guard < 6 && j > 0; guard++) {
        size_t rs = j;
        while (rs > 0 && same_sent(x, rs - 1, j) &&
               !(x->t[rs].f & XT_SPACE) && !xtok_is(x, rs - 1, ','))
            rs--;
        if (degree_at(st, rs) != j + 1 || rs == 0 || !xtok_is(x, rs - 1, ','))
            break;
        j = rs - 2;
        if (rs < 2)
            return SIZE_MAX;
    }
    return j;
}

/* Words that cancel a following title: "Dewan Perwakilan", "Kantor Wali
 * Kota", "mantan Gubernur". */
static int blocked(const struct xtext *x, size_t i)
{
    static const char *const b[] = {
        "dewan",  "kantor", "balai",    "rumah",  "gedung", "istana",
        "kediaman", "pendopo", "rumdin", "mantan", "eks",    "calon",
        "bakal",  "kandidat", "almarhum", "mendiang", NULL};
    if (i == 0 || !same_sent(x, i - 1, i))
        return 0;
    for (size_t k = 0; b[k]; k++)
        if (xtok_eq(x, i - 1, b[k]))
            return 1;
    return 0;
}

struct title_hit {
    size_t t0, t1;      /* modifier + title */
    char title[X_MAX_NAME];
    const char *scope;
    const char *implied;
};

static int title_at(const struct xstate *st, size_t i, struct title_hit *th)
{
    const struct xtext *x = &st->x;
    const struct extract *ex = st->ex;
    if (!(x->t[i].f & XT_WORD) || (x->t[i].f & XT_MASK))
        return 0;
    size_t j = i, end = 0;
    const char *mod = NULL;
    struct xmap_ent *m = xmap_match(&ex->modifiers, x, i, &end);
    if (m && (x->t[i].f & (XT_CAP | XT_UPPER))) {
        mod = xlist_col(ex->rs, LIST_MODS, m->val, 1);
        j = end;
        if (xtok_is(x, j, '.'))
            j++;
        /* Its short form in parentheses: "Penjabat (Pj) Gubernur". */
        size_t e2 = 0;
        if (xtok_is(x, j, '(') && j + 2 < x->nt && xtok_is(x, j + 2, ')') &&
            xmap_match(&ex->modifiers, x, j + 1, &e2) && e2 == j + 2)
            j += 3;
    }
    struct xmap_ent *t = xmap_match(&ex->titles, x, j, &end);
    if (!t || blocked(x, i))
        return 0;
    /* All-capital short variants (PM) must be written so. */
    if (strlen(t->surface) <= 3 && !xcase_ok(x, j, end, t->surface, 1))
        return 0;
    th->t0 = i;
    th->t1 = end;
    if (xtok_is(x, end, '.') && !(x->t[end].f & XT_SPACE) &&
        end + 1 < x->nt && same_sent(x, end, end + 1))
        th->t1 = end + 1;
    const char *canon = xlist_col(ex->rs, LIST_TITLES, t->val, 1);
    if (mod && *mod)
        xjoin(th->title, sizeof th->title, mod, " ", canon);
    else
        xstrlcpy(th->title, canon, sizeof th->title);
    th->scope = xlist_col(ex->rs, LIST_TITLES, t->val, 2);
    th->implied = xlist_col(ex->rs, LIST_TITLES, t->val, 3);
    return 1;
}

static unsigned scope_types(const char *scope)
{
    if (strcmp(scope, "city") == 0)
        return GAZ_CITY;
    if (strcmp(scope, "regency") == 0)
        return GAZ_REGENCY;
    if (strcmp(scope, "province") == 0)
        return GAZ_PROVINCE | GAZ_SUBDIV;
    if (strcmp(scope, "region") == 0)
        return GAZ_CITY | GAZ_REGENCY | GAZ_PROVINCE;
    if (strcmp(scope, "country") == 0)
        return GAZ_COUNTRY;
    if (strcmp(scope, "any") == 0)
        return GAZ_ANY;
    return 0;
}

/* The province of the home jurisdiction, for "Gubernur Ridwan Kamil". */
static const char *home_for(const struct xstate *st, unsigned types)
{
    const struct gaz_entry *e = gazetteer_find(st->ex->gaz, st->home);
    if (!e)
        return "";
    if (e->type & types)
        return e->canonical;
    if ((types & GAZ_PROVINCE) && *e->parent)
        return e->parent;
    return "";
}

struct cand {
    size_t o1;                 /* token after title and org */
    char org[X_MAX_NAME];
    char party[X_MAX_NAME];
    int has_org;
};

/* The words at token k repeat a body's name without its head word
 * ("Telkom" for "PT Telkom Indonesia"); returns the token after them. */
static size_t short_name(const struct xstate *st, const struct xorg *o,
                         size_t k)
{
    const struct xtext *x = &st->x;
    if (!o->type || (strcmp(o->type, "company") != 0 &&
                     strcmp(o->type, "university") != 0 &&
                     strcmp(o->type, "association") != 0))
        return k;
    const char *p = strchr(o->name, ' ');
    size_t j = k;
    while (p && j < x->nt && (x->t[j].f & XT_CAP)) {
        p++;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        size_t n = x->t[j].e - x->t[j].s;
        if ((size_t)(q - p) != n || memcmp(p, x->s + x->t[j].s, n) != 0)
            break;
        j++;
        p = *q ? q : NULL;
    }
    return j;
}

static size_t after_org(const struct xstate *st, size_t k);

/* Org of a title by its scope, from token k. */
static void title_org(struct xstate *st, const struct title_hit *th,
                      size_t k, struct cand *c)
{
    const struct xtext *x = &st->x;
    memset(c, 0, sizeof *c);
    c->o1 = k;
    const char *sc = th->scope;
    unsigned types = scope_types(sc);
    struct gaz_hit h;
    struct xorg o;
    /* "Sekretaris Daerah (Sekda) Kota Bandung": the short form first. */
    if (xtok_is(x, k, '(') && k + 2 < x->nt && xtok_is(x, k + 2, ')') &&
        (x->t[k + 1].f & (XT_CAP | XT_UPPER)))
        c->o1 = k = k + 3;
    if (types) {
        size_t j = k;
        /* "Mayor of Chandler", "perwakilan dari Kota X". */
        if (xtok_eq(x, j, "of") || (strcmp(sc, "any") == 0 &&
                                    xtok_eq(x, j, "dari")))
            j++;
        if (j < x->nt && same_sent(x, j, k) &&
            (x->t[j].f & (XT_CAP | XT_UPPER)) &&
            gazetteer_match(st->ex->gaz, x, j, types, &h) && !h.block) {
            const char *jur = gaz_hit_name(&h);
            if (*th->implied)
                xjoin(c->org, sizeof c->org, th->implied, " ", jur);
            else
                xstrlcpy(c->org, jur, sizeof c->org);
            /* A president or an ambassador attends for a country; only
             * local and named representatives stand for a party. */
            if (strcmp(sc, "country") != 0)
                xstrlcpy(c->party, jur, sizeof c->party);
            c->o1 = h.t1;
            c->has_org = 1;
            return;
        }
        if (strcmp(sc, "any") == 0 && xorg_parse(st, j, NULL, NULL, &o) > j) {
            xstrlcpy(c->org, o.name, sizeof c->org);
            xstrlcpy(c->party, o.party, sizeof c->party);
            c->o1 = o.t1;
            c->has_org = 1;
            return;
        }
        if (strcmp(sc, "any") == 0 || strcmp(sc, "country") == 0) {
            if (*th->implied)
                xstrlcpy(c->org, th->implied, sizeof c->org);
            return;
        }
        /* A city the gazetteer does not know: "Wali Kota Tsukuba, Tatsuo
         * Igarashi", "Mayor of Tsukuba Tatsuo Igarashi" (a name of two
         * words or more must follow). */
        size_t n0 = 0, n1 = 0;
        if ((types & (GAZ_CITY | GAZ_REGENCY)) && xname_word(st, j) &&
            !(x->t[j].f & XT_UPPER) && same_sent(x, j, k) &&
            (xtok_is(x, j + 1, ',') ||
             (name_fwd(st, j + 1, &n0, &n1) && n1 - n0 >= 2)) &&
            !xmap_match(&st->ex->heads, x, j, &n1)) {
            char w[96];
            size_t n = x->t[j].e - x->t[j].s;
            if (n < sizeof w) {
                memcpy(w, x->s + x->t[j].s, n);
                w[n] = '\0';
                xjoin(c->org, sizeof c->org,
                      types & GAZ_CITY ? "Kota" : "Kabupaten", " ", w);
                xstrlcpy(c->party, c->org, sizeof c->party);
                c->o1 = j + 1;
                c->has_org = 1;
                return;
            }
        }
        /* No jurisdiction written: the article's own. */
        const char *home = home_for(st, types);
        if (*home) {
            if (*th->implied)
                xjoin(c->org, sizeof c->org, th->implied, " ", home);
            else
                xstrlcpy(c->org, home, sizeof c->org);
            xstrlcpy(c->party, home, sizeof c->party);
        }
        return;
    }
    if (strcmp(sc, "dinas") == 0 || strcmp(sc, "badan") == 0) {
        size_t e = *th->implied
                       ? xorg_parse(st, k, th->implied, NULL, &o)
                       : xorg_parse(st, k, NULL,
                                    strcmp(sc, "dinas") == 0 ? "Dinas"
                                    : strstr(th->title, "Biro") ? "Biro"
                                                                : "Badan",
                                    &o);
        if (e > k || *th->implied) {
            xstrlcpy(c->org, o.name, sizeof c->org);
            xstrlcpy(c->party, o.party, sizeof c->party);
            c->o1 = e;
            c->has_org = 1;
        }
        return;
    }
    if (strcmp(sc, "ministry") == 0) {
        if (*th->implied) {
            xstrlcpy(c->org, th->implied, sizeof c->org);
            c->has_org = 1;
            return;
        }
        size_t j = k, end = 0;
        if (xtok_eq(x, j, "Bidang"))
            j++;
        struct xmap_ent *m = xmap_match(&st->ex->ministries, x, j, &end);
        if (m && same_sent(x, j, k)) {
            xstrlcpy(c->org, xlist_col(st->ex->rs, LIST_MIN, m->val, 1),
                     sizeof c->org);
            c->o1 = end;
            c->has_org = 1;
            return;
        }
        /* A portfolio the list lacks, then a country: "Menteri Industri
         * dan Perdagangan Vietnam Nguyen Hong Dien". */
        for (size_t q = j; q < x->nt && q < j + 8 && same_sent(x, q, k);
             q++) {
            struct gaz_hit ch;
            if (q > j && (x->t[q].f & XT_CAP) &&
                gazetteer_match(st->ex->gaz, x, q, GAZ_COUNTRY, &ch) &&
                !ch.block) {
                char port[X_MAX_NAME], tmp[X_MAX_NAME];
                xtext_span_str(x, j, q, port, sizeof port);
                xjoin(tmp, sizeof tmp, "Kementerian", " ", port);
                xjoin(c->org, sizeof c->org, tmp, " ", gaz_hit_name(&ch));
                c->o1 = ch.t1;
                c->has_org = 1;
                return;
            }
            if (!((x->t[q].f & XT_CAP) || xtok_eq(x, q, "dan") ||
                  xtok_is(x, q, ',') || xtok_is(x, q, '&')))
                break;
        }
        return;
    }
    if (strcmp(sc, "unit") == 0) {
        /* "Kepala Bidang Pemberdayaan ... Dinkop dan UMKM Kab Bandung":
         * the body named within a few words. */
        for (size_t j = k; j < x->nt && j < k + 12 && same_sent(x, j, k);
             j++) {
            if (xtok_is(x, j, ',') || xtok_is(x, j, '.'))
                break;
            size_t e = xorg_parse(st, j, NULL, NULL, &o);
            if (e > j) {
                xstrlcpy(c->org, o.name, sizeof c->org);
                xstrlcpy(c->party, o.party, sizeof c->party);
                c->o1 = e;
                c->has_org = 1;
                return;
            }
        }
        /* No body: the unit's name runs to the comma ("Kepala Bidang
         * Hubungan Luar Negeri, Siti Aminah"). */
        for (size_t j = k; j < x->nt && j < k + 12 && same_sent(x, j, k);
             j++) {
            if (xtok_is(x, j, ',')) {
                c->o1 = j;
                break;
            }
            if (!(x->t[j].f & XT_WORD))
                break;
        }
        return;
    }
    if (strcmp(sc, "org") == 0) {
        size_t e = xorg_parse(st, k, NULL, NULL, &o);
        if (e > k) {
            xstrlcpy(c->org, o.name, sizeof c->org);
            xstrlcpy(c->party, o.party, sizeof c->party);
            c->o1 = e;
            c->has_org = 1;
            /* "Rektor Universitas Nusantara Budi Santoso mengatakan": an
             * unknown body swallowed the name; give its last words back
             * when they make a name and nothing else follows. */
            size_t n0 = 0, n1 = 0;
            if (o.type && strcmp(o.type, "agency") != 0 &&
                strcmp(o.type, "ministry") != 0 &&
                strcmp(o.type, "legislature") != 0 && e - k >= 4 &&
                !name_fwd(st, after_org(st, e), &n0, &n1)) {
                for (size_t cut = 2; cut <= 3 && e - cut > k + 1; cut++) {
                    size_t b = e - cut;
                    if (name_fwd(st, b, &n0, &n1) && n0 == b && n1 == e &&
                        !xtok_is(x, b - 1, ')')) {
                        xtext_span_str(x, k, b, c->org, sizeof c->org);
                        xstrlcpy(c->party, c->org, sizeof c->party);
                        c->o1 = b;
                        break;
                    }
                }
            }
            return;
        }
        /* A body named in full before, now by its name alone:
         * "PT Telkom Indonesia (Persero) Tbk" ... "Direktur Utama Telkom". */
        for (size_t n = 0; n < st->norgs; n++) {
            size_t q = short_name(st, &st->orgs[n], k);
            if (q > k) {
                xstrlcpy(c->org, st->orgs[n].name, sizeof c->org);
                xstrlcpy(c->party, st->orgs[n].party, sizeof c->party);
                c->o1 = q;
                c->has_org = 1;
                return;
            }
        }
        return;
    }
    if (strcmp(sc, "area") == 0) {
        /* "Camat Coblong Iskandar": one word names the kecamatan. */
        size_t n0 = 0, n1 = 0;
        if (xname_word(st, k) && name_fwd(st, k + 1, &n0, &n1) &&
            n0 == k + 1) {
            char w[96];
            size_t n = x->t[k].e - x->t[k].s;
            if (n < sizeof w) {
                memcpy(w, x->s + x->t[k].s, n);
                w[n] = '\0';
                xjoin(c->org, sizeof c->org, th->implied, " ", w);
                c->o1 = k + 1;
                c->has_org = 1;
            }
        }
        return;
    }
    /* none */
    if (*th->implied) {
        xstrlcpy(c->org, th->implied, sizeof c->org);
        c->has_org = 1;
    }
}

/* After the org: "(ACR)", qualifiers ("Malaysia", ", Jawa Barat"),
 * "untuk Malaysia" (ambassadors), a comma. */
static size_t after_org(const struct xstate *st, size_t k)
{
    const struct xtext *x = &st->x;
    struct gaz_hit h;
    for (int guard = 0; guard < 4; guard++) {
        size_t j = k;
        if (xtok_is(x, j, '(') && j + 2 < x->nt && xtok_is(x, j + 2, ')') &&
            (x->t[j + 1].f & (XT_UPPER | XT_CAP))) {
            k = j + 3;
            continue;
        }
        if (xtok_is(x, j, ','))
            j++;
        if (xtok_eq(x, j, "untuk") || xtok_eq(x, j, "di"))
            j++;
        if (j < x->nt && same_sent(x, j, k) &&
            (x->t[j].f & (XT_CAP | XT_UPPER)) &&
            gazetteer_match(st->ex->gaz, x, j,
                            GAZ_COUNTRY | GAZ_PROVINCE | GAZ_SUBDIV |
                                GAZ_CITY,
                            &h) &&
            !h.block && h.e) {
            k = h.t1;
            continue;
        }
        break;
    }
    if (xtok_is(x, k, ','))
        k++;
    return k;
}

static int same_person(const char *a, const char *b)
{
    /* Token sets: equal, or the shorter (two words or more) inside the
     * longer, as gold/GUIDE.md's matching does. */
    char ta[12][48], tb[12][48];
    size_t na = 0, nb = 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *s = pass ? b : a;
        char(*t)[48] = pass ? tb : ta;
        size_t *n = pass ? &nb : &na;
        while (*s && *n < 12) {
            while (*s == ' ' || *s == '.' || *s == ',')
                s++;
            size_t k = 0;
            while (*s && *s != ' ' && *s != '.' && *s != ',' && k < 47) {
                char c = *s++;
                t[*n][k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
            }
            if (k) {
                t[*n][k] = '\0';
                (*n)++;
            }
        }
    }
    if (!na || !nb)
        return 0;
    size_t small = na <= nb ? na : nb;
    char(*ts)[48] = na <= nb ? ta : tb;
    char(*tl)[48] = na <= nb ? tb : ta;
    size_t large = na <= nb ? nb : na;
    size_t in = 0;
    for (size_t i = 0; i < small; i++)
        for (size_t j = 0; j < large; j++)
            if (strcmp(ts[i], tl[j]) == 0) {
                in++;
                break;
            }
    if (in != small)
        return 0;
    return na == nb || small >= 2;
}

static int add_span(struct xofficial *o, uint32_t b0, uint32_t b1)
{
    for (unsigned k = 0; k < o->nms; k++)
        if (o->ms[k][0] == b0 && o->ms[k][1] == b1)
            return 0;
    if (o->nms >= X_MAX_MENTIONS)
        return 0;
    o->ms[o->nms][0] = b0;
    o->ms[o->nms][1] = b1;
    o->nms++;
    return 1;
}

/* Whether w is one of the space-separated words of name. */
static int word_of(const char *name, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = name; n && (p = strstr(p, w)) != NULL; p++)
        if ((p == name || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return 1;
    return 0;
}

static int add_official(struct xstate *st, size_t n0, size_t n1,
                        const struct title_hit *th, const struct cand *c,
                        size_t s0, size_t s1)
{
    const struct xtext *x = &st->x;
    char name[X_MAX_NAME];
    xtext_span_str(x, n0, n1, name, sizeof name);
    struct xofficial *o = NULL;
    size_t who = 0;
    for (size_t k = 0; k < st->noff; k++)
        if (same_person(st->off[k].name, name)) {
            o = &st->off[k];
            who = k;
            break;
        }
    /* One word of a name already introduced with the same title and org:
     * "Tri yang menjabat Plt Wali Kota Bekasi" after "Tri Adhianto". */
    for (size_t k = 0; !o && n1 == n0 + 1 && k < st->noff; k++)
        if (strcmp(st->off[k].title, th->title) == 0 &&
            strcmp(st->off[k].org, c->org) == 0 &&
            word_of(st->off[k].name, name)) {
            o = &st->off[k];
            who = k;
        }
    if (!o) {
        if (st->noff >= X_MAX_OFFICIALS)
            return W_OK;
        if (st->noff == st->capoff) {
            /* Grown on demand: most articles name a handful. */
            size_t nc = st->capoff ? st->capoff * 2 : 8;
            struct xofficial *nv = arena_alloc(st->a, nc * sizeof *nv);
            if (!nv)
                return W_NOMEM;
            if (st->off)
                memcpy(nv, st->off, st->noff * sizeof *nv);
            st->off = nv;
            st->capoff = nc;
        }
        who = st->noff++;
        o = &st->off[who];
        memset(o, 0, sizeof *o);
        xstrlcpy(o->name, name, sizeof o->name);
        xstrlcpy(o->title, th->title, sizeof o->title);
        o->intro_t0 = (uint32_t)s0;
        o->intro_t1 = (uint32_t)s1;
    } else if (strlen(name) > strlen(o->name) ||
               ((x->t[o->intro_t0].f & XT_UPPER) &&
                !(x->t[n0].f & XT_UPPER))) {
        /* The fullest form, and a headline's capitals give way to the
         * body's spelling. */
        xstrlcpy(o->name, name, sizeof o->name);
    }
    if (!*o->org && *c->org)
        xstrlcpy(o->org, c->org, sizeof o->org);
    if (!*o->party && *c->party)
        xstrlcpy(o->party, c->party, sizeof o->party);
    add_span(o, x->t[s0].s, x->t[s1 - 1].e);
    return xstate_add_mention(st, (uint32_t)n0, (uint32_t)n1, (int)who);
}

static int find_intros(struct xstate *st)
{
    const struct xtext *x = &st->x;
    for (size_t i = 0; i < x->nt; i++) {
        struct title_hit th;
        if (!title_at(st, i, &th))
            continue;
        struct cand c;
        title_org(st, &th, th.t1, &c);
        const char *sc = th.scope;
        /* "Kepala" alone heads the body after it: "Kepala Disperindag
         * Jatim" is a Kepala Dinas. */
        if (strcmp(th.title, "Kepala") == 0 && c.has_org) {
            if (strncmp(c.org, "Dinas ", 6) == 0)
                xstrlcpy(th.title, "Kepala Dinas", sizeof th.title);
            else if (strncmp(c.org, "Badan ", 6) == 0)
                xstrlcpy(th.title, "Kepala Badan", sizeof th.title);
        }
        int need_org = strcmp(sc, "any") == 0 || strcmp(sc, "org") == 0;
        if (need_org && !c.has_org)
            continue;
        size_t n0 = 0, n1 = 0;
        size_t k = after_org(st, c.o1);
        int lower = (x->t[th.t0].f & XT_LOWER) != 0;
        if (same_sent(x, k, i) && name_fwd(st, k, &n0, &n1) &&
            !(lower && !c.has_org && k == th.t1)) {
            int rc = add_official(st, n0, n1, &th, &c, th.t0, n1);
            if (rc)
                return rc;
            i = skip_degrees(st, n1) - 1;
            continue;
        }
        size_t q = before_title(st, th.t0);
        if (q != SIZE_MAX && name_back(st, q, &n0, &n1)) {
            size_t end = c.o1 > th.t1 ? c.o1 : th.t1;
            int rc = add_official(st, n0, n1, &th, &c, n0, end);
            if (rc)
                return rc;
            i = end - 1;
        }
    }
    return W_OK;
}

/* Nicknames: "yang akrab disapa Emil" goes to the official named last. */
static int find_aliases(struct xstate *st)
{
    const struct xtext *x = &st->x;
    if (!st->noff)
        return W_OK;
    struct rules_result res;
    rules_result_init(&res);
    int rc = rules_scan(st->ex->rs, "official-alias", x->s, x->len, 0, &res);
    if (rc == W_NOMEM) {
        rules_result_cleanup(&res);
        return rc;
    }
    for (size_t m = 0; m < res.n; m++) {
        const struct rules_field *f = rules_match_field(&res.v[m], "alias");
        if (!f || f->start == SIZE_MAX)
            continue;
        size_t t0 = xtext_tok_at(x, f->start);
        if (t0 >= x->nt || (x->t[t0].f & XT_MASK))
            continue;
        int al = 0;
        size_t s = xskip_honorific(st, t0, &al);
        size_t t1 = xtext_tok_at(x, f->end);
        if (s >= t1)
            s = t0;
        /* The official introduced last before it, within 3 sentences
         * (introductions are in text order: binary search). */
        size_t lo = 0, hi = st->nmen;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (st->men[mid].t1 <= t0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0 || x->t[t0].sent - x->t[st->men[lo - 1].t0].sent > 3)
            continue;
        int who = st->men[lo - 1].who;
        struct xofficial *o = &st->off[who];
        char alias[48];
        xtext_span_str(x, s, t1, alias, sizeof alias);
        int dup = 0;
        for (unsigned a = 0; a < o->naliases; a++)
            if (strcmp(o->aliases[a], alias) == 0)
                dup = 1;
        if (!dup && o->naliases < 4 && strcmp(alias, o->name) != 0)
            xstrlcpy(o->aliases[o->naliases++], alias, 48);
    }
    rules_result_cleanup(&res);
    return W_OK;
}

/* Token i is one of the words of name (ASCII case-insensitive). */
static int in_name(const char *name, const struct xtext *x, size_t i)
{
    size_t n = x->t[i].e - x->t[i].s;
    for (const char *p = name; *p;) {
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        if ((size_t)(q - p) == n) {
            char w[64];
            if (n < sizeof w) {
                memcpy(w, p, n);
                w[n] = '\0';
                if (xtok_eq(x, i, w))
                    return 1;
            }
        }
        p = *q ? q + 1 : q;
    }
    return 0;
}

/* Later mentions: a word of exactly one official's name or nickname. */
static int find_mentions(struct xstate *st)
{
    const struct xtext *x = &st->x;
    struct xmap words = {0};
    for (size_t k = 0; k < st->noff; k++) {
        const struct xofficial *o = &st->off[k];
        char buf[X_MAX_NAME + 200];
        snprintf(buf, sizeof buf, "%s", o->name);
        for (unsigned a = 0; a < o->naliases; a++) {
            size_t n = strlen(buf);
            snprintf(buf + n, sizeof buf - n, " %s", o->aliases[a]);
        }
        char *save = NULL;
        for (char *w = strtok_r(buf, " .,", &save); w;
             w = strtok_r(NULL, " .,", &save)) {
            if (strlen(w) < 3)
                continue;
            char key[64];
            xfold_phrase(w, key, sizeof key);
            struct xmap_ent *e = xmap_get(&words, key);
            if (e) {
                if ((size_t)(uintptr_t)e->val != k + 1)
                    e->val = (void *)(uintptr_t)SIZE_MAX; /* ambiguous */
                continue;
            }
            if (xmap_put(&words, st->a, w, (void *)(uintptr_t)(k + 1)) < 0)
                return W_NOMEM;
        }
    }
    if (!words.n)
        return W_OK;
    uint8_t *used = arena_alloc(st->a, x->nt + 1);
    if (!used)
        return W_NOMEM;
    for (size_t k = 0; k < st->nmen; k++)
        for (size_t i = st->men[k].t0; i < st->men[k].t1; i++)
            used[i] = 1;
    for (size_t k = 0; k < st->noff; k++)
        for (size_t i = st->off[k].intro_t0; i < st->off[k].intro_t1; i++)
            used[i] = 1;
    size_t nintro = st->nmen;
    for (size_t i = 0; i < x->nt; i++) {
        const struct xtok *t = &x->t[i];
        if (used[i] || !(t->f & XT_WORD) || !(t->f & XT_CAP) ||
            (t->f & XT_MASK) || t->e - t->s >= 64)
            continue;
        char w[64];
        xtok_fold(x, i, w, sizeof w);
        struct xmap_ent *e = xmap_get(&words, w);
        if (!e || (size_t)(uintptr_t)e->val == SIZE_MAX)
            continue;
        size_t who = (size_t)(uintptr_t)e->val - 1;
        size_t j = i + 1;
        while (j < x->nt && same_sent(x, i, j) && !used[j] &&
               (x->t[j].f & XT_CAP) && x->t[j].e - x->t[j].s < 64) {
            xtok_fold(x, j, w, sizeof w);
            struct xmap_ent *e2 = xmap_get(&words, w);
            if (!e2 || (size_t)(uintptr_t)e2->val != who + 1)
                break;
            j++;
        }
        struct xofficial *o = &st->off[who];
        if (o->nms >= X_MAX_MENTIONS)
            continue;
        /* A word two officials share ("Zhang" of Zhang Xin and Zhang Ping)
         * belongs to the mention when the next word decides. */
        while (i > 0 && same_sent(x, i - 1, i) && !used[i - 1] &&
               (x->t[i - 1].f & XT_CAP) && in_name(o->name, x, i - 1))
            i--;
        t = &x->t[i];
        add_span(o, t->s, x->t[j - 1].e);
        int rc = xstate_add_mention(st, (uint32_t)i, (uint32_t)j, (int)who);
        if (rc)
            return rc;
        /* A short form used is an alias too (SPEC: "aliases": ["Yana"]). */
        char alias[48];
        xtext_span_str(x, i, j, alias, sizeof alias);
        int dup = strcmp(alias, o->name) == 0;
        for (unsigned a = 0; a < o->naliases && !dup; a++)
            dup = strcmp(o->aliases[a], alias) == 0;
        if (!dup && o->naliases < 4)
            xstrlcpy(o->aliases[o->naliases++], alias, 48);
        i = j - 1;
    }
    (void)nintro;
    return W_OK;
}

int xofficials_find(struct xstate *st)
{
    int rc = find_intros(st);
    if (!rc)
        rc = find_aliases(st);
    if (!rc)
        rc = find_mentions(st);
    return rc;
}

static int cmp_span(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

json_t *xofficials_json(struct xstate *st)
{
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t k = 0; k < st->noff; k++) {
        struct xofficial *o = &st->off[k];
        qsort(o->ms, o->nms, sizeof o->ms[0], cmp_span);
        json_t *al = json_array(), *ms = json_array();
        for (unsigned a = 0; a < o->naliases; a++)
            json_array_append_new(al, json_string(o->aliases[a]));
        for (unsigned m = 0; m < o->nms; m++)
            json_array_append_new(
                ms, xspan_json(&st->x, o->ms[m][0], o->ms[m][1]));
        json_t *j = xjson_obj(5, "name", json_string(o->name), "title",
                              json_string(o->title), "org",
                              xjson_str(*o->org ? o->org : NULL), "aliases",
                              al, "mentions", ms);
        if (!j || json_array_append_new(arr, j)) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}
