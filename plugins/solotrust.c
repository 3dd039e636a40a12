/* SPDX-License-Identifier: MIT */
/*
 * solotrust.com, a Solo (Surakarta) news site on a custom CMS. Articles
 * live at /read/{id}/{Title-Slug}; the slug is decoration ("Dinkop &
 * UMKM" became "Dinkop--UMKM"), so the ID alone identifies an article.
 * The page shows a date line "23 Maret 2018 09:37 WIB" and ends with
 * the reporter's name and the editor's initials in parentheses, "(Arum)"
 * then "(wd)", which the shared cleaner turns into the credits.
 *
 * No raw HTML of this site was available, so the plugin depends on no
 * class name: the title comes from the meta tags or <h1>, the date from
 * the first element whose own text is a date line, the body from the
 * readable heuristic; listings are every /read/{id}/ link, dated by a
 * neighbouring date line. Backfill starts from the configured listing
 * URLs (no feed is known), or /indeks, a guess.
 */
#include <stdio.h>
#include <string.h>
#include "warta/plugin.h"

static const char *const solotrust_hosts[] = {"solotrust.com",
                                              "www.solotrust.com", NULL};

/* The article ID of an http(s)://[www.]solotrust.com/read/ID/... URL. */
static unsigned long solotrust_id(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return 0;
    p += 3;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    if (strncmp(p, "solotrust.com/read/", 19) != 0)
        return 0;
    p += 19;
    unsigned long id = 0;
    while (*p >= '0' && *p <= '9' && id < 1000000000ul)
        id = id * 10 + (unsigned long)(*p++ - '0');
    return *p == '\0' || *p == '/' || *p == '?' || *p == '#' ? id : 0;
}

static int solotrust_canonical(void *state, const char *url, char *buf,
                               size_t bufsz)
{
    unsigned long id = solotrust_id(url);
    if (!id)
        return W_DECLINED;
    int n = snprintf(buf, bufsz, "https://www.solotrust.com/read/%lu", id);
    return n > 0 && (size_t)n < bufsz ? W_OK : W_DECLINED;
}

static int solotrust_init(const struct warta_host *host,
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

/* A short date line held by node itself (a text node, or an element
 * whose children are all text): its ISO form, else NULL. */
static const char *own_date(const struct warta_host *h,
                            const struct warta_page *pg, const GumboNode *node)
{
    char buf[80];
    size_t n = 0;
    if (node->type == GUMBO_NODE_TEXT) {
        n = strlen(node->v.text.text);
        if (n >= sizeof buf)
            return NULL;
        memcpy(buf, node->v.text.text, n);
    } else if (node->type == GUMBO_NODE_ELEMENT) {
        const GumboVector *ch = &node->v.element.children;
        for (unsigned i = 0; i < ch->length; i++) {
            const GumboNode *c = ch->data[i];
            if (c->type != GUMBO_NODE_TEXT && c->type != GUMBO_NODE_WHITESPACE)
                return NULL;
            size_t k = strlen(c->v.text.text);
            if (n + k >= sizeof buf)
                return NULL;
            memcpy(buf + n, c->v.text.text, k);
            n += k;
        }
    }
    buf[n] = '\0';
    return n >= 8 ? h->parse_date(pg, buf) : NULL;
}

/* The date next to a listing link: a sibling of the link or of its
 * parent ("<li><a>..</a> <span>23 Maret 2018 09:37 WIB</span></li>"). */
static const char *near_date(const struct warta_host *h,
                             const struct warta_page *pg, const GumboNode *a)
{
    const GumboNode *cur = a;
    for (int up = 0; up < 2 && cur->parent; up++) {
        const GumboNode *par = cur->parent;
        if (par->type != GUMBO_NODE_ELEMENT)
            break;
        const GumboVector *ch = &par->v.element.children;
        for (unsigned i = 0; i < ch->length; i++) {
            const char *iso =
                ch->data[i] != cur ? own_date(h, pg, ch->data[i]) : NULL;
            if (iso)
                return iso;
        }
        cur = par;
    }
    return NULL;
}

static int solotrust_parse(void *state, const struct warta_page *pg,
                           struct warta_record *rec)
{
    const struct warta_host *h = state;
    if (!pg->doc ||
        (strstr(pg->url, "solotrust.com") && !solotrust_id(pg->url)))
        return W_DECLINED;
    h->read_meta(pg, rec);
    const GumboNode *t = h->select_one(pg, NULL, "h1");
    if (!h->get(rec, WARTA_F_TITLE) && t)
        h->set(rec, WARTA_F_TITLE, h->line(pg, t));
    if (!h->get(rec, WARTA_F_PUBLISHED)) {
        const GumboNode **v = NULL;
        size_t n = h->select_all(pg, NULL, "time, div, span, p, li", &v);
        for (size_t i = 0; i < n; i++) {
            const char *iso = own_date(h, pg, v[i]);
            if (iso) {
                h->set(rec, WARTA_F_PUBLISHED, iso);
                break;
            }
        }
    }
    /* Captions end in an empty credit "()"; share bars and related
     * lists sit next to the body. */
    h->drop(pg, NULL,
            "figure, figcaption, [class*=caption], [class*=share], "
            "[class*=related], [class*=sidebar], aside, nav, header, footer");
    return h->set_body(pg, rec, NULL); /* the readable guess */
}

static int solotrust_links(void *state, const struct warta_page *pg,
                           struct warta_links *out)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return h->feed_links(pg, out);
    const GumboNode **a = NULL;
    size_t na = h->select_all(pg, NULL, "a[href*=\"/read/\"]", &a);
    size_t found = 0;
    /* Dated links first: a headline repeats a list item without its
     * date, and the first link added for a URL is the one kept. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < na; i++) {
            char *u = h->resolve_url(pg, h->attr(a[i], "href"));
            const char *when = pass == 0 ? near_date(h, pg, a[i]) : NULL;
            if (u && solotrust_id(u) && (pass == 1 || when) &&
                h->add_link(out, WARTA_LINK_ARTICLE, u, when) == W_OK)
                found++;
        }
    const GumboNode *next =
        h->select_one(pg, NULL, "link[rel=next], a[rel=next], a.next");
    if (!next) {
        /* "Berikutnya »", "»", "Next" in a pagination block. */
        const GumboNode **pa = NULL;
        size_t np = h->select_all(pg, NULL, "[class*=pag] a", &pa);
        for (size_t i = 0; i < np && !next; i++) {
            const char *s = h->line(pg, pa[i]);
            if (s && (strstr(s, "\u00bb") || strstr(s, "Berikutnya") ||
                      strstr(s, "Selanjutnya") || strstr(s, "Next")))
                next = pa[i];
        }
    }
    if (next)
        h->set_next(out, h->resolve_url(pg, h->attr(next, "href")));
    return found || next ? W_OK : W_DECLINED;
}

static int solotrust_archive(void *state, const struct warta_range *range,
                             struct warta_links *out)
{
    const struct warta_host *h = state;
    int added = 0;
    for (size_t i = 0; range->start_urls && range->start_urls[i]; i++) {
        const char *u = range->start_urls[i];
        if (strstr(u, "solotrust.com") && !solotrust_id(u) &&
            h->add_link(out, WARTA_LINK_INDEX, u, NULL) == W_OK)
            added++;
    }
    if (!added)
        return h->add_link(out, WARTA_LINK_INDEX,
                           "https://www.solotrust.com/indeks", NULL);
    return W_OK;
}

WARTA_PLUGIN(.name = "solotrust", .version = "1.0.0",
             .description = "solotrust.com (Solo)", .hosts = solotrust_hosts,
             .init = solotrust_init, .links = solotrust_links,
             .archive = solotrust_archive, .parse = solotrust_parse,
             .canonical = solotrust_canonical);
