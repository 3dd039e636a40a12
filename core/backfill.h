/* SPDX-License-Identifier: MIT */
/*
 * One-shot backfill: a source's archive over a date window, a list of
 * article URLs, or WARC files, ingested through the same path as the
 * daemon (frontier leases, politeness, the fetch engine, plugins,
 * extraction, the store) and then the command exits.
 *
 * Every job is resumable. A job walks an ordered sequence of work items
 * (archive pages newest first, lines of a URL list, records of a WARC
 * file); its checkpoint in the store's checkpoints table names the first
 * item not yet settled, together with the counts and failures so far,
 * and is written in the same transaction as the records it covers. After
 * Ctrl-C or kill -9 the same command reads the checkpoint, goes back to
 * that item and skips what the store already holds, so it ends with the
 * same records as an uninterrupted run. A finished job deletes its
 * checkpoint: running it again is a new job (which finds everything
 * stored). docs/BACKFILL.md describes the commands and the semantics.
 */
#ifndef WARTA_BACKFILL_H
#define WARTA_BACKFILL_H
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "runtime.h"

/* What became of one work item. */
enum backfill_outcome {
    BF_STORED = 0,  /* a new article stored */
    BF_UPDATED,     /* stored before, changed: new revision or refresh */
    BF_UNCHANGED,   /* fetched again (--refetch), nothing changed */
    BF_HAD,         /* already in the store: not fetched */
    BF_OUTSIDE,     /* published outside the window: not stored */
    BF_SKIPPED,     /* not an article: non-HTML, not 2xx, declined */
    BF_FAILED,      /* failed for good: listed in the summary */
    BF__N
};

#define BACKFILL_MAX_FAILED 1000 /* failures listed one by one */
#define BACKFILL_MAX_HOSTS 256   /* hosts counted apart ("other" after) */

struct backfill_opts {
    const char *source;        /* --source NAME, or NULL */
    const char *from, *to;     /* window "YYYY-MM-DD" inclusive, or NULL */
    const char *urls_file;     /* --urls FILE, or NULL */
    char *const *warc;         /* --warc FILE... */
    size_t n_warc;
    int refetch;               /* fetch or read again what is stored */
    int progress;              /* 1: one updating line (a terminal);
                                * 0: a log line every log_interval s */
    double log_interval;       /* seconds (10) */
    long max_pages;            /* archive pages walked per chain (100000) */
    double lease;              /* seconds an article lease lasts (300) */
    unsigned jobs;             /* WARC worker processes (0: one per CPU) */
};

void backfill_opts_init(struct backfill_opts *o);

/*
 * Run one job. rt is opened with config, plugins, rules and store. The
 * job installs SIGINT/SIGTERM handlers for its duration: the first
 * signal stops starting new work, saves the checkpoint and returns;
 * a second one cuts in-flight transfers short. Progress goes to stderr;
 * the summary too. Returns the exit status: EXIT_OK (all covered),
 * EXIT_RUNTIME (failures, interrupted, or the store failed), EXIT_USAGE
 * (bad input: unknown source, unreadable URL list or bad lines in it).
 */
int backfill_source(struct runtime *rt, const struct backfill_opts *o);
int backfill_urls(struct runtime *rt, const struct backfill_opts *o);
int backfill_warc(struct runtime *rt, const struct backfill_opts *o);

/* ---- pieces exposed for the unit tests ------------------------------- */

/* A URL list read from a file: good lines in file order. */
struct backfill_url {
    char *url;  /* canonical */
    long line;  /* 1-based line in the file */
};
struct backfill_list {
    struct backfill_url *v;
    size_t n, cap;
    long bad;           /* lines reported and skipped */
};

#define BACKFILL_MAX_URLS 10000000L /* lines in a URL list */

/*
 * Read path ("-" for stdin): one URL per line; blank lines and lines
 * whose first non-blank character is '#' are skipped, as is a comment
 * introduced by " #" after a URL. A line that is not an http(s) URL is
 * reported as "FILE:LINE: ..." on the log and counted in list->bad.
 * Duplicates (by canonical form) are kept once. Returns W_OK, W_IO
 * (cannot read: errmsg holds the sentence), W_TOOBIG, W_NOMEM. The
 * caller frees list with backfill_list_cleanup.
 */
int backfill_read_urls(const char *path, struct backfill_list *list,
                       char *errmsg, size_t errsz);
void backfill_list_cleanup(struct backfill_list *list);

/* Is the date part of an ISO 8601 time (its own local date, e.g.
 * "2024-06-30" of "2024-06-30T23:59:00+07:00") within [from, to]? NULL
 * bounds are open. Returns 1 in, 0 out, -1 when iso holds no date. */
int backfill_in_window(const char *iso, const char *from, const char *to);
/* Is s a valid calendar date "YYYY-MM-DD"? 1 or 0. */
int backfill_valid_date(const char *s);
#endif
