/* SPDX-License-Identifier: MIT */
/*
 * The network jobs of backfill (backfill.h): the archive walk of a
 * source over a date range and the URL-list job. They fetch through the
 * daemon's modules (fetch engine, politeness, frontier leases, ingest
 * path), keep groups of pages (a listing, a split article) to settle the
 * checkpoint in order, and resume after a kill.
 */
#include "config.h"
#include "backfill_int.h"

/* ---- the network jobs ---------------------------------------------------- */

/*
 * The archive and URL-list jobs fetch through the same modules as the
 * daemon: the fetch engine (config-derived options from
 * sched_fetch_opts), politeness (robots.txt, per-host delay and limits),
 * frontier rows and leases, the fetch log, and sched_ingest_article for
 * every article. What differs is where the work comes from: not due
 * frontier rows, but the job's own ordered groups (archive pages, chunks
 * of the URL list), so that the job knows when its window is covered and
 * where to resume. Archive pages are fetched but never become frontier
 * rows: the daemon would otherwise re-poll them for ever.
 *
 * Sharing the store with a running daemon: an article is claimed before
 * it is fetched, in one write transaction that reads the row's lease and
 * leases it only when no other process holds a live lease. The URLs this
 * job has claimed are kept in a second checkpoint ("JOB#claims"), so that
 * after a kill -9 the resumed job recognises its own leases instead of
 * waiting for them to run out.
 */

#define GROUPS_AHEAD 4      /* archive pages listed beyond the settled one */
#define URL_CHUNK 50        /* URL-list lines per checkpoint step */
#define MAX_PARTS 16        /* pages of one split article */
#define WAIT_RETRY_MS 2000  /* re-check of a URL another process holds */
#define GRACE_MS 10000      /* transfers may finish after Ctrl-C */

enum task_kind { T_ROBOTS, T_LISTING, T_ARTICLE };

struct group {
    struct group *next;
    long seq;         /* order of creation */
    size_t chain;     /* archive chain the page belongs to */
    char *page;       /* archive page URL (resume point), or NULL */
    size_t index;     /* URL list: index of its first URL */
    int pending;      /* tasks not settled */
    int listed;       /* its tasks exist (archive page parsed) */
};

struct hq;

struct task {
    struct task *next;
    enum task_kind kind;
    char *url;        /* frontier key (canonical), or the page URL */
    char *fetch_url;  /* what is fetched now (a continuation part) */
    char *published;  /* date the archive page gave, or NULL */
    struct group *g;
    struct hq *hq;
    const struct config_source *src; /* source of the URL, may be NULL */
    int64_t not_before_ms; /* waiting for another process's lease */
    int64_t started_ms;
    int parts;
    int has_rec;
    struct warta_record rec;
};

struct hq {
    struct hq *next;
    char *host;
    struct task *head, *tail;
};

struct net {
    struct runtime *rt;
    const struct backfill_opts *o;
    struct report *r;
    const struct config_source *src; /* may be NULL (--urls) */
    struct fetch *fe;
    struct politeness *pol;
    struct frontier *fr;
    struct hq *hosts;
    long inflight, queued;
    struct group *ghead, *gtail;
    long n_groups;
    json_t *claims;      /* {url: true} leases this job holds */
    char *claims_job;
    char *failed_job;    /* key of the list of failures */
    json_t *settled;     /* {url: group seq}: settled beyond the head */
    json_t *resumed;     /* the settled set the interrupted run left */
    long next_seq;
    int listing_busy;    /* an archive page is being fetched */
    int fatal;           /* the store failed: stop */
    int64_t stop_at_ms;  /* after a signal: cancel at this time */
    /* Archive walk. */
    char **chains;       /* start URLs from the plugin's archive hook */
    size_t n_chains, chain;
    char *next_page;     /* next archive page to fetch, NULL: chain end */
    long chain_pages;
    int walk_done;
    long oldest_day;     /* progress: oldest listed date seen */
    /* URL list. */
    const struct backfill_list *list;
    size_t list_next;
    int source_job;
};

static int64_t now_ms(void) { return politeness_now_ms(); }

static void task_free(struct task *t)
{
    if (!t)
        return;
    if (t->has_rec)
        record_cleanup(&t->rec);
    w_free(t->url);
    w_free(t->fetch_url);
    w_free(t->published);
    w_free(t);
}

static struct hq *net_host(struct net *n, const char *host)
{
    for (struct hq *h = n->hosts; h; h = h->next)
        if (strcmp(h->host, host) == 0)
            return h;
    struct hq *h = w_calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->host = w_strdup(host);
    if (!h->host) {
        w_free(h);
        return NULL;
    }
    h->next = n->hosts;
    n->hosts = h;
    return h;
}

/* Queue t for its host (front: archive pages and continuation parts).
 * Returns W_OK or W_PARSE (no host: the caller settles t). */
static int net_queue(struct net *n, struct task *t, int front)
{
    char host[256];
    const char *u = t->fetch_url ? t->fetch_url : t->url;
    if (url_host(u, host, sizeof host) != W_OK)
        return W_PARSE;
    struct hq *h = net_host(n, host);
    if (!h)
        return W_NOMEM;
    t->hq = h;
    if (front) {
        t->next = h->head;
        h->head = t;
        if (!h->tail)
            h->tail = t;
    } else {
        t->next = NULL;
        if (h->tail)
            h->tail->next = t;
        else
            h->head = t;
        h->tail = t;
    }
    n->queued++;
    return W_OK;
}

static struct task *net_pop(struct net *n, struct hq *h)
{
    struct task *t = h->head;
    if (t) {
        h->head = t->next;
        if (!h->head)
            h->tail = NULL;
        t->next = NULL;
        n->queued--;
    }
    return t;
}

/* ---- claims ---- */

static int claims_save(struct net *n)
{
    return store_checkpoint_put(n->rt->store, n->claims_job, n->claims);
}

/*
 * Take the frontier row of url for this job (see the comment above).
 * Returns 1 claimed, 0 held by another process, 2 stored meanwhile (by
 * another process: the daemon), or a negative W_* code.
 */
static int claim(struct net *n, struct task *t)
{
    struct store *s = n->rt->store;
    int64_t now = now_ms() / 1000;
    int rc = bf_batch_begin(s);
    if (rc)
        return rc;
    if (!n->o->refetch) {
        /* Checked when listed; inside the write lock it is final. */
        int had = store_has_url(s, t->url);
        if (had) {
            store_rollback(s);
            return had < 0 ? had : 2;
        }
    }
    int mine = json_object_get(n->claims, t->url) != NULL;
    int held = 0;
    /* The frontier API has no "lease unless leased" yet; read the lease
     * of the row directly, inside the write transaction, and the URL it
     * was discovered as (the daemon requests that one, so do we). */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(s),
                           "SELECT state = 'inflight' AND lease_until > ?2, "
                           "fetch_url FROM frontier WHERE url = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        W_ERROR("backfill: frontier: %s", sqlite3_errmsg(store_db(s)));
        store_rollback(s);
        return W_IO;
    }
    sqlite3_bind_text(st, 1, t->url, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    char *found = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        held = sqlite3_column_int(st, 0);
        const unsigned char *fu = sqlite3_column_text(st, 1);
        /* A link the daemon found is as good as the archive's: keep the
         * task's own, else take the row's. */
        if (fu && !t->fetch_url && !(found = w_strdup((const char *)fu))) {
            sqlite3_finalize(st);
            store_rollback(s);
            return W_NOMEM;
        }
    }
    sqlite3_finalize(st);
    if (found && !(held && !mine)) {
        t->fetch_url = found;
        found = NULL;
    }
    w_free(found);
    if (held && !mine) {
        store_rollback(s);
        return 0;
    }
    int64_t lease = now + (int64_t)n->o->lease;
    rc = frontier_add_from(n->fr, t->url, t->fetch_url,
                           n->src ? n->src->name : NULL, FRONTIER_ARTICLE,
                           now, 1, t->published);
    if (rc >= 0)
        rc = frontier_lease(n->fr, t->url, lease);
    if (rc == W_OK && !mine) {
        json_object_set_new(n->claims, t->url, json_true());
        rc = claims_save(n);
    }
    if (rc == W_OK)
        rc = bf_batch_commit(s);
    else
        store_rollback(s);
    if (rc != W_OK) {
        json_object_del(n->claims, t->url);
        return rc;
    }
    return 1;
}

/* ---- groups and the checkpoint ---- */

static struct group *group_new(struct net *n, const char *page,
                               size_t index)
{
    struct group *g = w_calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (page && !(g->page = w_strdup(page))) {
        w_free(g);
        return NULL;
    }
    g->index = index;
    g->seq = n->next_seq++;
    g->chain = n->chain;
    if (n->gtail)
        n->gtail->next = g;
    else
        n->ghead = g;
    n->gtail = g;
    n->n_groups++;
    return g;
}

/* Where the job resumes: the first group not settled, else what comes
 * next; with the URLs settled beyond it, which the resumed job must not
 * count again. New reference. */
static json_t *net_pos(struct net *n)
{
    json_t *pos;
    if (n->source_job) {
        const struct group *g = n->ghead;
        size_t chain = g ? g->chain : n->chain;
        const char *page = g ? g->page : n->next_page;
        pos = json_pack("{s:I, s:s?, s:b}", "chain", (json_int_t)chain,
                        "page", page, "done", n->walk_done && !g);
    } else {
        size_t index = n->ghead ? n->ghead->index : n->list_next;
        pos = json_pack("{s:I}", "index", (json_int_t)index);
    }
    if (pos)
        json_object_set(pos, "settled", n->settled);
    return pos;
}

/* Forget settled URLs of groups that are gone (behind the head). */
static void settled_prune(struct net *n)
{
    long head = n->ghead ? n->ghead->seq : LONG_MAX;
    const char *url;
    json_t *v, *tmp;
    json_object_foreach_safe(n->settled, tmp, url, v)
    {
        if (json_integer_value(v) < head)
            json_object_del(n->settled, url);
    }
}

/* Drop settled groups from the head; 1 when the head moved. */
static int groups_advance(struct net *n)
{
    int moved = 0;
    while (n->ghead && n->ghead->listed && n->ghead->pending == 0) {
        struct group *g = n->ghead;
        n->ghead = g->next;
        if (!n->ghead)
            n->gtail = NULL;
        n->n_groups--;
        w_free(g->page);
        w_free(g);
        moved = 1;
    }
    return moved;
}

/*
 * Settle the article url of group g (both may be NULL: after a listing)
 * inside the open batch, and write the checkpoint: position, counts and
 * the URLs settled beyond the position, so that a resumed job counts
 * each item once. The list of failures is written when it changed.
 */
static int settle(struct net *n, struct group *g, const char *url)
{
    if (g) {
        g->pending--;
        if (url)
            json_object_set_new(n->settled, url, json_integer(g->seq));
    }
    if (groups_advance(n))
        settled_prune(n);
    json_t *pos = net_pos(n);
    json_t *ck = pos ? bf_report_json(n->r, pos, 0) : NULL;
    json_decref(pos);
    if (!ck)
        return W_NOMEM;
    int rc = store_checkpoint_put(n->rt->store, n->r->job, ck);
    json_decref(ck);
    if (rc == W_OK && n->r->failed_dirty) {
        json_t *f = json_pack("{s:O}", "failed", n->r->failed);
        rc = f ? store_checkpoint_put(n->rt->store, n->failed_job, f)
               : W_NOMEM;
        json_decref(f);
        if (rc == W_OK)
            n->r->failed_dirty = 0;
    }
    return rc;
}

/* Settle an item of g in a transaction of its own (the caller counted
 * its outcome). */
static void settle_alone(struct net *n, struct group *g, const char *url)
{
    if (bf_batch_begin(n->rt->store) != W_OK) {
        n->fatal = W_AGAIN;
        return;
    }
    int rc = settle(n, g, url);
    if (rc == W_OK)
        rc = bf_batch_commit(n->rt->store);
    else
        store_rollback(n->rt->store);
    if (rc)
        n->fatal = rc;
}

/* A new article task for url in group g; settles at once when the store
 * holds it. */
static void add_article(struct net *n, struct group *g, const char *url,
                        const char *published)
{
    char canon[URL_MAX];
    if (ingest_canonical(&n->rt->ingest, url, canon, sizeof canon) != W_OK) {
        W_INFO("backfill: %s: not a URL warta fetches", url);
        return;
    }
    /* The page is fetched as the site links it (no redirect from a
     * canonical form the site may not serve); the canonical form is its
     * key in the frontier and the store. */
    if (n->resumed && json_object_get(n->resumed, canon)) {
        /* Settled and counted by the interrupted run. */
        json_object_del(n->resumed, canon);
        json_object_set_new(n->settled, canon, json_integer(g->seq));
        return;
    }
    struct task *t = w_calloc(1, sizeof *t);
    if (!t || !(t->url = w_strdup(canon)) ||
        (strcmp(url, canon) && !(t->fetch_url = w_strdup(url))) ||
        (published && !(t->published = w_strdup(published)))) {
        task_free(t);
        n->fatal = W_NOMEM;
        return;
    }
    t->kind = T_ARTICLE;
    t->g = g;
    t->src = n->src;
    if (!t->src) {
        char host[256];
        if (url_host(canon, host, sizeof host) == W_OK)
            t->src = bf_source_for_host(n->rt->cfg, host);
    }
    g->pending++;
    if (!n->o->refetch) {
        int had = store_has_url(n->rt->store, canon);
        if (had < 0) {
            n->fatal = had;
            task_free(t);
            return;
        }
        if (had) {
            bf_report_count(n->r, t->url, BF_HAD);
            settle_alone(n, g, t->url);
            task_free(t);
            return;
        }
    }
    if (net_queue(n, t, 0) != W_OK) {
        bf_report_fail(n->r, t->url, "not a fetchable URL");
        settle_alone(n, g, t->url);
        task_free(t);
    }
}

/* ---- finishing fetches ---- */

static void log_fetch(struct net *n, const char *url, int64_t started,
                      const struct fetch_result *r)
{
    struct store_fetch f = {
        .url = url,
        .started = started / 1000,
        .duration_ms = (long)(r->seconds * 1000),
        .status = (int)r->status,
        .bytes = (int64_t)r->len,
        .outcome = fetch_outcome_name(r->outcome),
        .error = r->error,
    };
    int rc = store_log_fetch(n->rt->store, &f);
    if (rc != W_OK)
        W_WARN("%s: cannot log the fetch: %s", url, warta_strerror(rc));
}

static void finish_robots(struct net *n, struct task *t,
                          const struct fetch_result *r, int64_t now)
{
    /* As the daemon: 2xx parsed, 4xx allow all, anything else is
     * "unreachable" and disallows the host for a while. */
    long status = r->status;
    if (r->outcome == FETCH_DNS || r->outcome == FETCH_NETWORK ||
        r->outcome == FETCH_TIMEOUT || r->outcome == FETCH_TOO_BIG ||
        r->outcome == FETCH_REFUSED || r->outcome == FETCH_TLS ||
        r->outcome == FETCH_REDIRECTS || r->outcome == FETCH_ERROR)
        status = 0;
    if (r->outcome == FETCH_CANCELLED) {
        politeness_robots_flush(n->pol);
        return;
    }
    if (politeness_robots_result(n->pol, t->hq->host, status, r->body,
                                 r->len, now) != W_OK)
        W_WARN("%s: cannot keep robots.txt", t->url);
    if (status == 0 || status >= 500 || status == 429)
        W_WARN("%s: %s; %s is not crawled for now", t->url,
               r->error ? r->error : "unreachable", t->hq->host);
}

/* The chain of archive pages ended: the next chain, or the walk ends. */
static void chain_next(struct net *n)
{
    W_FREE(n->next_page);
    n->chain_pages = 0;
    if (++n->chain < n->n_chains) {
        n->next_page = w_strdup(n->chains[n->chain]);
        if (!n->next_page)
            n->fatal = W_NOMEM;
    } else {
        n->walk_done = 1;
    }
}

static int add_chain(struct net *n, const char *url)
{
    for (size_t i = 0; i < n->n_chains; i++)
        if (strcmp(n->chains[i], url) == 0)
            return W_OK;
    if (n->n_chains >= 100000)
        return W_TOOBIG;
    char **v = w_realloc(n->chains, (n->n_chains + 1) * sizeof *v);
    if (!v)
        return W_NOMEM;
    n->chains = v;
    if (!(v[n->n_chains] = w_strdup(url)))
        return W_NOMEM;
    n->n_chains++;
    return W_OK;
}

/*
 * An archive page arrived: its article links in the window become tasks
 * of a new group; the walk goes on to the next page unless every dated
 * article on this one is older than the window (pages are newest first;
 * one page of margin tolerates a pinned old post at the top).
 */
static void finish_listing(struct net *n, struct task *t,
                           const struct fetch_result *r)
{
    n->listing_busy = 0;
    const struct backfill_opts *o = n->o;
    if (r->outcome == FETCH_CANCELLED)
        return; /* resumes from the checkpoint */
    if (r->outcome != FETCH_OK) {
        bf_report_fail(n->r, t->url, "archive page: %s",
                       r->error ? r->error : fetch_outcome_name(r->outcome));
        chain_next(n);
        settle_alone(n, NULL, NULL);
        return;
    }
    n->r->pages++;
    n->chain_pages++;
    struct warta_links links;
    if (links_init(&links, r->final_url) != W_OK) {
        n->fatal = W_NOMEM;
        return;
    }
    struct ingest_input in = {
        .url = r->final_url,
        .name = r->final_url,
        .content_type = r->content_type,
        .bytes = r->body,
        .n = r->len,
        .source = n->src ? n->src->name : NULL,
        .plugin = n->src ? n->src->plugin : NULL,
    };
    int rc = ingest_links(&n->rt->ingest, &in, &links);
    if (rc != W_OK && rc != W_TOOBIG) {
        bf_report_fail(n->r, t->url, "archive page: %s",
                       rc == W_DECLINED ? "no plugin lists its links"
                                        : warta_strerror(rc));
        links_cleanup(&links);
        chain_next(n);
        settle_alone(n, NULL, NULL);
        return;
    }
    struct group *g = group_new(n, t->url, 0);
    if (!g) {
        links_cleanup(&links);
        n->fatal = W_NOMEM;
        return;
    }
    size_t articles = 0, dated = 0, older = 0;
    for (size_t i = 0; i < links.n && !n->fatal; i++) {
        const struct link *lk = &links.v[i];
        if (lk->kind != WARTA_LINK_ARTICLE)
            continue;
        articles++;
        int w = backfill_in_window(lk->published, o->from, o->to);
        if (w >= 0) {
            dated++;
            long d = bf_day_number(lk->published);
            if (!n->oldest_day || d < n->oldest_day)
                n->oldest_day = d;
        }
        if (w == 0 && o->from && strncmp(lk->published, o->from, 10) < 0)
            older++;
        char host[256];
        if (w != 0 && url_host(lk->url, host, sizeof host) == W_OK &&
            config_source_has_host(n->src, host))
            add_article(n, g, lk->url, lk->published);
        else if (w != 0)
            W_DEBUG("%s: not a host of source %s", lk->url, n->src->name);
    }
    /* A page of pages (a sitemap index, say): its pages are walked too. */
    if (!articles)
        for (size_t i = 0; i < links.n; i++)
            if (links.v[i].kind == WARTA_LINK_INDEX &&
                add_chain(n, links.v[i].url) != W_OK)
                break;
    W_INFO("%s: %zu article links, %zu dated, %d in the window", t->url,
           articles, dated, g->pending);
    g->listed = 1;
    int stop = !links.next || (dated && older == dated) ||
               n->chain_pages >= o->max_pages ||
               strcmp(links.next, t->url) == 0;
    if (!articles && links.next)
        W_WARN("%s: no article links on this archive page", t->url);
    if (n->chain_pages >= o->max_pages && links.next)
        W_WARN("%s: stopping after %ld archive pages (--max-pages)", t->url,
               o->max_pages);
    W_FREE(n->next_page);
    if (!stop && !(n->next_page = w_strdup(links.next)))
        n->fatal = W_NOMEM;
    if (stop)
        chain_next(n);
    links_cleanup(&links);
    if (o->from && o->to && n->oldest_day) {
        double span =
            (double)(bf_day_number(o->to) - bf_day_number(o->from) + 1);
        double f = (double)(bf_day_number(o->to) - n->oldest_day) / span;
        n->r->fraction = f < 0 ? 0 : f > 1 ? 1 : f;
    }
    settle_alone(n, NULL, NULL);
}

/* Store (or not) the finished record of t inside the open batch; *kept
 * says whether its frontier row is done (0: given back). */
static int store_task(struct net *n, struct task *t, int *kept)
{
    *kept = 1;
    const char *pub = record_get(&t->rec, WARTA_F_PUBLISHED);
    if ((n->o->from || n->o->to) &&
        backfill_in_window(pub, n->o->from, n->o->to) == 0) {
        W_INFO("%s: published %s, outside the window: not stored", t->url,
               pub);
        bf_report_count(n->r, t->url, BF_OUTSIDE);
        /* Give the row back: it is the daemon's to fetch if it wants. */
        *kept = 0;
        return frontier_requeue(n->fr, t->url, now_ms() / 1000);
    }
    enum store_outcome so = STORE_INSERTED;
    int rc = store_put_record(n->rt->store, &t->rec, &so);
    if (rc == W_ERR || rc == W_TOOBIG) {
        bf_report_fail(n->r, t->fetch_url ? t->fetch_url : t->url,
                       "cannot store: %s", warta_strerror(rc));
        return frontier_fail(n->fr, t->url, now_ms() / 1000, 200,
                             "cannot store", 86400);
    }
    if (rc)
        return rc;
    bf_report_count(n->r, t->url, bf_outcome_of((int)so));
    return W_OK;
}

static void finish_article(struct net *n, struct task *t,
                           const struct fetch_result *r)
{
    int64_t now = now_ms() / 1000;
    const char *shown = t->fetch_url ? t->fetch_url : t->url;
    const char *src_name = t->src ? t->src->name : NULL;
    double poll_max = t->src ? t->src->poll_max : 86400;
    int settled = 1, rc = W_OK;
    if (r->outcome == FETCH_OK) {
        int irc;
        if (!t->has_rec) {
            record_init(&t->rec);
            t->has_rec = 1;
            irc = sched_ingest_article(n->rt, r, src_name, 0, &t->rec);
        } else {
            struct ingest_input in = {
                .url = r->final_url,
                .name = r->final_url,
                .content_type = r->content_type,
                .bytes = r->body,
                .n = r->len,
                .source = src_name,
                .plugin = t->src ? t->src->plugin : NULL,
            };
            irc = ingest_continue(&n->rt->ingest, &in, &t->rec);
        }
        const char *cont =
            irc ? NULL : record_get(&t->rec, WARTA_F_CONTINUATION);
        if (cont && t->parts < MAX_PARTS && strcmp(cont, r->final_url) &&
            strcmp(cont, t->url)) {
            /* The next page of a split article: same lease, next fetch. */
            char *next = w_strdup(cont);
            if (!next) {
                n->fatal = W_NOMEM;
                task_free(t);
                return;
            }
            log_fetch(n, r->url, t->started_ms, r);
            w_free(t->fetch_url);
            t->fetch_url = next;
            t->parts++;
            if (net_queue(n, t, 1) == W_OK)
                return;
            irc = W_PARSE;
        }
        if (bf_batch_begin(n->rt->store) != W_OK) {
            n->fatal = W_AGAIN;
            task_free(t);
            return;
        }
        log_fetch(n, r->url, t->started_ms, r);
        if (irc == W_OK) {
            int kept = 1;
            rc = store_task(n, t, &kept);
            if (rc == W_OK && kept)
                rc = frontier_done(n->fr, t->url, now, r->status, r->etag,
                                   r->last_modified, 0, 900, 300, poll_max);
        } else if (irc == W_DECLINED) {
            bf_report_count(n->r, t->url, BF_SKIPPED);
            rc = frontier_fail(n->fr, t->url, now, r->status, "not an article",
                               poll_max);
        } else if (irc == W_NOMEM || irc == W_IO || irc == W_AGAIN) {
            rc = irc;
        } else {
            bf_report_fail(n->r, shown, "cannot parse: %s",
                           warta_strerror(irc));
            rc = frontier_fail(n->fr, t->url, now, r->status,
                               warta_strerror(irc), poll_max);
        }
    } else {
        if (bf_batch_begin(n->rt->store) != W_OK) {
            n->fatal = W_AGAIN;
            task_free(t);
            return;
        }
        log_fetch(n, r->url, t->started_ms, r);
        const char *why = r->error ? r->error : fetch_outcome_name(r->outcome);
        if (r->outcome == FETCH_CANCELLED) {
            /* Not settled: the resumed job fetches it. */
            settled = 0;
            rc = frontier_requeue(n->fr, t->url, now);
        } else if (r->outcome == FETCH_GONE) {
            bf_report_fail(n->r, shown, "gone (HTTP %ld)", r->status);
            rc = frontier_gone(n->fr, t->url, now, r->status, why, poll_max);
        } else if (fetch_outcome_transient(r->outcome)) {
            bf_report_fail(n->r, shown, "%s (after retries)", why);
            /* Left due for the daemon, which retries with backoff. */
            rc = frontier_retry(n->fr, t->url, now, now + 3600, r->status, why,
                                FRONTIER_MAX_ATTEMPTS, poll_max);
        } else {
            bf_report_fail(n->r, shown, "%s", why);
            rc = frontier_fail(n->fr, t->url, now, r->status, why, poll_max);
        }
    }
    if (rc == W_OK && json_object_get(n->claims, t->url)) {
        json_object_del(n->claims, t->url);
        rc = claims_save(n);
    }
    if (rc == W_OK && settled)
        rc = settle(n, t->g, t->url);
    if (rc == W_OK)
        rc = bf_batch_commit(n->rt->store);
    else
        store_rollback(n->rt->store);
    if (rc != W_OK) {
        W_ERROR("%s: cannot store: %s", t->url, warta_strerror(rc));
        n->fatal = rc;
    }
    task_free(t);
}

static void on_result(const struct fetch_result *r, void *ud)
{
    struct net *n = ud;
    struct task *t = r->ud;
    int64_t now = now_ms();
    if (!r->final) {
        W_INFO("%s: %s; retrying in %ld ms", r->url,
               r->error ? r->error : fetch_outcome_name(r->outcome),
               r->retry_in_ms);
        return;
    }
    n->inflight--;
    politeness_done(n->pol, t->hq->host,
                    r->outcome == FETCH_CANCELLED ? FETCH_ERROR : r->outcome,
                    r->retry_after, now);
    if (r->outcome != FETCH_CANCELLED)
        n->r->fetched++;
    switch (t->kind) {
    case T_ROBOTS:
        finish_robots(n, t, r, now);
        task_free(t);
        break;
    case T_LISTING:
        if (r->outcome != FETCH_CANCELLED)
            log_fetch(n, r->url, t->started_ms, r);
        finish_listing(n, t, r);
        task_free(t);
        break;
    case T_ARTICLE:
        finish_article(n, t, r); /* frees t, or queues its next part */
        break;
    }
}

/* ---- starting fetches ---- */

static int allow_private(const struct net *n, const struct task *t)
{
    return t->src ? t->src->allow_private : n->rt->cfg->allow_private;
}

static int start_robots(struct net *n, struct hq *h, struct task *first,
                        int64_t now)
{
    char rurl[URL_MAX];
    const char *u = first->fetch_url ? first->fetch_url : first->url;
    if (url_robots_txt(u, rurl, sizeof rurl) != W_OK)
        return W_PARSE;
    struct task *t = w_calloc(1, sizeof *t);
    if (!t || !(t->url = w_strdup(rurl))) {
        task_free(t);
        return W_NOMEM;
    }
    t->kind = T_ROBOTS;
    t->hq = h;
    t->src = first->src;
    t->started_ms = now;
    struct fetch_req req = {
        .url = t->url,
        .allow_private = allow_private(n, first),
        .max_attempts = 1,
        .ud = t,
    };
    if (politeness_robots_fetching(n->pol, h->host) != W_OK) {
        task_free(t);
        return W_NOMEM;
    }
    politeness_start(n->pol, h->host, 0, now);
    int rc = fetch_add(n->fe, &req);
    if (rc != W_OK) {
        politeness_done(n->pol, h->host, FETCH_ERROR, -1, now);
        politeness_robots_result(n->pol, h->host, 404, NULL, 0, now);
        task_free(t);
        return rc;
    }
    n->inflight++;
    return W_OK;
}

/* The head of h cannot be fetched at all: settle it as failed. */
static void drop_head(struct net *n, struct hq *h, const char *why)
{
    struct task *t = net_pop(n, h);
    bf_report_fail(n->r, t->fetch_url ? t->fetch_url : t->url, "%s", why);
    if (t->kind == T_LISTING) {
        n->listing_busy = 0;
        chain_next(n);
        settle_alone(n, NULL, NULL);
    } else {
        if (json_object_get(n->claims, t->url)) {
            json_object_del(n->claims, t->url);
            claims_save(n);
        }
        settle_alone(n, t->g, t->url);
    }
    task_free(t);
}

/* Start what host h may start now; returns when it is next worth a look
 * (ms), INT64_MAX when it waits for a transfer to end. */
static int64_t start_host(struct net *n, struct hq *h, int64_t now)
{
    const struct config *cfg = n->rt->cfg;
    while (h->head && n->inflight < cfg->max_connections && !n->fatal) {
        struct task *t = h->head;
        const char *u = t->fetch_url ? t->fetch_url : t->url;
        char path[URL_MAX];
        if (url_path_query(u, path, sizeof path) != W_OK) {
            drop_head(n, h, "not a fetchable URL");
            continue;
        }
        switch (politeness_robots(n->pol, h->host, path, now)) {
        case POL_UNKNOWN:
            if (start_robots(n, h, t, now) != W_OK)
                return now + 1000;
            return INT64_MAX;
        case POL_PENDING:
            return INT64_MAX;
        case POL_UNREACHABLE:
            /* RFC 9309: crawl nothing until robots.txt can be read. */
            return politeness_robots_until(n->pol, h->host);
        case POL_DISALLOWED:
            drop_head(n, h, "disallowed by robots.txt");
            continue;
        case POL_ALLOWED:
            break;
        }
        if (t->not_before_ms > now)
            return t->not_before_ms;
        int64_t ready = politeness_ready_at(n->pol, h->host,
                                            (int)cfg->max_per_host, now);
        if (ready > now)
            return ready;
        if (t->kind == T_ARTICLE && !t->has_rec) {
            int c = claim(n, t);
            if (c < 0) {
                n->fatal = c;
                return INT64_MAX;
            }
            if (c == 2) {
                net_pop(n, h);
                bf_report_count(n->r, t->url, BF_HAD);
                settle_alone(n, t->g, t->url);
                task_free(t);
                continue;
            }
            if (c == 0) {
                /* Another process (the daemon) is fetching it. */
                int had = store_has_url(n->rt->store, t->url);
                net_pop(n, h);
                if (had > 0) {
                    bf_report_count(n->r, t->url, BF_HAD);
                    settle_alone(n, t->g, t->url);
                    task_free(t);
                    continue;
                }
                W_INFO("%s: leased by another process; waiting", t->url);
                t->not_before_ms = now + WAIT_RETRY_MS;
                net_queue(n, t, 0);
                return now + WAIT_RETRY_MS;
            }
        }
        struct fetch_req req = {
            .url = u,
            .allow_private = allow_private(n, t),
            .max_attempts = 3,
            .ud = t,
        };
        int rc = fetch_add(n->fe, &req);
        if (rc != W_OK) {
            drop_head(n, h, warta_strerror(rc));
            continue;
        }
        net_pop(n, h);
        t->started_ms = now;
        politeness_start(n->pol, h->host,
                         config_source_delay(cfg, t->src), now);
        n->inflight++;
    }
    return h->head ? now + 1000 : INT64_MAX;
}

static int64_t start_all(struct net *n, int64_t now)
{
    int64_t wake = INT64_MAX;
    for (struct hq *h = n->hosts; h && !n->fatal; h = h->next) {
        if (n->inflight >= n->rt->cfg->max_connections)
            break;
        int64_t t = start_host(n, h, now);
        if (t < wake)
            wake = t;
    }
    return wake;
}

/* ---- producing work ---- */

static void produce_listing(struct net *n)
{
    if (n->walk_done || n->listing_busy || n->n_groups >= GROUPS_AHEAD ||
        !n->next_page)
        return;
    struct task *t = w_calloc(1, sizeof *t);
    if (!t || !(t->url = w_strdup(n->next_page))) {
        task_free(t);
        n->fatal = W_NOMEM;
        return;
    }
    t->kind = T_LISTING;
    t->src = n->src;
    if (net_queue(n, t, 1) != W_OK) {
        bf_report_fail(n->r, t->url, "not a fetchable archive page");
        task_free(t);
        chain_next(n);
        return;
    }
    n->listing_busy = 1;
}

static void produce_urls(struct net *n)
{
    const struct backfill_list *l = n->list;
    while (!n->fatal && n->queued < 4 * URL_CHUNK && n->list_next < l->n &&
           n->n_groups < 64) {
        struct group *g = group_new(n, NULL, n->list_next);
        if (!g) {
            n->fatal = W_NOMEM;
            return;
        }
        size_t end = n->list_next + URL_CHUNK;
        if (end > l->n)
            end = l->n;
        for (size_t i = n->list_next; i < end && !n->fatal; i++)
            add_article(n, g, l->v[i].url, NULL);
        n->list_next = end;
        g->listed = 1;
        if (g->pending == 0)
            settle_alone(n, NULL, NULL);
    }
}

static int produced_all(const struct net *n)
{
    if (n->source_job)
        return n->walk_done && !n->listing_busy;
    return n->list_next >= n->list->n;
}

/* ---- the loop ---- */

static void net_cleanup(struct net *n)
{
    for (struct hq *h = n->hosts; h;) {
        struct hq *next = h->next;
        struct task *t;
        while ((t = net_pop(n, h)))
            task_free(t);
        w_free(h->host);
        w_free(h);
        h = next;
    }
    while (n->ghead) {
        struct group *g = n->ghead;
        n->ghead = g->next;
        w_free(g->page);
        w_free(g);
    }
    fetch_free(n->fe); /* cancels what runs: callbacks see the net */
    politeness_free(n->pol);
    frontier_close(n->fr);
    for (size_t i = 0; i < n->n_chains; i++)
        w_free(n->chains[i]);
    w_free(n->chains);
    w_free(n->next_page);
    json_decref(n->claims);
    json_decref(n->settled);
    json_decref(n->resumed);
    w_free(n->claims_job);
    w_free(n->failed_job);
}

static int net_setup(struct net *n, struct runtime *rt,
                     const struct backfill_opts *o, struct report *r)
{
    n->rt = rt;
    n->o = o;
    n->r = r;
    struct fetch_opts fo;
    sched_fetch_opts(rt->cfg, &fo);
    int rc = fetch_new(&n->fe, &fo, on_result, n);
    if (rc) {
        fprintf(stderr, "warta backfill: cannot set up fetching: %s\n",
                warta_strerror(rc));
        return rc;
    }
    struct politeness_opts po;
    politeness_opts_init(&po);
    po.crawl_delay_cap = rt->cfg->crawl_delay_cap;
    po.robots_ttl = rt->cfg->robots_ttl;
    po.agent = rt->cfg->user_agent;
    rc = politeness_new(&n->pol, &po);
    if (!rc)
        rc = frontier_open(rt->store, &n->fr);
    if (rc) {
        fprintf(stderr, "warta backfill: cannot set up: %s\n",
                warta_strerror(rc));
        return rc;
    }
    size_t len = strlen(r->job) + 8;
    n->claims_job = w_malloc(len);
    n->failed_job = w_malloc(len);
    n->settled = json_object();
    if (!n->claims_job || !n->failed_job || !n->settled)
        return W_NOMEM;
    snprintf(n->claims_job, len, "%s#claims", r->job);
    snprintf(n->failed_job, len, "%s#failed", r->job);
    json_t *c = NULL;
    rc = store_checkpoint_get(rt->store, n->claims_job, &c);
    if (rc == W_OK && json_is_object(c))
        n->claims = c;
    else {
        json_decref(c);
        n->claims = json_object();
    }
    if (n->claims && json_object_size(n->claims))
        W_INFO("backfill: %zu URLs were leased by the interrupted run",
               json_object_size(n->claims));
    return n->claims ? W_OK : W_NOMEM;
}

/* What an interrupted run left besides the position: the URLs it settled
 * beyond it and its list of failures. */
static void net_restore(struct net *n, json_t *pos)
{
    json_t *set = json_object_get(pos, "settled");
    if (json_is_object(set))
        n->resumed = json_deep_copy(set);
    json_t *f = NULL;
    if (store_checkpoint_get(n->rt->store, n->failed_job, &f) == W_OK &&
        json_is_array(json_object_get(f, "failed"))) {
        json_decref(n->r->failed);
        n->r->failed = json_deep_copy(json_object_get(f, "failed"));
        if (!n->r->failed)
            n->r->failed = json_array();
    }
    json_decref(f);
}

/* Run until the job is done, interrupted or broken. */
static void net_run(struct net *n)
{
    while (!n->fatal) {
        int64_t now = now_ms();
        if (bf_sig_count && !n->stop_at_ms) {
            n->stop_at_ms = now + GRACE_MS;
            bf_report_end_line(n->r);
            W_NOTICE("backfill: stopping; %ld transfers may finish",
                     n->inflight);
        }
        if (n->stop_at_ms && (bf_sig_count > 1 || now >= n->stop_at_ms))
            fetch_cancel_all(n->fe);
        int64_t wake = INT64_MAX;
        if (!n->stop_at_ms) {
            if (n->source_job)
                produce_listing(n);
            else
                produce_urls(n);
            wake = start_all(n, now);
        }
        if (n->inflight == 0 &&
            (n->stop_at_ms || (n->queued == 0 && produced_all(n))))
            break;
        if (n->fatal)
            break;
        int64_t wait = wake == INT64_MAX ? 1000 : wake - now;
        if (wait < 0)
            wait = 0;
        if (wait > 1000)
            wait = 1000;
        if (fetch_poll(n->fe, (int)wait, NULL, 0) != W_OK) {
            n->fatal = W_ERR;
            break;
        }
        bf_report_progress(n->r, 0);
    }
}

/* The end of a network job: summary, checkpoint and status. */
static int net_finish(struct net *n, struct report *r)
{
    struct store *s = n->rt->store;
    if (n->fatal) {
        bf_report_summary(r, "stopped by an error");
        fprintf(stderr,
                "warta backfill: %s: %s; the same command "
                "continues from the last checkpoint\n",
                r->what, warta_strerror(n->fatal));
        return EXIT_RUNTIME;
    }
    if (n->stop_at_ms || bf_sig_count) {
        bf_report_summary(r, "interrupted");
        fprintf(stderr, "warta backfill: interrupted; run the same command "
                        "again to continue\n");
        return EXIT_RUNTIME;
    }
    if (json_object_size(n->claims))
        W_WARN("backfill: %zu URLs still leased at the end",
               json_object_size(n->claims));
    store_checkpoint_delete(s, r->job);
    store_checkpoint_delete(s, n->claims_job);
    store_checkpoint_delete(s, n->failed_job);
    bf_report_summary(r, "done");
    return r->n_failed ? EXIT_RUNTIME : EXIT_OK;
}

/* ---- the two network jobs ---- */

int backfill_urls(struct runtime *rt, const struct backfill_opts *o)
{
    char err[1024], real[PATH_MAX], job[PATH_MAX + 64], what[PATH_MAX + 8];
    struct backfill_list list;
    const char *path = o->urls_file;
    const struct config_source *src = NULL;
    if (o->source && !(src = config_source(rt->cfg, o->source))) {
        fprintf(stderr, "warta backfill: %s: no source named \"%s\"\n",
                rt->cfg->path, o->source);
        return EXIT_USAGE;
    }
    int rc = backfill_read_urls(path, &list, err, sizeof err);
    if (rc) {
        fprintf(stderr, "warta backfill: %s\n", err);
        return rc == W_IO ? EXIT_USAGE : EXIT_RUNTIME;
    }
    if (strcmp(path, "-") == 0 || !realpath(path, real))
        snprintf(real, sizeof real, "%s", path);
    snprintf(job, sizeof job, "backfill urls %s%s%s", real,
             o->source ? " source " : "", o->source ? o->source : "");
    snprintf(what, sizeof what, "urls %s", path);
    struct report r;
    struct net n;
    memset(&n, 0, sizeof n);
    int status = EXIT_RUNTIME;
    int lock = -1;
    json_t *ck = NULL;
    if (bf_report_init(&r, job, what, o))
        goto out;
    lock = bf_job_lock(rt->store, job);
    if (lock < 0)
        goto out;
    if (net_setup(&n, rt, o, &r))
        goto out;
    n.src = src;
    n.list = &list;
    r.total = list.n;
    rc = store_checkpoint_get(rt->store, job, &ck);
    if (rc == W_OK) {
        json_t *pos = bf_report_restore(&r, ck);
        net_restore(&n, pos);
        json_int_t idx = json_integer_value(json_object_get(pos, "index"));
        n.list_next = idx > 0 && (size_t)idx <= list.n ? (size_t)idx : 0;
        W_NOTICE("%s: resuming at line %ld (%zu of %zu URLs settled)", path,
                 n.list_next < list.n ? list.v[n.list_next].line : 0,
                 n.list_next, list.n);
    } else if (rc != W_NOTFOUND) {
        fprintf(stderr, "warta backfill: cannot read the checkpoint: %s\n",
                warta_strerror(rc));
        goto out;
    }
    bf_signals_install();
    net_run(&n);
    status = net_finish(&n, &r);
    bf_signals_restore();
    if (status == EXIT_OK && list.bad) {
        fprintf(stderr,
                "warta backfill: %s: %ld bad lines were skipped "
                "(see above)\n",
                path, list.bad);
        status = EXIT_USAGE;
    }
out:
    json_decref(ck);
    net_cleanup(&n);
    bf_job_unlock(lock);
    bf_report_cleanup(&r);
    backfill_list_cleanup(&list);
    return status;
}

/* The plugin's archive pages for the window: the chains to walk. */
static int archive_chains(struct net *n, const struct config_source *src,
                          const char *from, const char *to)
{
    struct runtime *rt = n->rt;
    const struct plugin *p =
        src->plugin ? plugins_by_name(&rt->plugins, src->plugin)
                    : plugins_for_url(&rt->plugins, src->urls[0]);
    if (!p) {
        fprintf(stderr, "warta backfill: source \"%s\": no plugin \"%s\" "
                        "is loaded\n",
                src->name, src->plugin ? src->plugin : "for its host");
        return W_CONFIG;
    }
    if (!p->desc->archive) {
        fprintf(stderr, "warta backfill: source \"%s\": plugin %s names no "
                        "archive pages (no archive hook)\n",
                src->name, p->desc->name);
        return W_CONFIG;
    }
    const char **starts = w_calloc(src->n_urls + 1, sizeof *starts);
    if (!starts)
        return W_NOMEM;
    for (size_t i = 0; i < src->n_urls; i++)
        starts[i] = src->urls[i];
    struct warta_range range = {from, to, starts};
    struct warta_links l;
    int rc = links_init(&l, src->urls[0]);
    if (rc == W_OK)
        rc = p->desc->archive(p->state, &range, &l);
    for (size_t i = 0; rc == W_OK && i < l.n; i++)
        if (l.v[i].kind == WARTA_LINK_INDEX)
            rc = add_chain(n, l.v[i].url);
    if (rc == W_OK && !n->n_chains) {
        fprintf(stderr, "warta backfill: source \"%s\": plugin %s gave no "
                        "archive pages for %s..%s\n",
                src->name, p->desc->name, from, to);
        rc = W_CONFIG;
    } else if (rc != W_OK && rc != W_CONFIG) {
        fprintf(stderr, "warta backfill: source \"%s\": the archive hook of "
                        "%s failed: %s\n",
                src->name, p->desc->name, warta_strerror(rc));
    }
    links_cleanup(&l);
    w_free(starts);
    return rc;
}

int backfill_source(struct runtime *rt, const struct backfill_opts *o)
{
    const struct config_source *src = config_source(rt->cfg, o->source);
    if (!src) {
        fprintf(stderr, "warta backfill: %s: no source named \"%s\"\n",
                rt->cfg->path, o->source);
        return EXIT_USAGE;
    }
    /* Open ends: before Indonesian news went online, and today (WIB). */
    char today[16];
    time_t t = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    const char *from = o->from ? o->from : "1990-01-01";
    const char *to = o->to ? o->to : today;
    char job[512], what[256];
    snprintf(job, sizeof job, "backfill source %s %s %s", src->name, from,
             to);
    snprintf(what, sizeof what, "%s %s..%s", src->name, from, to);
    struct report r;
    struct net n;
    memset(&n, 0, sizeof n);
    int status = EXIT_RUNTIME, lock = -1;
    json_t *ck = NULL;
    if (bf_report_init(&r, job, what, o))
        goto out;
    lock = bf_job_lock(rt->store, job);
    if (lock < 0)
        goto out;
    if (net_setup(&n, rt, o, &r))
        goto out;
    n.src = src;
    n.source_job = 1;
    int rc = archive_chains(&n, src, from, to);
    if (rc) {
        status = rc == W_CONFIG ? EXIT_USAGE : EXIT_RUNTIME;
        goto out;
    }
    rc = store_checkpoint_get(rt->store, job, &ck);
    if (rc == W_OK) {
        json_t *pos = bf_report_restore(&r, ck);
        net_restore(&n, pos);
        json_int_t chain = json_integer_value(json_object_get(pos, "chain"));
        const char *page = json_string_value(json_object_get(pos, "page"));
        n.chain = chain > 0 ? (size_t)chain : 0;
        if (n.chain >= n.n_chains)
            n.walk_done = 1;
        else
            n.next_page = w_strdup(page ? page : n.chains[n.chain]);
        W_NOTICE("backfill %s: resuming at %s (%lu items settled)", what,
                 n.next_page ? n.next_page : "the end", r.done_before);
    } else if (rc == W_NOTFOUND) {
        n.next_page = w_strdup(n.chains[0]);
    } else {
        fprintf(stderr, "warta backfill: cannot read the checkpoint: %s\n",
                warta_strerror(rc));
        goto out;
    }
    if (!n.walk_done && !n.next_page)
        goto out;
    W_NOTICE("backfill %s: %zu archive chain(s), from %s", what, n.n_chains,
             n.next_page ? n.next_page : "-");
    bf_signals_install();
    net_run(&n);
    status = net_finish(&n, &r);
    bf_signals_restore();
out:
    json_decref(ck);
    net_cleanup(&n);
    bf_job_unlock(lock);
    bf_report_cleanup(&r);
    return status;
}
