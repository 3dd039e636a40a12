/* SPDX-License-Identifier: MIT */
/*
 * Politeness: when may warta send the next request to a host, and may it
 * fetch this path at all. One table entry per host holds the earliest time
 * of its next request (the larger of the configured delay and robots.txt's
 * Crawl-delay, capped, plus any slow-down the host asked for with 429/503
 * and Retry-After), the number of requests in flight, and the host's
 * robots.txt with its expiry. The scheduler asks before it starts a
 * transfer and reports every outcome; nothing here does I/O, so the rules
 * are unit-tested with a fake clock. Times are wall-clock milliseconds
 * (politeness_now_ms) so they compare with the frontier's due times.
 */
#ifndef WARTA_POLITENESS_H
#define WARTA_POLITENESS_H
#include <stddef.h>
#include <stdint.h>
#include "fetch.h"

#define POLITENESS_MAX_HOSTS 100000 /* entries kept; idle ones are pruned */

struct politeness_opts {
    double crawl_delay_cap; /* seconds; robots Crawl-delay honoured up to */
    double robots_ttl;      /* seconds a parsed robots.txt is trusted */
    double robots_retry;    /* seconds before an unreachable robots.txt
                             * is tried again (disallow meanwhile) */
    double slow_max;        /* seconds: cap of the 429/503 slow-down */
    const char *agent;      /* User-Agent; its product token picks the
                             * robots.txt group (borrowed, must outlive) */
};

/* Defaults: cap 60 s, ttl 24 h, retry 10 min, slow_max 1 h. */
void politeness_opts_init(struct politeness_opts *o);

struct politeness;

/* New empty table. Returns W_OK and *out (free with politeness_free), or
 * W_NOMEM. o is copied (agent stays borrowed). */
int politeness_new(struct politeness **out, const struct politeness_opts *o);
void politeness_free(struct politeness *p);
/* Replace the options (SIGHUP); hosts, delays and robots are kept. */
void politeness_set_opts(struct politeness *p,
                         const struct politeness_opts *o);

/* Wall-clock time in milliseconds since the epoch. */
int64_t politeness_now_ms(void);

/*
 * Earliest wall-clock ms at which a request to host may start, given
 * that at most max_inflight may run at once: now when it may start now,
 * INT64_MAX when it must wait for a transfer to end. Unknown hosts are
 * ready now.
 */
int64_t politeness_ready_at(struct politeness *p, const char *host,
                            int max_inflight, int64_t now);
/*
 * A request to host starts at now: counts it in flight and sets the
 * host's next time to now + max(delay_s, capped Crawl-delay) (plus the
 * current slow-down). Returns W_OK or W_NOMEM / W_TOOBIG (table full:
 * the request may go on, the host is simply not tracked).
 */
int politeness_start(struct politeness *p, const char *host, double delay_s,
                     int64_t now);
/*
 * The request to host ended with outcome. 429/503 double the host's
 * slow-down (from the delay, at least 5 s, up to slow_max) and push its
 * next time to now + max(slow-down, Retry-After seconds); a success halves
 * the slow-down. Other outcomes only end the in-flight count.
 */
void politeness_done(struct politeness *p, const char *host,
                     enum fetch_outcome outcome, long retry_after,
                     int64_t now);
/* Push host's next request to at least until (ms); e.g. DNS failures. */
void politeness_defer(struct politeness *p, const char *host, int64_t until);

/* What robots.txt says about a path. */
enum politeness_robots {
    POL_ALLOWED = 0,
    POL_DISALLOWED = 1,
    POL_UNKNOWN = 2, /* fetch robots.txt first (politeness_robots_fetching
                      * then politeness_robots_result) */
    POL_PENDING = 3, /* robots.txt is being fetched: wait */
    POL_UNREACHABLE = 4, /* robots.txt could not be read (5xx, 429, no
                          * answer): RFC 9309 says crawl nothing; wait
                          * until politeness_robots_until and ask again */
};

/* Decide for host and path ("/a?b", see url_path_query) at now. An
 * expired entry gives POL_UNKNOWN again. */
enum politeness_robots politeness_robots(struct politeness *p,
                                         const char *host, const char *path,
                                         int64_t now);
/* When host's robots.txt answer expires (ms; 0 when none is known). */
int64_t politeness_robots_until(struct politeness *p, const char *host);
/* Mark host's robots.txt as being fetched. W_OK, W_NOMEM or W_TOOBIG. */
int politeness_robots_fetching(struct politeness *p, const char *host);
/*
 * The robots.txt fetch for host ended: status is the final HTTP status (0
 * when there was no response), body its bytes (borrowed). Applies
 * robots_policy_for_status: 2xx parsed, 4xx allow all, else nothing is
 * crawled (POL_UNREACHABLE) for robots_retry. Returns W_OK or W_NOMEM (the host then stays
 * POL_UNKNOWN and is asked again).
 */
int politeness_robots_result(struct politeness *p, const char *host,
                             long status, const char *body, size_t len,
                             int64_t now);
/* Forget every robots.txt (SIGHUP: the agent may have changed). */
void politeness_robots_flush(struct politeness *p);

/* Requests in flight to host (0 when unknown). */
int politeness_inflight(struct politeness *p, const char *host);
/* Current slow-down of host in ms (0 when none or unknown). */
long politeness_slowdown_ms(struct politeness *p, const char *host);
/* Number of hosts tracked. */
size_t politeness_hosts(const struct politeness *p);
#endif
