/* SPDX-License-Identifier: MIT */
/*
 * Money and percentages (see numbers.h). The "money" rules find the
 * amounts and name their parts (number, scale word, currency); this file
 * reads the number in the Indonesian format and applies the scale in
 * decimal digits, so "Rp 2,5 miliar" is exactly 2500000000 whatever its
 * size, with no floating point on the way.
 */
#include "config.h"
#include "numbers.h"
#include "mem.h"
#include "rules.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBERS_MAX_DIGITS 40

void numbers_list_init(struct numbers_list *l)
{
    memset(l, 0, sizeof *l);
}

void numbers_list_cleanup(struct numbers_list *l)
{
    for (size_t i = 0; i < l->n_money; i++)
        w_free(l->money[i].text);
    for (size_t i = 0; i < l->n_percent; i++)
        w_free(l->percent[i].text);
    w_free(l->money);
    w_free(l->percent);
    memset(l, 0, sizeof *l);
}

/*
 * Which separator is the decimal mark: returns '.', ',' or 0 (none).
 * Both present: the last one. Several of one kind: they group thousands.
 * One comma: Indonesian decimal. One point: groups thousands when three
 * digits follow it ("150.000"), else it is an (English) decimal ("3.5").
 */
static char decimal_mark(const char *s, size_t n)
{
    size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            dots++;
            last_dot = i;
        } else if (s[i] == ',') {
            commas++;
            last_comma = i;
        }
    }
    if (dots && commas)
        return last_dot > last_comma ? '.' : ',';
    if (commas == 1)
        return ',';
    if (dots == 1)
        return n - last_dot - 1 == 3 ? 0 : '.';
    return 0;
}

int numbers_parse(const char *s, size_t len, unsigned exp10, char *out,
                  size_t outsz)
{
    if (outsz)
        out[0] = '\0';
    if (!s || len == 0 || exp10 > 30)
        return W_PARSE;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ','))
            return W_PARSE;
    if (s[0] < '0' || s[0] > '9' || s[len - 1] < '0' || s[len - 1] > '9')
        return W_PARSE;
    char mark = decimal_mark(s, len);
    char ip[NUMBERS_MAX_DIGITS + 1], fp[NUMBERS_MAX_DIGITS + 1];
    size_t ni = 0, nf = 0;
    int in_frac = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == mark) {
            if (in_frac)
                return W_PARSE;
            in_frac = 1;
            continue;
        }
        if (c == '.' || c == ',')
            continue; /* grouping */
        if (in_frac) {
            if (nf == NUMBERS_MAX_DIGITS)
                return W_TOOBIG;
            fp[nf++] = c;
        } else {
            if (ni == NUMBERS_MAX_DIGITS)
                return W_TOOBIG;
            ip[ni++] = c;
        }
    }
    /* Shift the decimal point exp10 places to the right. */
    char digits[2 * NUMBERS_MAX_DIGITS + 32];
    size_t nd = 0;
    memcpy(digits, ip, ni);
    nd = ni;
    size_t take = nf < exp10 ? nf : exp10;
    memcpy(digits + nd, fp, take);
    nd += take;
    for (size_t i = take; i < exp10; i++)
        digits[nd++] = '0';
    const char *frac = fp + take;
    size_t nfrac = nf - take;
    while (nfrac && frac[nfrac - 1] == '0')
        nfrac--;
    size_t lead = 0;
    while (lead + 1 < nd && digits[lead] == '0')
        lead++;
    if (nd - lead > NUMBERS_MAX_DIGITS)
        return W_TOOBIG;
    int n = snprintf(out, outsz, "%.*s%s%.*s", (int)(nd - lead),
                     digits + lead, nfrac ? "." : "", (int)nfrac, frac);
    if (n < 0 || (size_t)n >= outsz) {
        if (outsz)
            out[0] = '\0';
        return W_TOOBIG;
    }
    return W_OK;
}

static int grow(void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return W_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    void *q = w_realloc(*v, nc * elem);
    if (!q)
        return W_NOMEM;
    *v = q;
    *cap = nc;
    return W_OK;
}

static int add_money(struct numbers_list *l, const char *text,
                     struct rules_cpmap *map, const struct rules_match *m)
{
    const char *amt = rules_match_get(m, "amount");
    const char *cur = rules_match_get(m, "currency");
    const char *sc = rules_match_get(m, "scale");
    if (!amt || !cur || strlen(cur) != 3)
        return W_OK;
    long e = sc ? strtol(sc, NULL, 10) : 0;
    char value[48];
    if (e < 0 || e > 30 ||
        numbers_parse(amt, strlen(amt), (unsigned)e, value, sizeof value))
        return W_OK; /* not a number we can write exactly: skip it */
    if (l->n_money >= NUMBERS_MAX) {
        l->truncated = 1;
        return W_OK;
    }
    if (grow((void **)&l->money, &l->cap_money, l->n_money,
             sizeof *l->money))
        return W_NOMEM;
    struct numbers_money *it = &l->money[l->n_money];
    memset(it, 0, sizeof *it);
    it->text = w_strndup(text + m->start, m->end - m->start);
    if (!it->text)
        return W_NOMEM;
    memcpy(it->amount, value, sizeof it->amount);
    memcpy(it->currency, cur, 4);
    it->bstart = m->start;
    it->bend = m->end;
    it->start = rules_cpmap_get(map, m->start);
    it->end = rules_cpmap_get(map, m->end);
    l->n_money++;
    return W_OK;
}

static int add_percent(struct numbers_list *l, const char *text,
                       struct rules_cpmap *map, const struct rules_match *m)
{
    const char *v = rules_match_get(m, "value");
    char value[48];
    if (!v || numbers_parse(v, strlen(v), 0, value, sizeof value))
        return W_OK;
    if (l->n_percent >= NUMBERS_MAX) {
        l->truncated = 1;
        return W_OK;
    }
    if (grow((void **)&l->percent, &l->cap_percent, l->n_percent,
             sizeof *l->percent))
        return W_NOMEM;
    struct numbers_percent *it = &l->percent[l->n_percent];
    memset(it, 0, sizeof *it);
    it->text = w_strndup(text + m->start, m->end - m->start);
    if (!it->text)
        return W_NOMEM;
    memcpy(it->value, value, sizeof it->value);
    it->bstart = m->start;
    it->bend = m->end;
    it->start = rules_cpmap_get(map, m->start);
    it->end = rules_cpmap_get(map, m->end);
    l->n_percent++;
    return W_OK;
}

int numbers_find(const struct rules *rs, const char *text, size_t len,
                 struct numbers_list *out)
{
    if (len > RULES_MAX_TEXT)
        return W_TOOBIG;
    if (!rs || !text)
        return W_OK;
    char *clean = NULL;
    if (!rules_utf8_valid(text, len) || memchr(text, '\0', len)) {
        clean = rules_sanitize(text, len, &len);
        if (!clean)
            return W_NOMEM;
        text = clean;
    }
    struct rules_cpmap map;
    rules_cpmap_init(&map, text, len);
    struct rules_result res;
    rules_result_init(&res);
    int rc = rules_scan(rs, "money", text, len, 0, &res);
    for (size_t i = 0; rc == W_OK && i < res.n; i++) {
        const struct rules_match *m = &res.v[i];
        if (strcmp(m->kind, "money") == 0)
            rc = add_money(out, text, &map, m);
        else if (strcmp(m->kind, "percent") == 0)
            rc = add_percent(out, text, &map, m);
    }
    rules_result_cleanup(&res);
    w_free(clean);
    return rc;
}
