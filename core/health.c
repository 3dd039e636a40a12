/* SPDX-License-Identifier: MIT */
/*
 * Drift counting per source (see health.h). The store keeps the counts
 * per source and day, one upsert per page inside the scheduler's round
 * transaction, with the per-kind counts merged by SQLite's JSON functions
 * so that a page costs one statement. The alarm lives in memory: a ring
 * of each source's last pages (one byte of kind bits per page), so the
 * share of drifted pages is known without a query, and the logging backs
 * off as C7 of the house style asks (once, then at doubling counts, then
 * "recovered").
 */
#include "config.h"
#include "health.h"
#include "log.h"
#include "mem.h"
#include "record.h"
#include "store.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const kind_names[HEALTH_N_KINDS] = {
    "body", "date", "fallback", "not_article", "other", "title", "truncated",
};

/* A page adds 1 to records, kinds != 0 to drifted, and each of its kinds
 * to by_warning (merged key by key; an empty object changes nothing). */
static const char upsert_sql[] =
    "INSERT INTO source_health (source, day, records, drifted, by_warning) "
    "VALUES (?1, ?2, 1, ?3, ?4) "
    "ON CONFLICT (source, day) DO UPDATE SET "
    "records = records + 1, drifted = drifted + excluded.drifted, "
    "by_warning = CASE WHEN excluded.by_warning = '{}' THEN by_warning "
    "ELSE (SELECT json_group_object(key, n) FROM "
    "(SELECT key, sum(value) AS n FROM "
    "(SELECT key, value FROM json_each(source_health.by_warning) "
    "UNION ALL SELECT key, value FROM json_each(excluded.by_warning)) "
    "GROUP BY key ORDER BY key)) END";

static const char day_sql[] =
    "SELECT source, records, drifted, by_warning FROM source_health "
    "WHERE day = ?1 ORDER BY source";

struct src {
    char *name;
    unsigned char *ring; /* kinds of the last pages; window slots */
    long n;              /* slots filled */
    long pos;            /* next slot to write */
    long drifted;        /* slots with kinds != 0 */
    int alarm;
    long since;          /* drifted pages since the alarm */
    long remind_at;      /* since value of the next reminder */
};

struct health {
    sqlite3 *db;
    sqlite3_stmt *upsert;
    sqlite3_stmt *day;
    long window;
    long threshold;
    struct src *v;
    size_t n, cap;
    int64_t day_no;      /* UTC day of the last tick; -1 before the first */
};

const char *health_kind_name(int i)
{
    return i >= 0 && i < HEALTH_N_KINDS ? kind_names[i] : "?";
}

static int has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return 1;
    return 0;
}

unsigned health_classify(const struct warta_record *rec, const char *outlet)
{
    unsigned k = 0;
    const struct strv *w = record_list(rec, WARTA_F_WARNINGS);
    for (size_t i = 0; w && i < w->n; i++) {
        const char *t = w->v[i];
        if (has_word(t, "truncat"))
            k |= HEALTH_TRUNCATED;
        else if (has_word(t, "title"))
            k |= HEALTH_TITLE;
        else if (has_word(t, "date"))
            k |= HEALTH_DATE;
        else if (has_word(t, "body") || has_word(t, "text"))
            k |= HEALTH_BODY;
        else
            k |= HEALTH_OTHER;
    }
    if (outlet && rec->outlet && strcmp(outlet, rec->outlet) != 0)
        k |= HEALTH_FALLBACK;
    return k;
}

static long clamp_window(long w)
{
    return w < 1 ? 1 : w > HEALTH_MAX_WINDOW ? HEALTH_MAX_WINDOW : w;
}

static long clamp_threshold(long t)
{
    return t < 1 ? 1 : t > 100 ? 100 : t;
}

int health_new(struct store *s, long window, long threshold,
               struct health **out)
{
    *out = NULL;
    struct health *h = w_calloc(1, sizeof *h);
    if (!h)
        return W_NOMEM;
    h->db = store_db(s);
    h->window = clamp_window(window);
    h->threshold = clamp_threshold(threshold);
    h->day_no = -1;
    int rc = sqlite3_prepare_v3(h->db, upsert_sql, -1,
                                SQLITE_PREPARE_PERSISTENT, &h->upsert, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v3(h->db, day_sql, -1,
                                SQLITE_PREPARE_PERSISTENT, &h->day, NULL);
    if (rc != SQLITE_OK) {
        W_ERROR("health: cannot prepare: %s", sqlite3_errmsg(h->db));
        health_free(h);
        return rc == SQLITE_NOMEM ? W_NOMEM : W_IO;
    }
    *out = h;
    return W_OK;
}

static void src_reset(struct src *s)
{
    W_FREE(s->ring);
    s->n = s->pos = s->drifted = 0;
    s->alarm = 0;
    s->since = s->remind_at = 0;
}

void health_free(struct health *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        src_reset(&h->v[i]);
        w_free(h->v[i].name);
    }
    w_free(h->v);
    sqlite3_finalize(h->upsert);
    sqlite3_finalize(h->day);
    w_free(h);
}

void health_set_opts(struct health *h, long window, long threshold)
{
    window = clamp_window(window);
    threshold = clamp_threshold(threshold);
    if (window == h->window && threshold == h->threshold)
        return;
    h->window = window;
    h->threshold = threshold;
    for (size_t i = 0; i < h->n; i++)
        src_reset(&h->v[i]);
}

void health_day(int64_t now, char *out, size_t n)
{
    time_t t = (time_t)now;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(out, n, "%Y-%m-%d", &tm) == 0)
        snprintf(out, n, "1970-01-01");
}

/* "title 3, date 3" for the kinds counted in c, into buf. */
static const char *kinds_text(const long c[HEALTH_N_KINDS], char *buf,
                              size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < HEALTH_N_KINDS; i++) {
        if (!c[i])
            continue;
        int k = snprintf(buf + len, n - len, "%s%s %ld", len ? ", " : "",
                         kind_names[i], c[i]);
        if (k < 0 || (size_t)k >= n - len)
            break;
        len += (size_t)k;
    }
    return buf;
}

static struct src *src_get(struct health *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i].name, name) == 0)
            return &h->v[i];
    if (h->n >= HEALTH_MAX_SOURCES)
        return NULL;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 16;
        struct src *nv = w_realloc(h->v, nc * sizeof *nv);
        if (!nv)
            return NULL;
        h->v = nv;
        h->cap = nc;
    }
    struct src *s = &h->v[h->n];
    memset(s, 0, sizeof *s);
    s->name = w_strdup(name);
    if (!s->name)
        return NULL;
    h->n++;
    return s;
}

/* The page goes into the source's window; log what changed. */
static void window_note(struct health *h, const char *source,
                        unsigned kinds)
{
    struct src *s = src_get(h, source);
    if (!s)
        return; /* no memory or too many sources: counted in SQL only */
    if (!s->ring) {
        s->ring = w_calloc((size_t)h->window, 1);
        if (!s->ring)
            return;
    }
    if (s->n == h->window) {
        if (s->ring[s->pos])
            s->drifted--;
    } else {
        s->n++;
    }
    s->ring[s->pos] = (unsigned char)kinds;
    s->pos = (s->pos + 1) % h->window;
    if (kinds)
        s->drifted++;
    if (s->alarm && kinds)
        s->since++;
    char buf[160];
    long c[HEALTH_N_KINDS] = {0};
    if (!s->alarm) {
        if (s->n < h->window || s->drifted * 100 < h->threshold * h->window)
            return;
        s->alarm = 1;
        s->since = s->drifted;
        s->remind_at = 2 * h->window;
        for (long i = 0; i < s->n; i++)
            for (int b = 0; b < HEALTH_N_KINDS; b++)
                c[b] += (s->ring[i] >> b) & 1;
        W_WARN("drift: source %s: %ld of its last %ld article pages show "
               "layout drift (%s); has the site changed?",
               source, s->drifted, s->n, kinds_text(c, buf, sizeof buf));
        return;
    }
    if (s->drifted * 200 < h->threshold * h->window) {
        W_NOTICE("drift: source %s recovered: %ld of its last %ld article "
                 "pages show drift (%ld drifted pages since the alarm)",
                 source, s->drifted, s->n, s->since);
        s->alarm = 0;
        s->since = s->remind_at = 0;
        return;
    }
    if (s->since >= s->remind_at) {
        for (long i = 0; i < s->n; i++)
            for (int b = 0; b < HEALTH_N_KINDS; b++)
                c[b] += (s->ring[i] >> b) & 1;
        W_WARN("drift: source %s still drifting: %ld drifted pages since "
               "the alarm, %ld of the last %ld (%s)",
               source, s->since, s->drifted, s->n,
               kinds_text(c, buf, sizeof buf));
        s->remind_at *= 2;
    }
}

int health_note(struct health *h, const char *source, unsigned kinds,
                int64_t now)
{
    if (!h || !source)
        return W_OK;
    kinds &= (1u << HEALTH_N_KINDS) - 1;
    window_note(h, source, kinds);
    char day[16], json[256];
    health_day(now, day, sizeof day);
    size_t len = 1;
    json[0] = '{';
    json[1] = '\0';
    for (int i = 0; i < HEALTH_N_KINDS; i++) {
        if (!(kinds & (1u << i)))
            continue;
        len += (size_t)snprintf(json + len, sizeof json - len, "%s\"%s\":1",
                                len > 1 ? "," : "", kind_names[i]);
    }
    snprintf(json + len, sizeof json - len, "}");
    sqlite3_stmt *st = h->upsert;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, kinds != 0);
    sqlite3_bind_text(st, 4, json, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int e = W_OK;
    if (rc != SQLITE_DONE) {
        W_WARN("health: cannot count a page of %s: %s", source,
               sqlite3_errmsg(h->db));
        e = rc == SQLITE_NOMEM                          ? W_NOMEM
            : rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? W_AGAIN
                                                        : W_IO;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return e;
}

long health_summary(struct health *h, const char *day)
{
    sqlite3_stmt *st = h->day;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
    long lines = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_text(st, 0);
        long records = (long)sqlite3_column_int64(st, 1);
        long drifted = (long)sqlite3_column_int64(st, 2);
        const char *bw = (const char *)sqlite3_column_text(st, 3);
        char kinds[200] = "";
        /* The object is ours ({"title":3,...}): list it as "title 3". */
        size_t k = 0;
        for (const char *p = bw ? bw : ""; *p && k + 1 < sizeof kinds; p++) {
            if (*p == '{' || *p == '}' || *p == '"')
                continue;
            if (*p == ':') {
                kinds[k++] = ' ';
            } else if (*p == ',') {
                if (k + 2 >= sizeof kinds)
                    break;
                kinds[k++] = ',';
                kinds[k++] = ' ';
            } else {
                kinds[k++] = *p;
            }
        }
        kinds[k] = '\0';
        W_NOTICE("health %s: source %s: %ld article pages, %ld drifted%s%s%s",
                 day, src ? src : "?", records, drifted, k ? " (" : "",
                 kinds, k ? ")" : "");
        lines++;
    }
    long e = lines;
    if (rc != SQLITE_DONE) {
        W_WARN("health: cannot read the counts of %s: %s", day,
               sqlite3_errmsg(h->db));
        e = W_IO;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return e;
}

void health_tick(struct health *h, int64_t now)
{
    if (!h)
        return;
    int64_t d = now / 86400;
    if (h->day_no >= 0 && d > h->day_no) {
        char day[16];
        health_day(h->day_no * 86400, day, sizeof day);
        health_summary(h, day);
    }
    if (d > h->day_no)
        h->day_no = d;
}
