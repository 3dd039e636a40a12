/* SPDX-License-Identifier: MIT */
/*
 * ANTARA (antaranews.com): the national site, every regional sub-domain
 * (jabar, jatim, banten, ...: which of them are monitored is the
 * configuration's business, the plugin serves "*.antaranews.com") and the
 * English edition (en.antaranews.com/news/ID/slug). Articles live at
 * /berita/ID/slug; the ID identifies them, so AMP copies, ?page=all and
 * slug variants all canonicalise to https://HOST/berita/ID.
 *
 * Two layouts are read: today's (h1.post-title, div.post-content with
 * <br><br> paragraphs, span.baca-juga, footer.post-meta or p.text-muted
 * credits, ul.blog-tags) and the 2015-2017 one (h1.title, div#content_news,
 * div.byline, p.mt10 editor line). Credits, headline, tags and section
 * are read from the page before the meta tags: the 2017 JSON-LD calls the
 * editor "author" and og:title carries " - ANTARA News".
 * Listings: RSS feeds through the core, /terkini/N pages here; backfill
 * walks /terkini/N of each configured host, newest first.
 */
#include <stdio.h>
#include <string.h>
#include "warta/plugin.h"

static const char *const antara_hosts[] = {"antaranews.com",
                                           "*.antaranews.com", NULL};

/* An article URL: host (lower case, "m." and bare mapped to "www."),
 * kind ("berita" or "news") and numeric ID. */
struct aurl {
    char host[128];
    const char *kind;
    unsigned long id;
};

static int antara_url(const char *url, struct aurl *u)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return W_DECLINED;
    p += 3;
    size_t hn = strcspn(p, "/:?#");
    if (hn == 0 || hn >= sizeof u->host)
        return W_DECLINED;
    for (size_t i = 0; i < hn; i++)
        u->host[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
    u->host[hn] = '\0';
    if (hn < 14 || strcmp(u->host + hn - 14, "antaranews.com") != 0 ||
        (hn > 14 && u->host[hn - 15] != '.'))
        return W_DECLINED;
    if (strcmp(u->host, "antaranews.com") == 0 ||
        strcmp(u->host, "m.antaranews.com") == 0)
        snprintf(u->host, sizeof u->host, "www.antaranews.com");
    p += hn;
    p += strcspn(p, "/?#"); /* a port */
    if (strncmp(p, "/amp/", 5) == 0)
        p += 4;
    if (strncmp(p, "/berita/", 8) == 0)
        u->kind = "berita";
    else if (strncmp(p, "/news/", 6) == 0)
        u->kind = "news";
    else
        return W_DECLINED;
    p += strlen(u->kind) + 2;
    if (*p < '1' || *p > '9')
        return W_DECLINED;
    u->id = 0;
    while (*p >= '0' && *p <= '9' && u->id < 100000000000ul)
        u->id = u->id * 10 + (unsigned long)(*p++ - '0');
    return *p == '\0' || *p == '/' || *p == '?' || *p == '#' ? W_OK
                                                             : W_DECLINED;
}

static int antara_canonical(void *state, const char *url, char *buf,
                            size_t bufsz)
{
    struct aurl u;
    if (antara_url(url, &u) != W_OK)
        return W_DECLINED;
    int n = snprintf(buf, bufsz, "https://%s/%s/%lu", u.host, u.kind, u.id);
    return n > 0 && (size_t)n < bufsz ? W_OK : W_DECLINED;
}

static int antara_init(const struct warta_host *host,
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

/* The first element matching sel whose line parses as a date. */
static const char *date_in(const struct warta_host *h,
                           const struct warta_page *pg, const GumboNode *scope,
                           const char *sel)
{
    const GumboNode **v = NULL;
    size_t n = h->select_all(pg, scope, sel, &v);
    for (size_t i = 0; i < n; i++) {
        char *s = h->line(pg, v[i]);
        char *bar = s ? strchr(s, '|') : NULL; /* "... WIB | 998 Views" */
        if (bar)
            *bar = '\0';
        char *iso = s ? h->parse_date(pg, s) : NULL;
        if (iso)
            return iso;
    }
    return NULL;
}

/* Names from a credit block ("Pewarta: X<br>Editor : Y<br>COPYRIGHT"). */
static void credits_from(const struct warta_host *h,
                         const struct warta_page *pg, const char *sel,
                         struct warta_record *rec)
{
    const GumboNode **v = NULL;
    size_t n = h->select_all(pg, NULL, sel, &v);
    for (size_t i = 0; i < n; i++) {
        const char *t = h->text(pg, v[i]);
        if (t)
            h->clean_text(pg, t, WARTA_CLEAN_CREDITS, rec);
    }
    h->drop(pg, NULL, sel);
}

static void list_into(const struct warta_host *h, const struct warta_page *pg,
                      const char *sel, enum warta_field f,
                      struct warta_record *rec)
{
    const GumboNode **v = NULL;
    size_t n = h->select_all(pg, NULL, sel, &v);
    for (size_t i = 0; i < n; i++)
        h->set(rec, f, h->line(pg, v[i]));
}

/* Tags from a comma-separated list. */
static void tags_from_list(const struct warta_host *h,
                           const struct warta_page *pg, const char *s,
                           struct warta_record *rec)
{
    while (s && *s) {
        s += strspn(s, " ");
        size_t n = strcspn(s, ",");
        size_t k = n;
        while (k > 0 && s[k - 1] == ' ')
            k--;
        char *t = k ? h->strndup(pg, s, k) : NULL;
        if (t)
            h->set(rec, WARTA_F_TAGS, t);
        s += n;
        if (*s == ',')
            s++;
    }
}

static int antara_parse(void *state, const struct warta_page *pg,
                        struct warta_record *rec)
{
    const struct warta_host *h = state;
    struct aurl u;
    if (!pg->doc)
        return W_DECLINED;
    /* An antaranews.com URL must be an article; others (a saved file
     * without its URL) are judged by the markup below. */
    if (strstr(pg->url, "antaranews.com") && antara_url(pg->url, &u) != W_OK)
        return W_DECLINED;
    const GumboNode *body = h->select_one(
        pg, NULL,
        "div.post-content, #content_news, div.wrap__article-detail-content");
    const GumboNode *h1 = h->select_one(pg, NULL, "h1.post-title, h1.title");
    /* Neither layout found: parse with the fallbacks below, whose
     * warnings tell that the site changed (declining would hide it). */

    /* Credits before meta: the 2017 JSON-LD names the editor "author". */
    const GumboNode *by =
        h->select_one(pg, NULL, "div.byline [itemprop=author]");
    if (by)
        h->set(rec, WARTA_F_AUTHORS, h->line(pg, by));
    credits_from(h, pg, "div.byline, footer.post-meta div.tags-wrapper", rec);
    if (h1)
        h->set(rec, WARTA_F_TITLE, h->line(pg, h1));
    list_into(h, pg, "ul.blog-tags a", WARTA_F_TAGS, rec);
    const GumboNode *kw =
        h->get(rec, WARTA_F_TAGS)
            ? NULL
            : h->select_one(pg, NULL, "meta[itemprop=keywords]");
    if (kw) /* 2017 layout: "brotoseno, korupsi cetak sawah, ..." */
        tags_from_list(h, pg, h->attr(kw, "content"), rec);
    const GumboNode **crumbs = NULL;
    size_t nc = h->select_all(pg, NULL, "ol.breadcrumb li", &crumbs);
    if (nc > 1)
        h->set(rec, WARTA_F_SECTION, h->line(pg, crumbs[nc - 1]));
    h->read_meta(pg, rec);
    if (!h->get(rec, WARTA_F_PUBLISHED))
        h->set(rec, WARTA_F_PUBLISHED,
               date_in(h, pg, NULL,
                       "span.article-date, .wrap__article-detail-info span, "
                       "header.post-header p, div.date, p.simple-share"));

    /* Noise inside the body: related links, ads, captions, share bars. */
    h->drop(pg, NULL,
            "span.baca-juga, ins.adsbygoogle, .ads-container, "
            "div[id*=aswift_], div[class*=advert], .social-share, "
            ".related-news, ul.blog-tags, .wp-caption, div.quote_old, "
            "#image_news, #caption_news, #content_news p.date, "
            "blockquote.twitter-tweet, blockquote.instagram-media");
    return h->set_body(pg, rec, body);
}

/* The /terkini/N listing: items are <article> elements with the link and
 * the date in p.simple-share ("26 menit lalu" gives no date). */
static int antara_links(void *state, const struct warta_page *pg,
                        struct warta_links *out)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return h->feed_links(pg, out);
    const GumboNode *next = h->select_one(
        pg, NULL, "link[rel=next], a[rel=next], a[aria-label=Next], a.next");
    if (next)
        h->set_next(out, h->resolve_url(pg, h->attr(next, "href")));
    h->drop(pg, NULL, "aside, .sidebar, .col-md-4");
    const GumboNode **items = NULL;
    size_t ni = h->select_all(pg, NULL, "article", &items);
    size_t found = 0;
    for (size_t i = 0; i < ni; i++) {
        const GumboNode **a = NULL;
        size_t na = h->select_all(pg, items[i], "a[href]", &a);
        const char *when = date_in(h, pg, items[i], "p.simple-share, time");
        for (size_t k = 0; k < na; k++) {
            char *abs = h->resolve_url(pg, h->attr(a[k], "href"));
            struct aurl u;
            if (abs && antara_url(abs, &u) == W_OK &&
                h->add_link(out, WARTA_LINK_ARTICLE, abs, when) == W_OK)
                found++;
        }
    }
    return found || next ? W_OK : W_DECLINED;
}

/* Backfill starts at /terkini/1 of every configured ANTARA host. */
static int antara_archive(void *state, const struct warta_range *range,
                          struct warta_links *out)
{
    const struct warta_host *h = state;
    const char *const *start = range->start_urls;
    int added = 0;
    for (size_t i = 0; start && start[i]; i++) {
        const char *p = strstr(start[i], "://");
        size_t hn = p ? strcspn(p + 3, "/:?#") : 0;
        if (hn == 0 || hn > 100 || !strstr(start[i], "antaranews.com"))
            continue;
        if (strncmp(p + 3, "en.", 3) == 0) {
            h->log(NULL, WARTA_LOG_INFO,
                   "no archive listing known for %.*s", (int)hn, p + 3);
            continue;
        }
        char url[160];
        snprintf(url, sizeof url, "https://%.*s/terkini/1", (int)hn, p + 3);
        if (h->add_link(out, WARTA_LINK_INDEX, url, NULL) == W_OK)
            added++;
    }
    if (!added)
        return h->add_link(out, WARTA_LINK_INDEX,
                           "https://www.antaranews.com/terkini/1", NULL);
    return W_OK;
}

WARTA_PLUGIN(.name = "antara", .version = "1.0.0",
             .description = "ANTARA: national, regional and English sites",
             .hosts = antara_hosts, .init = antara_init,
             .links = antara_links, .archive = antara_archive,
             .parse = antara_parse, .canonical = antara_canonical);
