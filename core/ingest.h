/* SPDX-License-Identifier: MIT */
/*
 * The one path an article takes, whatever brought its bytes (a saved
 * file, an HTTP response, a WARC record): page (charset, tree) → plugin
 * chosen by name or host (generic when the outlet plugin declines) →
 * record → entities → store. Index pages, feeds and sitemaps take the
 * same road to the plugin's links hook.
 */
#ifndef WARTA_INGEST_H
#define WARTA_INGEST_H
#include <stddef.h>
#include "links.h"
#include "plugins.h"
#include "record.h"

struct extract;
struct store;

struct ingest {
    const struct plugin_set *plugins;
    struct extract *extract; /* NULL: records carry no entities */
    struct store *store;     /* NULL: ingest_store refuses */
};

struct ingest_input {
    const char *url;          /* NULL: the page's canonical link, else
                               * "file://" + name */
    const char *name;         /* for messages (file name); may be NULL */
    const char *content_type; /* HTTP Content-Type or NULL */
    const void *bytes;
    size_t n;
    const char *source;       /* configured source or NULL */
    const char *plugin;       /* force this plugin, NULL: by host */
    const char *fetched;      /* UTC ISO 8601; NULL: now */
};

/*
 * Parse an article page into rec (initialised by the caller, who also
 * cleans it up). Runs entity extraction when ig->extract is set.
 * Returns W_OK; W_DECLINED when no plugin would parse it (not an
 * article); W_PARSE / W_TOOBIG for unreadable input; W_NOTFOUND when a
 * forced plugin does not exist. Messages go to the log.
 */
int ingest_article(struct ingest *ig, const struct ingest_input *in,
                   struct warta_record *rec);
/*
 * Append the next page of a split article (rec's CONTINUATION, fetched
 * by the caller) with the plugin that parsed the first page; re-runs
 * extraction. Returns as ingest_article.
 */
int ingest_continue(struct ingest *ig, const struct ingest_input *in,
                    struct warta_record *rec);
/*
 * Links of an index page, feed or sitemap into out (initialised by the
 * caller with links_init(out, url)). The plugin's links hook first, then
 * the core's feed reader. W_DECLINED when nothing recognises the page.
 */
int ingest_links(struct ingest *ig, const struct ingest_input *in,
                 struct warta_links *out);
/* Canonical form of an article URL: the core's rules (url_canonical),
 * then the serving plugin's own hook. Returns W_OK or W_PARSE. */
int ingest_canonical(const struct ingest *ig, const char *url, char *out,
                     size_t outsz);
/* Store rec (W_ERR when ig has no store). */
int ingest_store(struct ingest *ig, const struct warta_record *rec,
                 int *outcome);
#endif
