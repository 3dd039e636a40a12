/* SPDX-License-Identifier: MIT */
/*
 * Dates (see dates.h). Two jobs share the calendar arithmetic here:
 *
 * date_normalise reads the publication dates pages carry. They come in a
 * few machine-made shapes (ISO 8601, RFC 822, "Senin, 15 Mei 2017 18:43
 * WIB"), so a small tokenizer with a built-in month table is enough and
 * needs no rule set: plugins call it through host->parse_date.
 *
 * dates_find turns the matches of the "dates" rules (rules/dates/NAME.rules)
 * into values following gold/GUIDE.md "Dates": the value is ISO 8601 cut
 * to the precision the text gives, and relative expressions are resolved
 * against the publication date. The patterns decide what is a date; this
 * file only does the arithmetic the patterns cannot (year inference,
 * weekdays, day and month offsets, validity).
 */
#include "config.h"
#include "dates.h"
#include "mem.h"
#include "rules.h"
#include "warta/plugin.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- calendar -------------------------------------------------------- */

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : md[m - 1];
}

int dates_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= month_days(y, m);
}

/* Days from civil (the era-based algorithm; exact for the Gregorian
 * calendar, proleptic before 1582). */
long dates_to_days(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void dates_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int dates_weekday(int y, int m, int d)
{
    long z = dates_to_days(y, m, d);
    /* 1970-01-01 was a Thursday (4). */
    long w = (z % 7 + 7 + 3) % 7; /* 0 = Monday */
    return (int)w + 1;
}

/* ---- date_normalise -------------------------------------------------- */

struct mname {
    const char *name;
    int month;
};

/* Publication dates only: the body-text spellings live in
 * rules/words/months*.tsv, which users extend. */
static const struct mname month_names[] = {
    {"januari", 1},   {"january", 1},  {"jan", 1},       {"februari", 2},
    {"pebruari", 2},  {"february", 2}, {"feb", 2},       {"peb", 2},
    {"febr", 2},      {"maret", 3},    {"march", 3},     {"mar", 3},
    {"mrt", 3},       {"april", 4},    {"apr", 4},       {"mei", 5},
    {"may", 5},       {"juni", 6},     {"june", 6},      {"jun", 6},
    {"juli", 7},      {"july", 7},     {"jul", 7},       {"agustus", 8},
    {"august", 8},    {"agu", 8},      {"agt", 8},       {"ags", 8},
    {"agst", 8},      {"aug", 8},      {"september", 9}, {"sept", 9},
    {"sep", 9},       {"oktober", 10}, {"october", 10},  {"okt", 10},
    {"oct", 10},      {"november", 11}, {"nopember", 11}, {"nov", 11},
    {"nop", 11},      {"desember", 12}, {"december", 12}, {"des", 12},
    {"dec", 12},      {NULL, 0},
};

struct zname {
    const char *name;
    int minutes;
};

static const struct zname zone_names[] = {
    {"wib", 420}, {"wita", 480}, {"wit", 540}, {"utc", 0},
    {"gmt", 0},   {"z", 0},      {NULL, 0},
};

enum { T_NUM, T_WORD, T_PUNCT };

struct tok {
    int type;
    long v;      /* T_NUM value */
    int nd;      /* T_NUM digits */
    char w[16];  /* T_WORD lower-cased (cut), T_PUNCT the char */
    int glued;   /* no blank between this token and the previous one */
};

#define NTOK 64

static size_t tokenize(const char *s, struct tok *t)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    int glued = 0;
    while (*p && n < NTOK) {
        if (isspace(*p)) {
            p++;
            glued = 0;
            continue;
        }
        struct tok *k = &t[n];
        memset(k, 0, sizeof *k);
        k->glued = glued;
        if (isdigit(*p)) {
            k->type = T_NUM;
            while (isdigit(*p)) {
                if (k->nd < 9)
                    k->v = k->v * 10 + (*p - '0');
                k->nd++;
                p++;
            }
        } else if (isalpha(*p) || *p >= 0x80) {
            k->type = T_WORD;
            size_t i = 0;
            while (isalpha(*p) || *p >= 0x80 || *p == '\'') {
                if (i + 1 < sizeof k->w)
                    k->w[i++] = (char)tolower(*p);
                p++;
            }
            k->w[i] = '\0';
        } else {
            k->type = T_PUNCT;
            k->w[0] = (char)*p++;
        }
        glued = 1;
        n++;
    }
    return n;
}

static int is_punct(const struct tok *t, size_t n, size_t i, const char *cs)
{
    return i < n && t[i].type == T_PUNCT && strchr(cs, t[i].w[0]);
}

static int is_num(const struct tok *t, size_t n, size_t i)
{
    return i < n && t[i].type == T_NUM;
}

static int year_of(const struct tok *k)
{
    if (k->nd == 4 && k->v >= 1800 && k->v <= 2100)
        return (int)k->v;
    if (k->nd == 2)
        return 2000 + (int)k->v;
    return 0;
}

struct dt {
    int y, m, d;
    int has_time, hh, mi, ss;
    int has_zone, zone; /* minutes east of UTC */
};

/* "+0700", "+07:00", "+07", "-05:30": glued after a time. */
static int read_offset(const struct tok *t, size_t n, size_t *i,
                       struct dt *r)
{
    size_t j = *i;
    if (!is_punct(t, n, j, "+-") || !is_num(t, n, j + 1) ||
        !t[j + 1].glued)
        return 0;
    int sign = t[j].w[0] == '-' ? -1 : 1;
    const struct tok *a = &t[j + 1];
    int h, m = 0;
    if (a->nd == 4) {
        h = (int)(a->v / 100);
        m = (int)(a->v % 100);
        j += 2;
    } else if (a->nd <= 2) {
        h = (int)a->v;
        j += 2;
        if (is_punct(t, n, j, ":") && is_num(t, n, j + 1) &&
            t[j + 1].nd == 2) {
            m = (int)t[j + 1].v;
            j += 2;
        }
    } else {
        return 0;
    }
    if (h > 14 || m > 59)
        return 0;
    r->has_zone = 1;
    r->zone = sign * (h * 60 + m);
    *i = j;
    return 1;
}

/* "15:51", "15:51:04", "15.51" (the dot form only once a date is known,
 * so "15.05.2017" stays a date). */
static int read_time(const struct tok *t, size_t n, size_t *i, struct dt *r,
                     int date_known)
{
    size_t j = *i;
    if (!is_num(t, n, j) || t[j].nd > 2 || t[j].v > 23)
        return 0;
    int colon = is_punct(t, n, j + 1, ":");
    int dot = is_punct(t, n, j + 1, ".");
    if (!(colon || (dot && date_known)) || !is_num(t, n, j + 2) ||
        t[j + 2].nd != 2 || t[j + 2].v > 59)
        return 0;
    if (dot && is_punct(t, n, j + 3, ".") && is_num(t, n, j + 4) &&
        t[j + 4].nd == 4)
        return 0; /* d.m.yyyy */
    r->hh = (int)t[j].v;
    r->mi = (int)t[j + 2].v;
    r->ss = 0;
    j += 3;
    if (is_punct(t, n, j, colon ? ":" : ".") && is_num(t, n, j + 1) &&
        t[j + 1].nd == 2 && t[j + 1].v <= 60) {
        r->ss = (int)t[j + 1].v;
        j += 2;
        /* Fractions of a second: ".123" */
        if (is_punct(t, n, j, ".") && is_num(t, n, j + 1))
            j += 2;
    }
    r->has_time = 1;
    *i = j;
    return 1;
}

static int month_word(const char *w)
{
    size_t n = strlen(w);
    if (n && w[n - 1] == '.')
        n--;
    for (const struct mname *m = month_names; m->name; m++)
        if (strlen(m->name) == n && strncmp(m->name, w, n) == 0)
            return m->month;
    return 0;
}

static int parse_general(const char *s, struct dt *r)
{
    struct tok t[NTOK];
    size_t n = tokenize(s, t);
    memset(r, 0, sizeof *r);
    int pm = -1;
    for (size_t i = 0; i < n;) {
        int date_known = r->y && r->m && r->d;
        const struct tok *k = &t[i];
        if (!date_known && k->type == T_NUM && is_punct(t, n, i + 1, "/-.") &&
            is_num(t, n, i + 2) && i + 3 < n &&
            t[i + 3].type == T_PUNCT && t[i + 3].w[0] == t[i + 1].w[0] &&
            is_num(t, n, i + 4) && t[i + 1].glued && t[i + 2].glued &&
            t[i + 3].glued && t[i + 4].glued) {
            const struct tok *a = k, *b = &t[i + 2], *c = &t[i + 4];
            if (a->nd == 4) { /* yyyy/mm/dd */
                r->y = year_of(a);
                r->m = (int)b->v;
                r->d = (int)c->v;
            } else if (a->nd <= 2 && b->nd <= 2 &&
                       (c->nd == 4 || c->nd == 2)) {
                r->d = (int)a->v;
                r->m = (int)b->v;
                r->y = year_of(c);
            }
            i += 5;
            continue;
        }
        if (read_time(t, n, &i, r, date_known))
            continue;
        if (r->has_time && read_offset(t, n, &i, r))
            continue;
        if (k->type == T_WORD) {
            int m = month_word(k->w);
            if (m && !r->m) {
                r->m = m;
                /* Day right before ("15 Mei") or after ("May 15"). */
                if (!r->d && i > 0 && is_num(t, n, i - 1) &&
                    t[i - 1].nd <= 2 && t[i - 1].v >= 1 && t[i - 1].v <= 31)
                    r->d = (int)t[i - 1].v;
                else if (!r->d && is_num(t, n, i + 1) && t[i + 1].nd <= 2 &&
                         !is_punct(t, n, i + 2, ":"))
                    r->d = (int)t[i + 1].v;
            } else if (!m) {
                for (const struct zname *z = zone_names; z->name; z++)
                    if (strcmp(z->name, k->w) == 0 && r->has_time) {
                        r->has_zone = 1;
                        r->zone = z->minutes;
                    }
                if (strcmp(k->w, "pm") == 0)
                    pm = 1;
                else if (strcmp(k->w, "am") == 0)
                    pm = 0;
            }
            i++;
            continue;
        }
        if (k->type == T_NUM && k->nd == 4 && !r->y && r->m) {
            r->y = year_of(k);
        }
        i++;
    }
    if (r->has_time && pm >= 0 && r->hh <= 12) {
        if (pm == 1 && r->hh < 12)
            r->hh += 12;
        else if (pm == 0 && r->hh == 12)
            r->hh = 0;
    }
    return dates_valid(r->y, r->m, r->d) ? W_OK : W_NOTFOUND;
}

/* ISO 8601: YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][Z|±HH[:MM]|±HHMM| zone]. */
static int parse_iso(const char *s, struct dt *r)
{
    memset(r, 0, sizeof *r);
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    int y, m, d, k = 0;
    if (sscanf(p, "%4d-%2d-%2d%n", &y, &m, &d, &k) != 3 || k < 8 ||
        !isdigit((unsigned char)p[0]) || p[4] != '-')
        return W_NOTFOUND;
    if (!dates_valid(y, m, d))
        return W_NOTFOUND;
    r->y = y;
    r->m = m;
    r->d = d;
    p += k;
    if ((*p == 'T' || *p == 't' || *p == ' ') &&
        isdigit((unsigned char)p[1])) {
        struct tok t[NTOK];
        size_t n = tokenize(p + 1, t), i = 0;
        if (read_time(t, n, &i, r, 0)) {
            if (!read_offset(t, n, &i, r) && i < n && t[i].type == T_WORD) {
                for (const struct zname *z = zone_names; z->name; z++)
                    if (strcmp(z->name, t[i].w) == 0) {
                        r->has_zone = 1;
                        r->zone = z->minutes;
                    }
            }
        }
    }
    return W_OK;
}

int date_normalise(const char *s, char *out, size_t outsz)
{
    if (outsz)
        out[0] = '\0';
    if (outsz < 26)
        return W_TOOBIG;
    if (!s)
        return W_NOTFOUND;
    struct dt r;
    if (parse_iso(s, &r) != W_OK && parse_general(s, &r) != W_OK)
        return W_NOTFOUND;
    if (!r.has_time) {
        snprintf(out, outsz, "%04d-%02d-%02d", r.y, r.m, r.d);
        return W_OK;
    }
    int z = r.has_zone ? r.zone : 420; /* WIB when none is given */
    int az = z < 0 ? -z : z;
    snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", r.y, r.m,
             r.d, r.hh, r.mi, r.ss, z < 0 ? '-' : '+', az / 60, az % 60);
    return W_OK;
}

/* ---- dates_find ------------------------------------------------------ */

void dates_list_init(struct dates_list *l)
{
    memset(l, 0, sizeof *l);
}

void dates_list_cleanup(struct dates_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        w_free(l->v[i].text);
    w_free(l->v);
    memset(l, 0, sizeof *l);
}

struct ctx {
    const char *text;
    struct rules_cpmap map;
    int has_pub;
    int py, pm, pd;
    struct dates_list *out;
};

static int get_int(const struct rules_match *m, const char *name, int *v)
{
    const char *s = rules_match_get(m, name);
    if (!s || !*s)
        return 0;
    char *e;
    long x = strtol(s, &e, 10);
    if (*e || x < -100000 || x > 100000)
        return 0;
    *v = (int)x;
    return 1;
}

static int add_item(struct ctx *c, const struct rules_match *m,
                    const char *value, const char *precision,
                    const char *datetime, int range)
{
    struct dates_list *l = c->out;
    if (l->n >= DATES_MAX) {
        l->truncated = 1;
        return W_OK;
    }
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        void *q = w_realloc(l->v, nc * sizeof *l->v);
        if (!q)
            return W_NOMEM;
        l->v = q;
        l->cap = nc;
    }
    struct dates_item *it = &l->v[l->n];
    memset(it, 0, sizeof *it);
    it->text = w_strndup(c->text + m->start, m->end - m->start);
    if (!it->text)
        return W_NOMEM;
    snprintf(it->value, sizeof it->value, "%s", value);
    it->precision = precision;
    it->bstart = m->start;
    it->bend = m->end;
    it->start = rules_cpmap_get(&c->map, m->start);
    it->end = rules_cpmap_get(&c->map, m->end);
    snprintf(it->datetime, sizeof it->datetime, "%s", datetime ? datetime
                                                               : "");
    it->rule = m->rule;
    it->range = range;
    l->n++;
    return W_OK;
}

static int add_day(struct ctx *c, const struct rules_match *m, int y, int mo,
                   int d, int range)
{
    if (!dates_valid(y, mo, d))
        return W_OK;
    char v[32], dt[96];
    snprintf(v, sizeof v, "%04d-%02d-%02d", y, mo, d);
    int hh, mi;
    const char *when = NULL;
    if (!range && get_int(m, "hour", &hh) && get_int(m, "minute", &mi) &&
        hh >= 0 && hh <= 23 && mi >= 0 && mi <= 59) {
        /* The zone comes from rules/words/timezones.tsv: "+07:00". */
        const char *tz = rules_match_get(m, "tz");
        if (!tz || strlen(tz) != 6 || (tz[0] != '+' && tz[0] != '-'))
            tz = "+07:00";
        snprintf(dt, sizeof dt, "%sT%02d:%02d:00%s", v, hh, mi, tz);
        when = dt;
    }
    return add_item(c, m, v, "day", when, range);
}

static int add_month(struct ctx *c, const struct rules_match *m, int y,
                     int mo, int range)
{
    if (y < 1 || y > 9999 || mo < 1 || mo > 12)
        return W_OK;
    char v[32];
    snprintf(v, sizeof v, "%04d-%02d", y, mo);
    return add_item(c, m, v, "month", NULL, range);
}

static int add_year(struct ctx *c, const struct rules_match *m, int y,
                    int range)
{
    if (y < 1 || y > 9999)
        return W_OK;
    char v[32];
    snprintf(v, sizeof v, "%04d", y);
    return add_item(c, m, v, "year", NULL, range);
}

/* Year of a day and month written without one (GUIDE: "(27/9)"): the
 * publication year, or the year before when that would be after
 * publication. 0 when there is no publication date. */
static int infer_year(const struct ctx *c, int mo, int d)
{
    if (!c->has_pub)
        return 0;
    if (mo > c->pm || (mo == c->pm && d > c->pd))
        return c->py - 1;
    return c->py;
}

/* The same, when the text also names the weekday ("Sabtu (4/2)"): of the
 * year inferred and the years around it, the one where that day falls on
 * that weekday, so that an event announced for the coming Saturday is not
 * put a year back. Without a match, the inference stands. */
static int infer_year_wd(const struct ctx *c, int mo, int d, int wd)
{
    int y = infer_year(c, mo, d);
    if (!y || wd < 1 || wd > 7 || !dates_valid(y, mo, d) ||
        dates_weekday(y, mo, d) == wd)
        return y;
    if (dates_valid(y + 1, mo, d) && dates_weekday(y + 1, mo, d) == wd)
        return y + 1;
    if (dates_valid(y - 1, mo, d) && dates_weekday(y - 1, mo, d) == wd)
        return y - 1;
    return y;
}

/* Two-digit years: 20YY unless that is well after publication. */
static int full_year(const struct ctx *c, int y, const char *raw)
{
    if (strlen(raw) != 2)
        return y;
    y += 2000;
    if (c->has_pub && y > c->py + 1)
        y -= 100;
    return y;
}

static int do_date(struct ctx *c, const struct rules_match *m)
{
    int d, mo, y;
    if (!get_int(m, "day", &d) || !get_int(m, "month", &mo))
        return W_OK;
    int dir = 0, wd = 0;
    get_int(m, "weekday", &wd);
    if (get_int(m, "year", &y)) {
        y = full_year(c, y, rules_match_get(m, "year"));
    } else if (!(y = infer_year_wd(c, mo, d, wd))) {
        return W_OK;
    } else if (get_int(m, "dir", &dir) && dir > 0) {
        /* "29 April mendatang": the first one on or after publication. */
        y = mo > c->pm || (mo == c->pm && d >= c->pd) ? c->py : c->py + 1;
    }
    return add_day(c, m, y, mo, d, 0);
}

static int do_range(struct ctx *c, const struct rules_match *m)
{
    int d1 = 0, d2 = 0, m1 = 0, m2 = 0, y1 = 0, y2 = 0;
    int hd1 = get_int(m, "day1", &d1), hd2 = get_int(m, "day2", &d2);
    int hm1 = get_int(m, "month1", &m1), hm2 = get_int(m, "month2", &m2);
    int hy1 = get_int(m, "year1", &y1), hy2 = get_int(m, "year2", &y2);
    if (!hm1 && hm2)
        m1 = m2, hm1 = 1;
    if (!hm2 && hm1)
        m2 = m1, hm2 = 1;
    if (!hy2 && hy1)
        y2 = y1, hy2 = 1;
    if (!hy2) {
        int wd = 0;
        get_int(m, "weekday", &wd); /* of the first day */
        if (!hm2)
            return W_OK;
        if (hd1 && wd) {
            int ym = infer_year_wd(c, hm1 ? m1 : m2, d1, wd);
            if (!ym)
                return W_OK;
            y2 = ym + (hm1 && m1 > m2); /* "30/12 - 2/1" */
        } else if (!(y2 = infer_year(c, m2, hd2 ? d2 : 1))) {
            return W_OK;
        }
        hy2 = 1;
    }
    if (!hy1) {
        /* "30 Desember hingga 2 Januari 2025": the start is a year
         * earlier when it would come after the end. */
        y1 = y2;
        if (hm1 && (m1 > m2 || (m1 == m2 && hd1 && hd2 && d1 > d2)))
            y1--;
    }
    int rc;
    if (hd1 && hd2 && hm1) {
        if (!dates_valid(y1, m1, d1) || !dates_valid(y2, m2, d2))
            return W_OK;
        rc = add_day(c, m, y1, m1, d1, 1);
        return rc ? rc : add_day(c, m, y2, m2, d2, 2);
    }
    if (hm1 && hm2) {
        rc = add_month(c, m, y1, m1, 1);
        return rc ? rc : add_month(c, m, y2, m2, 2);
    }
    rc = add_year(c, m, y1, 1);
    return rc ? rc : add_year(c, m, y2, 2);
}

static int do_month(struct ctx *c, const struct rules_match *m)
{
    int mo, y, dir = 0;
    if (!get_int(m, "month", &mo))
        return W_OK;
    if (get_int(m, "year", &y))
        return add_month(c, m, y, mo, 0);
    if (!c->has_pub)
        return W_OK;
    get_int(m, "dir", &dir);
    if (dir > 0)
        y = mo >= c->pm ? c->py : c->py + 1;
    else
        y = mo <= c->pm ? c->py : c->py - 1;
    return add_month(c, m, y, mo, 0);
}

static int do_weekday(struct ctx *c, const struct rules_match *m)
{
    int wd, dir = 0;
    if (!c->has_pub || !get_int(m, "weekday", &wd) || wd < 1 || wd > 7)
        return W_OK;
    get_int(m, "dir", &dir);
    int pw = dates_weekday(c->py, c->pm, c->pd);
    long base = dates_to_days(c->py, c->pm, c->pd);
    long day;
    int week;
    if (get_int(m, "week", &week)) {
        /* "Rabu pekan lalu": that day in the week (Monday to Sunday)
         * before, after or of the publication's week. */
        day = base - (pw - 1) + 7L * week + (wd - 1);
    } else if (dir > 0) {
        int fwd = (wd - pw + 7) % 7;
        day = base + (fwd ? fwd : 7);
    } else {
        int back = (pw - wd + 7) % 7;
        if (dir < 0 && back == 0)
            back = 7;
        day = base - back;
    }
    int y, mo, d;
    dates_from_days(day, &y, &mo, &d);
    return add_day(c, m, y, mo, d, 0);
}

static int add_days_from_pub(struct ctx *c, const struct rules_match *m,
                             long delta)
{
    int y, mo, d;
    dates_from_days(dates_to_days(c->py, c->pm, c->pd) + delta, &y, &mo, &d);
    return add_day(c, m, y, mo, d, 0);
}

static int do_relday(struct ctx *c, const struct rules_match *m)
{
    int off;
    if (!c->has_pub || !get_int(m, "offset", &off))
        return W_OK;
    return add_days_from_pub(c, m, off);
}

static int do_relative(struct ctx *c, const struct rules_match *m)
{
    int n, dir;
    const char *unit = rules_match_get(m, "unit");
    if (!c->has_pub || !unit || !get_int(m, "n", &n) ||
        !get_int(m, "dir", &dir) || n < 0 || n > 10000)
        return W_OK;
    long k = (long)n * dir;
    if (strcmp(unit, "day") == 0)
        return add_days_from_pub(c, m, k);
    if (strcmp(unit, "week") == 0)
        return add_days_from_pub(c, m, 7 * k); /* GUIDE: weeks are days */
    if (strcmp(unit, "month") == 0) {
        long mi = (long)c->py * 12 + (c->pm - 1) + k;
        return add_month(c, m, (int)(mi / 12), (int)(mi % 12) + 1, 0);
    }
    if (strcmp(unit, "year") == 0)
        return add_year(c, m, (int)(c->py + k), 0);
    return W_OK;
}

int dates_find(const struct rules *rs, const char *text, size_t len,
               const char *published, struct dates_list *out)
{
    if (len > RULES_MAX_TEXT)
        return W_TOOBIG;
    if (!text || !rs)
        return W_OK;
    char *clean = NULL;
    if (!rules_utf8_valid(text, len) || memchr(text, '\0', len)) {
        clean = rules_sanitize(text, len, &len);
        if (!clean)
            return W_NOMEM;
        text = clean;
    }
    struct ctx c = {.text = text, .out = out};
    rules_cpmap_init(&c.map, text, len);
    char pub[64];
    if (published && date_normalise(published, pub, sizeof pub) == W_OK &&
        sscanf(pub, "%4d-%2d-%2d", &c.py, &c.pm, &c.pd) == 3)
        c.has_pub = 1;
    struct rules_result res;
    rules_result_init(&res);
    int rc = rules_scan(rs, "dates", text, len, 0, &res);
    for (size_t i = 0; rc == W_OK && i < res.n; i++) {
        const struct rules_match *m = &res.v[i];
        const char *k = m->kind;
        if (strcmp(k, "date") == 0)
            rc = do_date(&c, m);
        else if (strcmp(k, "range") == 0)
            rc = do_range(&c, m);
        else if (strcmp(k, "month") == 0)
            rc = do_month(&c, m);
        else if (strcmp(k, "year") == 0) {
            int y;
            if (get_int(m, "year", &y))
                rc = add_year(&c, m, y, 0);
        } else if (strcmp(k, "weekday") == 0)
            rc = do_weekday(&c, m);
        else if (strcmp(k, "relday") == 0)
            rc = do_relday(&c, m);
        else if (strcmp(k, "relative") == 0)
            rc = do_relative(&c, m);
    }
    rules_result_cleanup(&res);
    w_free(clean);
    return rc;
}
