/* SPDX-License-Identifier: MIT */
/*
 * Helper of test_store_crash.py. "write DB SEED" puts records into the
 * store in an endless loop (single upserts and batches, text that changes
 * so revisions pile up, entity lists that grow and shrink, fetch-log rows
 * and checkpoints) until it is killed; the test kills it with SIGKILL at
 * random moments. "check DB" then reopens the store (finishing a migration
 * the kill may have cut short), runs store_check and prints the table
 * sizes. Exit status: 0 when the store is consistent, 1 when not, 2 on
 * bad usage. "bench DB N BATCH" times N inserts (BATCH records per
 * transaction), N unchanged re-puts, N updates and an export; the figures
 * in docs/STORE.md come from it.
 */
#include "config.h"
#include "log.h"
#include "store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARTICLES 48 /* ids the writer cycles through */

static unsigned long next_rand(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* A body of one to a few kilobytes, one of a few variants per
 * article so that a put is sometimes unchanged, sometimes a new revision. */
static int make_text(struct buf *b, int article, int variant)
{
    buf_reset(b);
    int rc = W_OK;
    int paragraphs = 4 + (article * 7 + variant * 13) % 16;
    for (int i = 0; !rc && i < paragraphs; i++)
        rc = buf_printf(b,
                        "%sParagraf %d artikel %d versi %d: Pemerintah Kota "
                        "Bandung dan Kota Petaling Jaya memperbarui kerja "
                        "sama sister city di bidang UMKM dan pendidikan.",
                        i ? "\n\n" : "", i, article, variant);
    return rc;
}

static json_t *make_entities(unsigned long *rng)
{
    json_t *e = json_object();
    json_t *officials = json_array();
    json_t *dates = json_array();
    int n_off = (int)(next_rand(rng) % 5), n_dates = (int)(next_rand(rng) % 4);
    for (int i = 0; i < n_off; i++)
        json_array_append_new(
            officials,
            json_pack("{s:s, s:s, s:[[i,i]]}", "name", "Yana Mulyana",
                      "title", "Wali Kota", "mentions", i * 40, i * 40 + 12));
    for (int i = 0; i < n_dates; i++)
        json_array_append_new(dates,
                              json_pack("{s:s, s:s, s:i, s:i}", "text",
                                        "1 Februari 2023", "value",
                                        "2023-02-01", "start", 100 + i * 30,
                                        "end", 115 + i * 30));
    json_object_set_new(e, "officials", officials);
    json_object_set_new(e, "dates", dates);
    if (next_rand(rng) % 2)
        json_object_set_new(e, "places",
                            json_pack("[{s:s}]", "name", "Kota Bandung"));
    return e;
}

static int put_article(struct store *s, unsigned long *rng, struct buf *text,
                       int article, int variant, enum store_outcome *o)
{
    static const char *const offsets[] = {"+07:00", "+08:00", "+09:00", "Z"};
    struct warta_record r;
    char url[128], published[64];
    record_init(&r);
    snprintf(url, sizeof url, "https://example.test/berita/%d", article);
    snprintf(published, sizeof published, "2023-%02d-%02dT%02d:15:00%s",
             1 + article % 12, 1 + article % 28, article % 24,
             offsets[article % 4]);
    int rc = make_text(text, article, variant);
    if (!rc)
        rc = record_set(&r, WARTA_F_CANONICAL_URL, url);
    if (!rc)
        rc = record_set(&r, WARTA_F_TITLE,
                        variant ? "Kerja sama diperpanjang" : "Kerja sama");
    if (!rc)
        rc = record_set(&r, WARTA_F_PUBLISHED, published);
    if (!rc)
        rc = record_set(&r, WARTA_F_TEXT, buf_str(text));
    if (!rc)
        rc = record_set(&r, WARTA_F_AUTHORS, "Bagus Ahmad Rizaldi");
    if (!rc)
        rc = record_set(&r, WARTA_F_LANG, "id");
    if (!rc)
        rc = record_core_set(&r.outlet, "crashtest");
    if (!rc)
        rc = record_core_set(&r.url, url);
    if (!rc)
        rc = record_finish(&r);
    if (!rc) {
        r.entities = make_entities(rng);
        rc = store_put_record(s, &r, o);
    }
    if (!rc) {
        struct store_fetch f = {.url = url, .started = 1700000000,
                                .duration_ms = 12, .status = 200,
                                .bytes = (int64_t)text->n, .outcome = "ok"};
        rc = store_log_fetch(s, &f);
    }
    record_cleanup(&r);
    return rc;
}

static int put_one(struct store *s, unsigned long *rng, struct buf *text)
{
    int article = (int)(next_rand(rng) % ARTICLES);
    int variant = (int)(next_rand(rng) % 3);
    return put_article(s, rng, text, article, variant, NULL);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass of n puts of articles 0..n-1 in batches; checks the outcome. */
static int bench_pass(struct store *s, struct buf *text, int n, int batch,
                      int variant, enum store_outcome want, const char *what)
{
    unsigned long rng = 1;
    double t0 = now_s();
    int rc = W_OK;
    for (int i = 0; !rc && i < n; i += batch) {
        if (batch > 1)
            rc = store_begin(s);
        for (int k = i; !rc && k < i + batch && k < n; k++) {
            enum store_outcome o;
            rc = put_article(s, &rng, text, k, variant, &o);
            if (!rc && o != want)
                rc = W_ERR;
        }
        if (batch > 1)
            rc = rc ? rc : store_commit(s);
    }
    double dt = now_s() - t0;
    if (rc) {
        fprintf(stderr, "bench: %s: %s\n", what, warta_strerror(rc));
        return rc;
    }
    printf("%-10s %7d records in %6.3f s: %8.0f records/s\n", what, n, dt,
           n / dt);
    return W_OK;
}

static int count_cb(const struct warta_record *r, void *ud)
{
    struct buf *b = ud;
    buf_reset(b);
    return store_export_jsonl(b, r);
}

static int bench(const char *db, int n, int batch)
{
    struct store *s = NULL;
    struct buf text, line;
    if (n < 1 || batch < 1 || store_open(db, &s) != W_OK)
        return 2;
    buf_init(&text, 0);
    buf_init(&line, 0);
    printf("store bench: %d records, %d per transaction\n", n, batch);
    int rc = bench_pass(s, &text, n, batch, 0, STORE_INSERTED, "insert");
    if (!rc)
        rc = bench_pass(s, &text, n, batch, 0, STORE_UNCHANGED, "unchanged");
    if (!rc)
        rc = bench_pass(s, &text, n, batch, 1, STORE_UPDATED, "update");
    if (!rc) {
        double t0 = now_s();
        rc = store_export(s, NULL, count_cb, &line);
        double dt = now_s() - t0;
        printf("%-10s %7d records in %6.3f s: %8.0f records/s\n", "export",
               n, dt, n / dt);
    }
    buf_cleanup(&text);
    buf_cleanup(&line);
    store_close(s);
    return rc ? 1 : 0;
}

static int write_loop(const char *db, unsigned long seed)
{
    struct store *s = NULL;
    struct buf text;
    unsigned long rng = seed;
    if (store_open(db, &s) != W_OK)
        return 1;
    store_set_fetch_log_max(s, 500);
    buf_init(&text, 0);
    for (unsigned long n = 0;; n++) {
        int rc = W_OK;
        if (next_rand(&rng) % 4 == 0) { /* a batch */
            int k = 2 + (int)(next_rand(&rng) % 10);
            rc = store_begin(s);
            for (int i = 0; !rc && i < k; i++)
                rc = put_one(s, &rng, &text);
            if (!rc)
                rc = store_commit(s);
            if (rc)
                store_rollback(s);
        } else {
            rc = put_one(s, &rng, &text);
        }
        if (!rc && n % 16 == 0) {
            json_t *cp = json_pack("{s:I, s:s}", "n", (json_int_t)n, "next",
                                   "https://example.test/arsip?page=2");
            rc = store_checkpoint_put(s, "crash", cp);
            json_decref(cp);
        }
        if (rc && rc != W_AGAIN) {
            fprintf(stderr, "store_crash_writer: %s\n", warta_strerror(rc));
            break;
        }
    }
    buf_cleanup(&text);
    store_close(s);
    return 1;
}

static long count(struct store *s, const char *table)
{
    char sql[128];
    sqlite3_stmt *st = NULL;
    long n = -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int check(const char *db)
{
    struct store *s = NULL;
    if (store_open(db, &s) != W_OK)
        return 1;
    int rc = store_check(s);
    printf("articles=%ld revisions=%ld entities=%ld fetch_log=%ld "
           "checkpoints=%ld\n",
           count(s, "articles"), count(s, "article_revisions"),
           count(s, "entities"), count(s, "fetch_log"),
           count(s, "checkpoints"));
    store_close(s);
    return rc == W_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "write") == 0)
        return write_loop(argv[2], strtoul(argv[3], NULL, 10));
    if (argc == 3 && strcmp(argv[1], "check") == 0)
        return check(argv[2]);
    if (argc == 5 && strcmp(argv[1], "bench") == 0)
        return bench(argv[2], (int)strtol(argv[3], NULL, 10),
                     (int)strtol(argv[4], NULL, 10));
    fprintf(stderr, "usage: store_crash_writer write DB SEED | check DB | "
                    "bench DB N BATCH\n");
    return 2;
}
