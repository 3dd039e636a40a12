/* SPDX-License-Identifier: MIT */
/*
 * meta_read(): what a page says about itself, in order of trust.
 *
 * JSON-LD comes first because news CMSs generate it from their database
 * (Yoast, Rank Math, detik, kompas, ANTARA all emit NewsArticle), so its
 * dates carry offsets and its authors are names rather than bylines. It
 * is also the sloppiest markup on the page: scripts wrapped in CDATA or
 * comments, raw newlines inside strings, trailing commas, HTML entities
 * in values. A failed parse is retried once after a small repair, and
 * values are entity-decoded. Then come meta tags (OpenGraph, article:*,
 * and the name=... conventions of Indonesian CMSs such as publishdate and
 * content_PublishedDate), microdata, <time datetime>, and <title> last.
 * Every walk here is a selector or a bounded JSON traversal: no recursion.
 */
#define _GNU_SOURCE
#include "config.h"
#include "meta.h"
#include "buf.h"
#include "dates.h"
#include "dom.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include "record.h"
#include "url.h"
#include <jansson.h>
#include <string.h>
#include <strings.h>

#define LD_MAX_NODES 20000 /* JSON values visited per script */
#define LD_MAX_CANDS 64
#define TITLE_MAX 1024

static struct arena *arena_of(const struct warta_page *pg)
{
    return &pg->core->arena;
}

/* ---- strings ------------------------------------------------------------ */

/* s with entities decoded (when it has any), whitespace folded, trimmed:
 * an arena string, or NULL on exhausted memory. */
static char *clean_value(const struct warta_page *pg, const char *s)
{
    if (!s)
        return NULL;
    if (strchr(s, '&') || strchr(s, '<')) {
        /* gumbo decodes entities the way browsers do; RCDATA context
         * (textarea) keeps "<b>" as text, so tags are not interpreted. */
        GumboOptions opt = kGumboDefaultOptions;
        opt.fragment_context = GUMBO_TAG_TEXTAREA;
        opt.max_errors = 0;
        GumboOutput *out = gumbo_parse_with_options(&opt, s, strlen(s));
        if (!out)
            return NULL;
        char *r = dom_line(pg, out->root);
        gumbo_destroy_output(&opt, out);
        return r;
    }
    /* Fold whitespace without a parse. */
    size_t n = strlen(s);
    char *d = arena_alloc(arena_of(pg), n + 1);
    if (!d)
        return NULL;
    size_t k = 0;
    int space = 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            space = k > 0;
            continue;
        }
        if (space)
            d[k++] = ' ';
        space = 0;
        d[k++] = (char)c;
    }
    d[k] = '\0';
    return d;
}

static int is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 ||
           strncasecmp(s, "https://", 8) == 0 || strncmp(s, "//", 2) == 0;
}

/* Set f when it is empty; v is cleaned first. W_OK or W_NOMEM. */
static int fill(const struct warta_page *pg, struct warta_record *rec,
                enum warta_field f, const char *v)
{
    if (!v || record_get(rec, f))
        return W_OK;
    char *c = clean_value(pg, v);
    if (!c)
        return W_NOMEM;
    if (!*c)
        return W_OK;
    int rc = record_set(rec, f, c);
    return rc == W_TOOBIG ? W_OK : rc;
}

static int fill_date(const struct warta_page *pg, struct warta_record *rec,
                     enum warta_field f, const char *v)
{
    char iso[48];
    if (!v || record_get(rec, f))
        return W_OK;
    if (date_normalise(v, iso, sizeof iso) != W_OK)
        return W_OK;
    (void)pg;
    return record_set(rec, f, iso);
}

/* ---- site names and titles ---------------------------------------------- */

#define MAX_SITES 4
struct sites {
    const char *v[MAX_SITES];
    size_t n;
};

static void site_add(struct sites *s, const char *name)
{
    if (name && *name && s->n < MAX_SITES)
        s->v[s->n++] = name;
}

static const char *const separators[] = {
    " - ",  " | ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ", " : ",
    " \xc2\xb7 ", " \xc2\xbb ", " \xc2\xab ", " / ", " ~ ",
};

/* title without a " - Site" suffix or "Site | " prefix, when Site is one
 * of the page's site names (case-insensitive). Returns an arena string
 * (or title itself). */
static const char *strip_site(const struct warta_page *pg, const char *title,
                              const struct sites *sites)
{
    size_t tl = strlen(title);
    for (size_t i = 0; i < sites->n; i++) {
        const char *site = sites->v[i];
        size_t sl = strlen(site);
        if (!sl || sl >= tl)
            continue;
        for (size_t k = 0; k < sizeof separators / sizeof *separators; k++) {
            const char *sep = separators[k];
            size_t pl = strlen(sep);
            if (tl > sl + pl &&
                strcasecmp(title + tl - sl, site) == 0 &&
                memcmp(title + tl - sl - pl, sep, pl) == 0)
                return arena_strndup(arena_of(pg), title, tl - sl - pl);
            if (tl > sl + pl && strncasecmp(title, site, sl) == 0 &&
                memcmp(title + sl, sep, pl) == 0)
                return arena_strdup(arena_of(pg), title + sl + pl);
        }
    }
    return title;
}

/* ---- one walk over the page --------------------------------------------- */

#define SCAN_MAX_META 512

/* What meta_read looks at, found in a single walk (a dozen selector
 * calls would each walk the whole tree). */
struct scan {
    const GumboNode *meta[SCAN_MAX_META]; /* <meta content> */
    size_t nmeta;
    const GumboNode *ld[META_MAX_LDJSON]; /* ld+json scripts */
    size_t nld;
    const GumboNode *canonical, *title, *headline, *published, *modified;
    const GumboNode *author, *section;
    const GumboNode *time_marked, *time_article, *time_any;
    const GumboNode *rel_author, *hcard_author; /* <a rel=author>, .fn */
    const GumboNode *date_article, *date_after_h1; /* class="date" ... */
    const GumboNode *heads[4]; /* h1s and h2/h3 titled "...title..." */
    size_t nheads;
    int seen_h1; /* an <h1> or a titled <h2>/<h3> was seen */
    int in_hcard; /* depth inside class "author"/"vcard"/"byline" */
};

static int attr_is(const GumboNode *n, const char *name, const char *v)
{
    const char *a = dom_attr(n, name);
    return a && strcasecmp(a, v) == 0;
}

/* Does the space-separated attribute value contain word (any case)? */
static int attr_has_word(const GumboNode *n, const char *name,
                         const char *word)
{
    const char *a = dom_attr(n, name);
    size_t wl = strlen(word);
    while (a && *a) {
        while (*a == ' ' || *a == '\t' || *a == '\n')
            a++;
        size_t k = strcspn(a, " \t\n");
        if (k == wl && strncasecmp(a, word, wl) == 0)
            return 1;
        a += k;
    }
    return 0;
}

/* Class or id words of elements that show a publication date. */
static int date_like(const GumboNode *n)
{
    static const char *const words[] = {"date", "tanggal", "waktu",
                                        "time", "datetime", "published",
                                        "post-date", "entry-date", "pubdate"};
    static const char *const not_words[] = {"today", "now", "current",
                                            "update", "updated", "modified"};
    const char *v[2] = {dom_attr(n, "class"), dom_attr(n, "id")};
    int hit = 0;
    for (int k = 0; k < 2; k++) {
        const char *p = v[k];
        while (p && *p) {
            p += strspn(p, " \t\n-_");
            size_t len = strcspn(p, " \t\n-_");
            for (size_t i = 0; i < sizeof not_words / sizeof *not_words; i++)
                if (len == strlen(not_words[i]) &&
                    strncasecmp(p, not_words[i], len) == 0)
                    return 0;
            for (size_t i = 0; i < sizeof words / sizeof *words; i++)
                if (len == strlen(words[i]) &&
                    strncasecmp(p, words[i], len) == 0)
                    hit = 1;
            p += len;
        }
    }
    return hit;
}

static void scan_element(struct scan *sc, const GumboNode *n, int in_article)
{
    GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_H1 ||
        ((tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3) && dom_attr(n, "class") &&
         strcasestr(dom_attr(n, "class"), "title"))) {
        sc->seen_h1 = 1;
        if (sc->nheads < 4)
            sc->heads[sc->nheads++] = n;
    }
    if (tag == GUMBO_TAG_A && !sc->rel_author &&
        attr_has_word(n, "rel", "author"))
        sc->rel_author = n;
    if (sc->in_hcard && !sc->hcard_author && attr_has_word(n, "class", "fn"))
        sc->hcard_author = n;
    if (tag != GUMBO_TAG_TIME && tag != GUMBO_TAG_META && date_like(n)) {
        if (!sc->date_article && in_article)
            sc->date_article = n;
        if (!sc->date_after_h1 && sc->seen_h1)
            sc->date_after_h1 = n;
    }
    int is_meta = tag == GUMBO_TAG_META;
    if (is_meta && sc->nmeta < SCAN_MAX_META && dom_attr(n, "content"))
        sc->meta[sc->nmeta++] = n;
    if (tag == GUMBO_TAG_SCRIPT && sc->nld < META_MAX_LDJSON) {
        const char *t = dom_attr(n, "type");
        if (t && strcasestr(t, "ld+json"))
            sc->ld[sc->nld++] = n;
    }
    if (tag == GUMBO_TAG_LINK && !sc->canonical &&
        attr_has_word(n, "rel", "canonical") && dom_attr(n, "href"))
        sc->canonical = n;
    if (tag == GUMBO_TAG_TITLE && !sc->title &&
        n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
        sc->title = n;
    if (tag == GUMBO_TAG_TIME) {
        const char *cls = dom_attr(n, "class");
        if (!sc->time_marked &&
            (attr_is(n, "itemprop", "datePublished") ||
             dom_attr(n, "pubdate") ||
             (cls && (strcasestr(cls, "publish") ||
                      strcasestr(cls, "entry-date")))))
            sc->time_marked = n;
        if (dom_attr(n, "datetime")) {
            if (!sc->time_article && in_article)
                sc->time_article = n;
            if (!sc->time_any)
                sc->time_any = n;
        }
    }
    const char *ip = dom_attr(n, "itemprop");
    if (!ip || is_meta)
        return;
    if (!sc->headline && strcasecmp(ip, "headline") == 0)
        sc->headline = n;
    if (!sc->published && strcasecmp(ip, "datePublished") == 0)
        sc->published = n;
    if (!sc->modified && strcasecmp(ip, "dateModified") == 0)
        sc->modified = n;
    if (!sc->section && strcasecmp(ip, "articleSection") == 0)
        sc->section = n;
    if (!sc->author && attr_has_word(n, "itemprop", "author"))
        sc->author = n;
}

static int scan_page(const struct warta_page *pg, struct scan *sc)
{
    struct dom_walk w;
    const GumboNode *n;
    enum dom_event ev;
    int in_article = 0;
    memset(sc, 0, sizeof *sc);
    dom_walk_init(&w, pg->doc->document);
    while (dom_walk_next(&w, &n, &ev)) {
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        GumboTag tag = n->v.element.tag;
        int art = tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN;
        const char *cls = dom_attr(n, "class");
        int hcard = cls && !strcasestr(cls, "comment") &&
                    (attr_has_word(n, "class", "author") ||
                     attr_has_word(n, "class", "vcard") ||
                     attr_has_word(n, "class", "byline"));
        if (ev == DOM_LEAVE) {
            in_article -= art;
            sc->in_hcard -= hcard;
            continue;
        }
        in_article += art; /* its DOM_LEAVE comes even when skipped */
        sc->in_hcard += hcard;
        if (dom_is_marked(pg, n)) {
            dom_walk_skip(&w);
            continue;
        }
        scan_element(sc, n, in_article > 0);
    }
    int rc = w.error;
    dom_walk_cleanup(&w);
    return rc;
}

/* ---- JSON-LD ------------------------------------------------------------ */

struct ld {
    json_t *docs[META_MAX_LDJSON];
    size_t ndocs;
    json_t *cand[LD_MAX_CANDS]; /* best first */
    int rank[LD_MAX_CANDS];
    size_t ncand;
};

/* Rank of a schema.org type name: 3 news article, 2 other article, 1
 * web page, 0 anything else. "schema:X" and URLs count as "X". */
static int type_rank(const char *t)
{
    const char *s = strrchr(t, '/');
    if (s)
        t = s + 1;
    s = strrchr(t, ':');
    if (s)
        t = s + 1;
    size_t n = strlen(t);
    if (n >= 11 && strcmp(t + n - 11, "NewsArticle") == 0)
        return 3;
    if ((n >= 7 && strcmp(t + n - 7, "Article") == 0) ||
        strcmp(t, "BlogPosting") == 0 || strcmp(t, "LiveBlogPosting") == 0 ||
        strcmp(t, "Report") == 0 || strcmp(t, "SocialMediaPosting") == 0)
        return 2;
    if (strcmp(t, "WebPage") == 0 || strcmp(t, "ItemPage") == 0)
        return 1;
    return 0;
}

static int obj_rank(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    int best = 0;
    if (json_is_string(t))
        return type_rank(json_string_value(t));
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) {
            if (json_is_string(v)) {
                int r = type_rank(json_string_value(v));
                if (r > best)
                    best = r;
            }
        }
    }
    return best;
}

static int has_type(json_t *o, const char *name)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return strcmp(json_string_value(t), name) == 0;
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
            return 1;
    }
    return 0;
}

/*
 * Make sloppy JSON-LD parseable: cut to the outermost {...} or [...]
 * (CDATA and comment wrappers), turn control characters into spaces (raw
 * newlines in strings) and drop trailing commas before } and ].
 */
static char *ld_repair(const char *s, size_t n)
{
    const char *a = s, *e = s + n;
    const char *cdata = memmem(s, n < 64 ? n : 64, "<![CDATA[", 9);
    if (cdata)
        a = cdata + 9;
    const char *endc = memmem(a, (size_t)(e - a), "]]>", 3);
    if (cdata && endc)
        e = endc;
    while (a < e && *a != '{' && *a != '[')
        a++;
    while (e > a && e[-1] != '}' && e[-1] != ']')
        e--;
    if (a >= e)
        return NULL;
    char *d = w_malloc((size_t)(e - a) + 1);
    if (!d)
        return NULL;
    size_t k = 0;
    int in_str = 0, esc = 0;
    for (const char *p = a; p < e; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20) {
            d[k++] = ' ';
            esc = 0;
            continue;
        }
        if (in_str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '}' || c == ']') {
            size_t j = k;
            while (j && d[j - 1] == ' ')
                j--;
            if (j && d[j - 1] == ',')
                d[j - 1] = ' ';
        }
        d[k++] = (char)c;
    }
    d[k] = '\0';
    return d;
}

static json_t *ld_parse(const char *s, size_t n)
{
    json_error_t err;
    json_t *j = json_loadb(s, n, JSON_DECODE_ANY, &err);
    if (j)
        return j;
    char *fixed = ld_repair(s, n);
    if (!fixed)
        return NULL;
    j = json_loads(fixed, JSON_DECODE_ANY, &err);
    w_free(fixed);
    return j;
}

/* Breadth-first over a document: top-level objects come before nested
 * ones, which is the order of trust. */
static void ld_collect(struct ld *ld, json_t *doc)
{
    json_t **q = w_malloc(LD_MAX_NODES * sizeof *q);
    if (!q)
        return;
    size_t head = 0, tail = 0;
    q[tail++] = doc;
    while (head < tail) {
        json_t *v = q[head++];
        if (json_is_object(v)) {
            int r = obj_rank(v);
            if (r && ld->ncand < LD_MAX_CANDS) {
                /* Insert after the last candidate of the same rank or
                 * better: stable by rank, then by discovery. */
                size_t at = ld->ncand;
                while (at > 0 && ld->rank[at - 1] < r)
                    at--;
                memmove(ld->cand + at + 1, ld->cand + at,
                        (ld->ncand - at) * sizeof *ld->cand);
                memmove(ld->rank + at + 1, ld->rank + at,
                        (ld->ncand - at) * sizeof *ld->rank);
                ld->cand[at] = v;
                ld->rank[at] = r;
                ld->ncand++;
            }
            const char *k;
            json_t *c;
            json_object_foreach(v, k, c) {
                if ((json_is_object(c) || json_is_array(c)) &&
                    tail < LD_MAX_NODES)
                    q[tail++] = c;
            }
        } else if (json_is_array(v)) {
            size_t i;
            json_t *c;
            json_array_foreach(v, i, c) {
                if ((json_is_object(c) || json_is_array(c)) &&
                    tail < LD_MAX_NODES)
                    q[tail++] = c;
            }
        }
    }
    w_free(q);
}

static void ld_load(const struct warta_page *pg, const struct scan *sc,
                    struct ld *ld)
{
    const GumboNode *const *v = sc->ld;
    size_t n = sc->nld;
    for (size_t i = 0; i < n && ld->ndocs < META_MAX_LDJSON; i++) {
        const GumboVector *ch = dom_children(v[i]);
        if (!ch || !ch->length)
            continue;
        const GumboNode *t = ch->data[0];
        if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
            t->type != GUMBO_NODE_WHITESPACE)
            continue;
        size_t len = strlen(t->v.text.text);
        if (len > META_MAX_LDJSON_BYTES) {
            W_INFO("%s: JSON-LD script of %zu bytes skipped", pg->url, len);
            continue;
        }
        json_t *doc = ld_parse(t->v.text.text, len);
        if (!doc) {
            W_DEBUG("%s: unparseable JSON-LD skipped", pg->url);
            continue;
        }
        ld->docs[ld->ndocs++] = doc;
        ld_collect(ld, doc);
    }
}

static void ld_free(struct ld *ld)
{
    for (size_t i = 0; i < ld->ndocs; i++)
        json_decref(ld->docs[i]);
}

/* A string value: a string, {"@value": s}, or the first of an array. */
static const char *ld_str(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v))
        return ld_str(json_object_get(v, "@value"));
    if (json_is_array(v) && json_array_size(v))
        return json_is_string(json_array_get(v, 0))
                   ? json_string_value(json_array_get(v, 0))
                   : NULL;
    return NULL;
}

/* One person's name from a string or a Person object (not an
 * Organization: "Redaksi" is not an author). */
static const char *ld_person(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (!json_is_object(v) || has_type(v, "Organization") ||
        has_type(v, "NewsMediaOrganization"))
        return NULL;
    return ld_str(json_object_get(v, "name"));
}

static int add_list(const struct warta_page *pg, struct warta_record *rec,
                    enum warta_field f, const char *v)
{
    char *c = clean_value(pg, v);
    if (!c)
        return W_NOMEM;
    if (!*c || is_url(c))
        return W_OK;
    int rc = record_set(rec, f, c);
    return rc == W_TOOBIG ? W_OK : rc;
}

static int ld_authors(const struct warta_page *pg, struct warta_record *rec,
                      json_t *v)
{
    if (!v || record_get(rec, WARTA_F_AUTHORS))
        return W_OK;
    if (!json_is_array(v)) {
        const char *name = ld_person(v);
        return name ? add_list(pg, rec, WARTA_F_AUTHORS, name) : W_OK;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (i >= META_MAX_NAMES)
            break;
        const char *name = ld_person(e);
        int rc = name ? add_list(pg, rec, WARTA_F_AUTHORS, name) : W_OK;
        if (rc)
            return rc;
    }
    return W_OK;
}

/* Tags from "a, b, c" (or "a; b"); "Label:Value" entries (ANTARA once
 * put "Editor:NAME" among its keywords) are not tags. */
static int add_tags(const struct warta_page *pg, struct warta_record *rec,
                    const char *s, size_t *count)
{
    while (s && *s && *count < META_MAX_TAGS) {
        size_t n = strcspn(s, ",;");
        if (n && n < 100) {
            char *t = arena_strndup(arena_of(pg), s, n);
            if (!t)
                return W_NOMEM;
            if (!strchr(t, ':')) {
                int rc = add_list(pg, rec, WARTA_F_TAGS, t);
                if (rc)
                    return rc;
                (*count)++;
            }
        }
        s += n;
        if (*s)
            s++;
    }
    return W_OK;
}

static int ld_keywords(const struct warta_page *pg, struct warta_record *rec,
                       json_t *v)
{
    size_t count = 0;
    if (!v || record_get(rec, WARTA_F_TAGS))
        return W_OK;
    if (json_is_string(v))
        return add_tags(pg, rec, json_string_value(v), &count);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        int rc = json_is_string(e)
                     ? add_tags(pg, rec, json_string_value(e), &count)
                     : W_OK;
        if (rc)
            return rc;
    }
    return W_OK;
}

static int ld_apply(const struct warta_page *pg, struct warta_record *rec,
                    json_t *o, int rank, struct sites *sites,
                    const char **lang)
{
    int rc = W_OK;
    const char *title = ld_str(json_object_get(o, "headline"));
    if (!title && rank >= 2)
        title = ld_str(json_object_get(o, "name"));
    if (!rc)
        rc = fill(pg, rec, WARTA_F_TITLE, title);
    if (!rc)
        rc = fill_date(pg, rec, WARTA_F_PUBLISHED,
                       ld_str(json_object_get(o, "datePublished")));
    if (!rc)
        rc = fill_date(pg, rec, WARTA_F_MODIFIED,
                       ld_str(json_object_get(o, "dateModified")));
    if (rank >= 2) {
        if (!rc)
            rc = ld_authors(pg, rec, json_object_get(o, "author"));
        if (!rc)
            rc = fill(pg, rec, WARTA_F_SECTION,
                      ld_str(json_object_get(o, "articleSection")));
        if (!rc)
            rc = ld_keywords(pg, rec, json_object_get(o, "keywords"));
    }
    json_t *pub = json_object_get(o, "publisher");
    if (json_is_object(pub))
        site_add(sites, ld_str(json_object_get(pub, "name")));
    if (!*lang)
        *lang = ld_str(json_object_get(o, "inLanguage"));
    return rc;
}

/* ---- meta tags ---------------------------------------------------------- */

enum { M_SITE = WARTA_F__COUNT, M_LANG, M_KEYS };

/* Lower number = more trusted, per field. */
static const struct {
    const char *key;
    int field;
    int prio;
} metamap[] = {
    {"og:title", WARTA_F_TITLE, 1},
    {"twitter:title", WARTA_F_TITLE, 2},
    {"article:published_time", WARTA_F_PUBLISHED, 1},
    {"og:published_time", WARTA_F_PUBLISHED, 1},
    {"datepublished", WARTA_F_PUBLISHED, 2},
    {"article:published", WARTA_F_PUBLISHED, 2},
    {"pubdate", WARTA_F_PUBLISHED, 3},
    {"publishdate", WARTA_F_PUBLISHED, 3},
    {"publish-date", WARTA_F_PUBLISHED, 3},
    {"publish_date", WARTA_F_PUBLISHED, 3},
    {"content_publisheddate", WARTA_F_PUBLISHED, 3},
    {"parsely-pub-date", WARTA_F_PUBLISHED, 3},
    {"sailthru.date", WARTA_F_PUBLISHED, 4},
    {"dc.date.issued", WARTA_F_PUBLISHED, 4},
    {"dcterms.created", WARTA_F_PUBLISHED, 4},
    {"dc.date", WARTA_F_PUBLISHED, 5},
    {"date", WARTA_F_PUBLISHED, 5},
    {"article:modified_time", WARTA_F_MODIFIED, 1},
    {"og:updated_time", WARTA_F_MODIFIED, 2},
    {"datemodified", WARTA_F_MODIFIED, 2},
    {"dcterms.modified", WARTA_F_MODIFIED, 3},
    {"last-modified", WARTA_F_MODIFIED, 3},
    {"article:section", WARTA_F_SECTION, 1},
    {"articlesection", WARTA_F_SECTION, 2},
    {"content_category", WARTA_F_SECTION, 3},
    {"author", WARTA_F_AUTHORS, 1},
    {"article:author", WARTA_F_AUTHORS, 2},
    {"dc.creator", WARTA_F_AUTHORS, 3},
    {"parsely-author", WARTA_F_AUTHORS, 3},
    {"content_author", WARTA_F_AUTHORS, 3},
    {"article:tag", WARTA_F_TAGS, 1},
    {"news_keywords", M_KEYS, 2},
    {"og:url", WARTA_F_CANONICAL_URL, 2},
    {"og:site_name", M_SITE, 1},
    {"application-name", M_SITE, 2},
    {"content-language", M_LANG, 1},
    {"og:locale", M_LANG, 2},
};

#define META_FIELDS (M_KEYS + 1)
#define META_LIST_MAX 64

struct meta_best {
    int prio[META_FIELDS];
    const char *val[META_FIELDS][META_LIST_MAX]; /* borrowed from gumbo */
    size_t n[META_FIELDS];
};

static void meta_collect(const struct scan *sc, struct meta_best *mb)
{
    const GumboNode *const *v = sc->meta;
    size_t n = sc->nmeta;
    for (int f = 0; f < META_FIELDS; f++)
        mb->prio[f] = 1000;
    for (size_t i = 0; i < n; i++) {
        const char *content = dom_attr(v[i], "content");
        const char *keys[4] = {dom_attr(v[i], "property"),
                               dom_attr(v[i], "name"),
                               dom_attr(v[i], "itemprop"),
                               dom_attr(v[i], "http-equiv")};
        if (!content || !*content)
            continue;
        for (int k = 0; k < 4; k++) {
            if (!keys[k])
                continue;
            for (size_t m = 0; m < sizeof metamap / sizeof *metamap; m++) {
                if (strcasecmp(keys[k], metamap[m].key) != 0)
                    continue;
                int f = metamap[m].field, p = metamap[m].prio;
                if (p < mb->prio[f]) {
                    mb->prio[f] = p;
                    mb->n[f] = 0;
                }
                if (p == mb->prio[f] && mb->n[f] < META_LIST_MAX)
                    mb->val[f][mb->n[f]++] = content;
            }
        }
    }
}

static const char *meta_first(const struct meta_best *mb, int f)
{
    return mb->n[f] ? mb->val[f][0] : NULL;
}

/* ---- the rest of the page ----------------------------------------------- */

/* "id-ID" → "id", "in" (the old code for Indonesian) → "id"; NULL when
 * s is not a language tag. Writes into buf[4]. */
static const char *lang_primary(const char *s, char *buf)
{
    if (!s)
        return NULL;
    while (*s == ' ')
        s++;
    size_t k = 0;
    while (s[k] && s[k] != '-' && s[k] != '_' && s[k] != ' ' && s[k] != ',') {
        char c = (char)(s[k] | 32);
        if (k >= 3 || c < 'a' || c > 'z')
            return NULL;
        buf[k++] = c;
    }
    if (k < 2)
        return NULL;
    buf[k] = '\0';
    if (strcmp(buf, "in") == 0)
        memcpy(buf, "id", 3);
    return buf;
}

/* The date-like value of a microdata or <time> element. */
static const char *elem_date(const struct warta_page *pg, const GumboNode *n)
{
    const char *v = dom_attr(n, "datetime");
    if (!v)
        v = dom_attr(n, "content");
    if (!v)
        v = dom_line(pg, n);
    return v;
}

static int canonical(const struct warta_page *pg, struct warta_record *rec,
                     const char *href)
{
    if (!href || !*href || record_get(rec, WARTA_F_CANONICAL_URL))
        return W_OK;
    const char *base = pg->url && url_is_http(pg->url) ? pg->url : NULL;
    char *abs = url_resolve(base, href);
    if (!abs)
        return W_OK; /* not http(s): not a canonical URL we can use */
    int rc = record_set(rec, WARTA_F_CANONICAL_URL, abs);
    w_free(abs);
    return rc == W_TOOBIG ? W_OK : rc;
}

static int title_sep(unsigned char c)
{
    return c == ' ' || c == '-' || c == '|' || c == ':' || c == 0xe2 ||
           c == 0xc2 || c == '/' || c == '~';
}

/*
 * When no site name says what to strip, a heading on the page can:
 * "Kabar Desa: Judul Berita" with <h3 class=post-title>Judul Berita</h3>
 * gives the heading, as does "Judul Berita Halaman all - Situs" with
 * <h1>Judul Berita</h1>. The heading must be most of the title (a logo
 * <h1>Situs</h1> is not) and end or start at a word boundary.
 */
static const char *title_by_heading(const struct warta_page *pg,
                                    const char *t, const struct scan *sc)
{
    size_t tl = strlen(t);
    for (size_t i = 0; i < sc->nheads; i++) {
        const char *h = dom_line(pg, sc->heads[i]);
        size_t hl = h ? strlen(h) : 0;
        if (hl < 10 || hl >= tl || hl * 2 < tl)
            continue;
        if (strncasecmp(t, h, hl) == 0 && title_sep((unsigned char)t[hl]))
            return h;
        if (strcasecmp(t + tl - hl, h) == 0 &&
            title_sep((unsigned char)t[tl - hl - 1]))
            return h;
    }
    return t;
}

static int fill_title(const struct warta_page *pg, struct warta_record *rec,
                      const char *t, const struct sites *sites,
                      const struct scan *sc)
{
    if (!t || record_get(rec, WARTA_F_TITLE))
        return W_OK;
    char *c = clean_value(pg, t);
    if (!c)
        return W_NOMEM;
    if (strlen(c) > TITLE_MAX)
        c[TITLE_MAX] = '\0';
    const char *s = strip_site(pg, c, sites);
    if (s == c)
        s = title_by_heading(pg, c, sc);
    return s ? fill(pg, rec, WARTA_F_TITLE, s) : W_NOMEM;
}

static int fill_list(const struct warta_page *pg, struct warta_record *rec,
                     enum warta_field f, const struct meta_best *mb, int mf)
{
    if (record_get(rec, f))
        return W_OK;
    size_t count = 0;
    for (size_t i = 0; i < mb->n[mf]; i++) {
        int rc = mf == M_KEYS || f == WARTA_F_TAGS
                     ? add_tags(pg, rec, mb->val[mf][i], &count)
                     : add_list(pg, rec, f, mb->val[mf][i]);
        if (rc)
            return rc;
    }
    return W_OK;
}

static char *ld_body(const struct warta_page *pg, const struct ld *ld);

int meta_read(const struct warta_page *pg, struct warta_record *rec)
{
    if (!pg || !rec || !pg->core)
        return W_ERR;
    if (!pg->doc)
        return W_OK;
    int rc = W_OK;
    struct ld ld;
    struct sites sites = {{0}, 0};
    const char *ld_lang = NULL;
    struct meta_best *mb = w_calloc(1, sizeof *mb);
    struct scan *sc = w_malloc(sizeof *sc);
    memset(&ld, 0, sizeof ld);
    if (!mb || !sc) {
        rc = W_NOMEM;
        goto out;
    }
    rc = scan_page(pg, sc);
    if (rc)
        goto out;
    meta_collect(sc, mb);
    site_add(&sites, meta_first(mb, M_SITE));
    ld_load(pg, sc, &ld);
    for (size_t i = 0; !rc && i < ld.ncand; i++)
        rc = ld_apply(pg, rec, ld.cand[i], ld.rank[i], &sites, &ld_lang);
    if (!rc && !record_get(rec, WARTA_F_TEXT)) {
        char *body = ld_body(pg, &ld);
        if (body && *body)
            rc = record_set(rec, WARTA_F_TEXT, body);
        if (rc == W_TOOBIG)
            rc = W_OK;
    }

    /* Canonical URL: <link rel=canonical>, then og:url. */
    if (!rc)
        rc = canonical(pg, rec, dom_attr(sc->canonical, "href"));
    if (!rc)
        rc = canonical(pg, rec, meta_first(mb, WARTA_F_CANONICAL_URL));

    /* Title: og:title and kin, microdata headline, <title>. */
    if (!rc)
        rc = fill_title(pg, rec, meta_first(mb, WARTA_F_TITLE), &sites, sc);
    if (!rc && sc->headline)
        rc = fill(pg, rec, WARTA_F_TITLE, dom_line(pg, sc->headline));
    if (!rc && sc->title)
        rc = fill_title(pg, rec, dom_line(pg, sc->title), &sites, sc);

    /* Dates: meta, microdata, <time> (marked as the publication time,
     * else inside <article>/<main>, else the first with a datetime), then
     * a short element with a class or id word like "date" or "tanggal"
     * inside <article>/<main> or after the <h1> (not before it: page
     * headers show today's date). */
    if (!rc)
        rc = fill_date(pg, rec, WARTA_F_PUBLISHED,
                       meta_first(mb, WARTA_F_PUBLISHED));
    const GumboNode *times[6] = {sc->published,    sc->time_marked,
                                 sc->time_article, sc->time_any,
                                 sc->date_article, sc->date_after_h1};
    for (int i = 0; !rc && i < 6; i++) {
        const char *d = times[i] ? elem_date(pg, times[i]) : NULL;
        /* A class="date" element is only a date when it is short. */
        if (d && (i < 4 || strlen(d) < 100))
            rc = fill_date(pg, rec, WARTA_F_PUBLISHED, d);
    }
    if (!rc)
        rc = fill_date(pg, rec, WARTA_F_MODIFIED,
                       meta_first(mb, WARTA_F_MODIFIED));
    if (!rc && sc->modified)
        rc = fill_date(pg, rec, WARTA_F_MODIFIED, elem_date(pg, sc->modified));

    /* People, section, tags. */
    if (!rc)
        rc = fill_list(pg, rec, WARTA_F_AUTHORS, mb, WARTA_F_AUTHORS);
    if (!rc && sc->author && !record_get(rec, WARTA_F_AUTHORS)) {
        const GumboNode *name =
            dom_select_one(pg, sc->author, "[itemprop=name]");
        rc = add_list(pg, rec, WARTA_F_AUTHORS,
                      dom_line(pg, name ? name : sc->author));
    }
    /* Microformats: <a rel=author>, hCard .fn inside .author/.vcard. */
    const GumboNode *byline[2] = {sc->rel_author, sc->hcard_author};
    for (int i = 0; i < 2; i++)
        if (!rc && byline[i] && !record_get(rec, WARTA_F_AUTHORS))
            rc = add_list(pg, rec, WARTA_F_AUTHORS, dom_line(pg, byline[i]));
    if (!rc)
        rc = fill(pg, rec, WARTA_F_SECTION, meta_first(mb, WARTA_F_SECTION));
    if (!rc && sc->section)
        rc = fill(pg, rec, WARTA_F_SECTION, dom_line(pg, sc->section));
    if (!rc)
        rc = fill_list(pg, rec, WARTA_F_TAGS, mb, WARTA_F_TAGS);
    if (!rc)
        rc = fill_list(pg, rec, WARTA_F_TAGS, mb, M_KEYS);

    /* Language: <html lang>, JSON-LD, meta. */
    char lb[4];
    const char *langs[3] = {dom_attr(pg->doc->root, "lang"), ld_lang,
                            meta_first(mb, M_LANG)};
    for (int i = 0; !rc && i < 3; i++) {
        const char *l = lang_primary(langs[i], lb);
        if (l)
            rc = fill(pg, rec, WARTA_F_LANG, l);
    }
out:
    ld_free(&ld);
    w_free(mb);
    w_free(sc);
    return rc;
}

/* The articleBody of the best article in ld as dom_text() would give
 * it: an arena string, or NULL. */
static char *ld_body(const struct warta_page *pg, const struct ld *ld)
{
    char *res = NULL;
    const char *body = NULL;
    for (size_t i = 0; !body && i < ld->ncand; i++)
        if (ld->rank[i] >= 2)
            body = ld_str(json_object_get(ld->cand[i], "articleBody"));
    if (!body || !*body)
        return NULL;
    /* One <p> per line, then the text rules of dom_text(): entities, tags
     * inside the body, whitespace. */
    struct buf b;
    buf_init(&b, 2 * strlen(body) + 64);
    int rc = W_OK;
    for (const char *p = body; !rc && *p;) {
        size_t n = strcspn(p, "\n\r");
        if (n) {
            rc = buf_adds(&b, "<p>");
            if (!rc)
                rc = buf_add(&b, p, n);
            if (!rc)
                rc = buf_adds(&b, "</p>");
        }
        p += n;
        while (*p == '\n' || *p == '\r')
            p++;
    }
    if (!rc && b.n) {
        GumboOptions opt = kGumboDefaultOptions;
        opt.fragment_context = GUMBO_TAG_DIV;
        opt.max_errors = 0;
        GumboOutput *out = gumbo_parse_with_options(&opt, b.p, b.n);
        if (out) {
            res = dom_text(pg, out->root);
            gumbo_destroy_output(&opt, out);
        }
    }
    buf_cleanup(&b);
    return res;
}

char *meta_article_body(const struct warta_page *pg)
{
    struct ld ld;
    memset(&ld, 0, sizeof ld);
    if (!pg || !pg->doc || !pg->core)
        return NULL;
    struct scan *sc = w_malloc(sizeof *sc);
    if (!sc || scan_page(pg, sc)) {
        w_free(sc);
        return NULL;
    }
    ld_load(pg, sc, &ld);
    char *res = ld_body(pg, &ld);
    ld_free(&ld);
    w_free(sc);
    return res;
}
