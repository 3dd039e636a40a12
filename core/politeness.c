/* SPDX-License-Identifier: MIT */
/*
 * Per-host politeness state (see politeness.h): a chained hash table of
 * hosts, each with its next allowed request time, requests in flight, the
 * 429/503 slow-down and its robots.txt. The table is bounded; when it is
 * full, idle hosts (nothing in flight, no pending wait, robots expired)
 * are dropped, which costs at most a second robots.txt fetch later.
 */
#include "config.h"
#include "politeness.h"
#include "mem.h"
#include "warta/plugin.h"
#include "robots.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_BUCKETS 4096
#define SLOW_MIN_MS 5000

enum robots_state { RS_NONE = 0, RS_FETCHING, RS_READY };

struct host {
    struct host *next;
    char *name;
    int64_t next_ms;     /* earliest start of the next request */
    int inflight;
    long slow_ms;        /* current slow-down, 0 = none */
    enum robots_state rs;
    int unreachable;     /* robots is the disallow-all of a failure */
    struct robots *robots;
    int64_t robots_until; /* expiry of robots */
};

struct politeness {
    struct politeness_opts o;
    struct host *b[N_BUCKETS];
    size_t n;
};

void politeness_opts_init(struct politeness_opts *o)
{
    o->crawl_delay_cap = 60;
    o->robots_ttl = 24 * 3600;
    o->robots_retry = 600;
    o->slow_max = 3600;
    o->agent = "warta";
}

int64_t politeness_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h % N_BUCKETS;
}

int politeness_new(struct politeness **out, const struct politeness_opts *o)
{
    struct politeness *p = w_calloc(1, sizeof *p);
    *out = p;
    if (!p)
        return W_NOMEM;
    p->o = *o;
    return W_OK;
}

static void host_free(struct host *h)
{
    robots_free(h->robots);
    w_free(h->name);
    w_free(h);
}

void politeness_free(struct politeness *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < N_BUCKETS; i++) {
        struct host *h = p->b[i];
        while (h) {
            struct host *nx = h->next;
            host_free(h);
            h = nx;
        }
    }
    w_free(p);
}

void politeness_set_opts(struct politeness *p,
                         const struct politeness_opts *o)
{
    p->o = *o;
}

static struct host *find(struct politeness *p, const char *name)
{
    for (struct host *h = p->b[hash(name)]; h; h = h->next)
        if (strcmp(h->name, name) == 0)
            return h;
    return NULL;
}

static void prune(struct politeness *p, int64_t now)
{
    for (size_t i = 0; i < N_BUCKETS; i++) {
        struct host **hp = &p->b[i];
        while (*hp) {
            struct host *h = *hp;
            if (h->inflight == 0 && h->next_ms <= now && h->slow_ms == 0 &&
                h->rs != RS_FETCHING && h->robots_until <= now) {
                *hp = h->next;
                host_free(h);
                p->n--;
                continue;
            }
            hp = &h->next;
        }
    }
}

static int get(struct politeness *p, const char *name, struct host **out)
{
    *out = find(p, name);
    if (*out)
        return W_OK;
    if (p->n >= POLITENESS_MAX_HOSTS)
        prune(p, politeness_now_ms());
    if (p->n >= POLITENESS_MAX_HOSTS)
        return W_TOOBIG;
    struct host *h = w_calloc(1, sizeof *h);
    if (!h)
        return W_NOMEM;
    h->name = w_strdup(name);
    if (!h->name) {
        w_free(h);
        return W_NOMEM;
    }
    unsigned k = hash(name);
    h->next = p->b[k];
    p->b[k] = h;
    p->n++;
    *out = h;
    return W_OK;
}

int64_t politeness_ready_at(struct politeness *p, const char *host,
                            int max_inflight, int64_t now)
{
    struct host *h = find(p, host);
    if (!h)
        return now;
    if (max_inflight > 0 && h->inflight >= max_inflight)
        return INT64_MAX;
    return h->next_ms > now ? h->next_ms : now;
}

static double crawl_delay(const struct politeness *p, const struct host *h,
                          int64_t now)
{
    if (h->rs != RS_READY || !h->robots || h->robots_until <= now)
        return 0;
    double d = robots_crawl_delay(h->robots);
    if (d < 0)
        return 0;
    return d > p->o.crawl_delay_cap ? p->o.crawl_delay_cap : d;
}

int politeness_start(struct politeness *p, const char *host, double delay_s,
                     int64_t now)
{
    struct host *h = NULL;
    int rc = get(p, host, &h);
    if (rc != W_OK)
        return rc;
    double d = delay_s > 0 ? delay_s : 0;
    double cd = crawl_delay(p, h, now);
    if (cd > d)
        d = cd;
    int64_t next = now + (int64_t)(d * 1000) + h->slow_ms;
    if (next > h->next_ms)
        h->next_ms = next;
    h->inflight++;
    return W_OK;
}

void politeness_done(struct politeness *p, const char *host,
                     enum fetch_outcome outcome, long retry_after,
                     int64_t now)
{
    struct host *h = find(p, host);
    if (!h)
        return;
    if (h->inflight > 0)
        h->inflight--;
    long max = (long)(p->o.slow_max * 1000);
    if (outcome == FETCH_SLOW_DOWN) {
        long s = h->slow_ms ? h->slow_ms * 2 : SLOW_MIN_MS;
        if (s > max)
            s = max;
        h->slow_ms = s;
        int64_t wait = s;
        if (retry_after >= 0) {
            int64_t ra = (int64_t)retry_after * 1000;
            if (ra > (int64_t)max)
                ra = max;
            if (ra > wait)
                wait = ra;
        }
        if (now + wait > h->next_ms)
            h->next_ms = now + wait;
    } else if (outcome == FETCH_OK || outcome == FETCH_NOT_MODIFIED ||
               outcome == FETCH_GONE) {
        h->slow_ms /= 2;
        if (h->slow_ms <= SLOW_MIN_MS / 4)
            h->slow_ms = 0;
    }
}

void politeness_defer(struct politeness *p, const char *host, int64_t until)
{
    struct host *h = NULL;
    if (get(p, host, &h) == W_OK && until > h->next_ms)
        h->next_ms = until;
}

enum politeness_robots politeness_robots(struct politeness *p,
                                         const char *host, const char *path,
                                         int64_t now)
{
    struct host *h = find(p, host);
    if (!h || h->rs == RS_NONE)
        return POL_UNKNOWN;
    if (h->rs == RS_FETCHING)
        return POL_PENDING;
    if (h->robots_until <= now || !h->robots)
        return POL_UNKNOWN;
    if (h->unreachable)
        return POL_UNREACHABLE;
    return robots_allowed(h->robots, path) ? POL_ALLOWED : POL_DISALLOWED;
}

int64_t politeness_robots_until(struct politeness *p, const char *host)
{
    struct host *h = find(p, host);
    return h && h->rs == RS_READY ? h->robots_until : 0;
}

int politeness_robots_fetching(struct politeness *p, const char *host)
{
    struct host *h = NULL;
    int rc = get(p, host, &h);
    if (rc == W_OK)
        h->rs = RS_FETCHING;
    return rc;
}

int politeness_robots_result(struct politeness *p, const char *host,
                             long status, const char *body, size_t len,
                             int64_t now)
{
    struct host *h = NULL;
    int rc = get(p, host, &h);
    if (rc != W_OK)
        return rc;
    struct robots *r = NULL;
    double ttl = p->o.robots_ttl;
    int unreachable = 0;
    switch (robots_policy_for_status(status)) {
    case ROBOTS_PARSE:
        rc = robots_parse(body ? body : "", body ? len : 0, p->o.agent, &r);
        break;
    case ROBOTS_ALLOW_ALL:
        rc = robots_new_policy(1, &r);
        break;
    case ROBOTS_DISALLOW_ALL:
    default:
        rc = robots_new_policy(0, &r);
        ttl = p->o.robots_retry;
        unreachable = 1;
        break;
    }
    if (rc != W_OK) {
        h->rs = RS_NONE;
        return rc;
    }
    robots_free(h->robots);
    h->robots = r;
    h->rs = RS_READY;
    h->unreachable = unreachable;
    h->robots_until = now + (int64_t)(ttl * 1000);
    return W_OK;
}

void politeness_robots_flush(struct politeness *p)
{
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (struct host *h = p->b[i]; h; h = h->next)
            if (h->rs == RS_READY) {
                robots_free(h->robots);
                h->robots = NULL;
                h->rs = RS_NONE;
                h->robots_until = 0;
            }
}

int politeness_inflight(struct politeness *p, const char *host)
{
    struct host *h = find(p, host);
    return h ? h->inflight : 0;
}

long politeness_slowdown_ms(struct politeness *p, const char *host)
{
    struct host *h = find(p, host);
    return h ? h->slow_ms : 0;
}

size_t politeness_hosts(const struct politeness *p) { return p->n; }
