/* SPDX-License-Identifier: MIT */
/*
 * The store's schema as a list of migration steps. Step N (counting from
 * 0) turns a file of PRAGMA user_version N into one of version N+1; each
 * runs in its own write transaction together with the version bump, so a
 * crash leaves the file at one version or the next, never in between.
 * Steps are append-only: a released step is never edited, a change of
 * schema is a new step (docs/STORE.md, "Migrations"). A file newer than
 * the steps we know is refused before anything is written, since an old
 * warta cannot know what a newer one's rows mean.
 */
#include "config.h"
#include "store_int.h"
#include "log.h"
#include <stdio.h>

/*
 * Version 1. Times that come from records (published, modified, fetched)
 * are ISO 8601 text as the record carries them; times the store or the
 * fetch engine make up for their own bookkeeping in articles, sources and
 * checkpoints are ISO 8601 UTC text too, while the hot scheduling tables
 * (frontier, fetch_log) use integer Unix seconds so that comparisons with
 * "now" are cheap. JSON columns hold compact JSON text; SQLite's json_*
 * functions read them.
 */
static const char step1[] =
    "CREATE TABLE sources ("
    "  name TEXT PRIMARY KEY,"
    "  plugin TEXT,"
    "  config_hash TEXT,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL);"

    "CREATE TABLE articles ("
    "  id TEXT PRIMARY KEY,"
    "  canonical_url TEXT UNIQUE,"
    "  url TEXT,"
    "  outlet TEXT,"
    "  source TEXT,"
    "  title TEXT,"
    "  published TEXT,"
    "  modified TEXT,"
    "  authors TEXT NOT NULL DEFAULT '[]',"
    "  editors TEXT NOT NULL DEFAULT '[]',"
    "  section TEXT,"
    "  tags TEXT NOT NULL DEFAULT '[]',"
    "  dateline TEXT,"
    "  lang TEXT,"
    "  text TEXT,"
    "  content_hash TEXT NOT NULL,"
    "  fetched TEXT,"
    "  first_seen TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),"
    "  entities TEXT,"
    "  warnings TEXT NOT NULL DEFAULT '[]',"
    /* published as a UTC instant, so that +07:00 and +08:00 sort right. */
    "  published_utc TEXT GENERATED ALWAYS AS"
    "    (strftime('%Y-%m-%dT%H:%M:%SZ', published)) VIRTUAL);"
    "CREATE INDEX articles_published ON articles (published_utc, id);"
    "CREATE INDEX articles_fetched ON articles (fetched);"

    "CREATE TABLE article_revisions ("
    "  article_id TEXT NOT NULL"
    "    REFERENCES articles (id) ON DELETE CASCADE,"
    "  revision INTEGER NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  text TEXT,"
    "  title TEXT,"
    "  fetched TEXT,"
    "  PRIMARY KEY (article_id, revision));"

    "CREATE TABLE entities ("
    "  article_id TEXT NOT NULL"
    "    REFERENCES articles (id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  value TEXT NOT NULL,"
    "  start INTEGER,"
    "  \"end\" INTEGER,"
    "  PRIMARY KEY (article_id, kind, seq));"
    "CREATE INDEX entities_kind ON entities (kind);"

    "CREATE TABLE frontier ("
    "  url TEXT PRIMARY KEY,"
    "  source TEXT,"
    "  kind TEXT NOT NULL DEFAULT 'article'"
    "    CHECK (kind IN ('article', 'index')),"
    "  state TEXT NOT NULL DEFAULT 'new'"
    "    CHECK (state IN ('new', 'due', 'inflight', 'done', 'failed',"
    "                     'gone')),"
    "  due_at INTEGER,"
    "  lease_until INTEGER,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_status INTEGER,"
    "  last_error TEXT,"
    "  etag TEXT,"
    "  last_modified TEXT,"
    "  discovered INTEGER NOT NULL,"
    "  fetched_at INTEGER,"
    "  published_hint TEXT,"
    "  poll_interval INTEGER,"
    "  depth INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX frontier_due ON frontier (state, due_at);"

    "CREATE TABLE fetch_log ("
    "  id INTEGER PRIMARY KEY,"
    "  url TEXT NOT NULL,"
    "  started INTEGER NOT NULL,"
    "  duration_ms INTEGER,"
    "  status INTEGER,"
    "  bytes INTEGER,"
    "  outcome TEXT,"
    "  error TEXT);"
    "CREATE INDEX fetch_log_started ON fetch_log (started);"

    "CREATE TABLE checkpoints ("
    "  job TEXT PRIMARY KEY,"
    "  state TEXT NOT NULL,"
    "  updated TEXT NOT NULL);"

    "PRAGMA application_id = 1463898708;"; /* STORE_APPLICATION_ID */

/*
 * Version 2: the article re-check policy and drift counting per source.
 *
 * frontier.first_fetched is when an article was first fetched and
 * handled (Unix seconds); a source's `recheck` ages count from it, and a
 * done article with a due_at is waiting for its next re-check. Articles
 * done at version 1 were fetched exactly once, so their fetched_at is
 * that time. The partial index lets the daemon find, at start-up, the
 * articles young enough for a re-check policy without a table scan.
 *
 * source_health holds one row per source and UTC day: article pages
 * parsed, how many of them showed layout drift (a warning in the record,
 * the outlet plugin declining, or no plugin reading the page at all), and
 * the count per kind of drift as a JSON object.
 */
static const char step2[] =
    "ALTER TABLE frontier ADD COLUMN first_fetched INTEGER;"
    "UPDATE frontier SET first_fetched = fetched_at"
    "  WHERE kind = 'article' AND state = 'done';"
    "CREATE INDEX frontier_first_fetched ON frontier (first_fetched)"
    "  WHERE first_fetched IS NOT NULL;"

    "CREATE TABLE source_health ("
    "  source TEXT NOT NULL,"
    "  day TEXT NOT NULL,"
    "  records INTEGER NOT NULL DEFAULT 0,"
    "  drifted INTEGER NOT NULL DEFAULT 0,"
    "  by_warning TEXT NOT NULL DEFAULT '{}',"
    "  PRIMARY KEY (source, day)) WITHOUT ROWID;";

/*
 * Version 3: frontier.fetch_url, the URL as discovered (a feed's link),
 * which the daemon and backfill request while the canonical url stays
 * the key: a plugin's canonical form may be an ID-only URL the live site
 * does not serve. NULL (every row of an older store) fetches url, as
 * before.
 */
static const char step3[] = "ALTER TABLE frontier ADD COLUMN fetch_url TEXT;";

static const char *const steps[] = {step1, step2, step3};
#define N_STEPS ((int)(sizeof steps / sizeof *steps))

_Static_assert(N_STEPS == STORE_SCHEMA_VERSION,
               "STORE_SCHEMA_VERSION must equal the number of steps");

/* Integer result of a one-row PRAGMA into *v. */
static int pragma_int(struct store *s, const char *sql, int *v)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK)
        rc = store_fail(s, rc, sql);
    sqlite3_finalize(st);
    return rc;
}

/* Is anything but our own schema in the file? (a foreign SQLite file) */
static int count_objects(struct store *s, int *n)
{
    return pragma_int(s, "SELECT count(*) FROM sqlite_schema", n);
}

/* Apply step v under a write lock, unless another process did already. */
static int apply_step(struct store *s, int *version)
{
    char bump[64];
    int v = 0;
    int rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    rc = pragma_int(s, "PRAGMA user_version", &v);
    if (rc)
        goto out;
    if (v != *version) { /* a concurrent warta migrated meanwhile */
        *version = v;
        goto out;
    }
    rc = store_exec(s, steps[v]);
    if (rc)
        goto out;
    snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
    rc = store_exec(s, bump);
    if (rc)
        goto out;
    rc = store_exec(s, "COMMIT");
    if (rc)
        goto out;
    W_INFO("store %s: schema upgraded to version %d", s->path, v + 1);
    *version = v + 1;
out:
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int store_schema_check(struct store *s, int *version)
{
    int v = 0, app = 0, objects = 0;
    /* One read transaction, so the three values come from one snapshot:
     * read apart, a concurrent warta creating the schema in between made
     * a new store look like another program's file. */
    int rc = store_exec(s, "BEGIN");
    if (!rc)
        rc = pragma_int(s, "PRAGMA user_version", &v);
    if (!rc)
        rc = pragma_int(s, "PRAGMA application_id", &app);
    if (!rc)
        rc = count_objects(s, &objects);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    if (rc)
        return rc == W_PARSE ? W_CONFIG : rc;
    if (v > N_STEPS) {
        W_ERROR("store %s has schema version %d, newer than this warta "
                "knows (%d): use a newer warta",
                s->path, v, N_STEPS);
        return W_CONFIG;
    }
    if ((v > 0 && app != STORE_APPLICATION_ID) ||
        (v == 0 && objects > 0)) {
        W_ERROR("store %s: an SQLite file of another program, not a warta "
                "store",
                s->path);
        return W_CONFIG;
    }
    *version = v;
    if (v == N_STEPS)
        return W_OK;
    if (s->flags & STORE_OPEN_READONLY) {
        if (v == 0)
            W_ERROR("store %s is empty, not a warta store", s->path);
        else
            W_ERROR("store %s has schema version %d, older than %d: run a "
                    "writing warta command once to upgrade it",
                    s->path, v, N_STEPS);
        return W_CONFIG;
    }
    return W_OK;
}

int store_schema_upgrade(struct store *s, int v)
{
    int rc = W_OK;
    while (v < N_STEPS) {
        rc = apply_step(s, &v);
        if (rc)
            return rc;
        if (v > N_STEPS) {
            W_ERROR("store %s was upgraded to schema version %d by a newer "
                    "warta meanwhile",
                    s->path, v);
            return W_CONFIG;
        }
    }
    return W_OK;
}
