/* SPDX-License-Identifier: MIT */
/*
 * The store: one SQLite file that holds the articles warta has ingested
 * (with their earlier revisions and one row per extracted entity), the
 * fetch engine's frontier and fetch log, the configured sources and the
 * checkpoints of resumable backfills. SQLite because SPEC.md wants no
 * server by default and because one file in WAL mode lets the daemon, a
 * backfill and an analyst's sqlite3 shell share it safely.
 *
 * Every record is upserted in one transaction (articles + revisions +
 * entities), so a crash or an allocation failure leaves either the old or
 * the new version, never a mix. docs/STORE.md describes the schema, the
 * outcomes and the migration policy.
 */
#ifndef WARTA_STORE_H
#define WARTA_STORE_H
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "buf.h"
#include "record.h"

/* Schema version this warta writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 3
/* PRAGMA application_id of a warta store: "WART". */
#define STORE_APPLICATION_ID 0x57415254
/* Milliseconds a writer waits for another process's transaction. */
#define STORE_BUSY_TIMEOUT_MS 10000
/* Rows kept in fetch_log by default (oldest are pruned). */
#define STORE_FETCH_LOG_MAX 1000000L
/* Entity rows per article; a record with more is refused (W_TOOBIG). */
#define STORE_ENTITIES_MAX 20000

struct store;

/* What store_put_record did. */
enum store_outcome {
    STORE_INSERTED = 0,  /* a new article */
    STORE_UNCHANGED = 1, /* same text and metadata: nothing written */
    STORE_UPDATED = 2,   /* text changed: old version kept as a revision */
    STORE_REFRESHED = 3, /* same text, other fields changed: rewritten in
                          * place, no new revision */
};

/* Flags for store_open_ex. */
enum store_open_flags {
    STORE_OPEN_NOCREATE = 1 << 0, /* fail with W_NOTFOUND if absent */
    STORE_OPEN_READONLY = 1 << 1, /* no writes at all; implies NOCREATE
                                   * and requires the current schema */
};

/* One fetch attempt for store_log_fetch. Times are Unix seconds. */
struct store_fetch {
    const char *url;     /* required */
    int64_t started;     /* when the request started */
    long duration_ms;    /* until the body was read or the error came */
    int status;          /* HTTP status, 0 when there was no response */
    int64_t bytes;       /* body bytes received */
    const char *outcome; /* short word, see docs/STORE.md; may be NULL */
    const char *error;   /* error text or NULL */
};

/*
 * Open (creating it and its parent directories when needed) the store at
 * path and bring its schema up to STORE_SCHEMA_VERSION, one migration
 * step per transaction. The connection uses WAL, synchronous=NORMAL,
 * foreign keys and a busy timeout of STORE_BUSY_TIMEOUT_MS. ":memory:"
 * opens a private in-memory store (tests).
 * Returns W_OK and a new store in *out (free with store_close), or:
 * W_NOTFOUND (absent and NOCREATE), W_CONFIG (a newer schema than this
 * warta knows, or not a warta store: nothing is written), W_AGAIN (locked
 * past the timeout), W_IO (cannot open or read), W_NOMEM. Every failure
 * is logged once with the path.
 */
int store_open(const char *path, struct store **out);
int store_open_ex(const char *path, unsigned flags, struct store **out);
/* Finalise statements and close. store_close(NULL) is a no-op. A
 * transaction still open is rolled back. */
void store_close(struct store *s);

/* Default store file: paths_state_dir() + "/warta.db" (static buffer). */
const char *store_default_path(void);
/* Path the store was opened with (borrowed). */
const char *store_path(const struct store *s);
/* The connection, for modules that own their tables (the frontier). It
 * stays owned by the store; do not close it. Statements prepared on it
 * must be finalised before store_close. */
sqlite3 *store_db(struct store *s);
/* Schema version of the open file (PRAGMA user_version), or negative. */
int store_schema_version(struct store *s);

/*
 * Batching: store_begin starts a write transaction (BEGIN IMMEDIATE: it
 * waits for other writers up to the busy timeout), after which
 * store_put_record & co. join it instead of committing each call.
 * Returns W_OK, W_AGAIN (busy), W_ERR (already in a transaction).
 * store_commit returns W_OK or W_AGAIN (retry it or roll back);
 * store_rollback never fails and is a no-op outside a transaction.
 * After any error from a call inside a batch, roll the batch back.
 */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/*
 * Upsert r by its id (r->id and r->content_hash are required: call
 * record_finish first). In one transaction (or savepoint inside a batch):
 * a new id is inserted (STORE_INSERTED); the same content_hash and fields
 * change nothing (STORE_UNCHANGED); the same content_hash with other fields
 * changed rewrites the row in place (STORE_REFRESHED); another
 * content_hash copies the stored version to article_revisions and stores
 * r as revision + 1 (STORE_UPDATED). Entity rows follow the record's
 * entities object. r is borrowed. *out may be NULL.
 * Returns W_OK, or W_ERR (no id, or canonical_url already stored under
 * another id), W_TOOBIG, W_NOMEM, W_AGAIN, W_IO; on error nothing of r
 * was written.
 */
int store_put_record(struct store *s, const struct warta_record *r,
                     enum store_outcome *out);
/* Fill rec (record_init'ed by the caller, who cleans it up) with the
 * stored article id. Returns W_OK, W_NOTFOUND, W_NOMEM, W_TOOBIG, W_IO. */
int store_get_record(struct store *s, const char *id,
                     struct warta_record *rec);
/* 1 when an article with this canonical URL (or whose id derives from it)
 * is stored, 0 when not, negative W_* on error. */
int store_has_url(struct store *s, const char *canonical_url);

/* Append one row to fetch_log (pruned to the newest
 * store_set_fetch_log_max rows). Returns W_OK or negative W_*. */
int store_log_fetch(struct store *s, const struct store_fetch *f);
/* Rows fetch_log keeps (>= 1; default STORE_FETCH_LOG_MAX). */
void store_set_fetch_log_max(struct store *s, long max);

/* Record a configured source (upsert; created is kept). plugin and
 * config_hash may be NULL. Returns W_OK or negative W_*. */
int store_source_put(struct store *s, const char *name, const char *plugin,
                     const char *config_hash);

/* Checkpoints of resumable jobs. get: W_OK and a new reference in *state
 * (caller json_decref's it), W_NOTFOUND, or negative W_*. put: stores a
 * copy of state (any JSON value) for job. delete: W_OK even if absent. */
int store_checkpoint_get(struct store *s, const char *job, json_t **state);
int store_checkpoint_put(struct store *s, const char *job,
                         const json_t *state);
int store_checkpoint_delete(struct store *s, const char *job);

/*
 * Call cb for every stored article in (published, id) order, where
 * published is compared as a UTC instant and articles without a date come
 * first. since (NULL for all) keeps the articles with fetched >= since;
 * it is "YYYY-MM-DD" (midnight UTC) or ISO 8601 with optional seconds,
 * fraction and offset ("Z" or "+07:00"; none means UTC). The record is
 * borrowed for the call. A non-zero return from cb stops the walk and is
 * returned. Returns W_OK, W_PARSE (bad since), or negative W_*.
 */
int store_export(struct store *s, const char *since,
                 int (*cb)(const struct warta_record *r, void *ud),
                 void *ud);
/* Normalise an ISO date/time to "YYYY-MM-DDTHH:MM:SS" in UTC (out holds
 * at least 20 bytes). Returns W_OK or W_PARSE. */
int store_time_utc(const char *iso, char out[20]);

/* Append the CSV header / one CSV row (RFC 4180: CRLF line ends, fields
 * with a comma, quote, CR or LF quoted with quotes doubled) to b. Returns
 * W_OK, W_NOMEM or W_TOOBIG. */
int store_export_csv_header(struct buf *b);
int store_export_csv(struct buf *b, const struct warta_record *r);
/* Append r as one compact JSON line (UTF-8 kept as is) to b. */
int store_export_jsonl(struct buf *b, const struct warta_record *r);

/*
 * Verify the file: PRAGMA integrity_check, foreign_key_check, and the
 * store's own invariants (every article has revisions 1..revision-1 and
 * exactly one entity row per entity in its entities object). Logs each
 * problem (up to 10). Returns W_OK when all hold, W_ERR when one does not,
 * or another negative W_* when the checks could not run.
 */
int store_check(struct store *s);
#endif
