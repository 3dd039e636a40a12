/* SPDX-License-Identifier: MIT */
/*
 * What store.c, store_schema.c and store_export.c share and nobody else
 * should see: the store struct, its cached statements and the helpers that
 * turn SQLite results into W_* codes and records.
 */
#ifndef WARTA_STORE_INT_H
#define WARTA_STORE_INT_H
#include "store.h"

/* Cached statements, prepared on first use. */
enum store_stmt {
    ST_ARTICLE_GET = 0, /* full row by id (ARTICLE_COLS + revision) */
    ST_ARTICLE_INSERT,
    ST_ARTICLE_UPDATE,
    ST_REVISION_COPY,
    ST_ENTITY_DELETE,
    ST_ENTITY_INSERT,
    ST_HAS_URL,
    ST_FETCH_LOG,
    ST_FETCH_PRUNE,
    ST_SOURCE_PUT,
    ST_CKPT_GET,
    ST_CKPT_PUT,
    ST_CKPT_DELETE,
    /* Transaction control, prepared at open: rolling back must not need
     * memory, since it is what runs after memory ran out. */
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST__COUNT
};

struct store {
    sqlite3 *db;
    char *path;
    unsigned flags;
    long fetch_log_max;
    unsigned long fetch_logs; /* rows logged since the last prune */
    int stale; /* a rollback of ours failed: the transaction still open
                * is a leftover to roll back before the next one */
    sqlite3_stmt *st[ST__COUNT];
};

/*
 * The article columns in the order store_row_to_record reads them; the
 * record-level SELECTs (get, export) list exactly these first.
 */
#define STORE_ARTICLE_COLS                                                     \
    "id, outlet, source, url, canonical_url, title, published, modified, "    \
    "authors, editors, section, tags, dateline, lang, text, content_hash, "   \
    "fetched, entities, warnings"
enum store_col {
    SC_ID = 0,
    SC_OUTLET,
    SC_SOURCE,
    SC_URL,
    SC_CANONICAL_URL,
    SC_TITLE,
    SC_PUBLISHED,
    SC_MODIFIED,
    SC_AUTHORS,
    SC_EDITORS,
    SC_SECTION,
    SC_TAGS,
    SC_DATELINE,
    SC_LANG,
    SC_TEXT,
    SC_CONTENT_HASH,
    SC_FETCHED,
    SC_ENTITIES,
    SC_WARNINGS,
    SC__COUNT
};

/* Largest JSON text the store writes for one column. */
#define STORE_JSON_MAX ((size_t)RECORD_FIELD_MAX * 2)

/* SQLite result code → W_* (SQLITE_OK/ROW/DONE → W_OK). */
int store_err(int sqlite_rc);
/* Log "store PATH: what: sqlite message" and return store_err(rc). */
int store_fail(struct store *s, int rc, const char *what);
/* Fill rec from a row whose first SC__COUNT columns are
 * STORE_ARTICLE_COLS. Returns W_OK, W_NOMEM, W_TOOBIG. */
int store_row_to_record(sqlite3_stmt *st, struct warta_record *rec);
/* Run one SQL text (no results); logs on failure. */
int store_exec(struct store *s, const char *sql);
/* The cached statement, prepared on first use; NULL on failure (logged).
 * Owned by the store. */
sqlite3_stmt *store_st(struct store *s, enum store_stmt which);
/* Reset a cached statement and drop its bindings, which may point into
 * buffers about to be freed. NULL is a no-op. */
void store_reset(sqlite3_stmt *st);
/* Bind borrowed text (NULL binds NULL); v must live until the reset. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Step a statement that returns no rows and reset it. W_OK or logged. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what);
/* Current UTC time as ISO 8601 ("2026-11-22T05:00:00Z"). */
void store_now_iso(char out[24]);
/* Append compact JSON of j (any value, key order kept) to b, NUL-ended.
 * Returns W_OK, W_NOMEM or W_TOOBIG. */
int store_json_append(struct buf *b, const json_t *j);
/*
 * A unit of work: its own write transaction (BEGIN IMMEDIATE), or a
 * savepoint inside the caller's store_begin batch (*nested set). unit_end
 * commits or releases when rc is W_OK and undoes otherwise (with
 * statements prepared at open, so undoing needs no memory); it returns rc,
 * or the commit's error.
 */
int store_unit_begin(struct store *s, int *nested);
int store_unit_end(struct store *s, int nested, int rc);

/* store_schema.c. check: read the file's schema version into *version
 * and refuse (W_CONFIG, nothing written) a newer one, a foreign file, or,
 * when read-only, anything but the current version. upgrade: apply the
 * steps from version on. Both return W_OK or a logged W_* error. */
int store_schema_check(struct store *s, int *version);
int store_schema_upgrade(struct store *s, int version);
#endif
