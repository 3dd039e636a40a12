/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: warta's one event loop. It takes due URLs from the
 * frontier, holds them in per-host queues in memory, starts each when
 * politeness allows (robots.txt first, per-host delay, per-host and global
 * concurrency), waits in curl_multi_poll for transfers, timers and
 * signals at once, and hands every finished page to the ingest path: feeds,
 * sitemaps and index pages become new frontier rows, articles become
 * stored records. Everything a finished page changes (record, frontier
 * row, fetch log) is committed in one transaction.
 *
 * Signals: SIGTERM/SIGINT stop starting transfers, let those in flight
 * finish for a grace period, give the rest back to the frontier, commit
 * and return 0; a second one cuts the grace short. SIGHUP reloads the
 * config, plugins and rules beside the running ones and swaps only when
 * all three load; otherwise it logs why and keeps the old ones. Queued
 * work survives both, since it lives in the store.
 */
#ifndef WARTA_SCHED_H
#define WARTA_SCHED_H
#include "fetch.h"
#include "runtime.h"

struct sched_opts {
    const char *config_path; /* re-read on SIGHUP; NULL: the default */
    int once;       /* return when a single pass is done (no re-polls) */
    double grace;   /* seconds transfers may finish after SIGTERM (10) */
    double retry_base; /* seconds: first frontier retry delay (5) */
};

/*
 * Run the daemon on rt (opened with config, plugins, rules and store).
 * Seeds the frontier with every enabled source's URLs, gives back what an
 * earlier run left in flight, and loops until SIGTERM/SIGINT (or, with
 * once, until nothing is owed). Installs its own signal handlers for the
 * duration. Returns EXIT_OK, or EXIT_RUNTIME when it could not start.
 */
int sched_run(struct runtime *rt, const struct sched_opts *o);

/* Engine options from a config (the strings stay owned by cfg). */
void sched_fetch_opts(const struct config *cfg, struct fetch_opts *o);

/*
 * Ingest one fetched article page (the path `warta run` and `warta
 * fetch` share): parse with the source's plugin (or by host), finish the
 * record, and store it when store is set (inside the caller's batch, if
 * any). rec is initialised by the caller, who cleans it up. source may be
 * NULL. Returns W_OK, W_DECLINED (not an article), or another W_* code;
 * problems are logged with the URL.
 */
int sched_ingest_article(struct runtime *rt, const struct fetch_result *r,
                         const char *source, int store,
                         struct warta_record *rec);

/*
 * Split articles (a plugin sets WARTA_F_CONTINUATION: the next page of
 * the same article). The caller parses page 1 with sched_ingest_article
 * (store 0), fetches each next page as a polite request of its own, joins
 * it with sched_continue_article, and stores the record once, after the
 * last page, with sched_store_article.
 */
#define SCHED_MAX_PAGES 20 /* pages of one article, page 1 included */
#define SCHED_MAX_SEEN (2 * SCHED_MAX_PAGES + 1) /* URLs kept per chain */

/* Append the page in r to rec (page 1 parsed by sched_ingest_article).
 * Returns as ingest_continue; a failure is logged and leaves rec's text
 * as it was. */
int sched_continue_article(struct runtime *rt, const struct fetch_result *r,
                           const char *source, struct warta_record *rec);
/*
 * The next page to fetch for rec, or NULL when there is none. pages is
 * the number of pages joined so far; seen holds the n URLs already
 * fetched (or known) for this article. A continuation among seen (a
 * loop) or past SCHED_MAX_PAGES ends the chain: the record then gets a
 * warning and its continuation is cleared. The returned string belongs
 * to rec (copy it before changing rec). NULL also when the warning
 * cannot be added (no memory): the record is then stored as it is.
 */
const char *sched_next_page(struct warta_record *rec, int pages,
                            char *const *seen, int n);
/*
 * A page of a split article could not be fetched or read: the record
 * keeps the pages joined so far, gets a warning naming url and why, and
 * its continuation is cleared. Returns W_OK or W_NOMEM.
 */
int sched_page_failed(struct warta_record *rec, int page, const char *url,
                      const char *why);
/* Store rec (fetched from url, for the log). Returns as ingest_store. */
int sched_store_article(struct runtime *rt, const char *url,
                        const struct warta_record *rec);
#endif
