/* SPDX-License-Identifier: MIT */
/*
 * Reading the store back out: the export walk in (published, id) order
 * with the incremental --since filter, and the two output formats of
 * `warta export` (JSON Lines through record_to_json, the one writer of the
 * record's JSON, and RFC 4180 CSV for spreadsheets). The formatters write
 * into a struct buf so they can be tested without a FILE.
 */
#include "config.h"
#include "store_int.h"
#include "log.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Parse n decimal digits at *p into *v and advance; 0 when not digits. */
static int digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return 0;
        x = x * 10 + (c - '0');
    }
    *p += n;
    *v = x;
    return 1;
}

/* Days in month m (1..12) of year y. */
static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int store_time_utc(const char *iso, char out[20])
{
    int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
    const char *p = iso;
    if (!p || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
        *p++ != '-' || !digits(&p, 2, &d))
        return W_PARSE;
    if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
        return W_PARSE;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return W_PARSE;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                return W_PARSE;
            if (*p == '.' || *p == ',') { /* fraction: dropped */
                p++;
                if (*p < '0' || *p > '9')
                    return W_PARSE;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return W_PARSE;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p++ == '+' ? 1 : -1;
            if (!digits(&p, 2, &oh))
                return W_PARSE;
            if (*p == ':')
                p++;
            if (*p && !digits(&p, 2, &om))
                return W_PARSE;
            if (oh > 23 || om > 59)
                return W_PARSE;
        }
    }
    if (*p)
        return W_PARSE;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    time_t t = timegm(&tm) - (time_t)sign * (oh * 3600 + om * 60);
    if (!gmtime_r(&t, &tm))
        return W_PARSE;
    if (strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
        return W_PARSE;
    return W_OK;
}

int store_export(struct store *s, const char *since,
                 int (*cb)(const struct warta_record *r, void *ud), void *ud)
{
    char utc[20];
    sqlite3_stmt *st = NULL;
    if (since && store_time_utc(since, utc) != W_OK)
        return W_PARSE;
    /* fetched is stored as "YYYY-MM-DDTHH:MM:SSZ" (store_put_record), so
     * text order is time order and the fetched index serves the filter.
     * The bound value has no "Z": a stored time at the very second still
     * compares greater, fractions included. */
    const char *sql =
        since ? "SELECT " STORE_ARTICLE_COLS " FROM articles "
                "WHERE fetched >= ?1 ORDER BY published_utc, id"
              : "SELECT " STORE_ARTICLE_COLS " FROM articles "
                "ORDER BY published_utc, id";
    int src = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (src != SQLITE_OK)
        return store_fail(s, src, "export");
    if (since)
        sqlite3_bind_text(st, 1, utc, -1, SQLITE_STATIC);
    int rc = W_OK;
    while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
        struct warta_record rec;
        record_init(&rec);
        rc = store_row_to_record(st, &rec);
        if (!rc)
            rc = cb(&rec, ud);
        record_cleanup(&rec);
    }
    if (!rc && src != SQLITE_DONE)
        rc = store_fail(s, src, "export");
    sqlite3_finalize(st);
    return rc;
}

/* ---- formats ----------------------------------------------------------- */

static const char *const csv_columns[] = {
    "id",      "outlet",    "source", "url",     "canonical_url",
    "title",   "published", "authors", "editors", "section",
    "tags",    "dateline",  "lang",    "fetched", "content_hash",
    "text",    "entities",
};

/* One field, quoted when it holds a separator, quote or line break. */
static int csv_field(struct buf *b, const char *v, int first)
{
    int rc = first ? W_OK : buf_addc(b, ',');
    if (rc || !v)
        return rc;
    if (!v[strcspn(v, ",\"\r\n")])
        return buf_adds(b, v);
    rc = buf_addc(b, '"');
    for (const char *p = v; !rc && *p;) {
        size_t n = strcspn(p, "\"");
        rc = buf_add(b, p, n);
        p += n;
        if (!rc && *p == '"') {
            rc = buf_add(b, "\"\"", 2);
            p++;
        }
    }
    return rc ? rc : buf_addc(b, '"');
}

/* A list field joined with "; ". */
static int csv_list(struct buf *b, struct buf *tmp, const struct strv *l)
{
    int rc = W_OK;
    buf_reset(tmp);
    for (size_t i = 0; !rc && l && i < l->n; i++) {
        if (i)
            rc = buf_adds(tmp, "; ");
        if (!rc)
            rc = buf_adds(tmp, l->v[i]);
    }
    if (!rc)
        rc = buf_add(tmp, "", 0);
    return rc ? rc : csv_field(b, buf_str(tmp), 0);
}

int store_export_csv_header(struct buf *b)
{
    int rc = W_OK;
    for (size_t i = 0; !rc && i < sizeof csv_columns / sizeof *csv_columns;
         i++)
        rc = csv_field(b, csv_columns[i], i == 0);
    return rc ? rc : buf_adds(b, "\r\n");
}

int store_export_csv(struct buf *b, const struct warta_record *r)
{
    struct buf tmp;
    buf_init(&tmp, b->max);
    int rc = csv_field(b, r->id, 1);
    if (!rc)
        rc = csv_field(b, r->outlet, 0);
    if (!rc)
        rc = csv_field(b, r->source, 0);
    if (!rc)
        rc = csv_field(b, r->url, 0);
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_CANONICAL_URL], 0);
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_TITLE], 0);
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_PUBLISHED], 0);
    if (!rc)
        rc = csv_list(b, &tmp, record_list(r, WARTA_F_AUTHORS));
    if (!rc)
        rc = csv_list(b, &tmp, record_list(r, WARTA_F_EDITORS));
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_SECTION], 0);
    if (!rc)
        rc = csv_list(b, &tmp, record_list(r, WARTA_F_TAGS));
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_DATELINE], 0);
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_LANG], 0);
    if (!rc)
        rc = csv_field(b, r->fetched, 0);
    if (!rc)
        rc = csv_field(b, r->content_hash, 0);
    if (!rc)
        rc = csv_field(b, r->scalar[WARTA_F_TEXT], 0);
    if (!rc && r->entities && !json_is_null(r->entities)) {
        buf_reset(&tmp);
        rc = store_json_append(&tmp, r->entities);
        if (!rc)
            rc = csv_field(b, buf_str(&tmp), 0);
    } else if (!rc) {
        rc = csv_field(b, NULL, 0);
    }
    if (!rc)
        rc = buf_adds(b, "\r\n");
    buf_cleanup(&tmp);
    return rc;
}

int store_export_jsonl(struct buf *b, const struct warta_record *r)
{
    json_t *o = record_to_json(r);
    if (!o)
        return W_NOMEM;
    int rc = store_json_append(b, o);
    json_decref(o);
    return rc ? rc : buf_addc(b, '\n');
}
