/* SPDX-License-Identifier: MIT */
/*
 * Prolite (prolitenews.com), a WordPress news site from Bandung. Articles
 * live at /{slug}/ and split articles continue at /{slug}/2, /{slug}/3
 * (WordPress nextpage): the plugin names the next page as the record's
 * continuation and the core fetches and joins it. Category and tag
 * archives page newest-first at /{category}/page/N/, which is how
 * backfill walks the site. Bodies carry "Baca Juga:" link paragraphs,
 * a "(rls/red)" sign-off, and are followed by an author box and a
 * "Baca Selanjutnya" teaser; the shared cleaner and a few drops remove
 * them. The theme is not known (no raw HTML was available), so the body
 * is looked up among the usual WordPress containers, then guessed.
 */
#include <stdio.h>
#include <string.h>
#include "warta/plugin.h"

static const char *const prolite_hosts[] = {"prolitenews.com",
                                            "www.prolitenews.com", NULL};

/* Paths that are WordPress machinery, not posts. */
static const char *const reserved[] = {"tag",     "category", "author",
                                       "page",    "feed",     "wp-content",
                                       "wp-json", "search",   NULL};

/*
 * An article URL: https://prolitenews.com/{slug}/ or /{slug}/{N}. Slugs
 * are made from titles, so a real one has at least two hyphens; that
 * keeps out category archives (/news/, /daerah/). Sets the slug span and
 * the page number (1 when absent).
 */
static int prolite_url(const char *url, const char **slug, size_t *slen,
                       int *page)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return W_DECLINED;
    p += 3;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    if (strncmp(p, "prolitenews.com/", 16) != 0)
        return W_DECLINED;
    p += 16;
    size_t n = strcspn(p, "/?#");
    int hyphens = 0;
    for (size_t i = 0; i < n; i++)
        hyphens += p[i] == '-';
    for (size_t i = 0; reserved[i]; i++)
        if (strlen(reserved[i]) == n && strncmp(p, reserved[i], n) == 0)
            return W_DECLINED;
    if (hyphens < 2)
        return W_DECLINED;
    *slug = p;
    *slen = n;
    *page = 1;
    p += n;
    if (*p == '/' && p[1] >= '1' && p[1] <= '9') {
        int v = 0;
        for (p++; *p >= '0' && *p <= '9' && v < 1000; p++)
            v = v * 10 + (*p - '0');
        *page = v;
    }
    if (*p == '/')
        p++;
    return *p == '\0' || *p == '?' || *p == '#' ? W_OK : W_DECLINED;
}

static int prolite_canonical(void *state, const char *url, char *buf,
                             size_t bufsz)
{
    const char *slug;
    size_t n;
    int page;
    if (prolite_url(url, &slug, &n, &page) != W_OK)
        return W_DECLINED;
    int w = snprintf(buf, bufsz, "https://prolitenews.com/%.*s/", (int)n,
                     slug);
    return w > 0 && (size_t)w < bufsz ? W_OK : W_DECLINED;
}

static int prolite_init(const struct warta_host *host,
                        const struct warta_kv *conf, size_t n_conf,
                        void **state)
{
    if (n_conf > 0) {
        host->log(NULL, WARTA_LOG_ERR, "unknown option \"%s\"", conf[0].key);
        return W_CONFIG;
    }
    *state = (void *)host; /* the table is static: no allocation needed */
    return W_OK;
}

/* A post's date: the theme's <time datetime> (site time, +07:00). */
static const char *post_date(const struct warta_host *h,
                             const struct warta_page *pg,
                             const GumboNode *scope)
{
    const GumboNode *t = h->select_one(
        pg, scope, "time.published[datetime], time[datetime]");
    return t ? h->parse_date(pg, h->attr(t, "datetime")) : NULL;
}

/* The link of the next page of a split article, if the page has one. */
static void continuation(const struct warta_host *h,
                         const struct warta_page *pg, struct warta_record *rec)
{
    const char *slug, *s2;
    size_t n, n2;
    int page, p2;
    if (prolite_url(pg->url, &slug, &n, &page) != W_OK)
        return;
    const GumboNode **a = NULL;
    size_t na = h->select_all(pg, NULL, ".page-links a, a.post-page-numbers",
                              &a);
    for (size_t i = 0; i < na; i++) {
        char *u = h->resolve_url(pg, h->attr(a[i], "href"));
        if (u && prolite_url(u, &s2, &n2, &p2) == W_OK && n2 == n &&
            strncmp(s2, slug, n) == 0 && p2 == page + 1) {
            h->set(rec, WARTA_F_CONTINUATION, u);
            return;
        }
    }
}

static int prolite_parse(void *state, const struct warta_page *pg,
                         struct warta_record *rec)
{
    const struct warta_host *h = state;
    const char *slug;
    size_t n;
    int page;
    if (!pg->doc || (strstr(pg->url, "prolitenews.com") &&
                     prolite_url(pg->url, &slug, &n, &page) != W_OK))
        return W_DECLINED;
    h->read_meta(pg, rec);
    const GumboNode *t = h->select_one(pg, NULL, "h1.entry-title, h1");
    if (!h->get(rec, WARTA_F_TITLE) && t)
        h->set(rec, WARTA_F_TITLE, h->line(pg, t));
    if (!h->get(rec, WARTA_F_PUBLISHED))
        h->set(rec, WARTA_F_PUBLISHED, post_date(h, pg, NULL));
    if (!h->get(rec, WARTA_F_SECTION)) {
        const GumboNode *c = h->select_one(pg, NULL, ".cat-links a");
        if (c)
            h->set(rec, WARTA_F_SECTION, h->line(pg, c));
    }
    if (!h->get(rec, WARTA_F_TAGS)) {
        const GumboNode **tg = NULL;
        size_t nt = h->select_all(pg, NULL, "a[rel=tag]", &tg);
        for (size_t i = 0; i < nt; i++)
            h->set(rec, WARTA_F_TAGS, h->line(pg, tg[i]));
    }
    continuation(h, pg, rec);

    /* Captions (the credit shows twice: alt and caption), share bars,
     * the author box, page links, and whatever follows the post. */
    h->drop(pg, NULL,
            "figure, .wp-caption, figcaption, .sharedaddy, .jp-relatedposts, "
            ".page-links, .author-box, .post-author, .saboxplugin-wrap, "
            ".addtoany_share_save_container, .code-block, nav, #comments, "
            ".comment-respond, .entry-footer");
    const GumboNode *body = h->select_one(
        pg, NULL,
        "div.entry-content, .td-post-content, .jeg_post_content, "
        "article .post-content");
    return h->set_body(pg, rec, body);
}

/* Feeds go to the core; archive pages list <article> posts. */
static int prolite_links(void *state, const struct warta_page *pg,
                         struct warta_links *out)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return h->feed_links(pg, out);
    h->drop(pg, NULL, "aside, .widget-area, #secondary, header#masthead, "
                      ".site-footer, footer#colophon, nav.main-navigation");
    const GumboNode **items = NULL;
    size_t ni = h->select_all(pg, NULL, "article", &items);
    size_t found = 0;
    for (size_t i = 0; i < ni; i++) {
        const GumboNode *a = h->select_one(
            pg, items[i], ".entry-title a[href], a[rel=bookmark]");
        char *u = a ? h->resolve_url(pg, h->attr(a, "href")) : NULL;
        char canon[512];
        if (u && prolite_canonical(state, u, canon, sizeof canon) == W_OK &&
            h->add_link(out, WARTA_LINK_ARTICLE, canon,
                        post_date(h, pg, items[i])) == W_OK)
            found++;
    }
    const GumboNode *next =
        h->select_one(pg, NULL, "link[rel=next], a.next, a[rel=next]");
    if (next)
        h->set_next(out, h->resolve_url(pg, h->attr(next, "href")));
    return found || next ? W_OK : W_DECLINED;
}

/*
 * Backfill walks archives newest first until their dates pass the
 * window. Each configured URL names one: a category or tag feed
 * (/news/feed/) gives its archive (/news/); the site feed gives /news/,
 * the category every news post is in.
 */
static int prolite_archive(void *state, const struct warta_range *range,
                           struct warta_links *out)
{
    const struct warta_host *h = state;
    int added = 0;
    for (size_t i = 0; range->start_urls && range->start_urls[i]; i++) {
        const char *u = range->start_urls[i];
        const char *p = strstr(u, "prolitenews.com/");
        if (!p)
            continue;
        p += 16;
        size_t n = strcspn(p, "?#");
        if (n >= 5 && strncmp(p + n - 5, "feed/", 5) == 0)
            n -= 5;
        else if (n >= 4 && strncmp(p + n - 4, "feed", 4) == 0)
            n -= 4;
        char url[512];
        if (n == 0)
            snprintf(url, sizeof url, "https://prolitenews.com/news/");
        else
            snprintf(url, sizeof url, "https://prolitenews.com/%.*s%s",
                     (int)n, p, p[n - 1] == '/' ? "" : "/");
        if (h->add_link(out, WARTA_LINK_INDEX, url, NULL) == W_OK)
            added++;
    }
    if (!added)
        return h->add_link(out, WARTA_LINK_INDEX,
                           "https://prolitenews.com/news/", NULL);
    return W_OK;
}

WARTA_PLUGIN(.name = "prolite", .version = "1.0.0",
             .description = "Prolite (prolitenews.com, WordPress)",
             .hosts = prolite_hosts, .init = prolite_init,
             .links = prolite_links, .archive = prolite_archive,
             .parse = prolite_parse, .canonical = prolite_canonical);
