/* SPDX-License-Identifier: MIT */
/*
 * The SQLite store: opening (WAL, busy timeout, migrations), the record
 * upsert with revisions and entity rows, checkpoints, sources, the fetch
 * log and the consistency check the tests and operators run. Statements
 * are prepared once per connection and kept in the store struct, since
 * the daemon puts thousands of records through the same few statements.
 * Each record is written in one transaction, or in a savepoint when the
 * caller batches with store_begin/store_commit, so a crash or a failed
 * allocation never leaves an article without its revisions or entities.
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
/* No <unistd.h>: its W_OK (an access() mode, 2) would replace ours. */

/* Largest JSON text the store writes for one column. */
#define STORE_JSON_MAX ((size_t)RECORD_FIELD_MAX * 2)

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

/* Current UTC time as ISO 8601 ("2026-11-22T05:00:00Z"). */
static void now_iso(char out[24])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The cached statement, prepared on first use; NULL on failure (logged). */
static sqlite3_stmt *stmt(struct store *s, enum store_stmt which)
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

/* Reset a cached statement and drop its bindings, which may point into
 * buffers about to be freed. */
static void done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

/* Bind borrowed text (NULL binds NULL). The caller keeps s alive until the
 * statement is reset. */
static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
             : sqlite3_bind_null(st, i);
}

/* Step a statement that returns no rows; reset it either way. */
static int step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    done(st);
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
        FILE *f = fopen(path, "rb"); /* readable? (see the note on W_OK) */
        if (!f) {
            W_ERROR("store %s: %s", path, strerror(errno));
            return W_IO;
        }
        fclose(f);
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
        if (!stmt(s, (enum store_stmt)i))
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
    sqlite3_stmt *st = stmt(s, which);
    if (!st)
        return store_err(sqlite3_errcode(s->db));
    return step_done(s, st, what);
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

/*
 * One unit of work: its own write transaction, or a savepoint inside the
 * caller's batch. tx_end commits or releases on success and undoes on
 * failure; SQLite may have rolled the whole transaction back already (out
 * of memory, disk full), in which case there is nothing left to undo.
 */
static int tx_start(struct store *s, int *nested)
{
    int rc = tx_clear_stale(s);
    if (rc)
        return rc;
    *nested = !sqlite3_get_autocommit(s->db);
    return tx_run(s, *nested ? ST_SAVEPOINT : ST_BEGIN, "begin");
}

static int tx_end(struct store *s, int nested, int rc)
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

/* Compact JSON text of j into b (reset first). */
static int json_text(struct buf *b, const json_t *j)
{
    struct dump d = {b, W_OK};
    buf_reset(b);
    if (json_dump_callback(j, dump_cb, &d,
                           JSON_COMPACT | JSON_PRESERVE_ORDER |
                               JSON_ENCODE_ANY) != 0)
        return d.err ? d.err : W_NOMEM;
    return buf_add(b, "", 0); /* NUL-ended even when empty */
}

/* A list field as a JSON array of strings. */
static int list_text(struct buf *b, const struct strv *l)
{
    json_t *a = json_array();
    int rc = a ? W_OK : W_NOMEM;
    for (size_t i = 0; !rc && l && i < l->n; i++)
        if (json_array_append_new(a, json_string(l->v[i])) != 0)
            rc = W_NOMEM;
    if (!rc)
        rc = json_text(b, a);
    json_decref(a);
    return rc;
}

/* ---- records ----------------------------------------------------------- */

/* Serialised values of one record, bound to the article statements. */
struct put {
    const char *val[SC__COUNT];
    char hash[65];
    char fetched[24];
    char now[24];
    struct buf authors, editors, tags, warnings, entities, tmp;
    size_t n_entities;
};

static void put_cleanup(struct put *p)
{
    buf_cleanup(&p->authors);
    buf_cleanup(&p->editors);
    buf_cleanup(&p->tags);
    buf_cleanup(&p->warnings);
    buf_cleanup(&p->entities);
    buf_cleanup(&p->tmp);
}

/* Entity rows a record makes: one per element of each array member of the
 * entities object, one for any other non-null member. */
static size_t entity_rows(const json_t *e)
{
    const char *k;
    const json_t *v;
    size_t n = 0;
    json_object_foreach((json_t *)e, k, v)
    {
        if (json_is_array(v))
            n += json_array_size(v);
        else if (!json_is_null(v))
            n++;
    }
    return n;
}

static int put_prepare(struct store *s, const struct warta_record *r,
                       struct put *p)
{
    int rc = W_OK;
    memset(p, 0, sizeof *p);
    buf_init(&p->authors, STORE_JSON_MAX);
    buf_init(&p->editors, STORE_JSON_MAX);
    buf_init(&p->tags, STORE_JSON_MAX);
    buf_init(&p->warnings, STORE_JSON_MAX);
    buf_init(&p->entities, STORE_JSON_MAX);
    buf_init(&p->tmp, STORE_JSON_MAX);
    if (!r->id || !*r->id) {
        W_ERROR("store %s: record without an id (record_finish not "
                "called?)",
                s->path);
        return W_ERR;
    }
    const char *hash = r->content_hash;
    if (!hash) {
        const char *t = r->scalar[WARTA_F_TEXT] ? r->scalar[WARTA_F_TEXT] : "";
        record_sha256_hex(t, strlen(t), p->hash);
        hash = p->hash;
    }
    /* fetched is a UTC instant; keep it in one form so that text
     * comparison (export --since) is time comparison. */
    const char *fetched = r->fetched;
    char utc[20];
    if (fetched && store_time_utc(fetched, utc) == W_OK) {
        snprintf(p->fetched, sizeof p->fetched, "%sZ", utc);
        fetched = p->fetched;
    }
    if (r->entities && !json_is_object(r->entities) &&
        !json_is_null(r->entities)) {
        W_ERROR("store %s: record %s: entities is not a JSON object",
                s->path, r->id);
        return W_PARSE;
    }
    const json_t *ent = json_is_object(r->entities) ? r->entities : NULL;
    if (ent) {
        p->n_entities = entity_rows(ent);
        if (p->n_entities > STORE_ENTITIES_MAX) {
            W_ERROR("store %s: record %s has %zu entities (at most %d)",
                    s->path, r->id, p->n_entities, STORE_ENTITIES_MAX);
            return W_TOOBIG;
        }
        rc = json_text(&p->entities, ent);
    }
    if (!rc)
        rc = list_text(&p->authors, record_list(r, WARTA_F_AUTHORS));
    if (!rc)
        rc = list_text(&p->editors, record_list(r, WARTA_F_EDITORS));
    if (!rc)
        rc = list_text(&p->tags, record_list(r, WARTA_F_TAGS));
    if (!rc)
        rc = list_text(&p->warnings, record_list(r, WARTA_F_WARNINGS));
    if (rc)
        return rc;
    now_iso(p->now);
    p->val[SC_ID] = r->id;
    p->val[SC_OUTLET] = r->outlet;
    p->val[SC_SOURCE] = r->source;
    p->val[SC_URL] = r->url;
    p->val[SC_CANONICAL_URL] = r->scalar[WARTA_F_CANONICAL_URL];
    p->val[SC_TITLE] = r->scalar[WARTA_F_TITLE];
    p->val[SC_PUBLISHED] = r->scalar[WARTA_F_PUBLISHED];
    p->val[SC_MODIFIED] = r->scalar[WARTA_F_MODIFIED];
    p->val[SC_AUTHORS] = buf_str(&p->authors);
    p->val[SC_EDITORS] = buf_str(&p->editors);
    p->val[SC_SECTION] = r->scalar[WARTA_F_SECTION];
    p->val[SC_TAGS] = buf_str(&p->tags);
    p->val[SC_DATELINE] = r->scalar[WARTA_F_DATELINE];
    p->val[SC_LANG] = r->scalar[WARTA_F_LANG];
    p->val[SC_TEXT] = r->scalar[WARTA_F_TEXT];
    p->val[SC_CONTENT_HASH] = hash;
    p->val[SC_FETCHED] = fetched;
    p->val[SC_ENTITIES] = ent ? buf_str(&p->entities) : NULL;
    p->val[SC_WARNINGS] = buf_str(&p->warnings);
    return W_OK;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compare the stored row (st on ST_ARTICLE_GET) with p: which outcome an
 * upsert has, and whether the entities changed. */
static enum store_outcome compare_row(sqlite3_stmt *st, const struct put *p,
                                      int *entities_changed)
{
    const char *old_hash =
        (const char *)sqlite3_column_text(st, SC_CONTENT_HASH);
    *entities_changed = !same(
        (const char *)sqlite3_column_text(st, SC_ENTITIES), p->val[SC_ENTITIES]);
    if (!same(old_hash, p->val[SC_CONTENT_HASH]))
        return STORE_UPDATED;
    for (int c = SC_ID + 1; c < SC__COUNT; c++) {
        if (c == SC_FETCHED) /* refetching the same article changes nothing */
            continue;
        if (!same((const char *)sqlite3_column_text(st, c), p->val[c]))
            return STORE_REFRESHED;
    }
    return STORE_UNCHANGED;
}

/* Start and end offsets of one entity: its own "start"/"end", else the
 * first span of "mentions" or "evidence" (officials, agreements). */
static void entity_span(const json_t *v, json_int_t *start, json_int_t *end)
{
    static const char *const spans[] = {"mentions", "evidence"};
    const json_t *a = json_object_get(v, "start");
    const json_t *b = json_object_get(v, "end");
    *start = *end = -1;
    if (json_is_integer(a) && json_is_integer(b)) {
        *start = json_integer_value(a);
        *end = json_integer_value(b);
        return;
    }
    for (size_t i = 0; i < sizeof spans / sizeof *spans; i++) {
        const json_t *first = json_array_get(json_object_get(v, spans[i]), 0);
        a = json_array_get(first, 0);
        b = json_array_get(first, 1);
        if (json_is_integer(a) && json_is_integer(b)) {
            *start = json_integer_value(a);
            *end = json_integer_value(b);
            return;
        }
    }
}

static int entity_insert(struct store *s, struct put *p, const char *id,
                         const char *kind, size_t seq, const json_t *v)
{
    sqlite3_stmt *st = stmt(s, ST_ENTITY_INSERT);
    json_int_t start, end;
    if (!st)
        return W_ERR;
    int rc = json_text(&p->tmp, v);
    if (rc)
        return rc;
    entity_span(v, &start, &end);
    bind_text(st, 1, id);
    bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)seq);
    bind_text(st, 4, buf_str(&p->tmp));
    if (start >= 0)
        sqlite3_bind_int64(st, 5, start);
    if (end >= 0)
        sqlite3_bind_int64(st, 6, end);
    return step_done(s, st, "insert entity");
}

/* Replace the article's entity rows by those of ent (may be NULL). */
static int entities_write(struct store *s, struct put *p, const char *id,
                          const json_t *ent, int had_rows)
{
    int rc = W_OK;
    if (had_rows) {
        sqlite3_stmt *st = stmt(s, ST_ENTITY_DELETE);
        if (!st)
            return W_ERR;
        bind_text(st, 1, id);
        rc = step_done(s, st, "delete entities");
    }
    const char *kind;
    const json_t *v;
    json_object_foreach((json_t *)ent, kind, v)
    {
        if (rc)
            break;
        if (json_is_array(v)) {
            size_t i;
            const json_t *e;
            json_array_foreach(v, i, e)
            {
                rc = entity_insert(s, p, id, kind, i, e);
                if (rc)
                    break;
            }
        } else if (!json_is_null(v)) {
            rc = entity_insert(s, p, id, kind, 0, v);
        }
    }
    return rc;
}

static int article_write(struct store *s, const struct put *p,
                         enum store_stmt which, int bump)
{
    sqlite3_stmt *st = stmt(s, which);
    if (!st)
        return W_ERR;
    for (int c = 0; c < SC__COUNT; c++)
        bind_text(st, c + 1, p->val[c]);
    bind_text(st, 20, p->now);
    if (which == ST_ARTICLE_UPDATE)
        sqlite3_bind_int(st, 21, bump);
    int rc = sqlite3_step(st);
    done(st);
    if (rc == SQLITE_DONE)
        return W_OK;
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        W_ERROR("store %s: canonical URL %s is already stored under "
                "another id than %s",
                s->path, p->val[SC_CANONICAL_URL], p->val[SC_ID]);
        return W_ERR;
    }
    return store_fail(s, rc, "write article");
}

int store_put_record(struct store *s, const struct warta_record *r,
                     enum store_outcome *out)
{
    struct put p;
    int nested = 0, entities_changed = 1, exists = 0;
    enum store_outcome outcome = STORE_INSERTED;
    int rc = put_prepare(s, r, &p);
    if (rc)
        goto out;
    rc = tx_start(s, &nested);
    if (rc)
        goto out;
    sqlite3_stmt *get = stmt(s, ST_ARTICLE_GET);
    if (!get) {
        rc = tx_end(s, nested, W_ERR);
        goto out;
    }
    bind_text(get, 1, r->id);
    int src = sqlite3_step(get);
    if (src == SQLITE_ROW) {
        exists = 1;
        outcome = compare_row(get, &p, &entities_changed);
    } else if (src != SQLITE_DONE) {
        rc = store_fail(s, src, "read article");
    }
    done(get);
    if (!rc && outcome == STORE_UPDATED) {
        sqlite3_stmt *copy = stmt(s, ST_REVISION_COPY);
        rc = copy ? W_OK : W_ERR;
        if (!rc) {
            bind_text(copy, 1, r->id);
            rc = step_done(s, copy, "copy revision");
        }
    }
    if (!rc && outcome != STORE_UNCHANGED)
        rc = article_write(s, &p,
                           exists ? ST_ARTICLE_UPDATE : ST_ARTICLE_INSERT,
                           outcome == STORE_UPDATED);
    if (!rc && outcome != STORE_UNCHANGED && entities_changed)
        rc = entities_write(s, &p, r->id,
                            json_is_object(r->entities) ? r->entities : NULL,
                            exists);
    rc = tx_end(s, nested, rc);
out:
    put_cleanup(&p);
    if (!rc && out)
        *out = outcome;
    return rc;
}

/* Append the strings of a JSON array column to list field f. */
static int list_from_text(struct warta_record *rec, enum warta_field f,
                          const char *text)
{
    if (!text)
        return W_OK;
    json_t *a = json_loads(text, 0, NULL);
    if (!json_is_array(a)) {
        json_decref(a);
        return a ? W_PARSE : W_NOMEM;
    }
    size_t i;
    json_t *v;
    int rc = W_OK;
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v))
            rc = record_set(rec, f, json_string_value(v));
        if (rc)
            break;
    }
    json_decref(a);
    return rc;
}

int store_row_to_record(sqlite3_stmt *st, struct warta_record *rec)
{
    static const struct {
        int col;
        enum warta_field f;
    } scalars[] = {
        {SC_CANONICAL_URL, WARTA_F_CANONICAL_URL},
        {SC_TITLE, WARTA_F_TITLE},
        {SC_PUBLISHED, WARTA_F_PUBLISHED},
        {SC_MODIFIED, WARTA_F_MODIFIED},
        {SC_SECTION, WARTA_F_SECTION},
        {SC_DATELINE, WARTA_F_DATELINE},
        {SC_LANG, WARTA_F_LANG},
        {SC_TEXT, WARTA_F_TEXT},
    };
    static const struct {
        int col;
        enum warta_field f;
    } lists[] = {
        {SC_AUTHORS, WARTA_F_AUTHORS},
        {SC_EDITORS, WARTA_F_EDITORS},
        {SC_TAGS, WARTA_F_TAGS},
        {SC_WARNINGS, WARTA_F_WARNINGS},
    };
#define COL(c) ((const char *)sqlite3_column_text(st, (c)))
    int rc = record_core_set(&rec->id, COL(SC_ID));
    if (!rc)
        rc = record_core_set(&rec->outlet, COL(SC_OUTLET));
    if (!rc)
        rc = record_core_set(&rec->source, COL(SC_SOURCE));
    if (!rc)
        rc = record_core_set(&rec->url, COL(SC_URL));
    if (!rc)
        rc = record_core_set(&rec->fetched, COL(SC_FETCHED));
    if (!rc)
        rc = record_core_set(&rec->content_hash, COL(SC_CONTENT_HASH));
    for (size_t i = 0; !rc && i < sizeof scalars / sizeof *scalars; i++)
        rc = record_set(rec, scalars[i].f, COL(scalars[i].col));
    for (size_t i = 0; !rc && i < sizeof lists / sizeof *lists; i++) {
        rc = list_from_text(rec, lists[i].f, COL(lists[i].col));
        if (rc == W_PARSE) { /* hand-edited column: keep the rest */
            W_WARN("store: article %s: column %d is not a JSON array",
                   rec->id, lists[i].col);
            rc = W_OK;
        }
    }
    const char *ent = COL(SC_ENTITIES);
    if (!rc && ent) {
        json_decref(rec->entities);
        rec->entities = json_loads(ent, 0, NULL);
        if (!rec->entities)
            rc = W_NOMEM; /* the store wrote valid JSON: memory ran out */
    }
#undef COL
    return rc;
}

int store_get_record(struct store *s, const char *id,
                     struct warta_record *rec)
{
    sqlite3_stmt *st = stmt(s, ST_ARTICLE_GET);
    if (!st)
        return W_ERR;
    bind_text(st, 1, id);
    int src = sqlite3_step(st);
    int rc = W_NOTFOUND;
    if (src == SQLITE_ROW)
        rc = store_row_to_record(st, rec);
    else if (src != SQLITE_DONE)
        rc = store_fail(s, src, "read article");
    done(st);
    return rc;
}

int store_has_url(struct store *s, const char *canonical_url)
{
    char hex[65];
    sqlite3_stmt *st = stmt(s, ST_HAS_URL);
    if (!st)
        return W_ERR;
    /* The id record_finish derives from a URL, for records stored without
     * a canonical_url (their url gave the id). */
    record_sha256_hex(canonical_url, strlen(canonical_url), hex);
    hex[20] = '\0';
    bind_text(st, 1, canonical_url);
    bind_text(st, 2, hex);
    int src = sqlite3_step(st);
    int rc = src == SQLITE_ROW    ? 1
             : src == SQLITE_DONE ? 0
                                  : store_fail(s, src, "look up URL");
    done(st);
    return rc;
}

/* ---- fetch log, sources, checkpoints ---------------------------------- */

int store_log_fetch(struct store *s, const struct store_fetch *f)
{
    sqlite3_stmt *st = stmt(s, ST_FETCH_LOG);
    if (!st)
        return W_ERR;
    if (!f || !f->url)
        return W_ERR;
    bind_text(st, 1, f->url);
    sqlite3_bind_int64(st, 2, f->started);
    sqlite3_bind_int64(st, 3, f->duration_ms);
    sqlite3_bind_int(st, 4, f->status);
    sqlite3_bind_int64(st, 5, f->bytes);
    bind_text(st, 6, f->outcome);
    bind_text(st, 7, f->error);
    int rc = step_done(s, st, "log fetch");
    if (rc)
        return rc;
    /* Prune in steps, not per row: one DELETE per 1024 rows logged. */
    unsigned long every = s->fetch_log_max < 1024 ? (unsigned long)s->fetch_log_max
                                                  : 1024;
    if (++s->fetch_logs < every)
        return W_OK;
    s->fetch_logs = 0;
    st = stmt(s, ST_FETCH_PRUNE);
    if (!st)
        return W_ERR;
    sqlite3_bind_int64(st, 1, s->fetch_log_max);
    return step_done(s, st, "prune fetch log");
}

int store_source_put(struct store *s, const char *name, const char *plugin,
                     const char *config_hash)
{
    char now[24];
    sqlite3_stmt *st = stmt(s, ST_SOURCE_PUT);
    if (!st)
        return W_ERR;
    now_iso(now);
    bind_text(st, 1, name);
    bind_text(st, 2, plugin);
    bind_text(st, 3, config_hash);
    bind_text(st, 4, now);
    return step_done(s, st, "put source");
}

int store_checkpoint_get(struct store *s, const char *job, json_t **state)
{
    sqlite3_stmt *st = stmt(s, ST_CKPT_GET);
    *state = NULL;
    if (!st)
        return W_ERR;
    bind_text(st, 1, job);
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
    done(st);
    return rc;
}

int store_checkpoint_put(struct store *s, const char *job,
                         const json_t *state)
{
    char now[24];
    struct buf b;
    sqlite3_stmt *st = stmt(s, ST_CKPT_PUT);
    if (!st)
        return W_ERR;
    buf_init(&b, STORE_JSON_MAX);
    int rc = json_text(&b, state);
    if (!rc) {
        now_iso(now);
        bind_text(st, 1, job);
        bind_text(st, 2, buf_str(&b));
        bind_text(st, 3, now);
        rc = step_done(s, st, "put checkpoint");
    }
    buf_cleanup(&b);
    return rc;
}

int store_checkpoint_delete(struct store *s, const char *job)
{
    sqlite3_stmt *st = stmt(s, ST_CKPT_DELETE);
    if (!st)
        return W_ERR;
    bind_text(st, 1, job);
    return step_done(s, st, "delete checkpoint");
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
