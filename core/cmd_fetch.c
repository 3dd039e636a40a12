/* SPDX-License-Identifier: MIT */
/*
 * `warta fetch URL`: one article through the daemon's own path: the same
 * engine (address policy, caps, retries), the host's robots.txt, the
 * same ingest (sched_ingest_article), printed as one JSON record. With
 * --store the record and every attempt (fetch_log) go to the store too.
 * A split article's next pages are fetched the same way (robots.txt, the
 * source's delay between requests) and joined before the record is
 * printed or stored, up to SCHED_MAX_PAGES pages.
 */
#include "config.h"
#include "cmd.h"
#include "fetch.h"
#include "log.h"
#include "mem.h"
#include "robots.h"
#include "runtime.h"
#include "sched.h"
#include "store.h"
#include "url.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct one {
    struct store *store;   /* NULL without --store */
    int done;
    enum fetch_outcome outcome;
    long status;
    char *error;
    char *final_url;
    char *content_type;
    char *body;
    size_t len;
};

static void on_result(const struct fetch_result *r, void *ud)
{
    struct one *o = ud;
    if (o->store) {
        struct store_fetch f = {
            .url = r->url,
            .started = (int64_t)time(NULL) - (int64_t)r->seconds,
            .duration_ms = (long)(r->seconds * 1000),
            .status = (int)r->status,
            .bytes = (int64_t)r->len,
            .outcome = fetch_outcome_name(r->outcome),
            .error = r->error,
        };
        store_log_fetch(o->store, &f);
    }
    if (!r->final) {
        W_INFO("%s: %s; retrying in %ld ms", r->url,
               r->error ? r->error : fetch_outcome_name(r->outcome),
               r->retry_in_ms);
        return;
    }
    o->done = 1;
    o->outcome = r->outcome;
    o->status = r->status;
    o->error = r->error ? w_strdup(r->error) : NULL;
    o->final_url = w_strdup(r->final_url);
    o->content_type = r->content_type ? w_strdup(r->content_type) : NULL;
    if (r->outcome == FETCH_OK) {
        o->body = w_malloc(r->len + 1);
        if (o->body) {
            memcpy(o->body, r->body, r->len);
            o->body[r->len] = '\0';
            o->len = r->len;
        }
    }
}

static void one_cleanup(struct one *o)
{
    W_FREE(o->error);
    W_FREE(o->final_url);
    W_FREE(o->content_type);
    W_FREE(o->body);
    o->len = 0;
    o->done = 0;
}

/* Fetch url to completion (with attempts tries). W_OK or W_NOMEM. */
static int get(const struct fetch_opts *fo, struct one *o, const char *url,
               int allow_private, int attempts)
{
    struct fetch *f = NULL;
    int rc = fetch_new(&f, fo, on_result, o);
    if (rc != W_OK)
        return rc;
    struct fetch_req req = {.url = url, .allow_private = allow_private,
                            .max_attempts = attempts};
    rc = fetch_add(f, &req);
    while (rc == W_OK && !o->done)
        rc = fetch_poll(f, 1000, NULL, 0);
    fetch_free(f);
    return rc;
}

/* robots.txt of url's host: 1 allowed, 0 disallowed, negative error. */
static int robots_ok(const struct fetch_opts *fo, struct one *o,
                     const char *url, int allow_private, const char *agent)
{
    char rurl[URL_MAX], path[URL_MAX];
    if (url_robots_txt(url, rurl, sizeof rurl) != W_OK ||
        url_path_query(url, path, sizeof path) != W_OK)
        return W_PARSE;
    int rc = get(fo, o, rurl, allow_private, 1);
    if (rc != W_OK)
        return rc;
    if (o->outcome == FETCH_REFUSED) {
        /* The article's own fetch will be refused and say why. */
        one_cleanup(o);
        return 1;
    }
    long status = o->outcome == FETCH_OK || o->outcome == FETCH_GONE ||
                          o->outcome == FETCH_CLIENT_ERROR ||
                          o->outcome == FETCH_SERVER_ERROR ||
                          o->outcome == FETCH_SLOW_DOWN
                      ? o->status
                      : 0;
    struct robots *r = NULL;
    switch (robots_policy_for_status(status)) {
    case ROBOTS_PARSE:
        rc = robots_parse(o->body ? o->body : "", o->len, agent, &r);
        break;
    case ROBOTS_ALLOW_ALL:
        rc = robots_new_policy(1, &r);
        break;
    default:
        rc = robots_new_policy(0, &r);
        break;
    }
    int ok = rc == W_OK ? robots_allowed(r, path) : rc;
    robots_free(r);
    one_cleanup(o);
    return ok;
}

/*
 * The next pages of the split article in rec (page 1 fetched as first
 * and answered from final). A page that cannot be fetched or read ends
 * the chain with a warning in rec. Every request goes to st's fetch log
 * when st is not NULL. Returns W_OK or W_NOMEM.
 */
static int follow_pages(struct runtime *rt, const struct fetch_opts *fo,
                        const struct config_source *src, int priv,
                        const char *first, const char *final,
                        struct store *st, struct warta_record *rec)
{
    char *seen[SCHED_MAX_SEEN] = {0};
    int n = 0, pages = 1, rc = W_OK;
    double delay = config_source_delay(rt->cfg, src);
    if (!(seen[n++] = w_strdup(first)) || !(seen[n++] = w_strdup(final))) {
        rc = W_NOMEM;
        goto out;
    }
    const char *next;
    while ((next = sched_next_page(rec, pages, seen, n))) {
        char *url = w_strdup(next);
        if (!url) {
            rc = W_NOMEM;
            goto out;
        }
        if (delay > 0) {
            struct timespec ts = {(time_t)delay,
                                  (long)((delay - (double)(time_t)delay) *
                                         1e9)};
            nanosleep(&ts, NULL);
        }
        struct one o = {.store = st};
        const char *why = NULL;
        int ok = robots_ok(fo, &o, url, priv, rt->cfg->user_agent);
        if (ok == 0)
            why = "disallowed by robots.txt";
        else if (ok < 0)
            why = warta_strerror(ok);
        else if (get(fo, &o, url, priv, 3) != W_OK)
            why = "cannot fetch";
        else if (o.outcome != FETCH_OK)
            why = o.error ? o.error : fetch_outcome_name(o.outcome);
        int prc = W_OK;
        if (!why) {
            struct fetch_result r = {
                .url = url, .final_url = o.final_url, .outcome = FETCH_OK,
                .status = o.status, .content_type = o.content_type,
                .body = o.body ? o.body : "", .len = o.len,
                .retry_after = -1, .ip = "",
            };
            prc = sched_continue_article(rt, &r, src ? src->name : NULL,
                                         rec);
            if (prc && prc != W_NOMEM)
                why = warta_strerror(prc);
        }
        if (prc == W_NOMEM)
            rc = W_NOMEM;
        else if (why)
            rc = sched_page_failed(rec, pages + 1, url, why);
        else
            pages++;
        if (!why && rc == W_OK && n + 2 <= SCHED_MAX_SEEN &&
            (!(seen[n++] = url) ||
             !(seen[n++] = w_strdup(o.final_url ? o.final_url : url))))
            rc = W_NOMEM;
        else if (why || rc != W_OK || n + 2 > SCHED_MAX_SEEN)
            w_free(url);
        one_cleanup(&o);
        if (why || rc != W_OK)
            break;
    }
out:
    for (int i = 0; i < n; i++)
        w_free(seen[i]);
    return rc;
}

static void usage(FILE *out)
{
    fprintf(out,
        "usage: warta fetch [OPTIONS] URL\n"
        "\n"
        "Fetches one article the way the daemon would (robots.txt, address\n"
        "policy, size caps, retries), parses it and prints its record as\n"
        "one JSON line. Nothing is stored unless --store is given.\n"
        "\n"
        "  -s, --store         also store the record and log the fetch\n"
        "      --source NAME   fetch as this configured source (its plugin\n"
        "                      and allow_private); default: the source\n"
        "                      whose hosts include the URL's host\n"
        "  -c, --config FILE   config file\n"
        "      --db PATH       store file (default: STATE_DIR/warta.db)\n"
        "  -h, --help          this help\n"
        "\n"
        "Exit status: 0 record printed, 1 the fetch failed (the reason on\n"
        "stderr) or the page is not an article, 2 bad usage, a bad URL or\n"
        "a bad config.\n");
}

static const struct config_source *source_for(const struct config *cfg,
                                              const char *url)
{
    char host[256];
    if (url_host(url, host, sizeof host) != W_OK)
        return NULL;
    for (size_t i = 0; i < cfg->n_sources; i++)
        if (config_source_has_host(&cfg->sources[i], host))
            return &cfg->sources[i];
    return NULL;
}

int cmd_fetch(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", no_argument, NULL, 's'},
        {"source", required_argument, NULL, 'S'},
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *db = NULL, *source = NULL;
    int store = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "sc:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': store = 1; break;
        case 'S': source = optarg; break;
        case 'c': config = optarg; break;
        case 'd': db = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "warta fetch: give exactly one URL (try --help)\n");
        return EXIT_USAGE;
    }
    const char *url = argv[optind];
    if (!url_is_http(url)) {
        fprintf(stderr, "warta fetch: %s: not an http(s) URL\n", url);
        return EXIT_USAGE;
    }
    struct runtime rt;
    int status = runtime_open(&rt, config, db,
                              RT_PLUGINS | RT_EXTRACT |
                                  (store ? RT_STORE : 0));
    const struct config_source *src = NULL;
    if (!status && source) {
        src = config_source(rt.cfg, source);
        if (!src) {
            fprintf(stderr, "warta fetch: no source named '%s' in %s\n",
                    source, rt.cfg->path);
            status = EXIT_USAGE;
        }
    } else if (!status) {
        src = source_for(rt.cfg, url);
    }
    struct one o = {.store = store ? rt.store : NULL};
    struct fetch_opts fo;
    if (!status) {
        sched_fetch_opts(rt.cfg, &fo);
        int priv = src ? src->allow_private : rt.cfg->allow_private;
        int ok = robots_ok(&fo, &o, url, priv, rt.cfg->user_agent);
        if (ok == 0) {
            fprintf(stderr, "warta fetch: %s: disallowed by robots.txt\n",
                    url);
            status = EXIT_RUNTIME;
        } else if (ok < 0) {
            fprintf(stderr, "warta fetch: %s: %s\n", url,
                    warta_strerror(ok));
            status = EXIT_RUNTIME;
        }
        if (!status && get(&fo, &o, url, priv, 3) != W_OK) {
            fprintf(stderr, "warta fetch: %s: cannot fetch\n", url);
            status = EXIT_RUNTIME;
        }
        if (!status && o.outcome != FETCH_OK) {
            fprintf(stderr, "warta fetch: %s: %s (%s)\n", url,
                    o.error ? o.error : "failed",
                    fetch_outcome_name(o.outcome));
            status = EXIT_RUNTIME;
        }
    }
    if (!status) {
        struct warta_record rec;
        record_init(&rec);
        struct fetch_result r = {
            .url = url, .final_url = o.final_url, .outcome = FETCH_OK,
            .status = o.status, .content_type = o.content_type,
            .body = o.body ? o.body : "", .len = o.len, .retry_after = -1,
            .ip = "",
        };
        int rc = sched_ingest_article(&rt, &r, src ? src->name : NULL, 0,
                                      &rec);
        if (rc == W_OK)
            rc = follow_pages(&rt, &fo, src,
                              src ? src->allow_private
                                  : rt.cfg->allow_private,
                              url, o.final_url, o.store, &rec);
        if (rc == W_OK && store)
            rc = sched_store_article(&rt, o.final_url, &rec);
        if (rc == W_OK) {
            json_t *j = record_to_json(&rec);
            char *line = j ? json_dumps(j, JSON_COMPACT |
                                               JSON_PRESERVE_ORDER)
                           : NULL;
            if (line)
                printf("%s\n", line);
            free(line);
            json_decref(j);
        } else {
            fprintf(stderr, "warta fetch: %s: %s\n", o.final_url,
                    rc == W_DECLINED ? "not an article any plugin parses"
                                     : warta_strerror(rc));
            status = EXIT_RUNTIME;
        }
        record_cleanup(&rec);
    }
    one_cleanup(&o);
    runtime_close(&rt);
    return status;
}
