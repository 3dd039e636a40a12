/* SPDX-License-Identifier: MIT */
/*
 * The event loop of `warta run` (see sched.h). Work flows in three steps:
 *
 *   refill  due frontier rows → leased → per-host FIFO queues in memory
 *           (index rows jump the queue, so a feed is never stuck behind
 *           a backlog of articles; a full host queue defers its rows);
 *   start   for each host with queued work: robots.txt known and allowing
 *           the path, per-host delay passed, per-host and global limits
 *           free → fetch_add;
 *   finish  the engine's callback: fetch log, politeness, then the page
 *           goes to ingest (links → frontier rows; article → record →
 *           store) and the frontier row to its next state, all in one
 *           transaction.
 *
 * The loop sleeps in fetch_poll until the earliest of: a transfer event,
 * the next host becoming ready, the next frontier row becoming due, or a
 * signal (a self-pipe written by the handlers is one of the descriptors
 * curl_multi_poll watches). Rows sit in memory under a lease; at start-up
 * the daemon (one per store, see cmd_run.c's lock) gives back every lease
 * an earlier, crashed run left.
 */
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#undef W_OK /* <unistd.h>'s access() mode; warta's W_OK is the enum */
#include "config.h"
#include "sched.h"
#include "cmd.h"
#include "extract.h"
#include "feed.h"
#include "frontier.h"
#include "health.h"
#include "host.h"
#include "ingest.h"
#include "log.h"
#include "mem.h"
#include "politeness.h"
#include "store.h"
#include "url.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MEM_MAX 8192        /* URLs held in memory queues, all hosts */
#define HOST_MAX 2048       /* URLs held per host; the rest wait in SQL */
#define INDEX_DEPTH_MAX 2   /* sitemap index → sitemap → (no further) */
#define LEASE_QUEUED 3600   /* s: lease of a row waiting in memory */
#define DNS_BACKOFF_MAX 600 /* s: cap of the no-network backoff */
#define N_BUCKETS 4096

struct hostq;

/* One URL in memory: queued for its host, then in flight. */
struct job {
    struct job *next;     /* host queue */
    struct job *hnext;    /* URL set chain */
    char *url;            /* frontier key (canonical) */
    char *fetch_url;      /* the URL requested; NULL: url */
    char *source;         /* may be NULL */
    char *etag;
    char *last_modified;
    enum frontier_kind kind;
    int depth;
    int attempts;         /* failed attempts before this one */
    int64_t first_fetched; /* > 0: an article's re-check */
    int robots;           /* this is the host's robots.txt fetch */
    int64_t started_ms;
    struct hostq *hq;
    /* A split article: the pages joined so far (NULL before page 1 is
     * parsed) and every URL fetched for it, for loop protection. While
     * rec is set, etag/last_modified are page 1's answer, kept for the
     * frontier row, and not sent with the continuation requests. */
    struct warta_record *rec;
    int irc;              /* the article's parse result, once rec is set */
    long status1;         /* page 1's HTTP status */
    char *seen[SCHED_MAX_SEEN];
    int n_seen;
    int n_pages;
};

/* The URL a job requests. */
static const char *job_target(const struct job *j)
{
    return j->fetch_url ? j->fetch_url : j->url;
}

struct hostq {
    struct hostq *hnext;  /* hash chain */
    struct hostq *anext;  /* list of hosts with queued jobs */
    char *host;
    struct job *head, *tail;
    int n;
    int active;
};

struct sched {
    struct runtime *rt;
    const struct sched_opts *o;
    struct fetch *fe;
    struct politeness *pol;
    struct frontier *fr;
    struct health *health;
    struct hostq *hosts[N_BUCKETS];
    struct hostq *active;
    struct job *urls[N_BUCKETS]; /* URLs in memory (queued or in flight) */
    long n_queued;
    long n_inflight;
    int stopping;
    int64_t stop_deadline;
    int64_t refill_after_ms; /* back off a failing refill */
    long dns_streak;         /* consecutive DNS failures (network down?) */
    long dns_logged;         /* streak at the last log line */
    long n_fetched, n_stored, n_failed, n_rechecked;
    int tx;                  /* a store transaction is open */
};

/* ---- transactions ------------------------------------------------- */

/*
 * Writes are grouped: everything one pass of the loop changes (leases of
 * started transfers, and every page that finished: its record, frontier
 * rows and fetch log) is one transaction, committed before the loop
 * sleeps, so that no lock is held while waiting and a crash loses at most
 * the pages of one pass (fetched again, stored once). tx_begin returns 1
 * when it opened the transaction (and tx_end must close it), 0 when one
 * was already open or the store is busy (statements then commit alone).
 */
static int tx_begin(struct sched *s)
{
    if (s->tx || store_begin(s->rt->store) != W_OK)
        return 0;
    s->tx = 1;
    return 1;
}

static void tx_end(struct sched *s, int began)
{
    if (!began)
        return;
    s->tx = 0;
    int rc = store_commit(s->rt->store);
    if (rc != W_OK) {
        /* The rows stay leased and come back when the lease ends. */
        W_ERROR("store: cannot commit (%s); the pages of this round will "
                "be fetched again", warta_strerror(rc));
        store_rollback(s->rt->store);
    }
}

/* ---- signals ------------------------------------------------------ */

static int sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t sig_term, sig_hup;

static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGHUP)
        sig_hup = 1;
    else
        sig_term++;
    char c = (char)sig;
    if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
        /* The pipe is full: a wake-up is already pending. */
    }
    errno = saved;
}

static int signals_install(struct sigaction old[3])
{
    if (pipe(sig_pipe) != 0) {
        W_ERRNO("cannot create the signal pipe");
        return W_IO;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    sig_term = sig_hup = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, &old[0]);
    sigaction(SIGINT, &sa, &old[1]);
    sigaction(SIGHUP, &sa, &old[2]);
    return W_OK;
}

static void signals_restore(struct sigaction old[3])
{
    sigaction(SIGTERM, &old[0], NULL);
    sigaction(SIGINT, &old[1], NULL);
    sigaction(SIGHUP, &old[2], NULL);
    for (int i = 0; i < 2; i++) {
        if (sig_pipe[i] >= 0)
            close(sig_pipe[i]);
        sig_pipe[i] = -1;
    }
}

static void drain_pipe(void)
{
    char buf[64];
    while (read(sig_pipe[0], buf, sizeof buf) > 0) {
    }
}

/* ---- small tables ------------------------------------------------- */

static unsigned hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h % N_BUCKETS;
}

static struct job *url_find(struct sched *s, const char *url)
{
    for (struct job *j = s->urls[hash(url)]; j; j = j->hnext)
        if (strcmp(j->url, url) == 0)
            return j;
    return NULL;
}

static void url_remove(struct sched *s, struct job *j)
{
    for (struct job **p = &s->urls[hash(j->url)]; *p; p = &(*p)->hnext)
        if (*p == j) {
            *p = j->hnext;
            return;
        }
}

static void job_free(struct job *j)
{
    if (!j)
        return;
    w_free(j->url);
    w_free(j->fetch_url);
    w_free(j->source);
    w_free(j->etag);
    w_free(j->last_modified);
    if (j->rec) {
        record_cleanup(j->rec);
        w_free(j->rec);
    }
    for (int i = 0; i < j->n_seen; i++)
        w_free(j->seen[i]);
    w_free(j);
}

static struct hostq *host_get(struct sched *s, const char *host)
{
    unsigned k = hash(host);
    for (struct hostq *h = s->hosts[k]; h; h = h->hnext)
        if (strcmp(h->host, host) == 0)
            return h;
    struct hostq *h = w_calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->host = w_strdup(host);
    if (!h->host) {
        w_free(h);
        return NULL;
    }
    h->hnext = s->hosts[k];
    s->hosts[k] = h;
    return h;
}

static void host_push(struct sched *s, struct hostq *h, struct job *j,
                      int front)
{
    j->hq = h;
    if (front) {
        j->next = h->head;
        h->head = j;
        if (!h->tail)
            h->tail = j;
    } else {
        j->next = NULL;
        if (h->tail)
            h->tail->next = j;
        else
            h->head = j;
        h->tail = j;
    }
    h->n++;
    s->n_queued++;
    if (!h->active) {
        h->active = 1;
        h->anext = s->active;
        s->active = h;
    }
}

static struct job *host_pop(struct sched *s, struct hostq *h)
{
    struct job *j = h->head;
    if (!j)
        return NULL;
    h->head = j->next;
    if (!h->head)
        h->tail = NULL;
    j->next = NULL;
    h->n--;
    s->n_queued--;
    return j;
}

/* ---- config-derived settings -------------------------------------- */

void sched_fetch_opts(const struct config *cfg, struct fetch_opts *o)
{
    fetch_opts_init(o);
    o->user_agent = cfg->user_agent;
    o->ca_file = cfg->ca_file;
    o->connect_timeout_ms = (long)(cfg->connect_timeout * 1000);
    o->timeout_ms = (long)(cfg->timeout * 1000);
    o->low_speed_limit = cfg->low_speed_limit;
    o->low_speed_time = (long)cfg->low_speed_time;
    o->max_body = cfg->max_body;
    o->max_redirs = cfg->max_redirects;
    o->max_connections = cfg->max_connections;
    o->max_host_connections = cfg->max_per_host;
}

static void pol_opts(const struct config *cfg, struct politeness_opts *o)
{
    politeness_opts_init(o);
    o->crawl_delay_cap = cfg->crawl_delay_cap;
    o->robots_ttl = cfg->robots_ttl;
    o->agent = cfg->user_agent;
}

static const struct config_source *source_of(struct sched *s,
                                             const char *name)
{
    return name ? config_source(s->rt->cfg, name) : NULL;
}

static int allow_private(struct sched *s, const struct config_source *src)
{
    return src ? src->allow_private : s->rt->cfg->allow_private;
}

static int64_t lease_fetch_s(const struct config *cfg)
{
    return (int64_t)(cfg->connect_timeout + cfg->timeout) + 60;
}

/* ---- seeding and refill ------------------------------------------- */

/* Start URLs into the frontier, and every source's re-checks in line
 * with its policy (which a reload may have changed). */
static void seed(struct sched *s)
{
    const struct config *cfg = s->rt->cfg;
    int64_t now = politeness_now_ms() / 1000;
    long added = 0;
    int tx = tx_begin(s);
    for (size_t i = 0; i < cfg->n_sources; i++) {
        const struct config_source *src = &cfg->sources[i];
        if (!src->enabled)
            continue;
        store_source_put(s->rt->store, src->name, src->plugin, NULL);
        for (size_t u = 0; u < src->n_urls; u++)
            if (frontier_add(s->fr, src->urls[u], src->name, FRONTIER_INDEX,
                             now, 0, NULL) > 0)
                added++;
        long n = frontier_recheck_sync(s->fr, src->name, src->recheck,
                                       src->n_recheck, now);
        if (n > 0)
            W_INFO("run: source %s: %ld article re-checks scheduled or "
                   "moved by its recheck policy", src->name, n);
        else if (n < 0)
            W_WARN("run: source %s: cannot schedule its re-checks: %s",
                   src->name, warta_strerror((int)n));
    }
    tx_end(s, tx);
    W_INFO("run: %zu sources, %ld new start URLs, %ld URLs known",
           cfg->n_sources, added, frontier_count(s->fr, NULL));
}

/* Take one due row into memory (or push it back when its host is full). */
static void take(struct sched *s, struct frontier_item *it, int64_t now_s)
{
    struct job *old = url_find(s, it->url);
    if (old) { /* our own lease ran out while it waited: extend it */
        frontier_lease(s->fr, it->url, now_s + LEASE_QUEUED);
        return;
    }
    char host[256];
    if (url_host(it->fetch_url ? it->fetch_url : it->url, host,
                 sizeof host) != W_OK) {
        frontier_fail(s->fr, it->url, now_s, 0, "not a fetchable URL",
                      86400);
        return;
    }
    const struct config_source *src = source_of(s, it->source);
    if (it->source && (!src || !src->enabled)) {
        /* Source removed or disabled (SIGHUP): keep the row for later.
         * A done article's re-check is dropped instead (the defer then
         * leaves it alone); the source's policy schedules it again if
         * the source comes back (seed). */
        if (it->kind == FRONTIER_ARTICLE && it->first_fetched > 0)
            frontier_recheck(s->fr, it->url, NULL, 0);
        frontier_defer(s->fr, it->url, now_s + 86400);
        return;
    }
    struct hostq *h = host_get(s, host);
    if (!h)
        return;
    if (h->n >= HOST_MAX) {
        /* Come back when the host's queue has had time to drain: a
         * second from now at least, the politeness delay per queued
         * URL when there is one. */
        double d = config_source_delay(s->rt->cfg, src);
        frontier_defer(s->fr, it->url,
                       now_s + 1 + (int64_t)(h->n * (d > 0 ? d : 0)));
        return;
    }
    struct job *j = w_calloc(1, sizeof *j);
    if (!j)
        return;
    j->url = it->url;
    j->fetch_url = it->fetch_url;
    it->fetch_url = NULL;
    j->source = it->source;
    j->etag = it->etag;
    j->last_modified = it->last_modified;
    it->url = it->source = it->etag = it->last_modified = NULL;
    j->kind = it->kind;
    j->depth = it->depth;
    j->attempts = it->attempts;
    j->first_fetched = it->kind == FRONTIER_ARTICLE ? it->first_fetched : 0;
    if (frontier_lease(s->fr, j->url, now_s + LEASE_QUEUED) != W_OK) {
        job_free(j);
        return;
    }
    unsigned k = hash(j->url);
    j->hnext = s->urls[k];
    s->urls[k] = j;
    host_push(s, h, j, j->kind == FRONTIER_INDEX);
}

static void refill(struct sched *s, int64_t now_ms)
{
    if (s->n_queued >= MEM_MAX / 2 || now_ms < s->refill_after_ms)
        return;
    int64_t now_s = now_ms / 1000;
    if (frontier_next_due(s->fr) > now_s)
        return;
    static struct frontier_item items[FRONTIER_LEASE_BATCH];
    int rounds = 0;
    while (s->n_queued < MEM_MAX && rounds++ < 8) {
        int tx = tx_begin(s);
        int n = frontier_due(s->fr, now_s, items, FRONTIER_LEASE_BATCH);
        for (int i = 0; i < n; i++) {
            take(s, &items[i], now_s);
            frontier_item_cleanup(&items[i]);
        }
        tx_end(s, tx);
        if (n < 0)
            s->refill_after_ms = now_ms + 1000;
        if (n < FRONTIER_LEASE_BATCH)
            break;
    }
}

/* ---- starting transfers ------------------------------------------- */

static void log_fetch(struct sched *s, const char *url, int64_t started_ms,
                      const struct fetch_result *r, const char *outcome,
                      const char *error)
{
    struct store_fetch f = {
        .url = url,
        .started = started_ms / 1000,
        .duration_ms = r ? (long)(r->seconds * 1000) : 0,
        .status = r ? (int)r->status : 0,
        .bytes = r ? (int64_t)r->len : 0,
        .outcome = outcome,
        .error = error,
    };
    int rc = store_log_fetch(s->rt->store, &f);
    if (rc != W_OK)
        W_WARN("%s: cannot log the fetch: %s", url, warta_strerror(rc));
}

static int start_robots(struct sched *s, struct hostq *h, struct job *first,
                        int64_t now_ms)
{
    char rurl[URL_MAX];
    if (url_robots_txt(job_target(first), rurl, sizeof rurl) != W_OK)
        return W_PARSE;
    struct job *j = w_calloc(1, sizeof *j);
    if (!j)
        return W_NOMEM;
    j->url = w_strdup(rurl);
    j->source = first->source ? w_strdup(first->source) : NULL;
    j->robots = 1;
    j->hq = h;
    j->started_ms = now_ms;
    if (!j->url || politeness_robots_fetching(s->pol, h->host) != W_OK) {
        job_free(j);
        return W_NOMEM;
    }
    const struct config_source *src = source_of(s, first->source);
    struct fetch_req req = {
        .url = j->url,
        .allow_private = allow_private(s, src),
        .max_attempts = 1,
        .ud = j,
    };
    politeness_start(s->pol, h->host, 0, now_ms);
    int rc = fetch_add(s->fe, &req);
    if (rc != W_OK) {
        politeness_done(s->pol, h->host, FETCH_ERROR, -1, now_ms);
        politeness_robots_result(s->pol, h->host, 404, NULL, 0, now_ms);
        job_free(j);
        return rc;
    }
    s->n_inflight++;
    W_DEBUG("%s: fetching robots.txt", h->host);
    return W_OK;
}

static int split_page(struct sched *s, struct job *j,
                      const struct fetch_result *r);
static int finish_page(struct sched *s, struct job *j,
                       const struct fetch_result *r, int64_t now_ms);

/* Drop the head of h for good (robots.txt says no, or it cannot start).
 * The next page of a split article ends the article there instead: the
 * pages joined so far are stored, with a warning. */
static void drop_head(struct sched *s, struct hostq *h, const char *why,
                      const char *outcome, int64_t now_ms)
{
    struct job *j = host_pop(s, h);
    const struct config_source *src = source_of(s, j->source);
    double poll_max = src ? src->poll_max : 86400;
    int tx = tx_begin(s);
    log_fetch(s, job_target(j), now_ms, NULL, outcome, why);
    if (j->rec) {
        struct fetch_result r = {
            .url = job_target(j), .final_url = job_target(j),
            .outcome = FETCH_REFUSED, .error = why, .retry_after = -1,
            .ip = "",
        };
        split_page(s, j, &r);
        if (finish_page(s, j, &r, now_ms) != W_OK)
            frontier_requeue(s->fr, j->url, now_ms / 1000 + 60);
    } else {
        frontier_fail(s->fr, j->url, now_ms / 1000, 0, why, poll_max);
        s->n_failed++;
    }
    tx_end(s, tx);
    W_INFO("%s: %s", job_target(j), why);
    url_remove(s, j);
    job_free(j);
}

/* Every queued row of h back to the frontier, due at due_s. */
static void give_back_host(struct sched *s, struct hostq *h, int64_t due_s)
{
    int tx = tx_begin(s);
    struct job *j;
    while ((j = host_pop(s, h))) {
        frontier_requeue(s->fr, j->url, due_s);
        url_remove(s, j);
        job_free(j);
    }
    tx_end(s, tx);
}

/* Start what host h may start now; returns when h is next worth a look
 * (ms), INT64_MAX when it waits for a transfer to end. */
static int64_t start_host(struct sched *s, struct hostq *h, int64_t now_ms)
{
    const struct config *cfg = s->rt->cfg;
    while (h->head && s->n_inflight < cfg->max_connections) {
        struct job *j = h->head;
        char path[URL_MAX];
        if (url_path_query(job_target(j), path, sizeof path) != W_OK) {
            drop_head(s, h, "not a fetchable URL", "error", now_ms);
            continue;
        }
        switch (politeness_robots(s->pol, h->host, path, now_ms)) {
        case POL_UNKNOWN:
            if (start_robots(s, h, j, now_ms) != W_OK)
                return now_ms + 1000;
            return INT64_MAX;
        case POL_PENDING:
            return INT64_MAX;
        case POL_DISALLOWED:
            drop_head(s, h, "disallowed by robots.txt", "disallowed",
                      now_ms);
            continue;
        case POL_UNREACHABLE:
            /* Not the URLs' fault: back to the frontier until robots.txt
             * is asked again. */
            give_back_host(s, h,
                           politeness_robots_until(s->pol, h->host) / 1000);
            return INT64_MAX;
        case POL_ALLOWED:
            break;
        }
        int64_t ready = politeness_ready_at(s->pol, h->host,
                                            (int)cfg->max_per_host, now_ms);
        if (ready > now_ms)
            return ready;
        const struct config_source *src = source_of(s, j->source);
        struct fetch_req req = {
            .url = job_target(j),
            .etag = j->rec ? NULL : j->etag,
            .last_modified = j->rec ? NULL : j->last_modified,
            .allow_private = allow_private(s, src),
            .max_attempts = 1, /* retries go through the frontier */
            .ud = j,
        };
        if (frontier_lease(s->fr, j->url,
                           now_ms / 1000 + lease_fetch_s(cfg)) != W_OK) {
            /* The row vanished or the store is busy: try it later. */
            host_pop(s, h);
            url_remove(s, j);
            job_free(j);
            continue;
        }
        int rc = fetch_add(s->fe, &req);
        if (rc != W_OK) {
            drop_head(s, h, warta_strerror(rc), "error", now_ms);
            continue;
        }
        host_pop(s, h);
        j->started_ms = now_ms;
        politeness_start(s->pol, h->host, config_source_delay(cfg, src),
                         now_ms);
        s->n_inflight++;
    }
    return h->head ? now_ms + 1000 : INT64_MAX;
}

/* Start what may start; returns the earliest time a host becomes ready. */
static int64_t start_all(struct sched *s, int64_t now_ms)
{
    int64_t wake = INT64_MAX;
    struct hostq **p = &s->active;
    while (*p) {
        struct hostq *h = *p;
        if (s->n_inflight >= s->rt->cfg->max_connections)
            break;
        int64_t t = start_host(s, h, now_ms);
        if (t < wake)
            wake = t;
        if (!h->head) {
            h->active = 0;
            *p = h->anext;
            h->anext = NULL;
            continue;
        }
        p = &h->anext;
    }
    return wake;
}

/* ---- finished transfers -------------------------------------------- */

struct link_ctx {
    struct sched *s;
    const struct config_source *src;
    const char *source;
    int depth;
    long added;
};

static void add_links(struct link_ctx *c, const struct warta_links *l,
                      int64_t now_s)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct link *lk = &l->v[i];
        int depth = lk->kind == WARTA_LINK_INDEX ? c->depth + 1 : c->depth;
        if (lk->kind == WARTA_LINK_INDEX && depth > INDEX_DEPTH_MAX)
            continue;
        char canon[URL_MAX], host[256];
        if (ingest_canonical(&c->s->rt->ingest, lk->url, canon,
                             sizeof canon) != W_OK ||
            url_host(canon, host, sizeof host) != W_OK)
            continue;
        if (c->src && !config_source_has_host(c->src, host))
            continue;
        /* The canonical form is the key; the link as found is what
         * gets requested (a plugin's canonical form, such as an ID-only
         * URL, may be one the site does not serve). */
        int rc = frontier_add_from(c->s->fr, canon, lk->url, c->source,
                                   (enum frontier_kind)lk->kind, now_s,
                                   depth, lk->published);
        if (rc > 0)
            c->added++;
    }
}

int sched_ingest_article(struct runtime *rt, const struct fetch_result *r,
                         const char *source, int store,
                         struct warta_record *rec)
{
    const struct config_source *src =
        source ? config_source(rt->cfg, source) : NULL;
    struct ingest_input in = {
        .url = r->final_url,
        .name = r->final_url,
        .content_type = r->content_type,
        .bytes = r->body,
        .n = r->len,
        .source = source,
        .plugin = src ? src->plugin : NULL,
    };
    int rc = ingest_article(&rt->ingest, &in, rec);
    if (rc != W_OK) {
        W_WARN("%s: %s", r->final_url,
               rc == W_DECLINED ? "no plugin parsed it as an article"
                                : warta_strerror(rc));
        return rc;
    }
    if (store)
        rc = sched_store_article(rt, r->final_url, rec);
    return rc;
}

int sched_store_article(struct runtime *rt, const char *url,
                        const struct warta_record *rec)
{
    int outcome = 0;
    int rc = ingest_store(&rt->ingest, rec, &outcome);
    if (rc != W_OK)
        W_ERROR("%s: cannot store the record: %s", url, warta_strerror(rc));
    else
        W_INFO("%s: %s", url,
               outcome == STORE_INSERTED    ? "stored"
               : outcome == STORE_UPDATED   ? "updated (new revision)"
               : outcome == STORE_REFRESHED ? "refreshed"
                                            : "unchanged");
    return rc;
}

int sched_continue_article(struct runtime *rt, const struct fetch_result *r,
                           const char *source, struct warta_record *rec)
{
    const struct config_source *src =
        source ? config_source(rt->cfg, source) : NULL;
    struct ingest_input in = {
        .url = r->final_url,
        .name = r->final_url,
        .content_type = r->content_type,
        .bytes = r->body,
        .n = r->len,
        .source = source,
        .plugin = src ? src->plugin : NULL,
    };
    int rc = ingest_continue(&rt->ingest, &in, rec);
    if (rc != W_OK)
        W_WARN("%s: cannot join this page to its article: %s",
               r->final_url,
               rc == W_DECLINED ? "no plugin parsed it" : warta_strerror(rc));
    return rc;
}

const char *sched_next_page(struct warta_record *rec, int pages,
                            char *const *seen, int n)
{
    const char *next = record_get(rec, WARTA_F_CONTINUATION);
    if (!next || !*next)
        return NULL;
    int loop = 0;
    for (int i = 0; i < n && !loop; i++)
        loop = seen[i] && strcmp(seen[i], next) == 0;
    if (!loop && pages < SCHED_MAX_PAGES)
        return next;
    if (loop) {
        W_WARN("%s: the article's pages loop back here; joined %d pages",
               next, pages);
        record_warn(rec, "split article: page %d links back to %s; "
                    "stopped after %d pages", pages, next, pages);
    } else {
        W_WARN("%s: more than %d pages in one article; not followed",
               next, SCHED_MAX_PAGES);
        record_warn(rec, "split article: more than %d pages; the text "
                    "stops before %s", SCHED_MAX_PAGES, next);
    }
    record_set(rec, WARTA_F_CONTINUATION, NULL);
    return NULL;
}

int sched_page_failed(struct warta_record *rec, int page, const char *url,
                      const char *why)
{
    W_WARN("%s: page %d of a split article failed (%s); storing the %d "
           "pages before it", url, page, why, page - 1);
    int rc = record_warn(rec, "split article: page %d (%s) failed: %s; "
                         "the text stops before it", page, url, why);
    int rc2 = record_set(rec, WARTA_F_CONTINUATION, NULL);
    return rc ? rc : rc2;
}

struct gz_ctx {
    struct warta_links *links;
    const char *base;
};

static int gz_link(void *ud, enum warta_link_kind kind, const char *url,
                   const char *published, const char *title)
{
    struct gz_ctx *g = ud;
    (void)title;
    char *abs = url_resolve(g->base, url);
    if (!abs)
        return 0; /* not http(s): skip it */
    int rc = links_add(g->links, kind, abs, published);
    w_free(abs);
    return rc == W_NOMEM || rc == W_TOOBIG ? rc : 0;
}

/* The page of an index row: its links go to the frontier. Returns the
 * number of new rows, or a negative W_* code. */
static long index_page(struct sched *s, struct job *j,
                       const struct fetch_result *r,
                       const struct config_source *src, int64_t now_s)
{
    struct warta_links links;
    int rc = links_init(&links, r->final_url);
    if (rc != W_OK)
        return rc;
    struct ingest_input in = {
        .url = r->final_url,
        .name = r->final_url,
        .content_type = r->content_type,
        .bytes = r->body,
        .n = r->len,
        .source = j->source,
        .plugin = src ? src->plugin : NULL,
    };
    const unsigned char *b = (const unsigned char *)r->body;
    if (r->len >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
        /* A .xml.gz sitemap (served as a file, not Content-Encoding):
         * only the feed reader understands it, and it inflates it in
         * bounded chunks itself. */
        struct gz_ctx g = {&links, r->final_url};
        rc = feed_parse(r->body, r->len, gz_link, &g);
    } else {
        rc = ingest_links(&s->rt->ingest, &in, &links);
    }
    long added = 0;
    if (rc == W_OK || rc == W_TOOBIG) {
        struct link_ctx c = {s, src, j->source, j->depth, 0};
        add_links(&c, &links, now_s);
        added = c.added;
        W_INFO("%s: %zu links, %ld new", r->final_url, links.n, added);
    } else if (rc == W_DECLINED) {
        W_WARN("%s: neither a feed, a sitemap nor an index page a plugin "
               "knows", r->final_url);
    } else {
        W_WARN("%s: cannot read its links: %s", r->final_url,
               warta_strerror(rc));
    }
    links_cleanup(&links);
    return added;
}

static void network_health(struct sched *s, const struct fetch_result *r)
{
    if (r->outcome == FETCH_DNS) {
        s->dns_streak++;
        /* Log the first failure, then at doubling intervals. */
        if (s->dns_streak == 1 || s->dns_streak >= s->dns_logged * 2) {
            W_WARN("%s: cannot resolve the host (%ld DNS failures in a "
                   "row); backing off", r->url, s->dns_streak);
            s->dns_logged = s->dns_streak;
        }
        return;
    }
    if (r->status > 0 && s->dns_streak > 0) {
        W_NOTICE("network recovered after %ld DNS failures", s->dns_streak);
        s->dns_streak = s->dns_logged = 0;
    }
}

static void finish_robots(struct sched *s, struct job *j,
                          const struct fetch_result *r, int64_t now_ms)
{
    long status = fetch_outcome_transient(r->outcome) ||
                          r->outcome == FETCH_OK ||
                          r->outcome == FETCH_GONE ||
                          r->outcome == FETCH_CLIENT_ERROR
                      ? r->status
                      : 0;
    /* A robots.txt too big or refused counts as unreachable. */
    if (r->outcome == FETCH_DNS || r->outcome == FETCH_NETWORK ||
        r->outcome == FETCH_TIMEOUT || r->outcome == FETCH_TOO_BIG ||
        r->outcome == FETCH_REFUSED || r->outcome == FETCH_TLS ||
        r->outcome == FETCH_REDIRECTS)
        status = 0;
    if (politeness_robots_result(s->pol, j->hq->host, status, r->body,
                                 r->len, now_ms) != W_OK)
        W_WARN("%s: cannot keep robots.txt", j->url);
    if (status == 0 || status >= 500 || status == 429) {
        if (r->outcome != FETCH_DNS) /* DNS has its own backed-off log */
            W_WARN("%s: %s; not crawling %s for now", j->url,
                   r->error ? r->error : "unreachable", j->hq->host);
        if (r->outcome == FETCH_DNS)
            politeness_defer(s->pol, j->hq->host,
                             now_ms + fetch_backoff_ms(
                                          (int)(s->dns_streak < 20
                                                    ? s->dns_streak
                                                    : 20),
                                          10000, DNS_BACKOFF_MAX * 1000L));
    }
}

/* The outlet a source's records should carry: its configured plugin,
 * unless that is the generic one (whose records are named after their
 * site) or none is configured. */
static const char *expected_outlet(struct sched *s,
                                   const struct config_source *src)
{
    if (!src || !src->plugin)
        return NULL;
    const struct plugin *p = plugins_by_name(&s->rt->plugins, src->plugin);
    if (!p || !p->desc->hosts || !p->desc->hosts[0] ||
        strcmp(p->desc->hosts[0], "*") == 0)
        return NULL;
    return src->plugin;
}

/* An article page parsed (irc W_OK, rec filled) or read as no article
 * (W_DECLINED): what it says about its source's layout. */
static void note_health(struct sched *s, const struct job *j,
                        const struct config_source *src,
                        const struct warta_record *rec, int irc,
                        int64_t now_s)
{
    if (!j->source || (irc != W_OK && irc != W_DECLINED))
        return;
    unsigned kinds = irc == W_OK
                         ? health_classify(rec, expected_outlet(s, src))
                         : HEALTH_NOT_ARTICLE;
    health_note(s->health, j->source, kinds, now_s);
}

static int seen_add(struct job *j, const char *url)
{
    if (!url || j->n_seen >= SCHED_MAX_SEEN)
        return W_OK;
    for (int i = 0; i < j->n_seen; i++)
        if (strcmp(j->seen[i], url) == 0)
            return W_OK;
    if (!(j->seen[j->n_seen] = w_strdup(url)))
        return W_NOMEM;
    j->n_seen++;
    return W_OK;
}

static int keep_str(char **dst, const char *v)
{
    char *c = v ? w_strdup(v) : NULL;
    if (v && !c)
        return W_NOMEM;
    w_free(*dst);
    *dst = c;
    return W_OK;
}

/*
 * An article page answered (j->rec NULL: page 1; else a continuation,
 * whatever its outcome but a cancel). Parses or joins it into j->rec.
 * Returns 1 when j went back to a host queue for the article's next page
 * (the caller keeps it), 0 when the article is complete: j->rec holds
 * it and j->irc its parse result, for finish_page.
 */
static int split_page(struct sched *s, struct job *j,
                      const struct fetch_result *r)
{
    if (!j->rec) {
        if (!(j->rec = w_calloc(1, sizeof *j->rec))) {
            j->irc = W_NOMEM;
            return 0;
        }
        record_init(j->rec);
        j->irc = sched_ingest_article(s->rt, r, j->source, 0, j->rec);
        j->status1 = r->status;
        if (j->irc != W_OK)
            return 0;
        /* Page 1's validators are the row's, for the next re-check. */
        if (keep_str(&j->etag, r->etag) != W_OK ||
            keep_str(&j->last_modified, r->last_modified) != W_OK) {
            j->irc = W_NOMEM;
            return 0;
        }
        if (seen_add(j, j->url) != W_OK) {
            j->irc = W_NOMEM;
            return 0;
        }
    } else if (r->outcome != FETCH_OK) {
        j->irc = sched_page_failed(j->rec, j->n_pages + 1, r->url,
                                   r->error ? r->error
                                            : fetch_outcome_name(r->outcome));
        return 0;
    } else {
        int rc = sched_continue_article(s->rt, r, j->source, j->rec);
        if (rc == W_NOMEM) {
            j->irc = rc;
            return 0;
        }
        if (rc != W_OK) {
            j->irc = sched_page_failed(j->rec, j->n_pages + 1, r->url,
                                       warta_strerror(rc));
            return 0;
        }
    }
    j->n_pages++;
    if (seen_add(j, r->url) != W_OK || seen_add(j, r->final_url) != W_OK) {
        j->irc = W_NOMEM;
        return 0;
    }
    const char *next = sched_next_page(j->rec, j->n_pages, j->seen,
                                       j->n_seen);
    char host[256];
    struct hostq *h = NULL;
    if (!next)
        return 0;
    if (url_host(next, host, sizeof host) != W_OK ||
        !(h = host_get(s, host)) || keep_str(&j->fetch_url, next) != W_OK) {
        j->irc = sched_page_failed(j->rec, j->n_pages + 1, next,
                                   "not a fetchable URL");
        return 0;
    }
    /* The same lease, the same job: the next page goes first in its
     * host's queue and waits for robots.txt and the delay like any URL. */
    W_DEBUG("%s: page %d of %s", next, j->n_pages + 1, j->url);
    host_push(s, h, j, 1);
    return 1;
}

/* Returns W_OK, or W_AGAIN/W_NOMEM/W_IO when the store failed and the
 * batch must be rolled back. */
static int finish_page(struct sched *s, struct job *j,
                       const struct fetch_result *r, int64_t now_ms)
{
    const struct config_source *src = source_of(s, j->source);
    double poll = src ? src->poll : 900;
    double poll_min = src ? src->poll_min : 300;
    double poll_max = src ? src->poll_max : 86400;
    /* A source removed by a reload re-checks nothing. */
    const double *ages = src ? src->recheck : NULL;
    size_t n_ages = src ? src->n_recheck : 0;
    int recheck = j->kind == FRONTIER_ARTICLE && j->first_fetched > 0;
    int64_t now_s = now_ms / 1000;
    int rc = W_OK;
    if (recheck && r->outcome != FETCH_CANCELLED)
        s->n_rechecked++;
    /* A split article settles as its page 1 did, whatever its last page
     * answered (see split_page). */
    switch (j->rec && r->outcome != FETCH_CANCELLED ? FETCH_OK
                                                    : r->outcome) {
    case FETCH_OK:
        if (j->kind == FRONTIER_INDEX) {
            long added = index_page(s, j, r, src, now_s);
            rc = frontier_done(s->fr, j->url, now_s, r->status, r->etag,
                               r->last_modified, added > 0 ? added : 0,
                               poll, poll_min, poll_max);
        } else {
            int irc = j->rec ? j->irc : W_NOMEM;
            if (irc == W_OK)
                irc = sched_store_article(s->rt, job_target(j), j->rec);
            note_health(s, j, src, j->rec, irc, now_s);
            if (irc == W_OK) {
                if (!recheck)
                    s->n_stored++;
                rc = frontier_done(s->fr, j->url, now_s, j->status1, j->etag,
                                   j->last_modified, 0, poll, poll_min,
                                   poll_max);
                if (rc == W_OK)
                    rc = frontier_recheck(s->fr, j->url, ages, n_ages);
            } else if (irc == W_AGAIN || irc == W_NOMEM || irc == W_IO) {
                rc = irc; /* the store failed: roll back, retry later */
            } else {
                s->n_failed++;
                rc = frontier_fail(s->fr, j->url, now_s, r->status,
                                   irc == W_DECLINED ? "not an article"
                                                     : warta_strerror(irc),
                                   poll_max);
            }
        }
        break;
    case FETCH_NOT_MODIFIED:
        if (recheck)
            W_INFO("%s: re-check: not modified", j->url);
        rc = frontier_done(s->fr, j->url, now_s, r->status, NULL, NULL, 0,
                           poll, poll_min, poll_max);
        if (rc == W_OK && j->kind == FRONTIER_ARTICLE)
            rc = frontier_recheck(s->fr, j->url, ages, n_ages);
        break;
    case FETCH_GONE:
        if (recheck)
            W_INFO("%s: re-check: gone (HTTP %ld); the stored article is "
                   "kept", j->url, r->status);
        rc = frontier_gone(s->fr, j->url, now_s, r->status, r->error,
                           poll_max);
        break;
    case FETCH_CANCELLED:
        rc = frontier_requeue(s->fr, j->url, now_s);
        break;
    case FETCH_DNS: {
        /* Not the URL's fault: no attempt is counted, so a network that
         * is down for hours costs no article. */
        long wait = fetch_backoff_ms((int)(s->dns_streak < 20
                                               ? s->dns_streak
                                               : 20),
                                     10000, DNS_BACKOFF_MAX * 1000L);
        politeness_defer(s->pol, j->hq->host, now_ms + wait);
        rc = frontier_requeue(s->fr, j->url, (now_ms + wait + 999) / 1000);
        break;
    }
    default:
        if (fetch_outcome_transient(r->outcome)) {
            long base = (long)(s->o->retry_base * 1000);
            int64_t wait = fetch_backoff_ms(j->attempts + 1, base,
                                            3600 * 1000L);
            if (r->retry_after >= 0 && r->retry_after * 1000 > wait)
                wait = r->retry_after * 1000;
            /* Rounded up, so a Retry-After is never cut short. */
            rc = frontier_retry(s->fr, j->url, now_s,
                                (now_ms + wait + 999) / 1000, r->status,
                                r->error, FRONTIER_MAX_ATTEMPTS, poll_max);
            /* A re-check that gave up waits for the next age. */
            if (rc == W_OK && recheck)
                rc = frontier_recheck(s->fr, j->url, ages, n_ages);
        } else {
            s->n_failed++;
            rc = frontier_fail(s->fr, j->url, now_s, r->status, r->error,
                               poll_max);
        }
        break;
    }
    if (rc != W_OK)
        W_WARN("%s: frontier update failed: %s", j->url, warta_strerror(rc));
    return rc == W_AGAIN || rc == W_NOMEM || rc == W_IO ? rc : W_OK;
}

static void on_result(const struct fetch_result *r, void *ud)
{
    struct sched *s = ud;
    struct job *j = r->ud;
    int64_t now_ms = politeness_now_ms();
    s->n_inflight--;
    if (r->outcome != FETCH_CANCELLED) {
        s->n_fetched++;
        politeness_done(s->pol, j->hq->host, r->outcome, r->retry_after,
                        now_ms);
        network_health(s, r);
    } else {
        politeness_done(s->pol, j->hq->host, FETCH_ERROR, -1, now_ms);
    }
    /* Joins the round's transaction (closed by the loop after poll). */
    tx_begin(s);
    int failed = W_OK;
    if (r->outcome != FETCH_CANCELLED)
        log_fetch(s, r->url, j->started_ms, r,
                  fetch_outcome_name(r->outcome), r->error);
    if (!j->robots && j->kind == FRONTIER_ARTICLE &&
        r->outcome != FETCH_CANCELLED &&
        (j->rec || r->outcome == FETCH_OK) && split_page(s, j, r))
        return; /* queued again for the article's next page */
    if (j->robots) {
        if (r->outcome == FETCH_CANCELLED)
            politeness_robots_flush(s->pol);
        else
            finish_robots(s, j, r, now_ms);
    } else {
        if (r->outcome != FETCH_OK && r->outcome != FETCH_NOT_MODIFIED &&
            r->outcome != FETCH_CANCELLED)
            W_INFO("%s: %s", j->url,
                   r->error ? r->error : fetch_outcome_name(r->outcome));
        failed = finish_page(s, j, r, now_ms);
    }
    if (failed) {
        /* The record's own savepoint was rolled back; the row goes back
         * to the frontier to be fetched again in a minute. */
        W_ERROR("%s: cannot store (%s); it will be fetched again", j->url,
                warta_strerror(failed));
        frontier_requeue(s->fr, j->url, now_ms / 1000 + 60);
    }
    if (!j->robots)
        url_remove(s, j);
    job_free(j);
}

/* ---- reload, shutdown, the loop ------------------------------------ */

static int plugin_exists(void *ud, const char *name)
{
    return plugins_by_name(ud, name) != NULL;
}

/* SIGHUP: load config, plugins and rules beside the running ones; swap
 * only when all three are good. Nothing queued is touched. */
static void reload(struct sched *s)
{
    struct runtime *rt = s->rt;
    const char *path = s->o->config_path ? s->o->config_path
                                         : rt->cfg->path;
    char err[1024];
    struct config *cfg = NULL;
    struct plugin_set *ps = NULL;
    struct extract *ex = NULL;
    W_NOTICE("reload: reading %s", path);
    int rc = config_load(path, &cfg, err, sizeof err);
    if (rc != W_OK) {
        W_ERROR("reload failed, keeping the running configuration: %s",
                err);
        return;
    }
    if (strcmp(cfg->state_dir, rt->cfg->state_dir) != 0)
        W_WARN("reload: state_dir changed to %s; the store moves only at "
               "a restart", cfg->state_dir);
    ps = w_calloc(1, sizeof *ps);
    if (!ps)
        goto fail_nomem;
    plugins_init(ps, host_table());
    if (plugins_load_dir(ps, cfg->plugin_dir, config_plugin_conf, cfg) < 0) {
        W_ERROR("reload failed, keeping the running configuration: %s: "
                "cannot read the plugin directory", cfg->plugin_dir);
        goto fail;
    }
    if (config_check_plugins(cfg, plugin_exists, ps, err, sizeof err) !=
        W_OK) {
        W_ERROR("reload failed, keeping the running configuration: %s",
                err);
        goto fail;
    }
    if (rt->extract &&
        extract_new(cfg->rules_dir, &ex, err, sizeof err) != W_OK) {
        W_ERROR("reload failed, keeping the running configuration and "
                "rules: %s", err);
        goto fail;
    }
    /* Swap. The ingest path reads rt->plugins through a pointer, and no
     * page is being parsed now (parsing happens inside this loop). */
    struct plugin_set old_ps = rt->plugins;
    rt->plugins = *ps;
    plugins_cleanup(&old_ps);
    w_free(ps);
    if (ex) {
        extract_free(rt->extract);
        rt->extract = ex;
        rt->ingest.extract = ex;
    }
    struct config *old = rt->cfg;
    rt->cfg = cfg;
    log_setup(cfg->log_level, cfg->log_format);
    struct fetch_opts fo;
    sched_fetch_opts(cfg, &fo);
    fetch_set_opts(s->fe, &fo);
    struct politeness_opts po;
    pol_opts(cfg, &po);
    politeness_set_opts(s->pol, &po);
    health_set_opts(s->health, cfg->drift_window, cfg->drift_threshold);
    if (strcmp(old->user_agent, cfg->user_agent) != 0)
        politeness_robots_flush(s->pol); /* another agent, other groups */
    config_free(old);
    seed(s);
    W_NOTICE("reload: done (%zu sources, %zu plugins)", cfg->n_sources,
             rt->plugins.n);
    return;
fail_nomem:
    W_ERROR("reload failed, keeping the running configuration: %s",
            warta_strerror(W_NOMEM));
fail:
    if (ps) {
        plugins_cleanup(ps);
        w_free(ps);
    }
    extract_free(ex);
    config_free(cfg);
}

/* Give every queued (not in flight) row back to the frontier. */
static void requeue_queued(struct sched *s, int64_t now_s)
{
    int tx = tx_begin(s);
    for (struct hostq *h = s->active; h; h = h->anext) {
        struct job *j;
        while ((j = host_pop(s, h))) {
            frontier_requeue(s->fr, j->url, now_s);
            url_remove(s, j);
            job_free(j);
        }
    }
    tx_end(s, tx);
}

static void free_tables(struct sched *s)
{
    for (size_t i = 0; i < N_BUCKETS; i++) {
        struct hostq *h = s->hosts[i];
        while (h) {
            struct hostq *nx = h->hnext;
            struct job *j;
            while ((j = host_pop(s, h))) {
                url_remove(s, j);
                job_free(j);
            }
            w_free(h->host);
            w_free(h);
            h = nx;
        }
    }
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static void loop(struct sched *s)
{
    struct curl_waitfd wfd = {.fd = sig_pipe[0], .events = CURL_WAIT_POLLIN};
    for (;;) {
        int64_t now = politeness_now_ms();
        health_tick(s->health, time(NULL));
        if (sig_hup) {
            sig_hup = 0;
            reload(s);
        }
        if (sig_term && !s->stopping) {
            s->stopping = 1;
            s->stop_deadline = now + (int64_t)(s->o->grace * 1000);
            W_NOTICE("stopping: %ld transfers in flight get %.0f s to "
                     "finish", s->n_inflight, s->o->grace);
            requeue_queued(s, now / 1000);
        }
        if (s->stopping && (sig_term > 1 || now >= s->stop_deadline))
            fetch_cancel_all(s->fe); /* callbacks requeue the rows */
        if (s->stopping && fetch_pending(s->fe) == 0)
            break;
        int64_t wake = now + 60000;
        if (!s->stopping) {
            refill(s, now);
            int tx = tx_begin(s);
            wake = min64(wake, start_all(s, now));
            tx_end(s, tx);
            int64_t due = frontier_next_due(s->fr);
            if (due != INT64_MAX && s->n_queued < MEM_MAX / 2)
                wake = min64(wake, due * 1000);
            if (s->o->once && fetch_pending(s->fe) == 0 &&
                s->n_queued == 0 && frontier_unfinished(s->fr) == 0)
                break;
        } else {
            wake = min64(wake, s->stop_deadline);
        }
        long timeout = (long)(wake - politeness_now_ms());
        if (timeout < 0)
            timeout = 0;
        if (timeout > 60000)
            timeout = 60000;
        int rc = fetch_poll(s->fe, (int)timeout, &wfd, 1);
        tx_end(s, s->tx); /* what the finished pages wrote */
        if (rc != W_OK) {
            /* libcurl itself failed: do not spin. */
            struct timespec ts = {0, 100 * 1000000L};
            nanosleep(&ts, NULL);
        }
        drain_pipe();
    }
}

int sched_run(struct runtime *rt, const struct sched_opts *o)
{
    struct sched s;
    memset(&s, 0, sizeof s);
    s.rt = rt;
    s.o = o;
    struct sigaction old[3];
    int status = EXIT_RUNTIME;
    if (signals_install(old) != W_OK)
        return EXIT_RUNTIME;
    struct fetch_opts fo;
    sched_fetch_opts(rt->cfg, &fo);
    struct politeness_opts po;
    pol_opts(rt->cfg, &po);
    int rc = fetch_new(&s.fe, &fo, on_result, &s);
    if (rc == W_OK)
        rc = politeness_new(&s.pol, &po);
    if (rc == W_OK)
        rc = frontier_open(rt->store, &s.fr);
    if (rc == W_OK)
        rc = health_new(rt->store, rt->cfg->drift_window,
                        rt->cfg->drift_threshold, &s.health);
    if (rc != W_OK) {
        fprintf(stderr, "warta run: cannot start: %s\n", warta_strerror(rc));
        goto out;
    }
    int64_t now = politeness_now_ms();
    long back = frontier_recover(s.fr, now / 1000);
    if (back > 0)
        W_NOTICE("run: %ld URLs left in flight by an earlier run are due "
                 "again", back);
    seed(&s);
    W_NOTICE("run: started (%s)", o->once ? "one pass" : "daemon");
    loop(&s);
    tx_end(&s, s.tx); /* cancelled transfers were given back */
    requeue_queued(&s, politeness_now_ms() / 1000);
    char today[16];
    health_day(time(NULL), today, sizeof today);
    health_summary(s.health, today);
    W_NOTICE("run: stopped: %ld fetches, %ld articles stored, %ld "
             "re-checked, %ld failed",
             s.n_fetched, s.n_stored, s.n_rechecked, s.n_failed);
    status = EXIT_OK;
out:
    /* fetch_free cancels what is left; the callback needs the frontier. */
    fetch_free(s.fe);
    s.fe = NULL;
    tx_end(&s, s.tx);
    free_tables(&s);
    health_free(s.health);
    frontier_close(s.fr);
    politeness_free(s.pol);
    signals_restore(old);
    return status;
}
