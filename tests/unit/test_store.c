/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the store (core/store*.c) and `warta export`: migrations
 * from an empty file and idempotent reopening, refusal of newer or foreign
 * files without writing, the four upsert outcomes with their revision and
 * entity rows, export order and --since, CSV quoting, checkpoints, the
 * fetch log bound, batching, and allocation failures (SQLite and jansson
 * are routed through w_malloc here, so mem_fail_after reaches inside
 * SQLite) that must leave the file consistent.
 */
#define _GNU_SOURCE /* nftw */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmd.h"
#include "log.h"
#include "mem.h"
#include "store.h"

static char tmpdir[200];
static int db_seq;

/* A fresh store path in the test directory, under a new subdirectory so
 * that store_open has parents to create. */
static const char *new_path(void)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/d%d/sub/warta.db", tmpdir, ++db_seq);
    return path;
}

static long count(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long n = -1;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL),
                     SQLITE_OK);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        fprintf(stderr, "# %s: %s\n", sql, sqlite3_errmsg(store_db(s)));
    sqlite3_finalize(st);
    return n;
}

/* First column of the first row as a new string (or NULL). */
static char *text_of(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *t = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        t = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return t;
}

static void put(struct store *s, const char *url, const char *title,
                const char *published, const char *fetched);

static void make_record(struct warta_record *r, const char *url,
                        const char *title, const char *text,
                        const char *published, const char *fetched)
{
    record_init(r);
    assert_int_equal(record_set(r, WARTA_F_CANONICAL_URL, url), W_OK);
    assert_int_equal(record_set(r, WARTA_F_TITLE, title), W_OK);
    assert_int_equal(record_set(r, WARTA_F_TEXT, text), W_OK);
    if (published)
        assert_int_equal(record_set(r, WARTA_F_PUBLISHED, published), W_OK);
    assert_int_equal(record_set(r, WARTA_F_AUTHORS, "Bagus Ahmad Rizaldi"),
                     W_OK);
    assert_int_equal(record_set(r, WARTA_F_LANG, "id"), W_OK);
    assert_int_equal(record_core_set(&r->outlet, "antara"), W_OK);
    assert_int_equal(record_core_set(&r->source, "antara-jabar"), W_OK);
    assert_int_equal(record_core_set(&r->url, url), W_OK);
    if (fetched)
        assert_int_equal(record_core_set(&r->fetched, fetched), W_OK);
    assert_int_equal(record_finish(r), W_OK);
}

static void test_migrate_fresh_and_reopen(void **st)
{
    const char *path = new_path();
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s), W_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    char *mode = text_of(s, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(count(s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(count(s, "PRAGMA application_id"),
                     STORE_APPLICATION_ID);
    static const char *const tables[] = {
        "sources", "articles", "article_revisions", "entities",
        "frontier", "fetch_log", "checkpoints"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                 "AND name = '%s'",
                 tables[i]);
        assert_int_equal(count(s, sql), 1);
    }
    long objects = count(s, "SELECT count(*) FROM sqlite_schema");
    assert_int_equal(store_check(s), W_OK);
    store_close(s);
    /* Reopening applies nothing again. */
    assert_int_equal(store_open(path, &s), W_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    assert_int_equal(count(s, "SELECT count(*) FROM sqlite_schema"),
                     objects);
    store_close(s);
    /* A read-only open of the same file works too. */
    assert_int_equal(store_open_ex(path, STORE_OPEN_READONLY, &s), W_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    store_close(NULL);
    /* A private in-memory store (no WAL there) works the same. */
    assert_int_equal(store_open(":memory:", &s), W_OK);
    put(s, "https://e.com/m", "M", NULL, NULL);
    assert_int_equal(store_has_url(s, "https://e.com/m"), 1);
    assert_int_equal(store_check(s), W_OK);
    store_close(s);
}

/* Whole file contents, to show a refused open wrote nothing. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *p = malloc(1 << 20);
    assert_non_null(p);
    *n = fread(p, 1, (1 << 20) - 1, f);
    fclose(f);
    return p;
}

static void raw_db(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char dir[256];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    *strrchr(dir, '/') = '\0';
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    mkdir(dir, 0755);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_refuse_future_and_foreign(void **st)
{
    struct store *s = (struct store *)1;
    size_t n1, n2;
    char wal[300];
    /* A newer schema: refused, file untouched, no WAL created. */
    const char *path = new_path();
    raw_db(path, "CREATE TABLE articles (id TEXT); "
                 "PRAGMA application_id = 1463898708; "
                 "PRAGMA user_version = 99;");
    char *before = slurp(path, &n1);
    assert_int_equal(store_open(path, &s), W_CONFIG);
    assert_null(s);
    char *after = slurp(path, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_int_not_equal(access(wal, F_OK), 0);
    free(before);
    free(after);
    /* Another program's SQLite file. */
    path = new_path();
    raw_db(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    assert_int_equal(store_open(path, &s), W_CONFIG);
    /* Not SQLite at all. */
    path = new_path();
    raw_db(path, "SELECT 1");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, but it is long enough to have a header "
          "that SQLite reads and rejects as such.\n",
          f);
    fclose(f);
    assert_true(store_open(path, &s) < 0);
    /* Read-only or no-create of a missing file: W_NOTFOUND, nothing made. */
    path = new_path();
    assert_int_equal(store_open_ex(path, STORE_OPEN_READONLY, &s),
                     W_NOTFOUND);
    assert_int_equal(store_open_ex(path, STORE_OPEN_NOCREATE, &s),
                     W_NOTFOUND);
    assert_int_not_equal(access(path, F_OK), 0);
    /* Read-only of an empty file: not a warta store, still empty. */
    raw_db(path, "SELECT 1");
    assert_int_equal(store_open_ex(path, STORE_OPEN_READONLY, &s),
                     W_CONFIG);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
}

static void test_put_outcomes(void **st)
{
    struct store *s = NULL;
    struct warta_record r, got;
    enum store_outcome o = STORE_UPDATED;
    assert_int_equal(store_open(new_path(), &s), W_OK);
    make_record(&r, "https://example.com/a", "Judul", "Teks satu.",
                "2023-02-01T10:00:00+07:00", "2026-01-01T00:00:00Z");
    assert_int_equal(record_set(&r, WARTA_F_MODIFIED,
                                "2023-02-02T10:00:00+07:00"),
                     W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(o, STORE_INSERTED);
    assert_int_equal(count(s, "SELECT revision FROM articles"), 1);

    /* Same content fetched again: nothing changes, not even fetched. */
    assert_int_equal(record_core_set(&r.fetched, "2026-02-01T00:00:00Z"),
                     W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(o, STORE_UNCHANGED);
    char *f = text_of(s, "SELECT fetched FROM articles");
    assert_string_equal(f, "2026-01-01T00:00:00Z");
    free(f);

    /* Same text, another title: rewritten in place, no revision. */
    assert_int_equal(record_set(&r, WARTA_F_TITLE, "Judul baru"), W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(o, STORE_REFRESHED);
    assert_int_equal(count(s, "SELECT revision FROM articles"), 1);
    assert_int_equal(count(s, "SELECT count(*) FROM article_revisions"), 0);

    /* New text: the stored version becomes revision 1. */
    char *old_hash = strdup(r.content_hash);
    assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks dua."), W_OK);
    assert_int_equal(record_core_set(&r.fetched, "2026-03-01T00:00:00Z"),
                     W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(o, STORE_UPDATED);
    assert_int_equal(count(s, "SELECT revision FROM articles"), 2);
    assert_int_equal(count(s, "SELECT count(*) FROM article_revisions"), 1);
    char *rev = text_of(s, "SELECT text || '|' || title || '|' || "
                           "content_hash || '|' || fetched FROM "
                           "article_revisions WHERE revision = 1");
    char want[256];
    /* fetched of revision 1 is that of the stored row: the refetch that
     * refreshed the title (the unchanged one before it wrote nothing). */
    snprintf(want, sizeof want, "Teks satu.|Judul baru|%s|%s", old_hash,
             "2026-02-01T00:00:00Z");
    assert_string_equal(rev, want);
    free(rev);
    free(old_hash);

    /* And once more. */
    assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks tiga."), W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(store_put_record(s, &r, NULL), W_OK);
    assert_int_equal(count(s, "SELECT revision FROM articles"), 3);
    assert_int_equal(count(s, "SELECT count(*) FROM article_revisions"), 2);
    assert_int_equal(count(s, "SELECT first_seen <= updated FROM articles"),
                     1);

    /* Read back. */
    record_init(&got);
    assert_int_equal(store_get_record(s, r.id, &got), W_OK);
    assert_string_equal(record_get(&got, WARTA_F_TEXT), "Teks tiga.");
    assert_string_equal(record_get(&got, WARTA_F_TITLE), "Judul baru");
    assert_string_equal(record_get(&got, WARTA_F_MODIFIED),
                        "2023-02-02T10:00:00+07:00");
    assert_string_equal(record_get(&got, WARTA_F_AUTHORS),
                        "Bagus Ahmad Rizaldi");
    assert_string_equal(got.source, "antara-jabar");
    assert_string_equal(got.content_hash, r.content_hash);
    record_cleanup(&got);
    record_init(&got);
    assert_int_equal(store_get_record(s, "nosuchid", &got), W_NOTFOUND);
    record_cleanup(&got);

    /* fetched with an offset is stored as the same instant in UTC. */
    assert_int_equal(record_core_set(&r.fetched, "2026-04-01T07:00:00+07:00"),
                     W_OK);
    assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks empat."), W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(store_put_record(s, &r, NULL), W_OK);
    f = text_of(s, "SELECT fetched FROM articles");
    assert_string_equal(f, "2026-04-01T00:00:00Z");
    free(f);

    /* A record without an id is refused. */
    struct warta_record bad;
    record_init(&bad);
    assert_int_equal(store_put_record(s, &bad, &o), W_ERR);
    record_cleanup(&bad);
    assert_int_equal(store_check(s), W_OK);
    record_cleanup(&r);
    store_close(s);
}

static json_t *entities_v1(void)
{
    return json_pack("{s:[{s:s,s:s,s:[[i,i],[i,i]]},{s:s,s:[[i,i]]}],"
                     " s:[{s:s,s:s,s:i,s:i}], s:[], s:{s:s}}",
                     "officials", "name", "Yana Mulyana", "title",
                     "Wali Kota", "mentions", 0, 12, 211, 215, "name",
                     "Mohamad Azhan", "mentions", 40, 53, "dates", "text",
                     "Rabu 1 Februari 2023", "value", "2023-02-01", "start",
                     120, "end", 140, "agreements", "extra", "k", "v");
}

static void test_entities_rows(void **st)
{
    struct store *s = NULL;
    struct warta_record r;
    enum store_outcome o;
    assert_int_equal(store_open(new_path(), &s), W_OK);
    make_record(&r, "https://example.com/e", "E", "Teks.", NULL, NULL);
    r.entities = entities_v1();
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM entities"), 4);
    assert_int_equal(count(s, "SELECT count(*) FROM entities WHERE kind = "
                              "'officials' AND seq = 0 AND start = 0 AND "
                              "\"end\" = 12"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM entities WHERE kind = "
                              "'officials' AND seq = 1 AND start = 40 AND "
                              "end = 53"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM entities WHERE kind = "
                              "'dates' AND start = 120 AND end = 140 AND "
                              "value ->> '$.value' = '2023-02-01'"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM entities WHERE kind = "
                              "'extra' AND start IS NULL"),
                     1);
    assert_int_equal(store_check(s), W_OK);

    /* Same text, fewer entities (new rules): rows follow, no revision. */
    json_decref(r.entities);
    r.entities = json_pack("{s:[{s:s}], s:[]}", "officials", "name",
                           "Yana Mulyana", "dates");
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(o, STORE_REFRESHED);
    assert_int_equal(count(s, "SELECT count(*) FROM entities"), 1);
    assert_int_equal(count(s, "SELECT count(*) FROM entities WHERE "
                              "value = '{\"name\":\"Yana Mulyana\"}'"),
                     1);

    /* New text and new entities: rows rewritten. */
    json_decref(r.entities);
    r.entities = entities_v1();
    assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks baru."), W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(o, STORE_UPDATED);
    assert_int_equal(count(s, "SELECT count(*) FROM entities"), 4);
    assert_int_equal(store_check(s), W_OK);

    /* No entities any more: no rows. */
    json_decref(r.entities);
    r.entities = NULL;
    assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks lagi."), W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM entities"), 0);

    /* Entities that are not an object are refused, nothing written. */
    r.entities = json_array();
    assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks salah."), W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(store_put_record(s, &r, &o), W_PARSE);
    assert_int_equal(count(s, "SELECT revision FROM articles"), 3);

    /* Deleting an article takes its rows along (ON DELETE CASCADE). */
    json_decref(r.entities);
    r.entities = entities_v1();
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(sqlite3_exec(store_db(s), "DELETE FROM articles", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM entities"), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM article_revisions"), 0);

    /* store_check notices an entity row gone missing. */
    assert_int_equal(store_put_record(s, &r, &o), W_OK);
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "DELETE FROM entities WHERE seq = 1", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_check(s), W_ERR);
    record_cleanup(&r);
    store_close(s);
}

static void test_has_url_and_conflict(void **st)
{
    struct store *s = NULL;
    struct warta_record a, b;
    assert_int_equal(store_open(new_path(), &s), W_OK);
    make_record(&a, "https://example.com/x", "X", "x", NULL, NULL);
    assert_int_equal(store_put_record(s, &a, NULL), W_OK);
    /* A record without a canonical URL: its url gave the id. */
    record_init(&b);
    assert_int_equal(record_core_set(&b.url, "https://example.com/y"), W_OK);
    assert_int_equal(record_set(&b, WARTA_F_TEXT, "y"), W_OK);
    assert_int_equal(record_finish(&b), W_OK);
    assert_int_equal(store_put_record(s, &b, NULL), W_OK);
    assert_int_equal(store_has_url(s, "https://example.com/x"), 1);
    assert_int_equal(store_has_url(s, "https://example.com/y"), 1);
    assert_int_equal(store_has_url(s, "https://example.com/z"), 0);
    record_cleanup(&b);
    /* Another id with a canonical URL already stored: refused. */
    make_record(&b, "https://example.com/x", "X2", "x2", NULL, NULL);
    assert_int_equal(record_core_set(&b.id, "0123456789abcdef0123"), W_OK);
    assert_int_equal(store_put_record(s, &b, NULL), W_ERR);
    assert_int_equal(count(s, "SELECT count(*) FROM articles"), 2);
    assert_int_equal(store_check(s), W_OK);
    record_cleanup(&a);
    record_cleanup(&b);
    store_close(s);
}

struct collect {
    char ids[16][64];
    char titles[16][64];
    int n, stop_at;
};

static int collect_cb(const struct warta_record *r, void *ud)
{
    struct collect *c = ud;
    if (c->n == c->stop_at)
        return 42;
    snprintf(c->ids[c->n], sizeof c->ids[0], "%s", r->id);
    snprintf(c->titles[c->n], sizeof c->titles[0], "%s",
             record_get(r, WARTA_F_TITLE));
    c->n++;
    return 0;
}

static void put(struct store *s, const char *url, const char *title,
                const char *published, const char *fetched)
{
    struct warta_record r;
    make_record(&r, url, title, title, published, fetched);
    assert_int_equal(store_put_record(s, &r, NULL), W_OK);
    record_cleanup(&r);
}

static void test_export_order_since(void **st)
{
    struct store *s = NULL;
    struct collect c = {.stop_at = -1};
    assert_int_equal(store_open(new_path(), &s), W_OK);
    /* 08:00+08:00 is 00:00Z, before 07:30+07:00 = 00:30Z, though it sorts
     * after it as text. */
    put(s, "https://e.com/b", "B", "2023-01-01T07:30:00+07:00",
        "2026-01-03T00:00:00Z");
    put(s, "https://e.com/a", "A", "2023-01-01T08:00:00+08:00",
        "2026-01-01T00:00:00Z");
    put(s, "https://e.com/none", "N", NULL, "2026-01-02T23:59:59Z");
    put(s, "https://e.com/d1", "D", "2022-12-31", "2026-01-02T00:00:00Z");
    put(s, "https://e.com/d2", "D", "2022-12-31", "2026-01-02T00:00:00Z");
    assert_int_equal(store_export(s, NULL, collect_cb, &c), W_OK);
    assert_int_equal(c.n, 5);
    assert_string_equal(c.titles[0], "N"); /* no date first */
    assert_string_equal(c.titles[1], "D");
    assert_string_equal(c.titles[2], "D");
    assert_true(strcmp(c.ids[1], c.ids[2]) < 0); /* ties by id */
    assert_string_equal(c.titles[3], "A");
    assert_string_equal(c.titles[4], "B");

    c.n = 0;
    assert_int_equal(store_export(s, "2026-01-02", collect_cb, &c), W_OK);
    assert_int_equal(c.n, 4); /* all but A */
    c.n = 0;
    /* 2026-01-02T07:00+07:00 is midnight UTC: the same. */
    assert_int_equal(store_export(s, "2026-01-02T07:00:00+07:00", collect_cb,
                                  &c),
                     W_OK);
    assert_int_equal(c.n, 4);
    c.n = 0;
    assert_int_equal(store_export(s, "2026-01-02T23:59:59Z", collect_cb, &c),
                     W_OK);
    assert_int_equal(c.n, 2); /* N at that very second, and B */
    assert_string_equal(c.titles[0], "N");
    c.n = 0;
    assert_int_equal(store_export(s, "2027-01-01", collect_cb, &c), W_OK);
    assert_int_equal(c.n, 0);
    assert_int_equal(store_export(s, "kemarin", collect_cb, &c), W_PARSE);
    /* A callback's non-zero return stops the walk and is returned. */
    c.n = 0;
    c.stop_at = 2;
    assert_int_equal(store_export(s, NULL, collect_cb, &c), 42);
    assert_int_equal(c.n, 2);
    store_close(s);
}

static void test_time_utc(void **st)
{
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"2026-11-22", "2026-11-22T00:00:00"},
        {"2026-11-22T05:00:00Z", "2026-11-22T05:00:00"},
        {"2026-11-22T05:00Z", "2026-11-22T05:00:00"},
        {"2026-11-22 12:00:00+07:00", "2026-11-22T05:00:00"},
        {"2026-11-22T01:00:00+0700", "2026-11-21T18:00:00"},
        {"2026-11-22T23:30:00-02:00", "2026-11-23T01:30:00"},
        {"2026-11-22T05:00:00.123456Z", "2026-11-22T05:00:00"},
        {"2024-02-29T00:00:00+09", "2024-02-28T15:00:00"},
    };
    static const char *const bad[] = {
        "", "2026", "2026-13-01", "2026-02-30", "2023-02-29", "26-11-22",
        "2026-11-22T", "2026-11-22T25:00", "2026-11-22T05:00:00+7",
        "2026-11-22x", "2026-11-22T05:00:00.Z", "yesterday",
    };
    char out[20];
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        assert_int_equal(store_time_utc(ok[i].in, out), W_OK);
        assert_string_equal(out, ok[i].out);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(store_time_utc(bad[i], out), W_PARSE);
    assert_int_equal(store_time_utc(NULL, out), W_PARSE);
}

static void test_csv_quoting(void **st)
{
    struct warta_record r;
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(store_export_csv_header(&b), W_OK);
    assert_string_equal(buf_str(&b),
                        "id,outlet,source,url,canonical_url,title,published,"
                        "authors,editors,section,tags,dateline,lang,fetched,"
                        "content_hash,text,entities\r\n");
    record_init(&r);
    assert_int_equal(record_core_set(&r.id, "abc"), W_OK);
    assert_int_equal(record_core_set(&r.outlet, "prolite"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_TITLE,
                                "Wali Kota: \"Kita lanjutkan\", katanya"),
                     W_OK);
    assert_int_equal(record_set(&r, WARTA_F_TEXT,
                                "Baris satu.\n\nBaris dua, \"kutip\".\r\n"),
                     W_OK);
    assert_int_equal(record_set(&r, WARTA_F_AUTHORS, "A"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_AUTHORS, "B, C"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_TAGS, "UMKM"), W_OK);
    r.entities = json_pack("{s:[]}", "dates");
    buf_reset(&b);
    assert_int_equal(store_export_csv(&b, &r), W_OK);
    assert_string_equal(
        buf_str(&b),
        "abc,prolite,,,,\"Wali Kota: \"\"Kita lanjutkan\"\", katanya\",,"
        "\"A; B, C\",,,UMKM,,,,,"
        "\"Baris satu.\n\nBaris dua, \"\"kutip\"\".\r\n\","
        "\"{\"\"dates\"\":[]}\"\r\n");
    /* A bounded buffer reports W_TOOBIG rather than a cut row. */
    struct buf small;
    buf_init(&small, 16);
    assert_int_equal(store_export_csv(&small, &r), W_TOOBIG);
    buf_cleanup(&small);
    record_cleanup(&r);
    buf_cleanup(&b);
}

static void test_jsonl(void **st)
{
    struct warta_record r;
    struct buf b;
    buf_init(&b, 0);
    make_record(&r, "https://example.com/j", "Kerja sama – Bandung",
                "Teks\n\"x\"", "2023-02-01", NULL);
    assert_int_equal(store_export_jsonl(&b, &r), W_OK);
    const char *line = buf_str(&b);
    assert_int_equal(line[b.n - 1], '\n');
    assert_null(strchr(line, '\n') == line + b.n - 1 ? NULL : line);
    assert_non_null(strstr(line, "Kerja sama – Bandung")); /* raw UTF-8 */
    assert_int_equal(strncmp(line, "{\"id\":", 6), 0);     /* SPEC order */
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "text")),
                        "Teks\n\"x\"");
    json_decref(o);
    record_cleanup(&r);
    buf_cleanup(&b);
}

static void test_checkpoints_sources(void **st)
{
    struct store *s = NULL;
    json_t *got = NULL;
    assert_int_equal(store_open(new_path(), &s), W_OK);
    assert_int_equal(store_checkpoint_get(s, "backfill:antara", &got),
                     W_NOTFOUND);
    assert_null(got);
    json_t *cp = json_pack("{s:s, s:[s]}", "next", "https://x/page/2",
                           "done", "2023-01-01");
    assert_int_equal(store_checkpoint_put(s, "backfill:antara", cp), W_OK);
    assert_int_equal(store_checkpoint_get(s, "backfill:antara", &got), W_OK);
    assert_true(json_equal(got, cp));
    json_decref(got);
    json_decref(cp);
    cp = json_integer(7);
    assert_int_equal(store_checkpoint_put(s, "backfill:antara", cp), W_OK);
    assert_int_equal(store_checkpoint_get(s, "backfill:antara", &got), W_OK);
    assert_int_equal(json_integer_value(got), 7);
    json_decref(got);
    json_decref(cp);
    assert_int_equal(count(s, "SELECT count(*) FROM checkpoints"), 1);
    assert_int_equal(store_checkpoint_delete(s, "backfill:antara"), W_OK);
    assert_int_equal(store_checkpoint_delete(s, "backfill:antara"), W_OK);
    assert_int_equal(store_checkpoint_get(s, "backfill:antara", &got),
                     W_NOTFOUND);

    assert_int_equal(store_source_put(s, "antara-jabar", "antara", "h1"),
                     W_OK);
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "UPDATE sources SET updated = 'then'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_source_put(s, "antara-jabar", "antara", "h1"),
                     W_OK);
    assert_int_equal(count(s, "SELECT updated = 'then' FROM sources"), 1);
    assert_int_equal(store_source_put(s, "antara-jabar", "antara", "h2"),
                     W_OK);
    assert_int_equal(count(s, "SELECT updated = 'then' FROM sources"), 0);
    assert_int_equal(count(s, "SELECT created <= updated FROM sources"), 1);
    store_close(s);
}

static void test_fetch_log_bounded(void **st)
{
    struct store *s = NULL;
    char url[64];
    assert_int_equal(store_open(new_path(), &s), W_OK);
    store_set_fetch_log_max(s, 10);
    for (int i = 0; i < 55; i++) {
        snprintf(url, sizeof url, "https://example.com/%d", i);
        struct store_fetch f = {.url = url, .started = 1700000000 + i,
                                .duration_ms = 5, .status = 200,
                                .bytes = 100, .outcome = "ok"};
        assert_int_equal(store_log_fetch(s, &f), W_OK);
    }
    long n = count(s, "SELECT count(*) FROM fetch_log");
    assert_true(n >= 10 && n < 20);
    char *last = text_of(s, "SELECT url FROM fetch_log ORDER BY id DESC");
    assert_string_equal(last, "https://example.com/54");
    free(last);
    struct store_fetch bad = {.url = NULL};
    assert_int_equal(store_log_fetch(s, &bad), W_ERR);
    /* The frontier table takes the rows the fetch engine will write. */
    assert_int_equal(
        sqlite3_exec(store_db(s),
                     "INSERT INTO frontier (url, kind, state, due_at, "
                     "discovered) VALUES ('https://e.com/', 'index', 'due', "
                     "0, 0)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(store_db(s),
                     "INSERT INTO frontier (url, kind, state, discovered) "
                     "VALUES ('https://e.com/2', 'index', 'sleeping', 0)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    store_close(s);
}

static void test_batch(void **st)
{
    struct store *s = NULL;
    struct warta_record bad;
    assert_int_equal(store_open(new_path(), &s), W_OK);
    assert_int_equal(store_commit(s), W_ERR); /* nothing to commit */
    assert_int_equal(store_begin(s), W_OK);
    assert_int_equal(store_begin(s), W_ERR);
    put(s, "https://e.com/1", "1", NULL, NULL);
    put(s, "https://e.com/2", "2", NULL, NULL);
    store_rollback(s);
    assert_int_equal(count(s, "SELECT count(*) FROM articles"), 0);

    assert_int_equal(store_begin(s), W_OK);
    put(s, "https://e.com/1", "1", NULL, NULL);
    record_init(&bad);
    assert_int_equal(store_put_record(s, &bad, NULL), W_ERR);
    record_cleanup(&bad);
    put(s, "https://e.com/2", "2", NULL, NULL);
    put(s, "https://e.com/2", "2b", NULL, NULL); /* refreshed in batch */
    assert_int_equal(store_commit(s), W_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM articles"), 2);
    store_rollback(s); /* no-op outside a transaction */

    /* Another connection waits for the batch, then sees all of it. */
    struct store *other = NULL;
    assert_int_equal(store_open(store_path(s), &other), W_OK);
    assert_int_equal(store_begin(s), W_OK);
    put(s, "https://e.com/3", "3", NULL, NULL);
    assert_int_equal(count(other, "SELECT count(*) FROM articles"), 2);
    assert_int_equal(store_commit(s), W_OK);
    assert_int_equal(count(other, "SELECT count(*) FROM articles"), 3);
    store_close(other);
    /* A transaction left open is rolled back by store_close. */
    assert_int_equal(store_begin(s), W_OK);
    put(s, "https://e.com/4", "4", NULL, NULL);
    const char *path = strdup(store_path(s));
    store_close(s);
    assert_int_equal(store_open(path, &s), W_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM articles"), 3);
    free((void *)path);
    store_close(s);
}

/* ---- allocation failures ----------------------------------------------- */

/* SQLite allocates through w_malloc in this test program, with the size in
 * a header, so mem_fail_after makes SQLite itself run out of memory. */
#define HDR 16

static void *sq_malloc(int n)
{
    char *p = w_malloc((size_t)n + HDR);
    if (!p)
        return NULL;
    *(size_t *)p = (size_t)n;
    return p + HDR;
}

static void sq_free(void *p)
{
    if (p)
        w_free((char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
    char *q = w_realloc((char *)p - HDR, (size_t)n + HDR);
    if (!q)
        return NULL;
    *(size_t *)q = (size_t)n;
    return q + HDR;
}

static int sq_size(void *p) { return (int)*(size_t *)((char *)p - HDR); }
static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *ud) { return SQLITE_OK; }
static void sq_shutdown(void *ud) {}

static void test_oom_put_consistent(void **st)
{
    struct store *s = NULL;
    const char *path = new_path();
    assert_int_equal(store_open(path, &s), W_OK);
    int failures = 0;
    for (long n = 0; n < 100000; n++) {
        char url[64];
        struct warta_record r;
        enum store_outcome o = STORE_INSERTED;
        snprintf(url, sizeof url, "https://example.com/oom/%ld", n);
        make_record(&r, url, "T", "Teks lama.", "2023-01-01", NULL);
        r.entities = entities_v1();
        assert_int_equal(store_put_record(s, &r, NULL), W_OK);
        json_decref(r.entities);
        r.entities = json_pack("{s:[{s:s}]}", "places", "name", "Bandung");
        assert_int_equal(record_set(&r, WARTA_F_TEXT, "Teks baru."), W_OK);
        assert_int_equal(record_finish(&r), W_OK);

        unsigned long before = mem_count();
        mem_fail_after(n);
        int rc = store_put_record(s, &r, &o);
        mem_fail_after(-1);
        unsigned long used = mem_count() - before;

        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT revision FROM articles WHERE id = '%s'", r.id);
        long revision = count(s, sql);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM entities WHERE article_id = '%s'",
                 r.id);
        long entities = count(s, sql);
        if (rc == W_OK) {
            assert_int_equal(o, STORE_UPDATED);
            assert_int_equal(revision, 2);
            assert_int_equal(entities, 1);
        } else {
            failures++;
            assert_true(rc == W_NOMEM || rc == W_IO || rc == W_ERR ||
                        rc == W_TOOBIG);
            assert_int_equal(revision, 1); /* all or nothing */
            assert_int_equal(entities, 4);
            /* and the store still takes the update afterwards */
            assert_int_equal(store_put_record(s, &r, &o), W_OK);
            assert_int_equal(o, STORE_UPDATED);
        }
        assert_int_equal(store_check(s), W_OK);
        record_cleanup(&r);
        if (used <= (unsigned long)n) /* the failure was never reached */
            break;
    }
    assert_true(failures > 0);
    store_close(s);
}

static int count_cb(const struct warta_record *r, void *ud)
{
    struct buf *b = ud;
    return store_export_jsonl(b, r);
}

static void test_oom_open_export(void **st)
{
    /* Opening (with migration) and exporting under allocation failures:
     * an error, never a crash, and a usable file afterwards. A fresh open
     * makes thousands of allocations, each a new file here: every one of
     * the first 32 fails in turn, then 64 spread over the rest. */
    struct store *s = NULL;
    const char *path = new_path();
    unsigned long before = mem_count();
    assert_int_equal(store_open(path, &s), W_OK);
    long total = (long)(mem_count() - before);
    store_close(s);
    long step = total > 32 + 64 ? (total - 32) / 64 : 1;
    for (long n = 0; n <= total; n += n < 32 ? 1 : step) {
        path = new_path();
        mem_fail_after(n);
        int rc = store_open(path, &s);
        mem_fail_after(-1);
        assert_true(rc == W_OK || rc < 0);
        if (rc == W_OK)
            store_close(s);
        assert_int_equal(store_open(path, &s), W_OK);
        assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
        assert_int_equal(store_check(s), W_OK);
        store_close(s);
    }
    assert_int_equal(store_open(path, &s), W_OK);
    put(s, "https://e.com/1", "1", "2023-01-01", NULL);
    put(s, "https://e.com/2", "2", "2023-01-02", NULL);
    for (long n = 0; n < 100000; n++) {
        struct buf b;
        buf_init(&b, 0);
        before = mem_count();
        mem_fail_after(n);
        int rc = store_export(s, "2000-01-01", count_cb, &b);
        mem_fail_after(-1);
        unsigned long used = mem_count() - before;
        buf_cleanup(&b);
        assert_true(rc == W_OK || rc == W_NOMEM || rc == W_IO ||
                    rc == W_ERR);
        if (rc == W_OK && used <= (unsigned long)n)
            break;
    }
    store_close(s);
}

/* ---- the command -------------------------------------------------------- */

/* Run `warta export ARGS` with stdout captured into out (malloc'ed). */
static int run_export(char **out, int argc, ...)
{
    char *argv[16] = {"export"};
    char file[300];
    va_list ap;
    va_start(ap, argc);
    for (int i = 1; i < argc && i < 15; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    snprintf(file, sizeof file, "%s/out.txt", tmpdir);
    fflush(stdout);
    int saved = dup(1);
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 1);
    close(fd);
    int rc = cmd_export(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    size_t n = 0;
    *out = slurp(file, &n);
    (*out)[n] = '\0';
    return rc;
}

static void test_cmd_export(void **st)
{
    struct store *s = NULL;
    char *out = NULL;
    char path[256];
    snprintf(path, sizeof path, "%s", new_path());
    assert_int_equal(store_open(path, &s), W_OK);
    put(s, "https://e.com/b", "B, \"quoted\"", "2023-01-02T00:00:00+07:00",
        "2026-01-02T00:00:00Z");
    put(s, "https://e.com/a", "A", "2023-01-01T00:00:00+07:00",
        "2026-01-01T00:00:00Z");
    store_close(s);

    assert_int_equal(run_export(&out, 3, "--db", path), EXIT_OK);
    char *second = strchr(out, '\n');
    assert_non_null(second);
    assert_non_null(strstr(out, "\"title\":\"A\""));
    assert_true(strstr(out, "\"title\":\"A\"") < second);
    assert_non_null(strstr(second, "\"title\":\"B, \\\"quoted\\\"\""));
    assert_string_equal(strchr(second + 1, '\n'), "\n");
    free(out);

    assert_int_equal(run_export(&out, 5, "--db", path, "--format", "csv"),
                     EXIT_OK);
    assert_int_equal(strncmp(out, "id,outlet,source,", 17), 0);
    assert_non_null(strstr(out, ",\"B, \"\"quoted\"\"\","));
    free(out);

    char dbopt[300];
    snprintf(dbopt, sizeof dbopt, "--db=%s", path);
    assert_int_equal(run_export(&out, 4, dbopt, "-s", "2026-01-02"),
                     EXIT_OK);
    assert_null(strstr(out, "\"title\":\"A\""));
    assert_non_null(strstr(out, "\"title\":\"B"));
    free(out);

    setenv("WARTA_DB", path, 1);
    assert_int_equal(run_export(&out, 3, "--format", "csv"), EXIT_OK);
    assert_non_null(strstr(out, "\r\n"));
    free(out);
    unsetenv("WARTA_DB");

    assert_int_equal(run_export(&out, 2, "--help"), EXIT_OK);
    assert_non_null(strstr(out, "usage: warta export"));
    free(out);
    assert_int_equal(run_export(&out, 2, "--bogus"), EXIT_USAGE);
    free(out);
    assert_int_equal(run_export(&out, 2, "stray"), EXIT_USAGE);
    free(out);
    assert_int_equal(run_export(&out, 2, "--since"), EXIT_USAGE);
    free(out);
    assert_int_equal(run_export(&out, 3, "--format", "xml"), EXIT_USAGE);
    free(out);
    assert_int_equal(run_export(&out, 5, "--db", path, "--since", "besok"),
                     EXIT_USAGE);
    free(out);
    assert_int_equal(run_export(&out, 3, "-c", "/nonexistent/warta.conf"),
                     EXIT_USAGE);
    free(out);
    assert_int_equal(run_export(&out, 3, "--db", "/nonexistent/x/warta.db"),
                     EXIT_RUNTIME);
    assert_string_equal(out, "");
    free(out);
}

static int rm_entry(const char *p, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    return remove(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_fresh_and_reopen),
        cmocka_unit_test(test_refuse_future_and_foreign),
        cmocka_unit_test(test_put_outcomes),
        cmocka_unit_test(test_entities_rows),
        cmocka_unit_test(test_has_url_and_conflict),
        cmocka_unit_test(test_export_order_since),
        cmocka_unit_test(test_time_utc),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_checkpoints_sources),
        cmocka_unit_test(test_fetch_log_bounded),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_oom_put_consistent),
        cmocka_unit_test(test_oom_open_export),
        cmocka_unit_test(test_cmd_export),
    };
    static const sqlite3_mem_methods mem = {
        sq_malloc, sq_free, sq_realloc, sq_size,
        sq_roundup, sq_init, sq_shutdown, NULL};
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK)
        return 1;
    json_set_alloc_funcs(w_malloc, w_free);
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_store.XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir))
        return 1;
    /* Expected failures are logged at error level; keep the log quiet. */
    log_setup(getenv("TEST_STORE_VERBOSE") ? WARTA_LOG_DEBUG : -1, LOG_TEXT);
    if (getenv("TEST_STORE_FILTER")) /* run some tests by name */
        cmocka_set_test_filter(getenv("TEST_STORE_FILTER"));
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
