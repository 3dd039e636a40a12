/* SPDX-License-Identifier: MIT */
/*
 * Jabar Ekspres (jabarekspres.com), formerly Bandung Ekspres
 * (bandungekspres.co.id): the old paper's archive now lives on
 * jabarekspres.com, so URLs on the old host map to the new one. Two eras:
 * WordPress until about 2022 (/berita/YYYY/MM/DD/slug/, split articles at
 * .../slug/2/, the comment form "Tinggalkan Balasan" after the body, the
 * old dateline "bandungekspres.co.id, REGOL – ") and a newer platform
 * (dateline "JABAR EKSPRES – ", "BACA JUGA:" lines; URL form not known,
 * /berita/{id}/{slug} is accepted). Backfill walks the WordPress month
 * archives /berita/YYYY/MM/, which follow from the permalink structure.
 */
#include <stdio.h>
#include <string.h>
#include "warta/plugin.h"

static const char *const jx_hosts[] = {
    "jabarekspres.com", "www.jabarekspres.com", "bandungekspres.co.id",
    "www.bandungekspres.co.id", NULL};

/*
 * An article URL on either host: the path after /berita/ (without a
 * trailing page number) goes to *path and *plen, the page number to
 * *page.
 */
static int jx_url(const char *url, const char **path, size_t *plen, int *page)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return W_DECLINED;
    p += 3;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    if (strncmp(p, "jabarekspres.com/berita/", 24) == 0)
        p += 24;
    else if (strncmp(p, "bandungekspres.co.id/berita/", 28) == 0)
        p += 28;
    else
        return W_DECLINED;
    /* Segments: YYYY MM DD slug [N] (WordPress) or ID slug (new). */
    const char *seg[6];
    size_t len[6], ns = 0;
    const char *q = p;
    while (*q && *q != '?' && *q != '#' && ns < 6) {
        size_t n = strcspn(q, "/?#");
        if (n) {
            seg[ns] = q;
            len[ns++] = n;
        }
        q += n;
        if (*q == '/')
            q++;
    }
    if (*q && *q != '?' && *q != '#')
        return W_DECLINED;
    size_t digits = 0;
    while (digits < len[0] && ns && seg[0][digits] >= '0' &&
           seg[0][digits] <= '9')
        digits++;
    if (ns == 0 || digits != len[0])
        return W_DECLINED;
    size_t keep = ns >= 4 && len[0] == 4 && len[1] == 2 && len[2] == 2 ? 4
                                                                       : 2;
    if (ns < keep || ns > keep + 1 ||
        !memchr(seg[keep - 1], '-', len[keep - 1]))
        return W_DECLINED; /* slugs come from titles: "09" is not one */
    *page = 1;
    if (ns == keep + 1) {
        int v = 0;
        for (size_t i = 0; i < len[keep]; i++) {
            if (seg[keep][i] < '0' || seg[keep][i] > '9' || v > 1000)
                return W_DECLINED;
            v = v * 10 + (seg[keep][i] - '0');
        }
        *page = v;
    }
    *path = p;
    *plen = (size_t)(seg[keep - 1] + len[keep - 1] - p);
    return W_OK;
}

static int jx_canonical(void *state, const char *url, char *buf, size_t bufsz)
{
    const char *path;
    size_t n;
    int page;
    if (jx_url(url, &path, &n, &page) != W_OK)
        return W_DECLINED;
    /* WordPress-era permalinks end in "/", the new form does not. */
    int wp = n > 11 && path[4] == '/' && path[7] == '/' && path[10] == '/';
    int w = snprintf(buf, bufsz, "https://jabarekspres.com/berita/%.*s%s",
                     (int)n, path, wp ? "/" : "");
    return w > 0 && (size_t)w < bufsz ? W_OK : W_DECLINED;
}

static int jx_init(const struct warta_host *host, const struct warta_kv *conf,
                   size_t n_conf, void **state)
{
    if (n_conf > 0) {
        host->log(NULL, WARTA_LOG_ERR, "unknown option \"%s\"", conf[0].key);
        return W_CONFIG;
    }
    *state = (void *)host; /* the table is static: no allocation needed */
    return W_OK;
}

static const char *post_date(const struct warta_host *h,
                             const struct warta_page *pg,
                             const GumboNode *scope)
{
    const GumboNode *t = h->select_one(pg, scope, "time[datetime]");
    return t ? h->parse_date(pg, h->attr(t, "datetime")) : NULL;
}

static void first_line(const struct warta_host *h, const struct warta_page *pg,
                       const char *sel, enum warta_field f,
                       struct warta_record *rec)
{
    const GumboNode *n = h->get(rec, f) ? NULL : h->select_one(pg, NULL, sel);
    if (n)
        h->set(rec, f, h->line(pg, n));
}

static int jx_parse(void *state, const struct warta_page *pg,
                    struct warta_record *rec)
{
    const struct warta_host *h = state;
    const char *path, *p2;
    size_t n, n2;
    int page, pn;
    int known = jx_url(pg->url, &path, &n, &page) == W_OK;
    if (!pg->doc || ((strstr(pg->url, "jabarekspres.com") ||
                      strstr(pg->url, "bandungekspres.co.id")) &&
                     !known))
        return W_DECLINED;
    h->read_meta(pg, rec);
    first_line(h, pg, "h1.entry-title, h1", WARTA_F_TITLE, rec);
    if (!h->get(rec, WARTA_F_PUBLISHED))
        h->set(rec, WARTA_F_PUBLISHED, post_date(h, pg, NULL));
    if (!h->get(rec, WARTA_F_PUBLISHED))
        first_line(h, pg, "div.date span", WARTA_F_PUBLISHED, rec);
    first_line(h, pg, ".td-category a, .cat-links a", WARTA_F_SECTION, rec);
    if (!h->get(rec, WARTA_F_TAGS)) {
        const GumboNode **tg = NULL;
        size_t nt = h->select_all(pg, NULL, ".td-tags a, a[rel=tag]", &tg);
        for (size_t i = 0; i < nt; i++)
            h->set(rec, WARTA_F_TAGS, h->line(pg, tg[i]));
    }
    /* A split WordPress article links its next page (/slug/2/). */
    const GumboNode **a = NULL;
    size_t na = known ? h->select_all(pg, NULL,
                                      ".page-links a, a.post-page-numbers, "
                                      ".page-nav-post a", &a)
                      : 0;
    for (size_t i = 0; i < na; i++) {
        char *u = h->resolve_url(pg, h->attr(a[i], "href"));
        if (u && jx_url(u, &p2, &n2, &pn) == W_OK && n2 == n &&
            strncmp(p2, path, n) == 0 && pn == page + 1) {
            h->set(rec, WARTA_F_CONTINUATION, u);
            break;
        }
    }
    h->drop(pg, NULL,
            "figure, .wp-caption, figcaption, .td-post-featured-image, "
            "[class*=td-post-sharing], .td-post-source-tags, "
            ".td-post-next-prev, #comments, #respond, .comment-respond, "
            ".img-detail, .related, .page-links, .page-nav-post, nav");
    const GumboNode *body = h->select_one(
        pg, NULL, ".td-post-content, div.entry-content, main div.post");
    return h->set_body(pg, rec, body);
}

/* Feeds go to the core; archive pages list posts in tagDiv modules or
 * <article> elements, each with its <time datetime>. */
static int jx_links(void *state, const struct warta_page *pg,
                    struct warta_links *out)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return h->feed_links(pg, out);
    h->drop(pg, NULL, "aside, .td-main-sidebar, .widget, body > header, "
                      "body > footer");
    const GumboNode **items = NULL;
    size_t ni = h->select_all(pg, NULL, "article, .td_module_wrap", &items);
    size_t found = 0;
    for (size_t i = 0; i < ni; i++) {
        const GumboNode *a =
            h->select_one(pg, items[i], ".entry-title a[href], h3 a, h2 a");
        char *u = a ? h->resolve_url(pg, h->attr(a, "href")) : NULL;
        char canon[512];
        if (u && jx_canonical(state, u, canon, sizeof canon) == W_OK &&
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

/* One WordPress month archive per month of the window, newest first. */
static int jx_archive(void *state, const struct warta_range *range,
                      struct warta_links *out)
{
    const struct warta_host *h = state;
    return h->month_archives(out, range, "https://jabarekspres.com/berita/",
                             "/");
}

WARTA_PLUGIN(.name = "jabarekspres", .version = "1.0.0",
             .description = "Jabar Ekspres / Bandung Ekspres",
             .hosts = jx_hosts, .init = jx_init, .links = jx_links,
             .archive = jx_archive, .parse = jx_parse,
             .canonical = jx_canonical);
