/* SPDX-License-Identifier: MIT */
/*
 * PelitaJabar (pelitajabar.com), a WordPress news site from Bandung.
 * Permalinks are /{slug}.html and are the canonical form; the WordPress
 * shortlink /?p={id} is an alternate name of the same post (the seed's
 * stored URL is one), so the canonical hook keeps it only tidied. The
 * "ADVERTISEMENT ... SCROLL TO RESUME CONTENT" residue in article text
 * is the JNews theme's inline ad block, so the plugin reads JNews markup
 * first (an inference from that residue; no raw HTML was available) and
 * falls back to the usual WordPress containers, then to the readable
 * heuristic. Articles end in "Rls" or "***", removed by the shared
 * cleaner. Backfill walks the WordPress month archives /YYYY/MM/.
 */
#include <stdio.h>
#include <string.h>
#include "warta/plugin.h"

static const char *const pj_hosts[] = {"pelitajabar.com",
                                       "www.pelitajabar.com", NULL};

/* Kinds of pelitajabar.com URL worth a canonical form. */
enum { PJ_NONE, PJ_PERMALINK, PJ_SHORTLINK };

/* Sets *s and *n to the slug (permalink) or the post ID (shortlink). */
static int pj_url(const char *url, const char **s, size_t *n)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return PJ_NONE;
    p += 3;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    if (strncmp(p, "pelitajabar.com/", 16) != 0)
        return PJ_NONE;
    p += 16;
    if (strncmp(p, "?p=", 3) == 0 || strncmp(p, "index.php?p=", 12) == 0) {
        p = strchr(p, '=') + 1;
        *s = p;
        *n = strspn(p, "0123456789");
        return *n > 0 && *n < 12 ? PJ_SHORTLINK : PJ_NONE;
    }
    size_t k = strcspn(p, "/?#");
    if (k <= 5 || strncmp(p + k - 5, ".html", 5) != 0)
        return PJ_NONE;
    const char *rest = p + k;
    if (strncmp(rest, "/amp", 4) == 0) /* the AMP copy */
        rest += 4;
    if (*rest == '/')
        rest++;
    if (*rest && *rest != '?' && *rest != '#')
        return PJ_NONE;
    *s = p;
    *n = k - 5;
    return PJ_PERMALINK;
}

static int pj_canonical(void *state, const char *url, char *buf, size_t bufsz)
{
    const char *s;
    size_t n;
    int kind = pj_url(url, &s, &n), w = 0;
    if (kind == PJ_PERMALINK)
        w = snprintf(buf, bufsz, "https://pelitajabar.com/%.*s.html", (int)n,
                     s);
    else if (kind == PJ_SHORTLINK)
        w = snprintf(buf, bufsz, "https://pelitajabar.com/?p=%.*s", (int)n, s);
    else
        return W_DECLINED;
    return w > 0 && (size_t)w < bufsz ? W_OK : W_DECLINED;
}

static int pj_init(const struct warta_host *host, const struct warta_kv *conf,
                   size_t n_conf, void **state)
{
    if (n_conf > 0) {
        host->log(NULL, WARTA_LOG_ERR, "unknown option \"%s\"", conf[0].key);
        return W_CONFIG;
    }
    *state = (void *)host; /* the table is static: no allocation needed */
    return W_OK;
}

/* A post's date: <time datetime>, else the JNews date line. */
static const char *post_date(const struct warta_host *h,
                             const struct warta_page *pg,
                             const GumboNode *scope)
{
    const GumboNode *t = h->select_one(pg, scope, "time[datetime]");
    if (t)
        return h->parse_date(pg, h->attr(t, "datetime"));
    t = h->select_one(pg, scope, ".jeg_meta_date, .entry-date");
    return t ? h->parse_date(pg, h->line(pg, t)) : NULL;
}

static int pj_parse(void *state, const struct warta_page *pg,
                    struct warta_record *rec)
{
    const struct warta_host *h = state;
    const char *s;
    size_t n;
    if (!pg->doc ||
        (strstr(pg->url, "pelitajabar.com") &&
         pj_url(pg->url, &s, &n) == PJ_NONE))
        return W_DECLINED;
    h->read_meta(pg, rec);
    const GumboNode *t =
        h->select_one(pg, NULL, "h1.jeg_post_title, h1.entry-title, h1");
    if (!h->get(rec, WARTA_F_TITLE) && t)
        h->set(rec, WARTA_F_TITLE, h->line(pg, t));
    if (!h->get(rec, WARTA_F_PUBLISHED))
        h->set(rec, WARTA_F_PUBLISHED, post_date(h, pg, NULL));
    if (!h->get(rec, WARTA_F_TAGS)) {
        const GumboNode **tg = NULL;
        size_t nt = h->select_all(pg, NULL, ".jeg_post_tags a, a[rel=tag]",
                                  &tg);
        for (size_t i = 0; i < nt; i++)
            h->set(rec, WARTA_F_TAGS, h->line(pg, tg[i]));
    }
    /* The inline ad blocks, captions, share bars, related posts and the
     * comment form; "ADVERTISEMENT" text that escapes these (a wrapper
     * without its classes) is the cleaner's job. */
    h->drop(pg, NULL,
            ".jeg_ad, .jnews_content_inline_ads, .ads-wrapper, figure, "
            ".wp-caption, figcaption, .jeg_featured, .jeg_share_button, "
            ".jeg_post_tags, .jnews_prev_next_container, "
            ".jnews_related_post_container, .jnews_comment_container, "
            "#respond, nav");
    const GumboNode *body = h->select_one(
        pg, NULL,
        ".content-inner, .jeg_post_content, div.entry-content, "
        ".td-post-content");
    return h->set_body(pg, rec, body);
}

/* Feeds go to the core; archive pages list <article> posts. */
static int pj_links(void *state, const struct warta_page *pg,
                    struct warta_links *out)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return h->feed_links(pg, out);
    h->drop(pg, NULL, "aside, .jeg_sidebar, .widget, body > header, "
                      "body > footer");
    const GumboNode **items = NULL;
    size_t ni = h->select_all(pg, NULL, "article", &items);
    size_t found = 0;
    for (size_t i = 0; i < ni; i++) {
        const GumboNode *a = h->select_one(
            pg, items[i], ".jeg_post_title a, .entry-title a, h3 a, h2 a");
        char *u = a ? h->resolve_url(pg, h->attr(a, "href")) : NULL;
        char canon[512];
        if (u && pj_canonical(state, u, canon, sizeof canon) == W_OK &&
            h->add_link(out, WARTA_LINK_ARTICLE, canon,
                        post_date(h, pg, items[i])) == W_OK)
            found++;
    }
    const GumboNode *next = h->select_one(
        pg, NULL, "link[rel=next], a.page_nav.next, a.next, a[rel=next]");
    if (next)
        h->set_next(out, h->resolve_url(pg, h->attr(next, "href")));
    return found || next ? W_OK : W_DECLINED;
}

/* One WordPress month archive per month of the window, newest first. */
static int pj_archive(void *state, const struct warta_range *range,
                      struct warta_links *out)
{
    const struct warta_host *h = state;
    return h->month_archives(out, range, "https://pelitajabar.com/", "/");
}

WARTA_PLUGIN(.name = "pelitajabar", .version = "1.0.0",
             .description = "PelitaJabar (pelitajabar.com, WordPress)",
             .hosts = pj_hosts, .init = pj_init, .links = pj_links,
             .archive = pj_archive, .parse = pj_parse,
             .canonical = pj_canonical);
