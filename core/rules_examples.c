/* SPDX-License-Identifier: MIT */
/*
 * The inline examples of rule files ("example TEXT => key=value ...",
 * docs/RULES.md): each is scanned with its rule's category and compared,
 * so that make check (and warta's rule loading in tests) proves every rule
 * does what its examples say.
 */
#include "config.h"
#include "rules_int.h"
#include "log.h"
#include "mem.h"
#include <stdio.h>
#include <string.h>

/* ---- examples -------------------------------------------------------- */

static void describe(struct buf *b, const char *text,
                     const struct rules_result *res)
{
    if (res->n == 0) {
        buf_adds(b, "nothing");
        return;
    }
    for (size_t i = 0; i < res->n && i < 4; i++) {
        const struct rules_match *m = &res->v[i];
        buf_printf(b, "%s[%s text=\"%.*s\"", i ? "; " : "", m->rule,
                   (int)(m->end - m->start), text + m->start);
        for (size_t j = 0; j < m->n_fields; j++)
            buf_printf(b, " %s=%s", m->fields[j].name, m->fields[j].value);
        buf_addc(b, ']');
    }
    if (res->n > 4)
        buf_printf(b, "; ... (%zu matches)", res->n);
}

/* Check one example: returns 1 pass, 0 fail (why in b), <0 error. */
static int check_example(const struct rules *rs, const struct rule *r,
                         const struct rexample *ex, struct buf *why)
{
    struct rules_result res;
    rules_result_init(&res);
    size_t len = strlen(ex->text);
    int rc = rules_scan(rs, r->category, ex->text, len, 0, &res);
    if (rc) {
        rules_result_cleanup(&res);
        return rc;
    }
    int pass = 0;
    if (ex->none) {
        pass = res.n == 0;
        if (!pass) {
            buf_adds(why, "expected no match, found ");
            describe(why, ex->text, &res);
        }
        goto out;
    }
    const struct rules_match *best = NULL;
    size_t best_bad = SIZE_MAX;
    for (size_t i = 0; i < res.n; i++) {
        const struct rules_match *m = &res.v[i];
        if (m->rule_index != r->index)
            continue;
        size_t bad = 0;
        for (size_t k = 0; k < ex->nex; k++) {
            const char *key = ex->ex[k].key, *want = ex->ex[k].value;
            const char *got;
            if (strcmp(key, "text") == 0) {
                size_t n = m->end - m->start;
                bad += strlen(want) != n ||
                       memcmp(want, ex->text + m->start, n) != 0;
                continue;
            }
            got = strcmp(key, "kind") == 0 ? m->kind
                                            : rules_match_get(m, key);
            if (strcmp(want, "-") == 0)
                bad += got != NULL;
            else
                bad += !got || strcmp(got, want) != 0;
        }
        if (bad < best_bad) {
            best_bad = bad;
            best = m;
        }
        if (bad == 0)
            break;
    }
    pass = best && best_bad == 0;
    if (!pass) {
        buf_adds(why, "expected");
        for (size_t k = 0; k < ex->nex; k++)
            buf_printf(why, " %s=%s", ex->ex[k].key, ex->ex[k].value);
        buf_printf(why, " from rule %s, found ", r->id);
        describe(why, ex->text, &res);
    }
out:
    rules_result_cleanup(&res);
    return pass;
}

int rules_check_examples(const struct rules *rs, size_t *n_checked,
                         size_t *n_failed, char *err, size_t errsz)
{
    size_t checked = 0, failed = 0;
    int rc = W_OK;
    if (err && errsz)
        err[0] = '\0';
    for (size_t i = 0; rs && i < rs->nrules; i++) {
        const struct rule *r = rs->rules[i];
        for (size_t j = 0; j < r->nexamples; j++) {
            const struct rexample *ex = &r->examples[j];
            struct buf why;
            buf_init(&why, 1 << 16);
            int p = check_example(rs, r, ex, &why);
            checked++;
            if (p < 0) {
                buf_cleanup(&why);
                return p == W_NOMEM ? W_NOMEM : W_PARSE;
            }
            if (!p) {
                failed++;
                W_ERROR("%s:%u: example \"%s\": %s", r->file, ex->line,
                        ex->text, buf_str(&why));
                if (rc == W_OK)
                    rules_seterr(err, errsz, r->file, ex->line,
                                 "example \"%s\": %s", ex->text, buf_str(&why));
                rc = W_PARSE;
            }
            buf_cleanup(&why);
        }
    }
    if (n_checked)
        *n_checked = checked;
    if (n_failed)
        *n_failed = failed;
    return rc;
}
