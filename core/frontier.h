/* SPDX-License-Identifier: MIT */
/*
 * The frontier: every URL warta knows, with its state, in the store's
 * `frontier` table (schema in core/store_schema.c). It is persistent so
 * that a restart (or a kill -9) resumes where the daemon was: a URL being
 * fetched is "inflight" with a lease (lease_until), and a lease that runs
 * out without an answer makes the URL due again, so nothing in flight at a
 * crash is lost. URLs are keyed by their canonical form, which is what
 * dedupes them (the URL as discovered, fetch_url, is what is requested
 * when the row has one: see frontier_add_from): an article linked from a feed, a sitemap and three index
 * pages is one row and is fetched once.
 *
 * Two kinds of rows behave differently. Articles are fetched once (done),
 * retried with backoff on transient failures up to a maximum (failed),
 * and gone on 404/410. Index rows (feeds, sitemaps, index pages) are
 * re-polled for ever on an adaptive interval: halved (down to poll_min)
 * when a poll found new links, grown by half (up to poll_max) when not.
 * Times are Unix seconds, as in the table.
 *
 * A done article is fetched again only under an explicit re-check policy
 * (a source's `recheck` ages, counted from its first fetch): it then
 * stays done with a due_at, is leased like any due row when that time
 * comes, and goes back to done (its next age, or none) after a 200 or a
 * 304; gone on 404/410. A re-check that keeps failing transiently gives
 * up that age and waits for the next one instead of failing the row.
 */
#ifndef WARTA_FRONTIER_H
#define WARTA_FRONTIER_H
#include <stddef.h>
#include <stdint.h>
#include "warta/plugin.h"

struct store;
struct frontier;

enum frontier_kind {
    FRONTIER_ARTICLE = WARTA_LINK_ARTICLE,
    FRONTIER_INDEX = WARTA_LINK_INDEX,
};

#define FRONTIER_MAX_ATTEMPTS 6   /* transient failures before "failed" */
#define FRONTIER_LEASE_BATCH 256  /* rows frontier_due returns at most */

/* A row handed to the scheduler; strings owned by the item. */
struct frontier_item {
    char *url;           /* the key: canonical */
    char *fetch_url;     /* the URL as discovered, to request; NULL: url */
    char *source;        /* may be NULL */
    enum frontier_kind kind;
    int attempts;        /* failed attempts so far */
    char *etag;          /* validators for a conditional GET; may be NULL */
    char *last_modified;
    int64_t due_at;
    int64_t poll_interval; /* index rows: current interval, s; 0 unknown */
    int depth;           /* 0 for a configured start URL */
    int64_t first_fetched; /* articles: first fetch, 0 never; > 0 makes
                            * this fetch a re-check */
};

void frontier_item_cleanup(struct frontier_item *it);

/*
 * Prepare the frontier's statements on the store's connection (the store
 * must outlive the frontier). Returns W_OK and *out (free with
 * frontier_close), W_NOMEM, or W_IO when the table is not there.
 */
int frontier_open(struct store *s, struct frontier **out);
void frontier_close(struct frontier *f);

/*
 * Enqueue url (canonical) for source, due at due_at. An existing row is
 * left as it is (dedupe), except that a start URL (depth 0) added again
 * as INDEX becomes an index row. Returns 1 when the row is new, 0 when it
 * existed, or a negative W_* code.
 */
int frontier_add(struct frontier *f, const char *url, const char *source,
                 enum frontier_kind kind, int64_t due_at, int depth,
                 const char *published);
/*
 * frontier_add, remembering fetch_url: the URL as it was discovered (a
 * feed's or index page's link), which is what gets requested, while url
 * (canonical: an ID-only form nobody knows the site serves) stays the key
 * and the record's identity. fetch_url NULL, empty or equal to url
 * stores none (url is fetched). An existing row without one learns it;
 * one it has is kept (the first discovery wins). Returns as frontier_add.
 */
int frontier_add_from(struct frontier *f, const char *url,
                      const char *fetch_url, const char *source,
                      enum frontier_kind kind, int64_t due_at, int depth,
                      const char *published);

/*
 * Up to max (<= FRONTIER_LEASE_BATCH) rows due at now, earliest first:
 * state new/due with due_at <= now, done articles whose re-check is due,
 * or inflight with an expired lease (a crashed or killed run). The rows
 * are not leased yet (see frontier_lease). Fills items (each cleaned up
 * by the caller) and returns the count, or a negative W_* code.
 */
int frontier_due(struct frontier *f, int64_t now, struct frontier_item *items,
                 int max);
/* Mark url inflight until lease_until. W_OK, W_NOTFOUND or W_* error. */
int frontier_lease(struct frontier *f, const char *url, int64_t lease_until);
/* Move a due url (or a done one waiting for a re-check) to a later due
 * time without touching its attempts (its host is not ready yet). */
int frontier_defer(struct frontier *f, const char *url, int64_t due_at);
/* Give an inflight url back, due at due_at (shutdown, cancelled). */
int frontier_requeue(struct frontier *f, const char *url, int64_t due_at);

/*
 * The fetch of url succeeded (status 2xx or 304). Articles become done.
 * Index rows become due again after their adaptive interval, which
 * starts at poll: then new_links > 0 halves it and none grows it by half,
 * bounded by [poll_min, poll_max] (seconds). The validators are stored
 * for the next conditional GET (NULL keeps the old ones). Attempts reset
 * to 0. An article's first_fetched is set by its first done; its next
 * re-check (none by default) is frontier_recheck's business.
 */
int frontier_done(struct frontier *f, const char *url, int64_t now,
                  long status, const char *etag, const char *last_modified,
                  long new_links, double poll, double poll_min,
                  double poll_max);
/*
 * A transient failure (timeout, reset, 5xx, 429/503, DNS). attempts goes
 * up by one; the row is due again at retry_at, except that an article
 * reaching max_attempts becomes failed, or, when it was fetched before
 * (a re-check), done again with no re-check scheduled (call
 * frontier_recheck for the next one). Index rows never fail for good:
 * then they are retried at now + poll_max (and count as fetched for
 * frontier_unfinished). error may be NULL.
 */
int frontier_retry(struct frontier *f, const char *url, int64_t now,
                   int64_t retry_at, long status, const char *error,
                   int max_attempts, double poll_max);
/*
 * A permanent answer: gone (404/410) sets state gone; anything else
 * (too big, refused, robots.txt, parse failure) sets failed. Index rows
 * are instead polled again at now + poll_max, since a start URL may come
 * back. error may be NULL.
 */
int frontier_gone(struct frontier *f, const char *url, int64_t now,
                  long status, const char *error, double poll_max);
int frontier_fail(struct frontier *f, const char *url, int64_t now,
                  long status, const char *error, double poll_max);

/* Earliest time anything becomes due (due_at of new/due rows and of
 * done rows waiting for a re-check, or the lease end of inflight rows),
 * or INT64_MAX when nothing will. */
int64_t frontier_next_due(struct frontier *f);

/* Rows in a state ("new", "due", "inflight", "done", "failed", "gone");
 * NULL counts all. Negative W_* on error. */
long frontier_count(struct frontier *f, const char *state);

/* Rows a single pass (`warta run --once`) still owes: articles not yet
 * done, failed or gone, and index rows never fetched. A re-check not yet
 * due is not owed; one leased is. Negative on error. */
long frontier_unfinished(struct frontier *f);

/* Inflight rows of earlier runs with a lease ending after now become due
 * at now: the caller knows they are not being fetched (a restart of the
 * only daemon). Returns the number requeued or a negative W_* code. */
long frontier_recover(struct frontier *f, int64_t now);

/*
 * The re-check policy: ages are seconds after an article's first fetch
 * (any order; values < 1 are ignored), n = 0 means never.
 *
 * frontier_recheck_next: the next re-check of an article first fetched at
 * first and last fetched at last: first + the least age that lands after
 * last, or 0 when none does (all ages passed, or first is 0). An age the
 * daemon slept through is therefore done once, late, not skipped.
 */
int64_t frontier_recheck_next(const double *ages, size_t n, int64_t first,
                              int64_t last);
/*
 * After a fetch of url settled (frontier_done, or frontier_retry giving
 * up a re-check): a done article gets its next re-check as due_at, or
 * none. Other rows are left alone. Returns W_OK, W_NOTFOUND or a negative
 * W_* code.
 */
int frontier_recheck(struct frontier *f, const char *url, const double *ages,
                     size_t n);
/*
 * Bring the re-checks of source's done articles in line with its policy
 * (at start-up and after a reload, since the policy may have changed, and
 * for articles that another command stored): every scheduled re-check is
 * recomputed (n = 0 clears them all), and articles first fetched within
 * the largest age of now that have none get theirs. Returns the number of
 * rows changed or a negative W_* code.
 */
long frontier_recheck_sync(struct frontier *f, const char *source,
                           const double *ages, size_t n, int64_t now);
#endif
