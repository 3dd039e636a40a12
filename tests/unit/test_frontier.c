/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/frontier.c on an in-memory store: dedupe by URL,
 * due order, leases and crash recovery, the article life cycle (done,
 * retried, failed, gone), the index life cycle (adaptive re-poll within
 * bounds, never failing for good), what `run --once` still owes, and the
 * re-check policy (the next age, a re-check's 200/304/404 and transient
 * failures, and bringing stored rows in line with a changed policy),
 * and the URL as discovered (fetch_url) kept beside the canonical key.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>
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

/* One integer column of one row (-1 for NULL). */
static int64_t col(struct fx *x, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(x->s), sql, -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_type(st, 0) == SQLITE_NULL
                    ? -1
                    : sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_recheck_next(void **state)
{
    (void)state;
    const double ages[] = {3600, 86400, 600};
    /* The least age landing after the last fetch, in any order. */
    assert_int_equal(frontier_recheck_next(ages, 3, 1000, 1000), 1600);
    assert_int_equal(frontier_recheck_next(ages, 3, 1000, 1600), 4600);
    assert_int_equal(frontier_recheck_next(ages, 3, 1000, 4600), 87400);
    assert_int_equal(frontier_recheck_next(ages, 3, 1000, 87400), 0);
    /* A daemon that slept through two ages re-checks once, at the next
     * one still ahead of the last fetch. */
    assert_int_equal(frontier_recheck_next(ages, 3, 1000, 1599), 1600);
    assert_int_equal(frontier_recheck_next(ages, 0, 1000, 1000), 0);
    assert_int_equal(frontier_recheck_next(NULL, 0, 1000, 1000), 0);
    assert_int_equal(frontier_recheck_next(ages, 3, 0, 0), 0);
    const double odd[] = {0, -5, 0.2};
    assert_int_equal(frontier_recheck_next(odd, 3, 1000, 1000), 0);
}

static void test_recheck_life(void **state)
{
    struct fx *x = *state;
    const char *u = "https://a/berita/1";
    const double ages[] = {100, 1000};
    struct frontier_item it[2];
    frontier_add(x->f, u, "s", FRONTIER_ARTICLE, 10, 1, NULL);
    assert_int_equal(frontier_due(x->f, 10, it, 2), 1);
    assert_int_equal(it[0].first_fetched, 0); /* a first fetch */
    frontier_item_cleanup(&it[0]);
    frontier_lease(x->f, u, 500);
    assert_int_equal(frontier_done(x->f, u, 20, 200, "\"v1\"", NULL, 0, 900,
                                   300, 86400), W_OK);
    assert_int_equal(frontier_recheck(x->f, u, ages, 2), W_OK);
    /* Done, first fetched at 20, due again at 20 + 100. */
    assert_int_equal(frontier_count(x->f, "done"), 1);
    assert_int_equal(col(x, "SELECT first_fetched FROM frontier"), 20);
    assert_int_equal(frontier_next_due(x->f), 120);
    /* Not owed by a single pass until it is leased. */
    assert_int_equal(frontier_unfinished(x->f), 0);
    assert_int_equal(frontier_due(x->f, 119, it, 2), 0);
    assert_int_equal(frontier_due(x->f, 120, it, 2), 1);
    assert_int_equal(it[0].first_fetched, 20); /* a re-check */
    assert_string_equal(it[0].etag, "\"v1\"");  /* conditional GET */
    frontier_item_cleanup(&it[0]);
    /* Host not ready: deferred like any due row. */
    assert_int_equal(frontier_defer(x->f, u, 130), W_OK);
    assert_int_equal(frontier_next_due(x->f), 130);
    frontier_lease(x->f, u, 600);
    assert_int_equal(frontier_unfinished(x->f), 1);
    /* 200 with a new body: done, first_fetched kept, next age. */
    frontier_done(x->f, u, 131, 200, "\"v2\"", NULL, 0, 900, 300, 86400);
    frontier_recheck(x->f, u, ages, 2);
    assert_int_equal(col(x, "SELECT first_fetched FROM frontier"), 20);
    assert_int_equal(frontier_next_due(x->f), 1020);
    /* A 304 at the last age: no re-check left. */
    frontier_lease(x->f, u, 2000);
    frontier_done(x->f, u, 1025, 304, NULL, NULL, 0, 900, 300, 86400);
    frontier_recheck(x->f, u, ages, 2);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
    assert_int_equal(col(x, "SELECT due_at FROM frontier"), -1);
    assert_int_equal(frontier_due(x->f, 1000000, it, 2), 0);
    /* A done row without a re-check cannot be deferred into one. */
    assert_int_equal(frontier_defer(x->f, u, 5000), W_OK);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
    /* frontier_recheck leaves rows that are not done alone. */
    const char *n = "https://a/berita/new";
    frontier_add(x->f, n, "s", FRONTIER_ARTICLE, 7, 1, NULL);
    assert_int_equal(frontier_recheck(x->f, n, ages, 2), W_OK);
    assert_int_equal(frontier_next_due(x->f), 7);
    assert_int_equal(frontier_recheck(x->f, "https://none", ages, 2),
                     W_NOTFOUND);
}

static void test_recheck_failures(void **state)
{
    struct fx *x = *state;
    const double ages[] = {100, 1000};
    /* Transient failures of a re-check: retried, then that age is given
     * up and the row waits for the next one; never "failed". */
    const char *u = "https://a/berita/2";
    frontier_add(x->f, u, "s", FRONTIER_ARTICLE, 0, 1, NULL);
    frontier_done(x->f, u, 10, 200, NULL, NULL, 0, 900, 300, 86400);
    frontier_recheck(x->f, u, ages, 2);
    assert_int_equal(frontier_next_due(x->f), 110);
    frontier_lease(x->f, u, 500);
    frontier_retry(x->f, u, 111, 120, 503, "HTTP 503", 3, 3600);
    frontier_recheck(x->f, u, ages, 2); /* not done: left alone */
    assert_int_equal(frontier_count(x->f, "due"), 1);
    assert_int_equal(frontier_next_due(x->f), 120);
    struct frontier_item it[1];
    assert_int_equal(frontier_due(x->f, 120, it, 1), 1);
    assert_int_equal(it[0].first_fetched, 10); /* still a re-check */
    assert_int_equal(it[0].attempts, 1);
    frontier_item_cleanup(&it[0]);
    frontier_retry(x->f, u, 121, 130, 0, "timeout", 3, 3600);
    frontier_retry(x->f, u, 131, 140, 0, "timeout", 3, 3600);
    frontier_recheck(x->f, u, ages, 2);
    assert_int_equal(frontier_count(x->f, "failed"), 0);
    assert_int_equal(frontier_count(x->f, "done"), 1);
    assert_int_equal(col(x, "SELECT attempts FROM frontier"), 0);
    assert_int_equal(frontier_next_due(x->f), 1010);

    /* 404 on a re-check: gone; stored articles are the store's. */
    frontier_lease(x->f, u, 2000);
    assert_int_equal(frontier_gone(x->f, u, 1011, 404, "HTTP 404", 3600),
                     W_OK);
    assert_int_equal(frontier_count(x->f, "gone"), 1);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
    frontier_recheck(x->f, u, ages, 2);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
}

static void test_recheck_sync(void **state)
{
    struct fx *x = *state;
    int64_t now = 100000;
    /* Three done articles of source s: fetched long ago, an hour ago and
     * a minute ago; one of source t; none scheduled (no policy yet, or
     * stored by another command). */
    const char *old = "https://a/old", *hour = "https://a/hour",
               *min = "https://a/min", *other = "https://a/other";
    frontier_add(x->f, old, "s", FRONTIER_ARTICLE, 0, 1, NULL);
    frontier_add(x->f, hour, "s", FRONTIER_ARTICLE, 0, 1, NULL);
    frontier_add(x->f, min, "s", FRONTIER_ARTICLE, 0, 1, NULL);
    frontier_add(x->f, other, "t", FRONTIER_ARTICLE, 0, 1, NULL);
    frontier_done(x->f, old, now - 90000, 200, NULL, NULL, 0, 1, 1, 1);
    frontier_done(x->f, hour, now - 3600, 200, NULL, NULL, 0, 1, 1, 1);
    frontier_done(x->f, min, now - 60, 200, NULL, NULL, 0, 1, 1, 1);
    frontier_done(x->f, other, now - 60, 200, NULL, NULL, 0, 1, 1, 1);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
    /* recheck = 10m 1d for s: the young ones get their next age; the
     * one older than a day gets none; t is not touched. */
    const double p1[] = {600, 86400};
    assert_int_equal(frontier_recheck_sync(x->f, "s", p1, 2, now), 2);
    assert_int_equal(col(x, "SELECT due_at FROM frontier WHERE url = "
                            "'https://a/min'"), now - 60 + 600);
    assert_int_equal(col(x, "SELECT due_at FROM frontier WHERE url = "
                            "'https://a/hour'"), now - 3600 + 600);
    assert_int_equal(col(x, "SELECT due_at FROM frontier WHERE url = "
                            "'https://a/old'"), -1);
    assert_int_equal(col(x, "SELECT due_at FROM frontier WHERE url = "
                            "'https://a/other'"), -1);
    /* Idempotent. */
    assert_int_equal(frontier_recheck_sync(x->f, "s", p1, 2, now), 0);
    /* A changed policy moves what is scheduled. */
    const double p2[] = {7200};
    assert_int_equal(frontier_recheck_sync(x->f, "s", p2, 1, now), 2);
    assert_int_equal(col(x, "SELECT due_at FROM frontier WHERE url = "
                            "'https://a/min'"), now - 60 + 7200);
    assert_int_equal(col(x, "SELECT due_at FROM frontier WHERE url = "
                            "'https://a/hour'"), now - 3600 + 7200);
    /* No policy: nothing stays scheduled. */
    assert_int_equal(frontier_recheck_sync(x->f, "s", NULL, 0, now), 2);
    assert_int_equal(frontier_next_due(x->f), INT64_MAX);
    assert_int_equal(frontier_recheck_sync(x->f, "s", NULL, 0, now), 0);
}

/* The canonical form is the key, the link as found what is fetched. */
static void test_fetch_url(void **state)
{
    struct fx *x = *state;
    const char *id = "https://jabar.antaranews.com/berita/123";
    const char *slug = "https://jabar.antaranews.com/berita/123/kota-kembar";
    assert_int_equal(frontier_add_from(x->f, id, slug, "s", FRONTIER_ARTICLE,
                                       100, 1, NULL), 1);
    /* Found again under another slug: one row, the first link kept. */
    assert_int_equal(frontier_add_from(x->f, id, slug, "s", FRONTIER_ARTICLE,
                                       100, 1, NULL), 0);
    assert_int_equal(frontier_add_from(x->f, id,
                                       "https://jabar.antaranews.com/berita/"
                                       "123/lain",
                                       "s", FRONTIER_ARTICLE, 100, 1, NULL),
                     0);
    /* A link that is its own canonical form stores none. */
    assert_int_equal(frontier_add_from(x->f, "https://a/1", "https://a/1",
                                       "s", FRONTIER_ARTICLE, 100, 1, NULL),
                     1);
    /* A row added without one (frontier_add, an older store) learns it. */
    assert_int_equal(frontier_add(x->f, "https://a/2", "s", FRONTIER_ARTICLE,
                                  100, 1, NULL), 1);
    assert_int_equal(frontier_add_from(x->f, "https://a/2", "https://a/2/x",
                                       "s", FRONTIER_ARTICLE, 100, 1, NULL),
                     0);
    assert_int_equal(frontier_count(x->f, NULL), 3);
    struct frontier_item it[8];
    int k = frontier_due(x->f, 100, it, 8);
    assert_int_equal(k, 3);
    int seen = 0;
    for (int i = 0; i < k; i++) {
        if (strcmp(it[i].url, id) == 0) {
            assert_non_null(it[i].fetch_url);
            assert_string_equal(it[i].fetch_url, slug);
            seen |= 1;
        } else if (strcmp(it[i].url, "https://a/1") == 0) {
            assert_null(it[i].fetch_url);
            seen |= 2;
        } else {
            assert_string_equal(it[i].url, "https://a/2");
            assert_non_null(it[i].fetch_url);
            assert_string_equal(it[i].fetch_url, "https://a/2/x");
            seen |= 4;
        }
        frontier_item_cleanup(&it[i]);
        assert_null(it[i].fetch_url);
    }
    assert_int_equal(seen, 7);
    /* The life cycle is the key's: done under the canonical URL. */
    assert_int_equal(frontier_lease(x->f, id, 200), W_OK);
    assert_int_equal(frontier_done(x->f, id, 110, 200, NULL, NULL, 0, 900,
                                   300, 86400),
                     W_OK);
    assert_int_equal(frontier_count(x->f, "done"), 1);
    assert_int_equal(col(x, "SELECT count(*) FROM frontier WHERE "
                            "fetch_url IS NOT NULL"), 2);
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
        cmocka_unit_test(test_recheck_next),
        cmocka_unit_test_setup_teardown(test_recheck_life, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recheck_failures, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_recheck_sync, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch_url, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
