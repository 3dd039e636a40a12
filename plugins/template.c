/* SPDX-License-Identifier: MIT */
/*
 * template: the smallest complete warta outlet plugin, to copy when adding
 * an outlet (docs/PLUGINS.md walks through it). It serves a made-up site,
 * "Contoh News" at example.com, whose articles live at /berita/{slug}/ and
 * whose index pages list them in <article> elements. Everything marked
 * FILL IN is what changes from outlet to outlet; the rest is the same in
 * every plugin. This file is built by `make check` and loaded by its
 * fixtures in tests/plugins/template/, but never installed.
 *
 * Rules every plugin follows (docs/PLUGINS.md, STYLE.md C2):
 * - include only <warta/plugin.h> (and libc headers);
 * - everything is static except the descriptor WARTA_PLUGIN() defines;
 * - no globals, no malloc/free: memory comes from the page's arena
 *   through the host table and is freed by the core after the page;
 * - return W_DECLINED for "not mine", never crash on odd input.
 */
#include <stdio.h>
#include <string.h>
#include "warta/plugin.h"

/* FILL IN: the hosts this plugin serves ("*.example.com" for sub-domains).
 * Two plugins may not claim the same host. */
static const char *const tpl_hosts[] = {"example.com", "www.example.com",
                                        NULL};

/* FILL IN: what an article URL looks like on this site. */
static int tpl_is_article(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return 0;
    p += 3;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    return strncmp(p, "example.com/berita/", 19) == 0 && p[19] != '\0';
}

/*
 * init: called once when the plugin is loaded, with the host table (it
 * outlives the plugin) and the options of the config's [plugin.NAME]
 * section. The host table is all the state this plugin needs, so it is
 * the state; a plugin that takes options would check them here and
 * return W_CONFIG for a bad one.
 */
static int tpl_init(const struct warta_host *host,
                    const struct warta_kv *conf, size_t n_conf, void **state)
{
    if (n_conf > 0) {
        host->log(NULL, WARTA_LOG_ERR, "unknown option \"%s\"", conf[0].key);
        return W_CONFIG;
    }
    *state = (void *)host;
    return W_OK;
}

/*
 * parse: an article page (pg->doc is the gumbo tree) into record fields.
 * Order: the page's meta tags and JSON-LD first (host->read_meta fills
 * title, date, canonical URL, language... and never overwrites), then
 * this site's own selectors for what is still missing, then the body.
 */
static int tpl_parse(void *state, const struct warta_page *pg,
                     struct warta_record *rec)
{
    const struct warta_host *h = state;
    if (!pg->doc ||
        (strstr(pg->url, "example.com") && !tpl_is_article(pg->url)))
        return W_DECLINED; /* the core then tries the generic plugin */
    h->read_meta(pg, rec);

    /* FILL IN: selectors for this site's markup. */
    const GumboNode *title = h->select_one(pg, NULL, "h1.judul, h1");
    if (!h->get(rec, WARTA_F_TITLE) && title)
        h->set(rec, WARTA_F_TITLE, h->line(pg, title));
    const GumboNode *date = h->select_one(pg, NULL, ".tanggal");
    if (!h->get(rec, WARTA_F_PUBLISHED) && date) /* "Senin, 8 Agustus 2022" */
        h->set(rec, WARTA_F_PUBLISHED, h->parse_date(pg, h->line(pg, date)));
    const GumboNode *by = h->select_one(pg, NULL, ".penulis");
    if (by) /* "Penulis: Nama" and the like go through the shared cleaner */
        h->clean_text(pg, h->text(pg, by), WARTA_CLEAN_CREDITS, rec);

    /* FILL IN: what to leave out of the body (captions, share buttons,
     * related links); dropped subtrees vanish from text() and selects. */
    h->drop(pg, NULL, "figure, .bagikan, .terkait");
    const GumboNode *body = h->select_one(pg, NULL, "div.isi-berita");

    /* set_body takes the body's text (the readable heuristic's guess when
     * body is NULL), removes "Baca juga:" lines, credit lines, ads,
     * sign-offs and trailers through the shared cleaner, moves the
     * dateline into its field, and adds the drift warnings (no title,
     * no date, a short body) that the daemon counts per source. */
    return h->set_body(pg, rec, body);
}

/*
 * links: an index page, feed or sitemap into article links and the next
 * page. Feeds and sitemaps (pg->doc is NULL) are the core's job.
 */
static int tpl_links(void *state, const struct warta_page *pg,
                     struct warta_links *out)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return h->feed_links(pg, out);
    /* FILL IN: one <article> per listed post, with its date. */
    const GumboNode **items = NULL;
    size_t n = h->select_all(pg, NULL, "article", &items), found = 0;
    for (size_t i = 0; i < n; i++) {
        const GumboNode *a = h->select_one(pg, items[i], "h2 a[href]");
        const GumboNode *t = h->select_one(pg, items[i], "time[datetime]");
        char *url = a ? h->resolve_url(pg, h->attr(a, "href")) : NULL;
        const char *when = t ? h->parse_date(pg, h->attr(t, "datetime"))
                             : NULL;
        if (url && tpl_is_article(url) &&
            h->add_link(out, WARTA_LINK_ARTICLE, url, when) == W_OK)
            found++;
    }
    const GumboNode *next = h->select_one(pg, NULL, "link[rel=next], a.next");
    if (next)
        h->set_next(out, h->resolve_url(pg, h->attr(next, "href")));
    return found || next ? W_OK : W_DECLINED;
}

/*
 * archive: the index pages backfill starts from for a date window. This
 * site pages its index newest first, so one start page is enough: the
 * core follows "next" until the dates pass range->from.
 */
static int tpl_archive(void *state, const struct warta_range *range,
                       struct warta_links *out)
{
    const struct warta_host *h = state;
    return h->add_link(out, WARTA_LINK_INDEX, "https://example.com/indeks/",
                       NULL);
}

/* The descriptor: the one exported symbol. canonical and fini are
 * optional and left out here. */
WARTA_PLUGIN(.name = "template", .version = "1.0.0",
             .description = "example plugin to copy (example.com)",
             .hosts = tpl_hosts, .init = tpl_init, .links = tpl_links,
             .archive = tpl_archive, .parse = tpl_parse);
