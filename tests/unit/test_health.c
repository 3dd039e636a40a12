/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/health.c (drift counting per source) and for the
 * store migration that brought its table: records classified by their
 * warnings, the alarm raised once when a source's window crosses the
 * threshold, reminded at growing intervals and recovered below half of
 * it, the per-day counts and kinds in source_health, the summary lines,
 * and a store written at schema version 1 (tests/fixtures/store/v1.sql)
 * upgraded in place to version 2 without losing a row.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#undef W_OK /* <unistd.h>'s access() mode; warta's W_OK is the enum */
#include "frontier.h"
#include "health.h"
#include "log.h"
#include "record.h"
#include "store.h"

/* ---- stderr capture ------------------------------------------------ */

static FILE *cap;
static int saved_fd = -1;

static void capture_start(void)
{
    fflush(stderr);
    cap = tmpfile();
    assert_non_null(cap);
    saved_fd = dup(2);
    assert_true(saved_fd >= 0);
    assert_true(dup2(fileno(cap), 2) >= 0);
}

/* Stop capturing; returns what was logged (caller frees). */
static char *capture_end(void)
{
    fflush(stderr);
    dup2(saved_fd, 2);
    close(saved_fd);
    saved_fd = -1;
    long n = ftell(cap);
    char *s = calloc(1, (size_t)(n > 0 ? n : 0) + 1);
    rewind(cap);
    if (n > 0 && fread(s, 1, (size_t)n, cap) != (size_t)n)
        fail_msg("cannot read the captured log");
    fclose(cap);
    cap = NULL;
    return s;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p;
         p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- helpers -------------------------------------------------------- */

static int64_t int_of(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *text_of(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *t = sqlite3_column_text(st, 0);
    char *v = strdup(t ? (const char *)t : "(null)");
    sqlite3_finalize(st);
    return v;
}

/* 2026-11-25T12:00:00Z */
#define NOON 1795608000

/* ---- tests ---------------------------------------------------------- */

static void test_classify(void **state)
{
    (void)state;
    struct warta_record r;
    record_init(&r);
    assert_int_equal(health_classify(&r, NULL), 0);
    assert_int_equal(record_core_set(&r.outlet, "antara"), W_OK);
    assert_int_equal(health_classify(&r, "antara"), 0);
    /* The outlet plugin declined and the generic one named the record
     * after its site. */
    assert_int_equal(health_classify(&r, "prolite"), HEALTH_FALLBACK);
    record_warn(&r, "no title found");
    record_warn(&r, "no publication date found");
    assert_int_equal(health_classify(&r, "antara"),
                     HEALTH_TITLE | HEALTH_DATE);
    record_cleanup(&r);
    record_init(&r);
    record_warn(&r, "body too short (12 bytes)");
    record_warn(&r, "no body text found"); /* one kind, counted once */
    assert_int_equal(health_classify(&r, NULL), HEALTH_BODY);
    record_warn(&r, "text truncated to 10 of 20 bytes");
    record_warn(&r, "something else entirely");
    assert_int_equal(health_classify(&r, NULL),
                     HEALTH_BODY | HEALTH_TRUNCATED | HEALTH_OTHER);
    record_cleanup(&r);
    assert_string_equal(health_kind_name(0), "body");
    assert_string_equal(health_kind_name(5), "title");
    assert_string_equal(health_kind_name(HEALTH_N_KINDS), "?");
    char day[16];
    health_day(NOON, day, sizeof day);
    assert_string_equal(day, "2026-11-25");
}

static void test_alarm_and_counts(void **state)
{
    (void)state;
    struct store *s = NULL;
    struct health *h = NULL;
    log_setup(WARTA_LOG_INFO, LOG_TEXT);
    assert_int_equal(store_open(":memory:", &s), W_OK);
    assert_int_equal(health_new(s, 4, 50, &h), W_OK);
    unsigned bad = HEALTH_TITLE | HEALTH_DATE;
    capture_start();
    /* Good layout, then the site changes: the alarm comes when 2 of the
     * last 4 pages drifted, once. */
    for (int i = 0; i < 4; i++)
        assert_int_equal(health_note(h, "s", 0, NOON), W_OK);
    health_note(h, "other", HEALTH_BODY, NOON); /* another source */
    health_note(h, "s", bad, NOON);
    char *log = capture_end();
    assert_int_equal(count(log, "drift:"), 0);
    free(log);
    capture_start();
    health_note(h, "s", bad, NOON);
    log = capture_end();
    assert_int_equal(count(log, "drift: source s: 2 of its last 4 article "
                                "pages show layout drift (date 2, title 2)"),
                     1);
    free(log);
    capture_start();
    health_note(h, "s", bad, NOON);
    health_note(h, "s", bad, NOON);
    /* Fixed again: still 2 of 4 drifted after two good pages (no line),
     * recovered only below half the threshold (0 of 4 here). */
    health_note(h, "s", 0, NOON);
    health_note(h, "s", 0, NOON);
    health_note(h, "s", 0, NOON);
    log = capture_end();
    assert_int_equal(count(log, "drift:"), 0);
    free(log);
    capture_start();
    health_note(h, "s", 0, NOON);
    log = capture_end();
    assert_int_equal(count(log, "drift: source s recovered: 0 of its last "
                                "4 article pages show drift (4 drifted "
                                "pages since the alarm)"),
                     1);
    free(log);
    /* The store has the day's counts and kinds. */
    assert_int_equal(int_of(s, "SELECT records FROM source_health WHERE "
                               "source = 's' AND day = '2026-11-25'"),
                     12);
    assert_int_equal(int_of(s, "SELECT drifted FROM source_health WHERE "
                               "source = 's'"),
                     4);
    char *bw = text_of(s, "SELECT by_warning FROM source_health WHERE "
                          "source = 's'");
    assert_string_equal(bw, "{\"date\":4,\"title\":4}");
    free(bw);
    bw = text_of(s, "SELECT by_warning FROM source_health WHERE "
                    "source = 'other'");
    assert_string_equal(bw, "{\"body\":1}");
    free(bw);
    /* A drifting source is reminded at growing intervals, not per page:
     * 24 more drifted pages give the alarm and reminders at 8 and 16. */
    capture_start();
    for (int i = 0; i < 24; i++)
        health_note(h, "s", HEALTH_NOT_ARTICLE, NOON + 60);
    log = capture_end();
    assert_int_equal(count(log, "drift: source s: "), 1);
    assert_int_equal(count(log, "still drifting"), 2);
    free(log);
    /* The summary of the day, one line per source. */
    capture_start();
    assert_int_equal(health_summary(h, "2026-11-25"), 2);
    log = capture_end();
    assert_non_null(strstr(log, "health 2026-11-25: source other: 1 article "
                                "pages, 1 drifted (body 1)"));
    assert_non_null(strstr(log, "health 2026-11-25: source s: 36 article "
                                "pages, 28 drifted (date 4, not_article 24, "
                                "title 4)"));
    free(log);
    /* A new day: the next tick logs the finished one; then nothing. */
    capture_start();
    health_tick(h, NOON);
    health_tick(h, NOON + 3600);
    log = capture_end();
    assert_int_equal(count(log, "health "), 0);
    free(log);
    capture_start();
    health_tick(h, NOON + 86400);
    health_tick(h, NOON + 86400 + 60);
    log = capture_end();
    assert_int_equal(count(log, "health 2026-11-25: source s:"), 1);
    free(log);
    health_note(h, "s", 0, NOON + 86400);
    assert_int_equal(int_of(s, "SELECT count(*) FROM source_health WHERE "
                               "source = 's'"),
                     2);
    /* New options empty the windows: no alarm until one is full again. */
    health_set_opts(h, 2, 100);
    capture_start();
    health_note(h, "s", bad, NOON + 86400);
    log = capture_end();
    assert_int_equal(count(log, "drift:"), 0);
    free(log);
    capture_start();
    health_note(h, "s", bad, NOON + 86400);
    log = capture_end();
    assert_int_equal(count(log, "drift: source s: 2 of its last 2"), 1);
    free(log);
    health_free(h);
    health_free(NULL);
    store_close(s);
}

static void test_counts_join_batch(void **state)
{
    /* The counts are written in the caller's transaction: a rolled back
     * round counts nothing (its pages are fetched and counted again). */
    (void)state;
    struct store *s = NULL;
    struct health *h = NULL;
    assert_int_equal(store_open(":memory:", &s), W_OK);
    assert_int_equal(health_new(s, 20, 50, &h), W_OK);
    assert_int_equal(store_begin(s), W_OK);
    health_note(h, "s", HEALTH_TITLE, NOON);
    store_rollback(s);
    assert_int_equal(int_of(s, "SELECT count(*) FROM source_health"), 0);
    assert_int_equal(store_begin(s), W_OK);
    health_note(h, "s", HEALTH_TITLE, NOON);
    assert_int_equal(store_commit(s), W_OK);
    assert_int_equal(int_of(s, "SELECT drifted FROM source_health"), 1);
    health_free(h);
    store_close(s);
}

/* The v1 fixture as a store file at path. */
static void make_v1(const char *path)
{
    const char *top = getenv("top_srcdir");
    char fx[1024];
    snprintf(fx, sizeof fx, "%s/tests/fixtures/store/v1.sql",
             top ? top : "..");
    FILE *f = fopen(fx, "rb");
    if (!f)
        fail_msg("cannot open %s", fx);
    static char sql[1 << 16];
    size_t n = fread(sql, 1, sizeof sql - 1, f);
    fclose(f);
    sql[n] = '\0';
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("v1.sql: %s", err);
    sqlite3_close(db);
}

static void test_migration_v1(void **state)
{
    (void)state;
    char dir[] = "/tmp/warta-health-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/warta.db", dir);
    make_v1(path);
    /* A read-only open refuses the old version and writes nothing. */
    struct store *s = NULL;
    assert_int_equal(store_open_ex(path, STORE_OPEN_READONLY, &s), W_CONFIG);
    assert_null(s);
    /* A writing open upgrades it in place. */
    assert_int_equal(store_open(path, &s), W_OK);
    assert_int_equal(store_schema_version(s), 3);
    assert_int_equal(STORE_SCHEMA_VERSION, 3);
    assert_int_equal(store_check(s), W_OK);
    /* Nothing lost. */
    assert_int_equal(int_of(s, "SELECT count(*) FROM articles"), 3);
    assert_int_equal(int_of(s, "SELECT count(*) FROM entities"), 10);
    assert_int_equal(int_of(s, "SELECT count(*) FROM fetch_log"), 5);
    assert_int_equal(int_of(s, "SELECT count(*) FROM frontier"), 4);
    /* Done articles' first fetch is their only one; the feed has none. */
    assert_int_equal(int_of(s, "SELECT count(*) FROM frontier WHERE "
                               "kind = 'article' AND first_fetched = "
                               "fetched_at AND first_fetched > 0"),
                     3);
    assert_int_equal(int_of(s, "SELECT count(*) FROM frontier WHERE "
                               "kind = 'index' AND first_fetched IS NULL"),
                     1);
    assert_int_equal(int_of(s, "SELECT count(*) FROM sqlite_schema WHERE "
                               "name = 'frontier_first_fetched'"),
                     1);
    assert_int_equal(int_of(s, "SELECT count(*) FROM source_health"), 0);
    /* Step 3: no row has a URL as discovered; each fetches its key. */
    assert_int_equal(int_of(s, "SELECT count(*) FROM frontier WHERE "
                               "fetch_url IS NULL"),
                     4);
    /* The upgraded file works: a policy schedules the stored articles'
     * re-checks (young enough as of their own fetch time), and drift
     * counts go in. */
    struct frontier *f = NULL;
    assert_int_equal(frontier_open(s, &f), W_OK);
    int64_t first = int_of(s, "SELECT min(first_fetched) FROM frontier");
    const double ages[] = {3600};
    assert_int_equal(frontier_recheck_sync(f, "contoh", ages, 1, first + 60),
                     3);
    assert_int_equal(frontier_next_due(f) <= first + 3600, 1);
    frontier_close(f);
    struct health *h = NULL;
    assert_int_equal(health_new(s, 20, 50, &h), W_OK);
    assert_int_equal(health_note(h, "contoh", HEALTH_DATE, NOON), W_OK);
    health_free(h);
    store_close(s);
    /* Opening again changes nothing; read-only opens now work. */
    assert_int_equal(store_open_ex(path, STORE_OPEN_READONLY, &s), W_OK);
    assert_int_equal(store_schema_version(s), 3);
    assert_int_equal(int_of(s, "SELECT records FROM source_health"), 1);
    store_close(s);
    char rm[300];
    snprintf(rm, sizeof rm, "%s-wal", path);
    unlink(rm);
    snprintf(rm, sizeof rm, "%s-shm", path);
    unlink(rm);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_alarm_and_counts),
        cmocka_unit_test(test_counts_join_batch),
        cmocka_unit_test(test_migration_v1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
