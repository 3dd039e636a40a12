/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/frontier.c on an in-memory store: dedupe by URL,
 * due order, leases and crash recovery, the article life cycle (done,
 * retried, failed, gone), the index life cycle (adaptive re-poll within
 * bounds, never failing for good) and what `run --once` still owes.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "frontier.h"
#include "store.h"

struct fx {
    struct store *s;
    struct frontier *f;
};

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    assert_int_equal(store_open(":memory:", &x->s), W_OK);
    assert_int_equal(frontier_open(x->s, &x->f), W_OK);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    frontier_close(x->f);
    store_close(x->s);
    free(x);
    return 0;
}

/* Due URLs at now, as a " "-joined string for easy comparison. */
static void due(struct frontier *f, int64_t now, char *out, size_t n)
{
    struct frontier_item it[16];
    int k = frontier_due(f, now, it, 16);
    assert_true(k >= 0);
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (i)
            strncat(out, " ", n - strlen(out) - 1);
        strncat(out, it[i].url, n - strlen(out) - 1);
        frontier_item_cleanup(&it[i]);
    }
}

static void test_add_dedupe_due(void **state)
{
    struct fx *x = *state;
    char buf[512];
    assert_int_equal(frontier_add(x->f, "https://a/1", "s", FRONTIER_ARTICLE,
                                  100, 1, NULL), 1);
    assert_int_equal(frontier_add(x->f, "https://a/1", "s", FRONTIER_ARTICLE,
                                  50, 1, NULL), 0);
    assert_int_equal(frontier_add(x->f, "https://a/2", "s", FRONTIER_ARTICLE,
                                  90, 1, "2024-01-01"), 1);
    assert_int_equal(frontier_count(x->f, NULL), 2);
    assert_int_equal(frontier_count(x->f, "new"), 2);
    due(x->f, 95, buf, sizeof buf);
    assert_string_equal(buf, "https://a/2");
    due(x->f, 100, buf, sizeof buf);
    assert_string_equal(buf, "https://a/2 https://a/1");
    assert_int_equal(frontier_next_due(x->f), 90);
    /* A start URL seen as an article first becomes an index row. */
    assert_int_equal(frontier_add(x->f, "https://a/1", "s", FRONTIER_INDEX,
                                  100, 0, NULL), 0);
    struct frontier_item it[4];
    int k = frontier_due(x->f, 100, it, 4);
    assert_int_equal(k, 2);
    assert_int_equal(it[1].kind, FRONTIER_INDEX);
    assert_int_equal(it[1].depth, 0);
    for (int i = 0; i < k; i++)
        frontier_item_cleanup(&it[i]);
}

static void test_lease_and_recover(void **state)
{
    struct fx *x = *state;
    char buf[512];
    frontier_add(x->f, "https://a/1", "s", FRONTIER_ARTICLE, 10, 1, NULL);
    frontier_add(x->f, "https://a/2", "s", FRONTIER_ARTICLE, 20, 1, NULL);
    assert_int_equal(frontier_lease(x->f, "https://a/1", 100), W_OK);
    assert_int_equal(frontier_lease(x->f, "https://nope", 100), W_NOTFOUND);
    assert_int_equal(frontier_count(x->f, "inflight"), 1);
    due(x->f, 50, buf, sizeof buf);
    assert_string_equal(buf, "https://a/2");
    /* An expired lease (a killed run) makes the row due again. */
    due(x->f, 100, buf, sizeof buf);
    assert_string_equal(buf, "https://a/1 https://a/2");
    /* Recovery at start-up gives back every lease at once. */
    assert_int_equal(frontier_recover(x->f, 60), 1);
    assert_int_equal(frontier_count(x->f, "inflight"), 0);
    due(x->f, 60, buf, sizeof buf);
    assert_string_equal(buf, "https://a/2 https://a/1");
    /* Requeue after a cancelled transfer. */
    frontier_lease(x->f, "https://a/2", 1000);
    assert_int_equal(frontier_requeue(x->f, "https://a/2", 70), W_OK);
    assert_int_equal(frontier_count(x->f, "due"), 2);
    assert_int_equal(frontier_unfinished(x->f), 2);
}

static void test_article_life(void **state)
{
    struct fx *x = *state;
    const char *u = "https://a/art";
    frontier_add(x->f, u, "s", FRONTIER_ARTICLE, 10, 1, NULL);
    frontier_lease(x->f, u, 100);
    assert_int_equal(frontier_retry(x->f, u, 20, 30, 503, "HTTP 503", 3,
                                    3600), W_OK);
    assert_int_equal(frontier_count(x->f, "due"), 1);
    assert_int_equal(frontier_next_due(x->f), 30);
    struct frontier_item it[1];
    assert_int_equal(frontier_due(x->f, 30, it, 1), 1);
    assert_int_equal(it[0].attempts, 1);
    frontier_item_cleanup(&it[0]);
    frontier_retry(x->f, u, 31, 40, 0, "timeout", 3, 3600);
    frontier_retry(x->f, u, 41, 50, 0, "timeout", 3, 3600);
    /* The third failure reaches max_attempts: failed for good. */
    assert_int_equal(frontier_count(x->f, "failed"), 1);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
    assert_int_equal(frontier_unfinished(x->f), 0);

    const char *v = "https://a/ok";
    frontier_add(x->f, v, "s", FRONTIER_ARTICLE, 10, 1, NULL);
    assert_int_equal(frontier_unfinished(x->f), 1);
    assert_int_equal(frontier_done(x->f, v, 60, 200, "\"e\"", NULL, 0, 900,
                                   300, 86400), W_OK);
    assert_int_equal(frontier_count(x->f, "done"), 1);
    /* Done articles are never due again. */
    assert_int_equal(frontier_due(x->f, 1000000, it, 1), 0);

    const char *g = "https://a/gone";
    frontier_add(x->f, g, "s", FRONTIER_ARTICLE, 10, 1, NULL);
    assert_int_equal(frontier_gone(x->f, g, 70, 410, "HTTP 410", 3600),
                     W_OK);
    assert_int_equal(frontier_count(x->f, "gone"), 1);
    const char *b = "https://a/big";
    frontier_add(x->f, b, "s", FRONTIER_ARTICLE, 10, 1, NULL);
    assert_int_equal(frontier_fail(x->f, b, 70, 200, "too big", 3600), W_OK);
    assert_int_equal(frontier_count(x->f, "failed"), 2);
    assert_int_equal(frontier_retry(x->f, "https://none", 1, 2, 0, NULL, 3,
                                    9), W_NOTFOUND);
}

static int64_t poll_of(struct frontier *f, int64_t now)
{
    struct frontier_item it[1];
    int k = frontier_due(f, now, it, 1);
    assert_int_equal(k, 1);
    int64_t p = it[0].poll_interval;
    frontier_item_cleanup(&it[0]);
    return p;
}

static void test_index_adaptive(void **state)
{
    struct fx *x = *state;
    const char *u = "https://a/feed.xml";
    frontier_add(x->f, u, "s", FRONTIER_INDEX, 0, 0, NULL);
    /* First poll: the configured interval (900 s). */
    frontier_done(x->f, u, 1000, 200, "\"v1\"", "Mon, 01 Jan 2024", 5, 900,
                  300, 7200);
    assert_int_equal(frontier_next_due(x->f), 1900);
    assert_int_equal(poll_of(x->f, 1900), 900);
    /* New links: halved (450), then bounded below by poll_min. */
    frontier_done(x->f, u, 2000, 200, NULL, NULL, 3, 900, 300, 7200);
    assert_int_equal(frontier_next_due(x->f), 2450);
    frontier_done(x->f, u, 3000, 200, NULL, NULL, 3, 900, 300, 7200);
    assert_int_equal(frontier_next_due(x->f), 3300);
    /* Nothing new: grows by half, bounded above by poll_max. */
    frontier_done(x->f, u, 4000, 304, NULL, NULL, 0, 900, 300, 7200);
    assert_int_equal(frontier_next_due(x->f), 4450);
    for (int i = 0; i < 20; i++)
        frontier_done(x->f, u, 5000, 304, NULL, NULL, 0, 900, 300, 7200);
    assert_int_equal(frontier_next_due(x->f), 5000 + 7200);
    /* Validators kept for the conditional GET. */
    struct frontier_item it[1];
    assert_int_equal(frontier_due(x->f, 20000, it, 1), 1);
    assert_string_equal(it[0].etag, "\"v1\"");
    assert_string_equal(it[0].last_modified, "Mon, 01 Jan 2024");
    frontier_item_cleanup(&it[0]);
    /* Index rows never fail for good: failures re-poll at poll_max. */
    frontier_fail(x->f, u, 30000, 404, "HTTP 404", 7200);
    assert_int_equal(frontier_count(x->f, "due"), 1);
    assert_int_equal(frontier_next_due(x->f), 37200);
    for (int i = 0; i < 3; i++)
        frontier_retry(x->f, u, 40000, 40010, 500, "HTTP 500", 3, 7200);
    assert_int_equal(frontier_count(x->f, "due"), 1);
    assert_int_equal(frontier_next_due(x->f), 47200);
    /* A polled index row is not owed by a single pass. */
    assert_int_equal(frontier_unfinished(x->f), 0);
    frontier_add(x->f, "https://a/new-feed", "s", FRONTIER_INDEX, 0, 0,
                 NULL);
    assert_int_equal(frontier_unfinished(x->f), 1);
}

static void test_batch_rollback(void **state)
{
    /* Frontier writes join the store's batch: a rollback undoes them,
     * which is what keeps "stored" and "done" together. */
    struct fx *x = *state;
    frontier_add(x->f, "https://a/1", "s", FRONTIER_ARTICLE, 10, 1, NULL);
    assert_int_equal(store_begin(x->s), W_OK);
    frontier_done(x->f, "https://a/1", 20, 200, NULL, NULL, 0, 900, 300,
                  3600);
    frontier_add(x->f, "https://a/2", "s", FRONTIER_ARTICLE, 10, 1, NULL);
    store_rollback(x->s);
    assert_int_equal(frontier_count(x->f, "done"), 0);
    assert_int_equal(frontier_count(x->f, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_dedupe_due, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lease_and_recover, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_article_life, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_adaptive, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_batch_rollback, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
