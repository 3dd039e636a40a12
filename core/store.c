/* SPDX-License-Identifier: MIT */
/*
 * The SQLite store: opening (WAL, busy timeout, migrations), statements and
 * transactions, checkpoints, sources, the fetch log and the consistency
 * check the tests and operators run. Statements are prepared once per
 * connection and kept in the store struct, since the daemon puts thousands
 * of records through the same few statements. A unit of work (one record,
 * store_record.c) is one transaction, or a savepoint when the caller
 * batches with store_begin/store_commit, and rolling back needs no memory,
 * so a crash or a failed allocation never leaves half a record behind.
 */
#include "config.h"
#include "store_int.h"
#include "log.h"
#include "mem.h"
#include "paths.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const stmt_sql[ST__COUNT] = {
    [ST_ARTICLE_GET] = "SELECT " STORE_ARTICLE_COLS
                       ", revision FROM articles WHERE id = ?1",
    [ST_ARTICLE_INSERT] =
        "INSERT INTO articles (" STORE_ARTICLE_COLS
        ", revision, first_seen, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 1, "
        "?20, ?20)",
    [ST_ARTICLE_UPDATE] =
        "UPDATE articles SET outlet = ?2, source = ?3, url = ?4, "
        "canonical_url = ?5, title = ?6, published = ?7, modified = ?8, "
        "authors = ?9, editors = ?10, section = ?11, tags = ?12, "
        "dateline = ?13, lang = ?14, text = ?15, content_hash = ?16, "
        "fetched = ?17, entities = ?18, warnings = ?19, updated = ?20, "
        "revision = revision + ?21 WHERE id = ?1",
    [ST_REVISION_COPY] =
        "INSERT INTO article_revisions (article_id, revision, content_hash, "
        "text, title, fetched) SELECT id, revision, content_hash, text, "
        "title, fetched FROM articles WHERE id = ?1",
    [ST_ENTITY_DELETE] = "DELETE FROM entities WHERE article_id = ?1",
    [ST_ENTITY_INSERT] =
        "INSERT INTO entities (article_id, kind, seq, value, start, \"end\") "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_HAS_URL] = "SELECT 1 FROM articles WHERE canonical_url = ?1 "
                   "OR id = ?2 LIMIT 1",
    [ST_FETCH_LOG] = "INSERT INTO fetch_log (url, started, duration_ms, "
                     "status, bytes, outcome, error) VALUES (?1, ?2, ?3, "
                     "?4, ?5, ?6, ?7)",
    [ST_FETCH_PRUNE] = "DELETE FROM fetch_log WHERE id <= "
                       "(SELECT max(id) FROM fetch_log) - ?1",
    [ST_SOURCE_PUT] =
        "INSERT INTO sources (name, plugin, config_hash, created, updated) "
        "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) DO UPDATE SET "
        "plugin = excluded.plugin, config_hash = excluded.config_hash, "
        "updated = excluded.updated WHERE plugin IS NOT excluded.plugin "
        "OR config_hash IS NOT excluded.config_hash",
    [ST_CKPT_GET] = "SELECT state FROM checkpoints WHERE job = ?1",
    [ST_CKPT_PUT] = "INSERT INTO checkpoints (job, state, updated) VALUES "
                    "(?1, ?2, ?3) ON CONFLICT (job) DO UPDATE SET "
                    "state = excluded.state, updated = excluded.updated",
    [ST_CKPT_DELETE] = "DELETE FROM checkpoints WHERE job = ?1",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT store_unit",
    [ST_RELEASE] = "RELEASE store_unit",
    [ST_ROLLBACK_TO] = "ROLLBACK TO store_unit",
};

int store_err(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return W_OK;
    case SQLITE_NOMEM:
        return W_NOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return W_AGAIN;
    case SQLITE_TOOBIG:
        return W_TOOBIG;
    case SQLITE_NOTADB:
        return W_PARSE;
    case SQLITE_NOTFOUND:
        return W_NOTFOUND;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CORRUPT:
    case SQLITE_PERM:
        return W_IO;
    default:
        return W_ERR;
    }
}

int store_fail(struct store *s, int rc, const char *what)
{
    const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    W_ERROR("store %s: %s: %s", s->path, what, msg);
    return store_err(rc);
}

int store_exec(struct store *s, const char *sql)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? W_OK : store_fail(s, rc, "exec");
}

void store_now_iso(char out[24])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

sqlite3_stmt *store_st(struct store *s, enum store_stmt which)
{
    if (s->st[which])
        return s->st[which];
    int rc = sqlite3_prepare_v3(s->db, stmt_sql[which], -1,
                                SQLITE_PREPARE_PERSISTENT, &s->st[which],
                                NULL);
    if (rc != SQLITE_OK) {
        store_fail(s, rc, "prepare");
        s->st[which] = NULL;
    }
    return s->st[which];
}

void store_reset(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

int store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
             : sqlite3_bind_null(st, i);
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    store_reset(st);
    if (rc == SQLITE_DONE)
        return W_OK;
    return store_fail(s, rc, what);
}

static void tx_rollback(struct store *s);

/* mkdir -p of path's directory. */
static int make_parents(const char *path)
{
    char dir[PATH_MAX];
    if (strlen(path) >= sizeof dir) {
        W_ERROR("store %s: path too long", path);
        return W_TOOBIG;
    }
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return W_OK;
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
            W_ERRNO("store %s: cannot create directory %s", path, dir);
            return W_IO;
        }
        *p = c;
        if (!c)
            break;
    }
    return W_OK;
}

const char *store_default_path(void)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/warta.db", paths_state_dir());
    return path;
}

const char *store_path(const struct store *s) { return s->path; }
sqlite3 *store_db(struct store *s) { return s->db; }

void store_set_fetch_log_max(struct store *s, long max)
{
    s->fetch_log_max = max < 1 ? 1 : max;
}

int store_schema_version(struct store *s)
{
    sqlite3_stmt *st = NULL;
    int v = W_IO;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Connection settings for a writer. WAL lets readers (an export, an
 * analyst's shell) run beside the daemon; synchronous=NORMAL keeps WAL
 * commits free of fsync, losing at most the last transactions on power
 * loss, never consistency. The journal size limit bounds the -wal file. */
static int setup_writer(struct store *s)
{
    int rc = W_OK;
    if (strcmp(s->path, ":memory:") != 0) {
        sqlite3_stmt *st = NULL;
        int src = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1,
                                     &st, NULL);
        if (src == SQLITE_OK)
            src = sqlite3_step(st);
        if (src != SQLITE_ROW) {
            rc = store_fail(s, src, "journal_mode");
        } else if (strcmp((const char *)sqlite3_column_text(st, 0), "wal")) {
            W_ERROR("store %s: cannot use WAL mode (got %s)", s->path,
                    (const char *)sqlite3_column_text(st, 0));
            rc = W_IO;
        }
        sqlite3_finalize(st);
        if (rc)
            return rc;
    }
    rc = store_exec(s, "PRAGMA synchronous = NORMAL");
    if (!rc)
        rc = store_exec(s, "PRAGMA journal_size_limit = 67108864");
    return rc;
}

int store_open_ex(const char *path, unsigned flags, struct store **out)
{
    int rc = W_OK;
    struct store *s = NULL;
    *out = NULL;
    if (!path || !*path) {
        W_ERROR("store: empty path");
        return W_CONFIG;
    }
    if (flags & STORE_OPEN_READONLY)
        flags |= STORE_OPEN_NOCREATE;
    int memory = strcmp(path, ":memory:") == 0;
    if (!memory && (flags & STORE_OPEN_NOCREATE)) {
        struct stat sb;
        if (stat(path, &sb) != 0) {
            rc = errno == ENOENT ? W_NOTFOUND : W_IO;
            W_ERROR("store %s: %s", path, strerror(errno));
            return rc;
        }
        if (access(path, R_OK) != 0) {
            W_ERROR("store %s: %s", path, strerror(errno));
            return W_IO;
        }
    } else if (!memory) {
        rc = make_parents(path);
        if (rc)
            return rc;
    }
    s = w_calloc(1, sizeof *s);
    if (!s || !(s->path = w_strdup(path))) {
        rc = W_NOMEM;
        goto out;
    }
    s->flags = flags;
    s->fetch_log_max = STORE_FETCH_LOG_MAX;
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (flags & STORE_OPEN_READONLY)
        oflags = SQLITE_OPEN_READONLY;
    else if (flags & STORE_OPEN_NOCREATE)
        oflags = SQLITE_OPEN_READWRITE;
    int src = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (src != SQLITE_OK) {
        rc = s->db ? store_fail(s, src, "open") : W_NOMEM;
        goto out;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
    int version = 0;
    rc = store_exec(s, "PRAGMA foreign_keys = ON");
    if (!rc) /* before anything is written */
        rc = store_schema_check(s, &version);
    if (!rc && !(flags & STORE_OPEN_READONLY))
        rc = setup_writer(s);
    if (!rc && !(flags & STORE_OPEN_READONLY))
        rc = store_schema_upgrade(s, version);
    for (int i = ST_BEGIN; !rc && i <= ST_ROLLBACK_TO; i++)
        if (!store_st(s, (enum store_stmt)i))
            rc = store_err(sqlite3_errcode(s->db));
out:
    if (rc) {
        store_close(s);
        return rc;
    }
    *out = s;
    return W_OK;
}

int store_open(const char *path, struct store **out)
{
    return store_open_ex(path, 0, out);
}

void store_close(struct store *s)
{
    if (!s)
        return;
    if (s->db)
        tx_rollback(s);
    for (int i = 0; i < ST__COUNT; i++)
        sqlite3_finalize(s->st[i]);
    /* close_v2: statements someone else prepared on store_db() keep the
     * connection alive until they are finalised, instead of failing. */
    sqlite3_close_v2(s->db);
    w_free(s->path);
    w_free(s);
}

/* ---- transactions ------------------------------------------------------ */

/* Step a prepared transaction-control statement. */
static int tx_run(struct store *s, enum store_stmt which, const char *what)
{
    sqlite3_stmt *st = store_st(s, which);
    if (!st)
        return store_err(sqlite3_errcode(s->db));
    return store_step_done(s, st, what);
}

/* Undo the whole open transaction, if any. Remembers a failure so that
 * the next transaction starts by trying again. */
static void tx_rollback(struct store *s)
{
    if (!sqlite3_get_autocommit(s->db)) {
        sqlite3_stmt *st = s->st[ST_ROLLBACK];
        if (st) {
            sqlite3_step(st);
            sqlite3_reset(st);
        }
    }
    s->stale = !sqlite3_get_autocommit(s->db);
}

/* Before opening a transaction: clear a leftover of a failed rollback. */
static int tx_clear_stale(struct store *s)
{
    if (s->stale)
        tx_rollback(s);
    if (s->stale) {
        W_ERROR("store %s: cannot roll back an earlier failed transaction",
                s->path);
        return W_IO;
    }
    return W_OK;
}

int store_begin(struct store *s)
{
    int rc = tx_clear_stale(s);
    if (rc)
        return rc;
    if (!sqlite3_get_autocommit(s->db)) {
        W_ERROR("store %s: store_begin inside a transaction", s->path);
        return W_ERR;
    }
    return tx_run(s, ST_BEGIN, "begin");
}

int store_commit(struct store *s)
{
    if (sqlite3_get_autocommit(s->db)) {
        W_ERROR("store %s: commit without a transaction (rolled back after "
                "an error?)",
                s->path);
        return W_ERR;
    }
    return tx_run(s, ST_COMMIT, "commit");
}

void store_rollback(struct store *s)
{
    if (s)
        tx_rollback(s);
}

/* SQLite may have rolled the whole transaction back already (out of
 * memory, disk full), in which case there is nothing left to undo. */
int store_unit_begin(struct store *s, int *nested)
{
    int rc = tx_clear_stale(s);
    if (rc)
        return rc;
    *nested = !sqlite3_get_autocommit(s->db);
    return tx_run(s, *nested ? ST_SAVEPOINT : ST_BEGIN, "begin");
}

int store_unit_end(struct store *s, int nested, int rc)
{
    if (rc == W_OK) {
        rc = tx_run(s, nested ? ST_RELEASE : ST_COMMIT, "commit");
        if (rc == W_OK)
            return W_OK;
    }
    if (sqlite3_get_autocommit(s->db))
        return rc;
    if (!nested) {
        tx_rollback(s);
        return rc;
    }
    sqlite3_stmt *to = s->st[ST_ROLLBACK_TO];
    sqlite3_stmt *rel = s->st[ST_RELEASE];
    if (to && sqlite3_step(to) == SQLITE_DONE) {
        sqlite3_reset(to);
        if (rel && sqlite3_step(rel) == SQLITE_DONE) {
            sqlite3_reset(rel);
            return rc;
        }
    }
    if (to)
        sqlite3_reset(to);
    if (rel)
        sqlite3_reset(rel);
    /* The savepoint cannot be undone: the caller's batch is unusable. */
    tx_rollback(s);
    return rc;
}

/* ---- JSON columns ------------------------------------------------------ */

struct dump {
    struct buf *b;
    int err;
};

static int dump_cb(const char *p, size_t n, void *ud)
{
    struct dump *d = ud;
    d->err = buf_add(d->b, p, n);
    return d->err ? -1 : 0;
}

int store_json_append(struct buf *b, const json_t *j)
{
    struct dump d = {b, W_OK};
    if (json_dump_callback(j, dump_cb, &d,
                           JSON_COMPACT | JSON_PRESERVE_ORDER |
                               JSON_ENCODE_ANY) != 0)
        return d.err ? d.err : W_NOMEM;
    return buf_add(b, "", 0); /* NUL-ended even when empty */
}

/* ---- fetch log, sources, checkpoints ---------------------------------- */

int store_log_fetch(struct store *s, const struct store_fetch *f)
{
    sqlite3_stmt *st = store_st(s, ST_FETCH_LOG);
    if (!st)
        return W_ERR;
    if (!f || !f->url)
        return W_ERR;
    store_bind_text(st, 1, f->url);
    sqlite3_bind_int64(st, 2, f->started);
    sqlite3_bind_int64(st, 3, f->duration_ms);
    sqlite3_bind_int(st, 4, f->status);
    sqlite3_bind_int64(st, 5, f->bytes);
    store_bind_text(st, 6, f->outcome);
    store_bind_text(st, 7, f->error);
    int rc = store_step_done(s, st, "log fetch");
    if (rc)
        return rc;
    /* Prune in steps, not per row: one DELETE per 1024 rows logged. */
    unsigned long every =
        s->fetch_log_max < 1024 ? (unsigned long)s->fetch_log_max : 1024;
    if (++s->fetch_logs < every)
        return W_OK;
    s->fetch_logs = 0;
    st = store_st(s, ST_FETCH_PRUNE);
    if (!st)
        return W_ERR;
    sqlite3_bind_int64(st, 1, s->fetch_log_max);
    return store_step_done(s, st, "prune fetch log");
}

int store_source_put(struct store *s, const char *name, const char *plugin,
                     const char *config_hash)
{
    char now[24];
    sqlite3_stmt *st = store_st(s, ST_SOURCE_PUT);
    if (!st)
        return W_ERR;
    store_now_iso(now);
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, plugin);
    store_bind_text(st, 3, config_hash);
    store_bind_text(st, 4, now);
    return store_step_done(s, st, "put source");
}

int store_checkpoint_get(struct store *s, const char *job, json_t **state)
{
    sqlite3_stmt *st = store_st(s, ST_CKPT_GET);
    *state = NULL;
    if (!st)
        return W_ERR;
    store_bind_text(st, 1, job);
    int src = sqlite3_step(st);
    int rc = W_NOTFOUND;
    if (src == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        json_error_t jerr;
        *state = t ? json_loads(t, JSON_DECODE_ANY, &jerr) : NULL;
        rc = W_OK;
        if (!*state) {
            W_ERROR("store %s: checkpoint %s is not JSON", s->path, job);
            rc = W_PARSE;
        }
    } else if (src != SQLITE_DONE) {
        rc = store_fail(s, src, "read checkpoint");
    }
    store_reset(st);
    return rc;
}

int store_checkpoint_put(struct store *s, const char *job,
                         const json_t *state)
{
    char now[24];
    struct buf b;
    sqlite3_stmt *st = store_st(s, ST_CKPT_PUT);
    if (!st)
        return W_ERR;
    buf_init(&b, STORE_JSON_MAX);
    int rc = store_json_append(&b, state);
    if (!rc) {
        store_now_iso(now);
        store_bind_text(st, 1, job);
        store_bind_text(st, 2, buf_str(&b));
        store_bind_text(st, 3, now);
        rc = store_step_done(s, st, "put checkpoint");
    }
    buf_cleanup(&b);
    return rc;
}

int store_checkpoint_delete(struct store *s, const char *job)
{
    sqlite3_stmt *st = store_st(s, ST_CKPT_DELETE);
    if (!st)
        return W_ERR;
    store_bind_text(st, 1, job);
    return store_step_done(s, st, "delete checkpoint");
}

/* ---- consistency check ------------------------------------------------- */

/* Each query returns one text row per violated invariant. */
static const char *const invariants[] = {
    "SELECT 'article ' || a.id || ' is at revision ' || a.revision || "
    "' but has ' || (SELECT count(*) FROM article_revisions r "
    "WHERE r.article_id = a.id) || ' earlier revisions' FROM articles a "
    "WHERE a.revision != 1 + (SELECT count(*) FROM article_revisions r "
    "WHERE r.article_id = a.id)",

    "SELECT 'article ' || r.article_id || ' has revision row ' || "
    "r.revision || ' outside 1..' || (a.revision - 1) FROM "
    "article_revisions r JOIN articles a ON a.id = r.article_id "
    "WHERE r.revision < 1 OR r.revision >= a.revision",

    "SELECT 'article ' || id || ' has ' || rows || ' entity rows for ' || "
    "n || ' entities' FROM (SELECT a.id AS id, (SELECT count(*) FROM "
    "entities e WHERE e.article_id = a.id) AS rows, (SELECT "
    "coalesce(sum(CASE j.type WHEN 'array' THEN json_array_length(j.value) "
    "WHEN 'null' THEN 0 ELSE 1 END), 0) FROM json_each(a.entities) j) AS n "
    "FROM articles a) WHERE rows != n",

    "SELECT 'article ' || e.article_id || ' entity ' || e.kind || '[' || "
    "e.seq || '] differs from its entities object' FROM entities e JOIN "
    "articles a ON a.id = e.article_id WHERE json(e.value) IS NOT "
    "(CASE json_type(a.entities, '$.\"' || e.kind || '\"') WHEN 'array' "
    "THEN a.entities -> ('$.\"' || e.kind || '\"[' || e.seq || ']') "
    "ELSE a.entities -> ('$.\"' || e.kind || '\"') END)",
};

/* Run a query whose rows are problems; count them into *bad. */
static int report_rows(struct store *s, const char *sql, const char *ok,
                       int *bad)
{
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (src != SQLITE_OK)
        return store_fail(s, src, "check");
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (ok && t && strcmp(t, ok) == 0)
            continue;
        if (++*bad <= 10)
            W_ERROR("store %s: check: %s", s->path, t ? t : "(null)");
    }
    int rc = src == SQLITE_DONE ? W_OK : store_fail(s, src, "check");
    sqlite3_finalize(st);
    return rc;
}

int store_check(struct store *s)
{
    int bad = 0;
    int rc = report_rows(s, "PRAGMA integrity_check", "ok", &bad);
    if (!rc)
        rc = report_rows(s,
                         "SELECT 'foreign key: ' || \"table\" || ' row ' || "
                         "coalesce(rowid, '?') || ' -> ' || parent "
                         "FROM pragma_foreign_key_check",
                         NULL, &bad);
    for (size_t i = 0; !rc && i < sizeof invariants / sizeof *invariants;
         i++)
        rc = report_rows(s, invariants[i], NULL, &bad);
    if (rc)
        return rc;
    return bad ? W_ERR : W_OK;
}
