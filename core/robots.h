/* SPDX-License-Identifier: MIT */
/*
 * robots.txt per RFC 9309. robots_parse() reads a file once for one
 * crawler (its product token, e.g. "warta") and keeps only what applies
 * to it: the rules of every group naming the token (merged), or else of
 * every "*" group (merged), plus its Crawl-delay and all Sitemap lines.
 * robots_allowed() is then the longest-match decision: "*" matches any
 * run of characters, a final "$" anchors the end, the longest matching
 * pattern wins and Allow wins a tie; both sides are compared after
 * percent-encoding normalisation, so "/%7Ea" and "/~a" are the same path.
 *
 * What to do when robots.txt cannot be read is robots_policy_for_status():
 * 2xx parse; 4xx (except 429) and a redirect chain that never ends
 * "unavailable" → allow everything; 429, 5xx and network failure
 * "unreachable" → disallow everything. The fetch
 * engine caches the result per origin (robots_ttl) and retries an
 * unreachable robots.txt sooner; RFC 9309 lets a crawler treat a robots.txt
 * unreachable for 30 days as absent, which the cache applies.
 */
#ifndef WARTA_ROBOTS_H
#define WARTA_ROBOTS_H
#include <stddef.h>

#define ROBOTS_MAX_BYTES (500 * 1024) /* RFC 9309 2.5: parse at least 500
                                       * KiB; the rest is ignored */
#define ROBOTS_MAX_LINE 2048          /* longer lines are skipped */
#define ROBOTS_MAX_RULES 20000        /* rules kept per file */
#define ROBOTS_MAX_SITEMAPS 1000      /* Sitemap: URLs kept per file */

struct robots;

/*
 * Parse n bytes of robots.txt for the crawler named agent. agent may be a
 * whole User-Agent ("warta/0.1 (+https://...)"): its product token (the
 * leading letters, digits, "_" and "-") is what groups are matched
 * against, case-insensitively. Unknown lines and garbage are ignored,
 * as the RFC asks; bytes past ROBOTS_MAX_BYTES are ignored. On success *out
 * is a new object the caller frees with robots_free(). Returns W_OK or
 * W_NOMEM (*out NULL).
 */
int robots_parse(const char *txt, size_t n, const char *agent,
                 struct robots **out);

/* A robots object that allows (allow = 1) or disallows (0) everything,
 * for the status policy below. Returns W_OK or W_NOMEM. */
int robots_new_policy(int allow, struct robots **out);

/* May the crawler fetch this path ("/a/b?q=1": the URL's path and
 * query, see url_path_query)? "/robots.txt" is always allowed. NULL or ""
 * counts as "/". Returns 1 allowed, 0 disallowed. */
int robots_allowed(const struct robots *r, const char *path_and_query);

/* Crawl-delay of the chosen group(s) in seconds (the largest when several
 * give one), or -1 when none. The caller caps it (crawl_delay_cap). */
double robots_crawl_delay(const struct robots *r);

/* Sitemap URLs in file order (borrowed from r; absolute or as written).
 * Returns the count and stores the array in *out (NULL when 0). */
size_t robots_sitemaps(const struct robots *r, const char *const **out);

/* Number of rules kept for our agent (for logs and tests). A policy
 * object has none. */
size_t robots_rule_count(const struct robots *r);

void robots_free(struct robots *r);

/* What to do with a robots.txt fetch outcome. */
enum robots_policy {
    ROBOTS_PARSE = 0,        /* 2xx: parse the body */
    ROBOTS_ALLOW_ALL = 1,    /* 4xx (not 429), and 3xx left after the
                              * redirects curl follows (RFC 9309 2.3.1.2):
                              * no robots.txt, everything allowed */
    ROBOTS_DISALLOW_ALL = 2, /* 429, 5xx, 0 (no response) and anything
                              * else: crawl nothing on the host for now,
                              * retry later */
};

/* Policy for the final HTTP status of the robots.txt request (0 when
 * there was no response: DNS, connect, TLS or timeout failure). */
enum robots_policy robots_policy_for_status(long status);
#endif
