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
#endif
