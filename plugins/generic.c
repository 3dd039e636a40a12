/* SPDX-License-Identifier: MIT */
/*
 * The generic plugin: serves every host no outlet plugin claims ("*"),
 * and is what the core falls back to when an outlet plugin declines a
 * page. It knows no layout; it reads what pages declare about themselves
 * (host->read_meta: JSON-LD, OpenGraph, meta tags), finds the body with
 * the readable heuristic (host->guess_body) and cleans it with the shared
 * boilerplate rules. When the heuristic finds less than the JSON-LD
 * articleBody (pages rendered by scripts), the articleBody is used.
 * Index pages give their feed or sitemap links, or else the same-site
 * links that look like articles, the feeds the page announces and a next
 * page.
 *
 * Like every plugin it includes only <warta/plugin.h> and keeps no
 * globals: its state is the host table.
 */
#include "warta/plugin.h"

#define BODY_MIN 200    /* characters below which a body is suspicious */
#define MAX_LINKS 1000  /* article links taken from one index page */
#define HOST_MAX 256

static const char *const generic_hosts[] = {"*", NULL};

/* ---- small string helpers (no libc headers: see above) ---------------- */

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s && s[n])
        n++;
    return n;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* Do the n bytes at a equal b, ignoring ASCII case? */
static int ci_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]) || !b[i])
            return 0;
    return 1;
}

/* Host of an http(s) URL into buf, lower case, without "www."/"m."/"amp.";
 * returns buf ("" when url has none). */
static const char *site_of(const char *url, char *buf)
{
    size_t i = 0, k = 0;
    buf[0] = '\0';
    if (!url)
        return buf;
    while (url[i] && url[i] != ':')
        i++;
    if (url[i] != ':' || url[i + 1] != '/' || url[i + 2] != '/')
        return buf;
    i += 3;
    while (url[i] && url[i] != '/' && url[i] != ':' && url[i] != '?' &&
           url[i] != '#' && k < HOST_MAX - 1)
        buf[k++] = lower(url[i++]);
    buf[k] = '\0';
    static const char *const pre[] = {"www.", "m.", "amp."};
    for (size_t p = 0; p < 3; p++) {
        size_t pl = slen(pre[p]);
        if (k > pl && ci_eq(buf, pre[p], pl)) {
            for (size_t j = 0; j <= k - pl; j++)
                buf[j] = buf[j + pl];
            break;
        }
    }
    return buf;
}

/* Same site: equal hosts, or one a sub-domain of the other. */
static int same_site(const char *a, const char *b)
{
    size_t la = slen(a), lb = slen(b);
    if (!la || !lb)
        return 0;
    if (la < lb)
        return same_site(b, a);
    return ci_eq(a + la - lb, b, lb) && (la == lb || a[la - lb - 1] == '.');
}

/* ---- article-looking URLs ------------------------------------------------ */

/* Path segments of listings and non-articles. */
static const char *const not_article[] = {
    "tag",      "tags",     "topik",   "topic",    "category", "kategori",
    "kanal",    "page",     "author",  "penulis",  "search",   "cari",
    "label",    "feed",     "rss",     "wp-content", "wp-admin", "login",
    "register", "indeks",   "index",   "arsip",    "archive",  "video",
    "videos",   "foto",     "photo",   "gallery",  "galeri",   "tv",
    "amp-stories", "redaksi", "about", "kontak",   "contact",  "privacy",
};

static int bad_segment(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof not_article / sizeof *not_article; i++)
        if (slen(not_article[i]) == n && ci_eq(s, not_article[i], n))
            return 1;
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".pdf",
                                      ".css", ".js",   ".xml", ".zip", ".mp4",
                                      ".webp", ".svg"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t el = slen(ext[i]);
        if (n > el && ci_eq(s + n - el, ext[i], el))
            return 1;
    }
    return 0;
}

/* Is url (absolute) a likely article: a path segment that is a long slug
 * ("wali-kota-ingin-umkm-..."), any slug after /YYYY/MM/, a segment with
 * a numeric id of 5+ digits, or a WordPress "?p=ID"; and no listing
 * segment? */
static int article_like(const char *url)
{
    const char *p = url;
    int slashes = 0, good = 0, dated = 0; /* dated: /YYYY/MM/ seen */
    while (*p && slashes < 3)
        if (*p++ == '/')
            slashes++;
    if (slashes < 3)
        return 0;
    while (*p && *p != '?' && *p != '#') {
        const char *seg = p;
        size_t n = 0, hyphens = 0, digits = 0, run = 0;
        while (seg[n] && seg[n] != '/' && seg[n] != '?' && seg[n] != '#') {
            char c = seg[n++];
            hyphens += c == '-';
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run > digits)
                digits = run;
        }
        if (n && bad_segment(seg, n))
            return 0;
        if ((hyphens >= 3 && n >= 20) || digits >= 5 || (dated && hyphens))
            good = 1;
        /* A /YYYY/MM/ permalink: the slug after it may be short. */
        if (n == 4 && digits == 4 && (seg[0] == '1' || seg[0] == '2'))
            dated = 1;
        else if (!(dated && n == 2 && digits == 2))
            dated = dated && digits == n && n <= 2;
        p = seg + n;
        if (*p == '/')
            p++;
    }
    if (*p == '?' && (p[1] == 'p' && p[2] == '=' && p[3] >= '0' && p[3] <= '9'))
        good = 1;
    return good;
}

/* Anchor texts of "next page" links. */
static int next_text(const char *t)
{
    static const char *const words[] = {
        "next", "next page", "next \xc2\xbb", "selanjutnya",
        "berikutnya", "halaman berikutnya", "selanjutnya \xc2\xbb",
        "older posts", "\xc2\xbb", "\xe2\x80\xba", ">", "next >",
        "berita sebelumnya", "lebih lama",
    };
    size_t n = slen(t);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (slen(words[i]) == n && ci_eq(t, words[i], n))
            return 1;
    return 0;
}

/* Is the text Indonesian by its function words, whatever <html lang>
 * says? Many Indonesian sites ship a theme's lang="en", or none. At
 * least 10 hits of "yang", "dan", "di", ... and five times the English
 * "the", "and", "of", ... are needed. */
static int reads_indonesian(const char *t)
{
    static const char *const id[] = {"yang", "dan", "di", "dengan", "itu",
                                     "ini", "untuk", "dari", "tidak",
                                     "akan", "dalam", "pada"};
    static const char *const en[] = {"the", "and", "of", "to", "is",
                                     "was", "for", "with", "that"};
    size_t nid = 0, nen = 0;
    for (const char *p = t; *p;) {
        while (*p && !(lower(*p) >= 'a' && lower(*p) <= 'z'))
            p++;
        const char *w = p;
        while (lower(*p) >= 'a' && lower(*p) <= 'z')
            p++;
        size_t n = (size_t)(p - w);
        for (size_t i = 0; n && i < sizeof id / sizeof *id; i++)
            nid += slen(id[i]) == n && ci_eq(w, id[i], n);
        for (size_t i = 0; n && i < sizeof en / sizeof *en; i++)
            nen += slen(en[i]) == n && ci_eq(w, en[i], n);
    }
    return nid >= 10 && nid >= 5 * nen;
}

/* ---- hooks -------------------------------------------------------------- */

static int generic_init(const struct warta_host *host,
                        const struct warta_kv *conf, size_t n_conf,
                        void **state)
{
    if (n_conf) {
        host->log(NULL, WARTA_LOG_ERR, "generic: unknown option \"%s\"",
                  conf[0].key);
        return W_CONFIG;
    }
    *state = (void *)host; /* the table outlives the state: no allocation */
    return W_OK;
}

static int generic_parse(void *state, const struct warta_page *pg,
                         struct warta_record *rec)
{
    const struct warta_host *h = state;
    if (!pg->doc)
        return W_DECLINED; /* a feed or sitemap is no article */
    int rc = h->read_meta(pg, rec);
    if (rc)
        return rc;
    /* read_meta left the JSON-LD articleBody in TEXT, if there is one. */
    const char *ld = h->get(rec, WARTA_F_TEXT);
    const GumboNode *body = h->guess_body(pg);
    const char *text = body ? h->text(pg, body) : "";
    if (!text)
        return W_NOMEM;
    if (ld && slen(text) * 2 < slen(ld))
        text = ld; /* the page's HTML holds less than its JSON-LD */
    char *clean = *text ? h->clean_text(pg, text, WARTA_CLEAN_ALL, rec) : "";
    if (!clean)
        return W_NOMEM;
    rc = h->set(rec, WARTA_F_TEXT, *clean ? clean : NULL);
    if (rc)
        return rc;
    const char *lang = h->get(rec, WARTA_F_LANG);
    if ((!lang || (slen(lang) == 2 && ci_eq(lang, "en", 2))) &&
        reads_indonesian(clean)) {
        rc = h->set(rec, WARTA_F_LANG, "id");
        if (rc)
            return rc;
    }
    size_t n = slen(clean);
    const char *title = h->get(rec, WARTA_F_TITLE);
    if (!title && !n)
        return W_DECLINED; /* nothing here reads like an article */
    if (!title)
        h->warn(rec, "no title found");
    if (!h->get(rec, WARTA_F_PUBLISHED))
        h->warn(rec, "no publication date found");
    if (!n)
        h->warn(rec, "no body text found");
    else if (n < BODY_MIN)
        h->warn(rec, "body text only %zu bytes long", n);
    return W_OK;
}

/* The page's next page: <link rel=next>, <a rel=next>, else a link whose
 * text says "next" and that is not itself an article. */
static const char *find_next(const struct warta_host *h,
                             const struct warta_page *pg)
{
    const GumboNode *n = h->select_one(pg, NULL, "link[rel~=next][href]");
    if (!n)
        n = h->select_one(pg, NULL, "a[rel~=next][href]");
    if (n)
        return h->resolve_url(pg, h->attr(n, "href"));
    const GumboNode **a;
    size_t count = h->select_all(pg, NULL, "a[href]", &a);
    for (size_t i = 0; i < count; i++) {
        const char *t = h->line(pg, a[i]);
        if (!t || !next_text(t))
            continue;
        const char *u = h->resolve_url(pg, h->attr(a[i], "href"));
        if (u && !article_like(u))
            return u;
    }
    return NULL;
}

static int generic_links(void *state, const struct warta_page *pg,
                         struct warta_links *out)
{
    const struct warta_host *h = state;
    int rc = h->feed_links(pg, out);
    if (rc != W_DECLINED || !pg->doc)
        return rc;
    char site[HOST_MAX], other[HOST_MAX];
    site_of(pg->url, site);
    const GumboNode **a;
    size_t n = h->select_all(pg, NULL, "a[href]", &a), added = 0;
    for (size_t i = 0; i < n && added < MAX_LINKS; i++) {
        const char *u = h->resolve_url(pg, h->attr(a[i], "href"));
        if (!u || !same_site(site, site_of(u, other)) || !article_like(u))
            continue;
        size_t ul = slen(u), pl = slen(pg->url);
        if (ul == pl && ci_eq(u, pg->url, ul))
            continue; /* the page itself */
        rc = h->add_link(out, WARTA_LINK_ARTICLE, u, NULL);
        if (rc == W_NOMEM || rc == W_TOOBIG)
            return rc;
        added++;
    }
    /* The site's feeds, announced in <head>: the best index there is. */
    n = h->select_all(pg, NULL, "link[rel~=alternate][type*=rss][href], "
                                "link[rel~=alternate][type*=atom][href]", &a);
    for (size_t i = 0; i < n && i < 8; i++) {
        const char *u = h->resolve_url(pg, h->attr(a[i], "href"));
        if (u && same_site(site, site_of(u, other))) {
            rc = h->add_link(out, WARTA_LINK_INDEX, u, NULL);
            if (rc == W_NOMEM || rc == W_TOOBIG)
                return rc;
        }
    }
    const char *next = find_next(h, pg);
    if (next && same_site(site, site_of(next, other))) {
        rc = h->set_next(out, next);
        if (rc == W_NOMEM)
            return rc;
    }
    return W_OK;
}

WARTA_PLUGIN(.name = "generic", .version = "1.0.0",
             .description = "any host: JSON-LD, OpenGraph, meta tags and "
                            "the readable-body heuristic",
             .hosts = generic_hosts, .init = generic_init,
             .links = generic_links, .parse = generic_parse);
