/* SPDX-License-Identifier: MIT */
/*
 * Frontier operations as prepared SQLite statements on the store's
 * connection (see frontier.h for the states). Each call is one statement,
 * so it commits on its own or joins the caller's store_begin() batch: the
 * scheduler wraps "store the article + mark its URL done + log the fetch"
 * in one transaction, which is what makes a kill -9 lose nothing and store
 * nothing twice.
 */
#include "config.h"
#include "frontier.h"
#include "log.h"
#include "mem.h"
#include "store.h"
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

enum {
    Q_ADD = 0,
    Q_PROMOTE,
    Q_FETCH_URL,
    Q_DUE,
    Q_LEASE,
    Q_DEFER,
    Q_REQUEUE,
    Q_GET_POLL,
    Q_DONE_ARTICLE,
    Q_DONE_INDEX,
    Q_RETRY,
    Q_FINAL,
    Q_NEXT,
    Q_COUNT,
    Q_COUNT_ALL,
    Q_RECOVER,
    Q_UNFINISHED,
    Q_SET_DUE,
    Q_SYNC_CLEAR_ALL,
    Q_SYNC_SCHEDULED,
    Q_SYNC_YOUNG,
    Q__N
};

static const char *const sql[Q__N] = {
    [Q_ADD] = "INSERT OR IGNORE INTO frontier (url, source, kind, state, "
              "due_at, discovered, published_hint, depth, fetch_url) "
              "VALUES (?1, ?2, ?3, 'new', ?4, ?5, ?6, ?7, ?8)",
    /* A row known before its URL as discovered was (an upgraded store,
     * or a row added with none) learns it; a known one is kept. */
    [Q_FETCH_URL] = "UPDATE frontier SET fetch_url = ?2 "
                    "WHERE url = ?1 AND fetch_url IS NULL",
    [Q_PROMOTE] = "UPDATE frontier SET kind = 'index', depth = 0, "
                  "source = coalesce(source, ?2) "
                  "WHERE url = ?1 AND (kind <> 'index' OR depth <> 0)",
    /* A done row with a due_at is an article waiting for a re-check. */
    [Q_DUE] = "SELECT url, source, kind, attempts, etag, last_modified, "
              "due_at, poll_interval, depth, first_fetched, fetch_url "
              "FROM frontier "
              "WHERE (state IN ('new', 'due', 'done') AND due_at <= ?1) "
              "OR (state = 'inflight' AND lease_until <= ?1) "
              "ORDER BY due_at LIMIT ?2",
    [Q_LEASE] = "UPDATE frontier SET state = 'inflight', lease_until = ?2 "
                "WHERE url = ?1",
    [Q_DEFER] = "UPDATE frontier SET due_at = ?2 WHERE url = ?1 "
                "AND (state IN ('new', 'due', 'inflight') "
                "OR (state = 'done' AND due_at IS NOT NULL))",
    [Q_REQUEUE] = "UPDATE frontier SET state = 'due', due_at = ?2, "
                  "lease_until = NULL WHERE url = ?1 AND state = 'inflight'",
    [Q_GET_POLL] = "SELECT kind, poll_interval, attempts, first_fetched, "
                   "fetched_at, state FROM frontier WHERE url = ?1",
    [Q_DONE_ARTICLE] = "UPDATE frontier SET state = 'done', due_at = NULL, "
                       "lease_until = NULL, attempts = 0, last_status = ?2, "
                       "last_error = NULL, fetched_at = ?3, "
                       "first_fetched = coalesce(first_fetched, ?3), "
                       "etag = coalesce(?4, etag), "
                       "last_modified = coalesce(?5, last_modified) "
                       "WHERE url = ?1",
    [Q_DONE_INDEX] = "UPDATE frontier SET state = 'due', due_at = ?3 + ?6, "
                     "lease_until = NULL, attempts = 0, last_status = ?2, "
                     "last_error = NULL, fetched_at = ?3, "
                     "etag = coalesce(?4, etag), "
                     "last_modified = coalesce(?5, last_modified), "
                     "poll_interval = ?6 WHERE url = ?1",
    [Q_RETRY] = "UPDATE frontier SET state = ?6, due_at = ?3, "
                "lease_until = NULL, attempts = ?2, last_status = ?4, "
                "last_error = ?5, fetched_at = coalesce(?7, fetched_at) "
                "WHERE url = ?1",
    [Q_FINAL] = "UPDATE frontier SET state = ?2, due_at = ?3, "
                "lease_until = NULL, last_status = ?4, last_error = ?5, "
                "fetched_at = ?6 WHERE url = ?1",
    /* One index seek per state: done rows are most of the table. */
    [Q_NEXT] = "SELECT min(t) FROM ("
               "SELECT min(due_at) AS t FROM frontier "
               "WHERE state = 'new' UNION ALL "
               "SELECT min(due_at) FROM frontier WHERE state = 'due' "
               "UNION ALL "
               "SELECT min(due_at) FROM frontier WHERE state = 'done' "
               "UNION ALL "
               "SELECT min(lease_until) FROM frontier "
               "WHERE state = 'inflight')",
    [Q_COUNT] = "SELECT count(*) FROM frontier WHERE state = ?1",
    [Q_COUNT_ALL] = "SELECT count(*) FROM frontier",
    [Q_UNFINISHED] = "SELECT count(*) FROM frontier "
                     "WHERE state IN ('new', 'due', 'inflight') "
                     "AND (kind = 'article' OR fetched_at IS NULL)",
    [Q_RECOVER] = "UPDATE frontier SET state = 'due', due_at = ?1, "
                  "lease_until = NULL WHERE state = 'inflight'",
    [Q_SET_DUE] = "UPDATE frontier SET due_at = ?2 WHERE url = ?1 "
                  "AND state = 'done' AND kind = 'article' "
                  "AND due_at IS NOT ?2",
    /* A source without a policy: no re-check stays scheduled. */
    [Q_SYNC_CLEAR_ALL] = "UPDATE frontier SET due_at = NULL "
                         "WHERE state = 'done' AND due_at IS NOT NULL "
                         "AND source IS ?1",
    /* Re-checks already scheduled (the (state, due_at) index)... */
    [Q_SYNC_SCHEDULED] = "SELECT url, first_fetched, fetched_at, due_at "
                         "FROM frontier WHERE state = 'done' "
                         "AND due_at IS NOT NULL AND source IS ?1",
    /* ...and articles young enough for the policy that have none. The
     * index is named because without statistics SQLite would pick the
     * (state, due_at) one, whose done/NULL range is most of the table. */
    [Q_SYNC_YOUNG] = "SELECT url, first_fetched, fetched_at, due_at "
                     "FROM frontier INDEXED BY frontier_first_fetched "
                     "WHERE first_fetched > ?2 "
                     "AND source IS ?1 AND kind = 'article' "
                     "AND state = 'done' AND due_at IS NULL",
};

struct frontier {
    sqlite3 *db;
    sqlite3_stmt *st[Q__N];
};

static int fail(struct frontier *f, int rc, const char *what)
{
    W_ERROR("frontier: %s: %s", what, sqlite3_errmsg(f->db));
    if (rc == SQLITE_NOMEM)
        return W_NOMEM;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return W_AGAIN;
    return W_IO;
}

int frontier_open(struct store *s, struct frontier **out)
{
    *out = NULL;
    struct frontier *f = w_calloc(1, sizeof *f);
    if (!f)
        return W_NOMEM;
    f->db = store_db(s);
    for (int i = 0; i < Q__N; i++) {
        int rc = sqlite3_prepare_v3(f->db, sql[i], -1,
                                    SQLITE_PREPARE_PERSISTENT, &f->st[i],
                                    NULL);
        if (rc != SQLITE_OK) {
            int e = fail(f, rc, "prepare");
            frontier_close(f);
            return e == W_NOMEM ? W_NOMEM : W_IO;
        }
    }
    *out = f;
    return W_OK;
}

void frontier_close(struct frontier *f)
{
    if (!f)
        return;
    for (int i = 0; i < Q__N; i++)
        sqlite3_finalize(f->st[i]);
    w_free(f);
}

void frontier_item_cleanup(struct frontier_item *it)
{
    W_FREE(it->url);
    W_FREE(it->fetch_url);
    W_FREE(it->source);
    W_FREE(it->etag);
    W_FREE(it->last_modified);
}

static const char *kind_name(enum frontier_kind k)
{
    return k == FRONTIER_INDEX ? "index" : "article";
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Step a statement that returns no rows; reset it either way. */
static int run(struct frontier *f, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    int e = rc == SQLITE_DONE ? W_OK : fail(f, rc, what);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return e;
}

int frontier_add(struct frontier *f, const char *url, const char *source,
                 enum frontier_kind kind, int64_t due_at, int depth,
                 const char *published)
{
    return frontier_add_from(f, url, NULL, source, kind, due_at, depth,
                             published);
}

int frontier_add_from(struct frontier *f, const char *url,
                      const char *fetch_url, const char *source,
                      enum frontier_kind kind, int64_t due_at, int depth,
                      const char *published)
{
    if (fetch_url && (!*fetch_url || strcmp(fetch_url, url) == 0))
        fetch_url = NULL;
    sqlite3_stmt *st = f->st[Q_ADD];
    bind_text(st, 1, url);
    bind_text(st, 2, source);
    bind_text(st, 3, kind_name(kind));
    sqlite3_bind_int64(st, 4, due_at);
    sqlite3_bind_int64(st, 5, due_at);
    bind_text(st, 6, published);
    sqlite3_bind_int(st, 7, depth);
    bind_text(st, 8, fetch_url);
    int rc = run(f, st, "add");
    if (rc != W_OK)
        return rc;
    int added = sqlite3_changes(f->db) > 0;
    if (!added && fetch_url) {
        st = f->st[Q_FETCH_URL];
        bind_text(st, 1, url);
        bind_text(st, 2, fetch_url);
        rc = run(f, st, "fetch_url");
        if (rc != W_OK)
            return rc;
    }
    if (!added && kind == FRONTIER_INDEX && depth == 0) {
        st = f->st[Q_PROMOTE];
        bind_text(st, 1, url);
        bind_text(st, 2, source);
        rc = run(f, st, "promote");
        if (rc != W_OK)
            return rc;
    }
    return added;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? w_strdup((const char *)t) : NULL;
}

int frontier_due(struct frontier *f, int64_t now, struct frontier_item *items,
                 int max)
{
    if (max > FRONTIER_LEASE_BATCH)
        max = FRONTIER_LEASE_BATCH;
    sqlite3_stmt *st = f->st[Q_DUE];
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, max);
    int n = 0, rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct frontier_item *it = &items[n];
        memset(it, 0, sizeof *it);
        it->url = col_dup(st, 0);
        it->source = col_dup(st, 1);
        const unsigned char *k = sqlite3_column_text(st, 2);
        it->kind = k && strcmp((const char *)k, "index") == 0
                       ? FRONTIER_INDEX
                       : FRONTIER_ARTICLE;
        it->attempts = sqlite3_column_int(st, 3);
        it->etag = col_dup(st, 4);
        it->last_modified = col_dup(st, 5);
        it->due_at = sqlite3_column_int64(st, 6);
        it->poll_interval = sqlite3_column_int64(st, 7);
        it->depth = sqlite3_column_int(st, 8);
        it->first_fetched = sqlite3_column_int64(st, 9);
        it->fetch_url = col_dup(st, 10);
        if (!it->url || (!it->fetch_url &&
                         sqlite3_column_type(st, 10) != SQLITE_NULL)) {
            frontier_item_cleanup(it);
            rc = SQLITE_NOMEM;
            break;
        }
        n++;
    }
    if (n < max && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        int e = fail(f, rc, "due");
        sqlite3_reset(st);
        for (int i = 0; i < n; i++)
            frontier_item_cleanup(&items[i]);
        return e;
    }
    sqlite3_reset(st);
    return n;
}

int frontier_lease(struct frontier *f, const char *url, int64_t lease_until)
{
    sqlite3_stmt *st = f->st[Q_LEASE];
    bind_text(st, 1, url);
    sqlite3_bind_int64(st, 2, lease_until);
    int rc = run(f, st, "lease");
    if (rc == W_OK && sqlite3_changes(f->db) == 0)
        return W_NOTFOUND;
    return rc;
}

int frontier_defer(struct frontier *f, const char *url, int64_t due_at)
{
    sqlite3_stmt *st = f->st[Q_DEFER];
    bind_text(st, 1, url);
    sqlite3_bind_int64(st, 2, due_at);
    return run(f, st, "defer");
}

int frontier_requeue(struct frontier *f, const char *url, int64_t due_at)
{
    sqlite3_stmt *st = f->st[Q_REQUEUE];
    bind_text(st, 1, url);
    sqlite3_bind_int64(st, 2, due_at);
    return run(f, st, "requeue");
}

/* What the transitions need to know of a row. */
struct row {
    int is_index;
    int64_t poll;          /* poll_interval */
    int attempts;
    int64_t first_fetched; /* 0 when never fetched */
    int64_t fetched_at;    /* 0 when never */
    int done;              /* state = 'done' */
};

/* The row of url. W_NOTFOUND when absent. */
static int get_row(struct frontier *f, const char *url, struct row *r)
{
    sqlite3_stmt *st = f->st[Q_GET_POLL];
    bind_text(st, 1, url);
    int rc = sqlite3_step(st), e = W_OK;
    memset(r, 0, sizeof *r);
    if (rc == SQLITE_ROW) {
        const unsigned char *k = sqlite3_column_text(st, 0);
        r->is_index = k && strcmp((const char *)k, "index") == 0;
        r->poll = sqlite3_column_int64(st, 1);
        r->attempts = sqlite3_column_int(st, 2);
        r->first_fetched = sqlite3_column_int64(st, 3);
        r->fetched_at = sqlite3_column_int64(st, 4);
        const unsigned char *state = sqlite3_column_text(st, 5);
        r->done = state && strcmp((const char *)state, "done") == 0;
    } else if (rc == SQLITE_DONE) {
        e = W_NOTFOUND;
    } else {
        e = fail(f, rc, "get");
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return e;
}

static int64_t clamp(double v, double lo, double hi)
{
    if (hi < lo)
        hi = lo;
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return (int64_t)(v + 0.5);
}

int frontier_done(struct frontier *f, const char *url, int64_t now,
                  long status, const char *etag, const char *last_modified,
                  long new_links, double poll, double poll_min,
                  double poll_max)
{
    struct row row;
    int rc = get_row(f, url, &row);
    if (rc != W_OK)
        return rc;
    int is_index = row.is_index;
    int64_t cur = row.poll;
    sqlite3_stmt *st = f->st[is_index ? Q_DONE_INDEX : Q_DONE_ARTICLE];
    bind_text(st, 1, url);
    sqlite3_bind_int64(st, 2, status);
    sqlite3_bind_int64(st, 3, now);
    bind_text(st, 4, etag);
    bind_text(st, 5, last_modified);
    if (is_index) {
        /* The first poll starts from the configured interval. */
        double p = cur > 0 ? (double)cur : poll;
        if (cur > 0)
            p = new_links > 0 ? p / 2 : p * 1.5;
        sqlite3_bind_int64(st, 6, clamp(p, poll_min, poll_max));
    }
    return run(f, st, "done");
}

int frontier_retry(struct frontier *f, const char *url, int64_t now,
                   int64_t retry_at, long status, const char *error,
                   int max_attempts, double poll_max)
{
    struct row row;
    int rc = get_row(f, url, &row);
    if (rc != W_OK)
        return rc;
    int attempts = row.attempts + 1;
    const char *state = "due";
    int gave_up = 0;
    if (attempts >= max_attempts) {
        gave_up = 1;
        if (row.is_index) {
            retry_at = now + (int64_t)poll_max;
            attempts = 0;
        } else if (row.first_fetched > 0) {
            /* A re-check that keeps failing: the stored article stays
             * as it is and the row waits for its next re-check (set by
             * frontier_recheck). */
            state = "done";
            attempts = 0;
        } else {
            state = "failed";
        }
    }
    sqlite3_stmt *st = f->st[Q_RETRY];
    bind_text(st, 1, url);
    sqlite3_bind_int(st, 2, attempts);
    if (strcmp(state, "due") != 0)
        sqlite3_bind_null(st, 3);
    else
        sqlite3_bind_int64(st, 3, retry_at);
    sqlite3_bind_int64(st, 4, status);
    bind_text(st, 5, error);
    bind_text(st, 6, state);
    if (gave_up)
        sqlite3_bind_int64(st, 7, now);
    else
        sqlite3_bind_null(st, 7);
    return run(f, st, "retry");
}

static int final(struct frontier *f, const char *url, const char *state,
                 int64_t now, long status, const char *error,
                 double poll_max)
{
    struct row row;
    int rc = get_row(f, url, &row);
    if (rc != W_OK)
        return rc;
    int is_index = row.is_index;
    sqlite3_stmt *st = f->st[Q_FINAL];
    bind_text(st, 1, url);
    bind_text(st, 2, is_index ? "due" : state);
    if (is_index)
        sqlite3_bind_int64(st, 3, now + (int64_t)poll_max);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, status);
    bind_text(st, 5, error);
    sqlite3_bind_int64(st, 6, now);
    return run(f, st, state);
}

int frontier_gone(struct frontier *f, const char *url, int64_t now,
                  long status, const char *error, double poll_max)
{
    return final(f, url, "gone", now, status, error, poll_max);
}

int frontier_fail(struct frontier *f, const char *url, int64_t now,
                  long status, const char *error, double poll_max)
{
    return final(f, url, "failed", now, status, error, poll_max);
}

int64_t frontier_next_due(struct frontier *f)
{
    sqlite3_stmt *st = f->st[Q_NEXT];
    int64_t t = INT64_MAX;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        t = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        fail(f, rc, "next");
    sqlite3_reset(st);
    return t;
}

long frontier_count(struct frontier *f, const char *state)
{
    sqlite3_stmt *st = f->st[state ? Q_COUNT : Q_COUNT_ALL];
    if (state)
        bind_text(st, 1, state);
    long n = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    else
        n = fail(f, rc, "count");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return n;
}

long frontier_recover(struct frontier *f, int64_t now)
{
    sqlite3_stmt *st = f->st[Q_RECOVER];
    sqlite3_bind_int64(st, 1, now);
    int rc = run(f, st, "recover");
    return rc == W_OK ? (long)sqlite3_changes(f->db) : rc;
}

long frontier_unfinished(struct frontier *f)
{
    sqlite3_stmt *st = f->st[Q_UNFINISHED];
    long n = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    else
        n = fail(f, rc, "unfinished");
    sqlite3_reset(st);
    return n;
}

/* ---- re-checks ---------------------------------------------------- */

int64_t frontier_recheck_next(const double *ages, size_t n, int64_t first,
                              int64_t last)
{
    if (first <= 0)
        return 0;
    int64_t best = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(ages[i] >= 1)) /* also refuses NaN */
            continue;
        double a = ages[i] > 1e10 ? 1e10 : ages[i];
        int64_t t = first + (int64_t)(a + 0.5);
        if (t > last && (best == 0 || t < best))
            best = t;
    }
    return best;
}

static int set_due(struct frontier *f, const char *url, int64_t due)
{
    sqlite3_stmt *st = f->st[Q_SET_DUE];
    bind_text(st, 1, url);
    if (due > 0)
        sqlite3_bind_int64(st, 2, due);
    else
        sqlite3_bind_null(st, 2);
    int rc = run(f, st, "recheck");
    return rc == W_OK ? sqlite3_changes(f->db) > 0 : rc;
}

int frontier_recheck(struct frontier *f, const char *url, const double *ages,
                     size_t n)
{
    struct row row;
    int rc = get_row(f, url, &row);
    if (rc != W_OK)
        return rc;
    if (row.is_index || !row.done)
        return W_OK;
    int64_t last = row.fetched_at > 0 ? row.fetched_at : row.first_fetched;
    rc = set_due(f, url, frontier_recheck_next(ages, n, row.first_fetched,
                                               last));
    return rc < 0 ? rc : W_OK;
}

/*
 * Rows of st (url, first_fetched, fetched_at, due_at) whose due_at is not
 * what the policy says: collected first and written after, so that the
 * updates do not disturb the scan. Returns the number changed or a
 * negative W_* code.
 */
static long sync_rows(struct frontier *f, sqlite3_stmt *st,
                      const double *ages, size_t n)
{
    struct due_row {
        char *url;
        int64_t due;
    } *todo = NULL;
    size_t n_todo = 0, cap = 0;
    int rc = SQLITE_DONE, e = W_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t first = sqlite3_column_int64(st, 1);
        int64_t last = sqlite3_column_int64(st, 2);
        int64_t cur = sqlite3_column_type(st, 3) == SQLITE_NULL
                          ? 0
                          : sqlite3_column_int64(st, 3);
        int64_t due = frontier_recheck_next(ages, n, first,
                                            last > 0 ? last : first);
        if (due == cur)
            continue;
        if (n_todo == cap) {
            size_t nc = cap ? cap * 2 : 64;
            struct due_row *nv = w_realloc(todo, nc * sizeof *nv);
            if (!nv) {
                e = W_NOMEM;
                break;
            }
            todo = nv;
            cap = nc;
        }
        todo[n_todo].url = col_dup(st, 0);
        if (!todo[n_todo].url) {
            e = W_NOMEM;
            break;
        }
        todo[n_todo++].due = due;
    }
    if (e == W_OK && rc != SQLITE_DONE)
        e = fail(f, rc, "recheck sync");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    long changed = 0;
    for (size_t i = 0; i < n_todo; i++) {
        if (e == W_OK) {
            int r = set_due(f, todo[i].url, todo[i].due);
            if (r < 0)
                e = r;
            else
                changed += r;
        }
        w_free(todo[i].url);
    }
    w_free(todo);
    return e == W_OK ? changed : e;
}

long frontier_recheck_sync(struct frontier *f, const char *source,
                           const double *ages, size_t n, int64_t now)
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (ages[i] >= 1 && ages[i] > max)
            max = ages[i] > 1e10 ? 1e10 : ages[i];
    if (max <= 0) {
        sqlite3_stmt *st = f->st[Q_SYNC_CLEAR_ALL];
        bind_text(st, 1, source);
        int rc = run(f, st, "recheck sync");
        return rc == W_OK ? (long)sqlite3_changes(f->db) : rc;
    }
    sqlite3_stmt *st = f->st[Q_SYNC_SCHEDULED];
    bind_text(st, 1, source);
    long a = sync_rows(f, st, ages, n);
    if (a < 0)
        return a;
    st = f->st[Q_SYNC_YOUNG];
    bind_text(st, 1, source);
    sqlite3_bind_int64(st, 2, now - (int64_t)(max + 0.5));
    long b = sync_rows(f, st, ages, n);
    return b < 0 ? b : a + b;
}
