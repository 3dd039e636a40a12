/* SPDX-License-Identifier: MIT */
/*
 * The extraction orchestrator (extract.h): loads the rule set and the
 * maps built from its word lists once, then for each text sanitises it,
 * masks boilerplate, runs the finders in order (dates and money from the
 * rules area; places, organisations, officials, agreements here) and
 * assembles the entities object of SPEC.md in its key order.
 */
#include "config.h"
#include "extract.h"
#include "extract_int.h"
#include "gazetteer.h"
#include "mem.h"
#include "numbers.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <string.h>

#define RUN_ARENA_LIMIT ((size_t)2 << 30)

static const struct {
    size_t off;
    const char *list;
} maps[] = {
    {offsetof(struct extract, titles), "words/titles"},
    {offsetof(struct extract, modifiers), "officials/title-modifiers"},
    {offsetof(struct extract, honorifics), "officials/honorifics"},
    {offsetof(struct extract, degrees), "officials/degrees"},
    {offsetof(struct extract, connectors), "officials/connectors"},
    {offsetof(struct extract, stops), "officials/name-stops"},
    {offsetof(struct extract, months), "words/months"},
    {offsetof(struct extract, months), "words/months_abbr"},
    {offsetof(struct extract, weekdays), "words/weekdays"},
    {offsetof(struct extract, fields), "orgs/dinas-fields"},
    {offsetof(struct extract, acronyms), "orgs/acronyms"},
    {offsetof(struct extract, ministries), "orgs/ministries"},
    {offsetof(struct extract, heads), "orgs/heads"},
    {offsetof(struct extract, universities), "orgs/universities"},
    {offsetof(struct extract, sectors), "agreements/sectors"},
    {offsetof(struct extract, pctx), "agreements/party-context"},
    {offsetof(struct extract, cameo), "agreements/cameo"},
};

int extract_new(const char *rules_dir, struct extract **out, char *err,
                size_t errsz)
{
    *out = NULL;
    if (errsz)
        err[0] = '\0';
    struct extract *ex = w_calloc(1, sizeof *ex);
    if (!ex) {
        snprintf(err, errsz, "out of memory");
        return W_NOMEM;
    }
    arena_init(&ex->mem, 0);
    int rc = rules_load(rules_dir, &ex->rs, err, errsz);
    if (rc)
        goto fail;
    rc = gazetteer_new(ex->rs, &ex->gaz, err, errsz);
    if (rc)
        goto fail;
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) {
        struct xmap *m = (struct xmap *)((char *)ex + maps[i].off);
        rc = xmap_from_list(m, &ex->mem, ex->rs, maps[i].list);
        if (rc) {
            snprintf(err, errsz, "%s: out of memory", maps[i].list);
            goto fail;
        }
    }
    /* Full university names (column 2 of orgs/universities). */
    for (size_t r = 0; r < rules_list_rows(ex->rs, "orgs/universities");
         r++) {
        size_t nc = 0;
        const char *const *row =
            rules_list_row(ex->rs, "orgs/universities", r, &nc);
        if (row && nc > 1 && xmap_put(&ex->univ_full, &ex->mem, row[1],
                                      NULL) < 0) {
            rc = W_NOMEM;
            snprintf(err, errsz, "orgs/universities: out of memory");
            goto fail;
        }
    }
    *out = ex;
    return W_OK;
fail:
    extract_free(ex);
    return rc;
}

void extract_free(struct extract *ex)
{
    if (!ex)
        return;
    gazetteer_free(ex->gaz);
    rules_unref(ex->rs);
    arena_cleanup(&ex->mem);
    w_free(ex);
}

const struct rules *extract_rules(const struct extract *ex)
{
    return ex ? ex->rs : NULL;
}

/* Mask boilerplate (rules/officials/boilerplate.rules). */
static int mask(struct xstate *st)
{
    struct rules_result res;
    rules_result_init(&res);
    int rc = rules_scan(st->ex->rs, "boilerplate", st->x.s, st->x.len, 0,
                        &res);
    if (rc == W_NOMEM)
        goto out;
    rc = W_OK;
    /* Everything after the first trailer is masked once: flagging from
     * every trailer to the end would be quadratic. */
    size_t rest = st->x.len;
    for (size_t i = 0; i < res.n; i++) {
        const char *scope = rules_match_get(&res.v[i], "scope");
        if (scope && strcmp(scope, "rest") == 0 && res.v[i].start < rest)
            rest = res.v[i].start;
    }
    xtext_flag_bytes(&st->x, rest, st->x.len, XT_MASK);
    for (size_t i = 0; i < res.n && res.v[i].start < rest; i++) {
        const struct rules_match *m = &res.v[i];
        const char *scope = rules_match_get(m, "scope");
        size_t b1 = m->end;
        if (scope && strcmp(scope, "rest") == 0) {
            continue;
        } else if (scope && strcmp(scope, "line") == 0) {
            const char *nl = memchr(st->x.s + m->start, '\n',
                                    st->x.len - m->start);
            b1 = nl ? (size_t)(nl - st->x.s) : st->x.len;
        }
        xtext_flag_bytes(&st->x, m->start, b1, XT_MASK);
    }
out:
    rules_result_cleanup(&res);
    return rc;
}

static int masked_bytes(const struct xstate *st, size_t b)
{
    size_t i = xtext_tok_at(&st->x, b);
    return i < st->x.nt && (st->x.t[i].f & XT_MASK);
}

static json_t *dates_json(struct xstate *st)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < st->dates.n; i++) {
        const struct dates_item *d = &st->dates.v[i];
        if (masked_bytes(st, d->bstart))
            continue;
        json_array_append_new(
            arr, xjson_obj(5, "text", json_string(d->text), "value",
                           json_string(d->value), "precision",
                           json_string(d->precision), "start",
                           json_integer((json_int_t)d->start), "end",
                           json_integer((json_int_t)d->end)));
    }
    return arr;
}

static json_t *money_json(struct xstate *st, const struct numbers_list *nl,
                          int percent)
{
    json_t *arr = json_array();
    size_t n = percent ? nl->n_percent : nl->n_money;
    for (size_t i = 0; arr && i < n; i++) {
        if (percent) {
            const struct numbers_percent *p = &nl->percent[i];
            if (masked_bytes(st, p->bstart))
                continue;
            json_array_append_new(
                arr, xjson_obj(4, "text", json_string(p->text), "value",
                               json_string(p->value), "start",
                               json_integer((json_int_t)p->start), "end",
                               json_integer((json_int_t)p->end)));
        } else {
            const struct numbers_money *m = &nl->money[i];
            if (masked_bytes(st, m->bstart))
                continue;
            json_array_append_new(
                arr, xjson_obj(5, "text", json_string(m->text), "amount",
                               json_string(m->amount), "currency",
                               json_string(m->currency), "start",
                               json_integer((json_int_t)m->start), "end",
                               json_integer((json_int_t)m->end)));
        }
    }
    return arr;
}

int extract_run(const struct extract *ex, const char *text, size_t len,
                const char *published, json_t **entities)
{
    *entities = NULL;
    if (!ex)
        return W_ERR;
    if (len > RULES_MAX_TEXT)
        return W_TOOBIG;
    size_t n = 0;
    char *clean = rules_sanitize(text ? text : "", text ? len : 0, &n);
    if (!clean)
        return W_NOMEM;
    struct arena a;
    arena_init(&a, RUN_ARENA_LIMIT);
    struct xstate st;
    memset(&st, 0, sizeof st);
    st.ex = ex;
    st.a = &a;
    dates_list_init(&st.dates);
    struct numbers_list nl;
    numbers_list_init(&nl);
    json_t *out = NULL, *agr = NULL;
    char pub[40] = "";
    if (published && date_normalise(published, pub, sizeof pub) == W_OK &&
        strlen(pub) >= 10) {
        pub[10] = '\0';
        st.published = pub;
    }

    int rc = xtext_init(&st.x, &a, clean, n);
    if (!rc)
        rc = mask(&st);
    if (!rc)
        rc = dates_find(ex->rs, clean, n, published, &st.dates);
    if (!rc)
        rc = numbers_find(ex->rs, clean, n, &nl);
    if (!rc)
        rc = xplaces_find(&st);
    if (!rc)
        rc = xorgs_find(&st);
    if (!rc)
        rc = xofficials_find(&st);
    if (!rc)
        rc = xplaces_context(&st);
    if (!rc) {
        agr = json_array();
        rc = agr ? xagreements_find(&st, agr) : W_NOMEM;
    }
    if (rc)
        goto out;
    /* SPEC key order. json_object_set_new takes the reference even when
     * it fails, so every part is released on any path. */
    out = json_object();
    json_t *parts[] = {xofficials_json(&st), dates_json(&st),
                       json_incref(agr),     xorgs_json(&st),
                       xplaces_json(&st),    money_json(&st, &nl, 0),
                       money_json(&st, &nl, 1)};
    static const char *const keys[] = {"officials", "dates", "agreements",
                                       "organizations", "places", "money",
                                       "percentages"};
    int bad = !out;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        if (bad || !parts[i]) {
            bad = 1;
            json_decref(parts[i]);
            continue;
        }
        bad = json_object_set_new(out, keys[i], parts[i]) != 0;
    }
    if (bad) {
        json_decref(out);
        rc = W_NOMEM;
        goto out;
    }
    *entities = out;
out:
    json_decref(agr);
    numbers_list_cleanup(&nl);
    dates_list_cleanup(&st.dates);
    arena_cleanup(&a);
    w_free(clean);
    return rc;
}
