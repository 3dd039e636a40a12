/* SPDX-License-Identifier: MIT */
/*
 * The article path shared by `warta parse`, `fetch`, `run` and `backfill`
 * (see ingest.h). Keeping one path means a fix to charset handling,
 * plugin routing or extraction reaches every way warta is used.
 */
#include "config.h"
#include "ingest.h"
#include "dom.h"
#include "extract.h"
#include "host.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include "store.h"
#include "url.h"
#include <stdio.h>
#include <string.h>

static const struct plugin *generic_plugin(const struct ingest *ig)
{
    return plugins_for_host(ig->plugins, NULL);
}

static const struct plugin *choose(const struct ingest *ig,
                                   const struct ingest_input *in,
                                   const char *url)
{
    if (in->plugin)
        return plugins_by_name(ig->plugins, in->plugin);
    return plugins_for_url(ig->plugins, url);
}

/* When no URL was given, the page's canonical link names it. */
static int page_url(struct page *pg, const struct ingest_input *in)
{
    if (in->url)
        return W_OK;
    const GumboNode *link =
        pg->pub.doc ? dom_select_one(&pg->pub, NULL, "link[rel=canonical]")
                    : NULL;
    const char *href = link ? dom_attr(link, "href") : NULL;
    if (href && url_is_http(href))
        return page_set_url(pg, href);
    char buf[4200];
    snprintf(buf, sizeof buf, "file://%s", in->name ? in->name : "-");
    return page_set_url(pg, buf);
}

int ingest_canonical(const struct ingest *ig, const char *url, char *out,
                     size_t outsz)
{
    int rc = url_canonical(url, out, outsz);
    if (rc)
        return rc;
    const struct plugin *p = plugins_for_url(ig->plugins, out);
    if (p && p->desc->canonical) {
        char tmp[URL_MAX];
        if (p->desc->canonical(p->state, out, tmp, sizeof tmp) == W_OK &&
            url_canonical(tmp, out, outsz) != W_OK)
            snprintf(out, outsz, "%s", tmp);
    }
    return W_OK;
}

static int run_extract(struct ingest *ig, struct warta_record *rec)
{
    if (!ig->extract)
        return W_OK;
    const char *text = record_get(rec, WARTA_F_TEXT);
    const char *published = record_get(rec, WARTA_F_PUBLISHED);
    json_t *ents = NULL;
    int rc = extract_run(ig->extract, text ? text : "",
                         text ? strlen(text) : 0, published, &ents);
    if (rc) {
        W_WARN("%s: entity extraction failed: %s", rec->url,
               warta_strerror(rc));
        return rc;
    }
    json_decref(rec->entities);
    rec->entities = ents;
    return W_OK;
}

/* The core's fields, after the plugin has filled its own. */
static int finish(struct ingest *ig, const struct ingest_input *in,
                  const struct plugin *p, struct page *pg,
                  struct warta_record *rec)
{
    int rc = record_core_set(&rec->url, pg->pub.url);
    char host[256];
    const char *outlet = p->desc->name;
    /* The generic plugin's records are named after their site. */
    if (strcmp(p->desc->hosts[0], "*") == 0 &&
        url_host(pg->pub.url, host, sizeof host) == W_OK)
        outlet = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
    if (!rc)
        rc = record_core_set(&rec->outlet, outlet);
    if (!rc && in->source)
        rc = record_core_set(&rec->source, in->source);
    if (!rc && in->fetched)
        rc = record_core_set(&rec->fetched, in->fetched);
    const char *canon = record_get(rec, WARTA_F_CANONICAL_URL);
    char buf[URL_MAX];
    if (!rc && ingest_canonical(ig, canon ? canon : pg->pub.url, buf,
                                sizeof buf) == W_OK)
        rc = record_set(rec, WARTA_F_CANONICAL_URL, buf);
    else if (!rc && !canon && url_is_http(pg->pub.url))
        rc = record_set(rec, WARTA_F_CANONICAL_URL, pg->pub.url);
    if (!rc)
        run_extract(ig, rec); /* a record without entities is still kept */
    if (!rc)
        rc = record_finish(rec);
    return rc;
}

static int call_parse(const struct plugin *p, struct page *pg,
                      struct warta_record *rec)
{
    pg->core.plugin = p->desc->name;
    return p->desc->parse(p->state, &pg->pub, rec);
}

int ingest_article(struct ingest *ig, const struct ingest_input *in,
                   struct warta_record *rec)
{
    const char *what = in->url ? in->url : in->name ? in->name : "-";
    struct page pg;
    int rc = page_open(&pg, in->url, in->content_type, in->bytes, in->n);
    if (rc) {
        W_ERROR("%s: cannot read the page: %s", what, warta_strerror(rc));
        return rc;
    }
    rc = page_url(&pg, in);
    if (rc)
        goto out;
    if (!pg.pub.doc) {
        W_ERROR("%s: not an HTML page (a feed or sitemap?)", what);
        rc = W_DECLINED;
        goto out;
    }
    const struct plugin *p = choose(ig, in, pg.pub.url);
    if (!p) {
        W_ERROR("%s: %s", what,
                in->plugin ? "no such plugin" : "no plugin serves this host");
        rc = in->plugin ? W_NOTFOUND : W_DECLINED;
        goto out;
    }
    rc = call_parse(p, &pg, rec);
    const struct plugin *g = generic_plugin(ig);
    if (rc == W_DECLINED && g && g != p) {
        W_INFO("%s: plugin %s declined, using %s", what, p->desc->name,
               g->desc->name);
        record_cleanup(rec);
        record_init(rec);
        p = g;
        rc = call_parse(p, &pg, rec);
    }
    if (rc) {
        if (rc != W_DECLINED)
            W_ERROR("%s: plugin %s failed: %s", what, p->desc->name,
                    warta_strerror(rc));
        goto out;
    }
    rc = finish(ig, in, p, &pg, rec);
out:
    page_close(&pg);
    return rc;
}

int ingest_continue(struct ingest *ig, const struct ingest_input *in,
                    struct warta_record *rec)
{
    const struct plugin *p = plugins_by_name(ig->plugins, rec->outlet);
    if (!p)
        p = choose(ig, in, in->url);
    if (!p)
        return W_DECLINED;
    struct page pg;
    int rc = page_open(&pg, in->url, in->content_type, in->bytes, in->n);
    if (rc)
        return rc;
    struct warta_record part;
    record_init(&part);
    rc = pg.pub.doc ? call_parse(p, &pg, &part) : W_DECLINED;
    const char *more = record_get(&part, WARTA_F_TEXT);
    if (!rc && more && *more) {
        const char *have = record_get(rec, WARTA_F_TEXT);
        size_t n = (have ? strlen(have) : 0) + strlen(more) + 3;
        char *joined = w_malloc(n);
        if (!joined) {
            rc = W_NOMEM;
            goto out;
        }
        snprintf(joined, n, "%s%s%s", have ? have : "",
                 have && *have ? "\n\n" : "", more);
        rc = record_set(rec, WARTA_F_TEXT, joined);
        w_free(joined);
    }
    if (!rc)
        rc = record_set(rec, WARTA_F_CONTINUATION,
                        record_get(&part, WARTA_F_CONTINUATION));
    if (!rc) {
        run_extract(ig, rec);
        rc = record_finish(rec);
    }
out:
    record_cleanup(&part);
    page_close(&pg);
    return rc;
}

int ingest_links(struct ingest *ig, const struct ingest_input *in,
                 struct warta_links *out)
{
    const char *what = in->url ? in->url : in->name ? in->name : "-";
    struct page pg;
    int rc = page_open(&pg, in->url, in->content_type, in->bytes, in->n);
    if (rc) {
        W_ERROR("%s: cannot read the page: %s", what, warta_strerror(rc));
        return rc;
    }
    rc = page_url(&pg, in);
    if (rc)
        goto out;
    if (!out->base)
        out->base = arena_strdup(&out->arena, pg.pub.url);
    const struct plugin *p = choose(ig, in, pg.pub.url);
    rc = W_DECLINED;
    if (p && p->desc->links) {
        pg.core.plugin = p->desc->name;
        rc = p->desc->links(p->state, &pg.pub, out);
    }
    const struct plugin *g = generic_plugin(ig);
    if (rc == W_DECLINED && g && g != p && g->desc->links) {
        pg.core.plugin = g->desc->name;
        rc = g->desc->links(g->state, &pg.pub, out);
    }
    if (rc == W_DECLINED) {
        pg.core.plugin = "core";
        rc = host_table()->feed_links(&pg.pub, out);
    }
out:
    page_close(&pg);
    return rc;
}

int ingest_store(struct ingest *ig, const struct warta_record *rec,
                 int *outcome)
{
    if (!ig->store)
        return W_ERR;
    enum store_outcome o = 0;
    int rc = store_put_record(ig->store, rec, &o);
    if (outcome)
        *outcome = (int)o;
    return rc;
}
