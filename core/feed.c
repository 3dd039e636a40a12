/* SPDX-License-Identifier: MIT */
/*
 * Feeds and sitemaps with expat. The parser is namespace aware (element
 * names arrive as "URI local"), so an image:loc or video:title is never
 * mistaken for a page's loc or title, and it is fed in 64 KiB chunks,
 * from the raw bytes or from zlib's output when the input is gzip. One
 * item (RSS item, Atom entry, sitemap url or sitemap) is held at a time
 * in fixed buffers and handed to the callback when it closes, so memory
 * does not grow with the document.
 *
 * Refusals: a DOCTYPE that declares any entity stops the parse (billion
 * laughs, external entities; feeds never need one); parameter entities
 * and external DTDs are never read; decompressed bytes, links and text per
 * element are capped. Encodings expat lacks (windows-1252 and other
 * single-byte sets) are mapped through iconv.
 */
#include "config.h"
#include <expat.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
/* zlib.h pulls in <unistd.h>, whose W_OK (an access() mode) would turn
 * our enum's W_OK into "2 = 0" or, included later, silently into 2. */
#undef W_OK
#include "feed.h"
#include "dates.h"
#include "mem.h"

#define CHUNK (64 * 1024)
#define NS_SEP ' '

enum doc { DOC_NONE, DOC_RSS, DOC_RDF, DOC_ATOM, DOC_URLSET, DOC_INDEX };

/* The parts of an item we keep; one text buffer each. */
enum field {
    F_LINK,     /* RSS link, Atom link href, sitemap loc */
    F_ORIG,     /* feedburner:origLink: the real URL behind a redirect */
    F_ALT,      /* atom:link inside an RSS item; Atom link of a lesser rel */
    F_GUID,     /* RSS guid (isPermaLink), Atom id */
    F_TITLE,    /* RSS/Atom title, news:title */
    F_DATE,     /* pubDate, published, news:publication_date */
    F_DATE2,    /* dc:date, updated, lastmod */
    F__COUNT,
    F_NONE = -1
};

struct text {
    char s[FEED_MAX_TEXT + 1];
    size_t n;
    int over; /* text was longer than FEED_MAX_TEXT */
};

struct fp {
    XML_Parser p;
    enum doc doc;
    int depth;       /* of the element being read; root = 1 */
    int root_seen;
    int refused;     /* a DOCTYPE declared an entity */
    feed_link_fn cb;
    void *ud;
    size_t links, max_links;
    int rc;          /* why we stopped the parser, W_OK if we did not */
    int item_depth;  /* depth of the open item, 0 when none */
    int permalink;   /* the guid is a permalink */
    int alt_rank;    /* rank of the Atom link kept in F_LINK/F_ALT */
    enum field cap;  /* field receiving character data */
    int cap_depth;
    struct text f[F__COUNT];
};

/* ------------------------------------------------------------------ */
/* Names                                                               */

static const char NS_ATOM[] = "http://www.w3.org/2005/Atom";
static const char NS_ATOM03[] = "http://purl.org/atom/ns#";
static const char NS_RDF[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
static const char NS_RSS1[] = "http://purl.org/rss/1.0/";
static const char NS_DC[] = "http://purl.org/dc/elements/1.1/";
static const char NS_FB[] = "http://rssnamespace.org/feedburner/ext/1.0";

/* An expat name "URI local" (or "local") split in two. */
struct qname {
    const char *ns; /* "" for no namespace */
    size_t ns_len;
    const char *local;
};

static struct qname split(const char *name)
{
    struct qname q = {"", 0, name};
    const char *sep = strchr(name, NS_SEP);
    if (sep) {
        q.ns = name;
        q.ns_len = (size_t)(sep - name);
        q.local = sep + 1;
    }
    return q;
}

static int ns_is(const struct qname *q, const char *ns)
{
    return q->ns_len == strlen(ns) && memcmp(q->ns, ns, q->ns_len) == 0;
}

/* Namespace without "http://" or "https://" (sitemap generators write
 * both) compared to rest. */
static int ns_loose(const struct qname *q, const char *rest)
{
    const char *s = q->ns;
    size_t n = q->ns_len;
    if (n > 7 && memcmp(s, "http://", 7) == 0) {
        s += 7;
        n -= 7;
    } else if (n > 8 && memcmp(s, "https://", 8) == 0) {
        s += 8;
        n -= 8;
    }
    return n == strlen(rest) && memcmp(s, rest, n) == 0;
}

static int ns_sitemap(const struct qname *q)
{
    return q->ns_len == 0 ||
           ns_loose(q, "www.sitemaps.org/schemas/sitemap/0.9") ||
           ns_loose(q, "sitemaps.org/schemas/sitemap/0.9") ||
           ns_loose(q, "www.google.com/schemas/sitemap/0.84") ||
           ns_loose(q, "www.google.com/schemas/sitemap/0.9");
}

static int ns_news(const struct qname *q)
{
    return ns_loose(q, "www.google.com/schemas/sitemap-news/0.9");
}

static int ns_atom(const struct qname *q)
{
    return ns_is(q, NS_ATOM) || ns_is(q, NS_ATOM03);
}

static int is(const struct qname *q, const char *local)
{
    return strcmp(q->local, local) == 0;
}

static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

static void stop(struct fp *fp, int rc)
{
    if (fp->rc == W_OK)
        fp->rc = rc;
    XML_StopParser(fp->p, XML_FALSE);
}

static void text_set(struct text *t, const char *s)
{
    size_t n = strlen(s);
    t->over = n > FEED_MAX_TEXT;
    if (t->over)
        n = FEED_MAX_TEXT;
    memcpy(t->s, s, n);
    t->s[n] = '\0';
    t->n = n;
}

static void begin_item(struct fp *fp)
{
    fp->item_depth = fp->depth;
    fp->permalink = 1;
    fp->alt_rank = 0;
    for (int i = 0; i < F__COUNT; i++) {
        fp->f[i].n = 0;
        fp->f[i].s[0] = '\0';
        fp->f[i].over = 0;
    }
}

/* Trim in place; with fold, runs of white space become one space. */
static char *clean(struct text *t, int fold)
{
    char *s = t->s;
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < t->n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            if (!fold && o)
                s[o++] = (char)c;
            continue;
        }
        if (space && fold && o)
            s[o++] = ' ';
        space = 0;
        s[o++] = (char)c;
    }
    while (o && (s[o - 1] == ' ' || s[o - 1] == '\t' || s[o - 1] == '\n' ||
                 s[o - 1] == '\r'))
        o--;
    s[o] = '\0';
    t->n = o;
    return s;
}

/* Cut a truncated text back to a whole UTF-8 character. */
static void utf8_cut(struct text *t)
{
    size_t n = t->n;
    while (n && ((unsigned char)t->s[n - 1] & 0xc0) == 0x80)
        n--;
    if (n && (unsigned char)t->s[n - 1] >= 0xc0)
        n--;
    t->s[n] = '\0';
    t->n = n;
}

static int looks_http(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static void end_item(struct fp *fp)
{
    fp->item_depth = 0;
    const char *url = NULL;
    static const enum field order[] = {F_ORIG, F_LINK, F_ALT, F_GUID};
    for (size_t i = 0; i < sizeof order / sizeof order[0] && !url; i++) {
        struct text *t = &fp->f[order[i]];
        if (t->over)
            continue; /* not a URL anyone can fetch */
        const char *s = clean(t, 0);
        if (!*s)
            continue;
        if (order[i] == F_GUID) {
            /* RSS guids are URLs only when isPermaLink is not "false";
             * Atom ids often are tag: URIs. */
            if (!fp->permalink || !looks_http(s))
                continue;
        }
        if (strpbrk(s, " \t\r\n"))
            continue;
        url = s;
    }
    if (!url)
        return;
    if (fp->links >= fp->max_links) {
        stop(fp, W_TOOBIG);
        return;
    }
    char iso[64];
    const char *published = NULL;
    for (int f = F_DATE; f <= F_DATE2 && !published; f++) {
        const char *d = clean(&fp->f[f], 1);
        if (*d && !fp->f[f].over && date_normalise(d, iso, sizeof iso) == W_OK)
            published = iso;
    }
    struct text *tt = &fp->f[F_TITLE];
    if (tt->over)
        utf8_cut(tt);
    const char *title = clean(tt, 1);
    enum warta_link_kind kind =
        fp->doc == DOC_INDEX ? WARTA_LINK_INDEX : WARTA_LINK_ARTICLE;
    fp->links++;
    int rc = fp->cb(fp->ud, kind, url, published, *title ? title : NULL);
    if (rc)
        stop(fp, rc);
}

static void capture(struct fp *fp, enum field f)
{
    fp->cap = f;
    fp->cap_depth = fp->depth;
    fp->f[f].n = 0;
    fp->f[f].s[0] = '\0';
    fp->f[f].over = 0;
}

/* Atom link: rel="alternate" (or none) wins, text/html first. */
static void atom_link(struct fp *fp, const XML_Char **atts, int in_rss)
{
    const char *href = attr(atts, "href");
    if (!href || !*href)
        return;
    const char *rel = attr(atts, "rel");
    const char *type = attr(atts, "type");
    int rank = 0;
    if (!rel || strcmp(rel, "alternate") == 0)
        rank = type && strncmp(type, "text/html", 9) != 0 ? 2 : 3;
    if (rank == 0 || rank <= fp->alt_rank)
        return;
    fp->alt_rank = rank;
    /* In RSS an atom:link only stands in for a missing <link>. */
    text_set(&fp->f[in_rss ? F_ALT : F_LINK], href);
}

/* ------------------------------------------------------------------ */
/* expat callbacks                                                     */

static enum doc root_kind(const struct qname *q)
{
    if (q->ns_len == 0 && is(q, "rss"))
        return DOC_RSS;
    if (ns_is(q, NS_RDF) && is(q, "RDF"))
        return DOC_RDF;
    if (ns_atom(q) && is(q, "feed"))
        return DOC_ATOM;
    if (ns_sitemap(q) && is(q, "urlset"))
        return DOC_URLSET;
    if (ns_sitemap(q) && is(q, "sitemapindex"))
        return DOC_INDEX;
    return DOC_NONE;
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
                             const XML_Char **atts)
{
    struct fp *fp = ud;
    fp->depth++;
    if (fp->rc != W_OK)
        return; /* stopped: expat may still report the current token */
    struct qname q = split(name);
    if (!fp->root_seen) {
        fp->root_seen = 1;
        fp->doc = root_kind(&q);
        if (fp->doc == DOC_NONE)
            stop(fp, W_DECLINED);
        return;
    }
    if (!fp->item_depth) {
        int item = 0;
        switch (fp->doc) {
        case DOC_RSS:
            item = q.ns_len == 0 && is(&q, "item");
            break;
        case DOC_RDF:
            item = ns_is(&q, NS_RSS1) && is(&q, "item");
            break;
        case DOC_ATOM:
            item = ns_atom(&q) && is(&q, "entry");
            break;
        case DOC_URLSET:
            item = ns_sitemap(&q) && is(&q, "url");
            break;
        case DOC_INDEX:
            item = ns_sitemap(&q) && is(&q, "sitemap");
            break;
        case DOC_NONE:
            break;
        }
        if (item)
            begin_item(fp);
        return;
    }
    if (fp->cap != F_NONE)
        return; /* markup inside a field: its text is part of the field */
    int child = fp->depth == fp->item_depth + 1;
    enum field f = F_NONE;
    switch (fp->doc) {
    case DOC_RSS:
    case DOC_RDF: {
        int plain = fp->doc == DOC_RSS ? q.ns_len == 0 : ns_is(&q, NS_RSS1);
        if (!child)
            break;
        if (plain && is(&q, "link"))
            f = F_LINK;
        else if (plain && is(&q, "title"))
            f = F_TITLE;
        else if (plain && is(&q, "pubDate"))
            f = F_DATE;
        else if (q.ns_len == 0 && is(&q, "guid")) {
            const char *pl = attr(atts, "isPermaLink");
            fp->permalink = !(pl && strcmp(pl, "false") == 0);
            f = F_GUID;
        } else if (ns_is(&q, NS_DC) && is(&q, "date"))
            f = F_DATE2;
        else if (ns_is(&q, NS_FB) && is(&q, "origLink"))
            f = F_ORIG;
        else if (ns_atom(&q) && is(&q, "link"))
            atom_link(fp, atts, 1);
        break;
    }
    case DOC_ATOM:
        if (!child || !ns_atom(&q))
            break;
        if (is(&q, "link"))
            atom_link(fp, atts, 0);
        else if (is(&q, "title"))
            f = F_TITLE;
        else if (is(&q, "published") || is(&q, "issued"))
            f = F_DATE;
        else if (is(&q, "updated") || is(&q, "modified"))
            f = F_DATE2;
        else if (is(&q, "id"))
            f = F_GUID;
        break;
    case DOC_URLSET:
    case DOC_INDEX:
        if (child && ns_sitemap(&q) && is(&q, "loc"))
            f = F_LINK;
        else if (child && ns_sitemap(&q) && is(&q, "lastmod"))
            f = F_DATE2;
        else if (fp->doc == DOC_URLSET && ns_news(&q) &&
                 is(&q, "publication_date"))
            f = F_DATE;
        else if (fp->doc == DOC_URLSET && ns_news(&q) && is(&q, "title"))
            f = F_TITLE;
        break;
    case DOC_NONE:
        break;
    }
    if (f != F_NONE)
        capture(fp, f);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct fp *fp = ud;
    (void)name;
    if (fp->rc != W_OK) {
        fp->depth--;
        return;
    }
    if (fp->cap != F_NONE && fp->depth == fp->cap_depth)
        fp->cap = F_NONE;
    if (fp->item_depth && fp->depth == fp->item_depth)
        end_item(fp);
    fp->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct fp *fp = ud;
    if (fp->cap == F_NONE || len <= 0 || fp->rc != W_OK)
        return;
    struct text *t = &fp->f[fp->cap];
    size_t n = (size_t)len;
    if (t->n + n > FEED_MAX_TEXT) {
        t->over = 1;
        n = FEED_MAX_TEXT - t->n;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = '\0';
}

/* Any entity declaration is refused: this is what stops billion laughs
 * and external entities before anything is expanded. */
static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len,
                              const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid,
                              const XML_Char *notation)
{
    struct fp *fp = ud;
    fp->refused = 1;
    stop(fp, W_PARSE);
}

/* Single-byte encodings expat does not know, through iconv. Multi-byte
 * ones are refused (the document then fails to parse). */
static int XMLCALL on_encoding(void *ud, const XML_Char *name,
                               XML_Encoding *info)
{
    iconv_t cd = iconv_open("UTF-32LE", name);
    if (cd == (iconv_t)-1)
        return XML_STATUS_ERROR;
    int ok = 1;
    for (int i = 0; i < 256 && ok; i++) {
        char in = (char)i;
        unsigned char out[8];
        char *ip = &in, *op = (char *)out;
        size_t il = 1, ol = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4) {
            info->map[i] = -1; /* not a character of this set */
            if (i < 0x80)
                ok = 0; /* not ASCII-compatible or multi-byte */
            continue;
        }
        uint32_t cp = (uint32_t)out[0] | (uint32_t)out[1] << 8 |
                      (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24;
        if (i < 0x80 && cp != (uint32_t)i)
            ok = 0;
        info->map[i] = (int)cp;
    }
    iconv_close(cd);
    info->data = NULL;
    info->convert = NULL;
    info->release = NULL;
    return ok ? XML_STATUS_OK : XML_STATUS_ERROR;
}

/* ------------------------------------------------------------------ */
/* Driving the parser                                                  */

/* Feed one chunk; returns W_OK to go on, else the final result. */
static int feed_chunk(struct fp *fp, const char *s, size_t n, int final)
{
    if (XML_Parse(fp->p, s, (int)n, final) == XML_STATUS_OK)
        return W_OK;
    if (fp->rc != W_OK)
        return fp->rc;
    if (XML_GetErrorCode(fp->p) == XML_ERROR_NO_MEMORY)
        return W_NOMEM;
    /* Not XML at all before a root element: not ours. */
    return fp->root_seen ? W_PARSE : W_DECLINED;
}

static int feed_plain(struct fp *fp, const char *s, size_t n)
{
    int rc = W_OK;
    while (rc == W_OK && n > CHUNK) {
        rc = feed_chunk(fp, s, CHUNK, 0);
        s += CHUNK;
        n -= CHUNK;
    }
    if (rc == W_OK)
        rc = feed_chunk(fp, s, n, 1);
    return rc;
}

static int feed_gzip(struct fp *fp, const unsigned char *s, size_t n,
                     size_t max)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return W_NOMEM;
    unsigned char *out = w_malloc(CHUNK);
    if (!out) {
        inflateEnd(&z);
        return W_NOMEM;
    }
    size_t total = 0;
    int rc = W_OK, first = 1;
    z.next_in = (unsigned char *)s;
    /* zlib counts in uInt: feed huge inputs in slices. */
    size_t left = n;
    while (rc == W_OK) {
        if (z.avail_in == 0 && left) {
            z.avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
            left -= z.avail_in;
        }
        z.next_out = out;
        z.avail_out = CHUNK;
        int zr = inflate(&z, Z_NO_FLUSH);
        size_t got = CHUNK - z.avail_out;
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            rc = zr == Z_MEM_ERROR ? W_NOMEM : W_PARSE;
            break;
        }
        total += got;
        if (total > max) {
            rc = W_TOOBIG;
            break;
        }
        const char *p = (const char *)out;
        if (first && got) {
            /* Leading blank lines would make the XML declaration an
             * error; WordPress plugins are known to emit them. */
            while (got && (*p == ' ' || *p == '\t' || *p == '\r' ||
                           *p == '\n')) {
                p++;
                got--;
            }
            first = got == 0;
        }
        if (got)
            rc = feed_chunk(fp, p, got, 0);
        if (rc)
            break;
        if (zr == Z_STREAM_END) {
            /* Concatenated gzip members continue the same document. */
            if (z.avail_in >= 2 && z.next_in[0] == 0x1f &&
                z.next_in[1] == 0x8b) {
                if (inflateReset(&z) != Z_OK)
                    rc = W_PARSE;
                continue;
            }
            break;
        }
        if (zr == Z_BUF_ERROR && z.avail_in == 0 && left == 0) {
            rc = W_PARSE; /* truncated stream */
            break;
        }
    }
    if (rc == W_OK)
        rc = feed_chunk(fp, "", 0, 1);
    w_free(out);
    inflateEnd(&z);
    return rc;
}

int feed_parse_opts(const void *data, size_t n, const struct feed_opts *opts,
                    feed_link_fn cb, void *ud)
{
    if (!data || n == 0)
        return W_DECLINED;
    struct fp *fp = w_calloc(1, sizeof *fp);
    if (!fp)
        return W_NOMEM;
    int rc = W_OK;
    fp->cb = cb;
    fp->ud = ud;
    fp->cap = F_NONE;
    fp->max_links = opts && opts->max_links ? opts->max_links : FEED_MAX_LINKS;
    size_t max_inflated =
        opts && opts->max_inflated ? opts->max_inflated : FEED_MAX_INFLATED;
    /* expat allocates through our wrappers: counted, and failable in the
     * out-of-memory tests. */
    static const XML_Memory_Handling_Suite mem = {w_malloc, w_realloc,
                                                  w_free};
    static const XML_Char sep[] = {NS_SEP, '\0'};
    fp->p = XML_ParserCreate_MM(opts ? opts->encoding : NULL, &mem, sep);
    if (!fp->p) {
        rc = W_NOMEM;
        goto out;
    }
    XML_SetUserData(fp->p, fp);
    XML_SetElementHandler(fp->p, on_start, on_end);
    XML_SetCharacterDataHandler(fp->p, on_text);
    XML_SetEntityDeclHandler(fp->p, on_entity);
    XML_SetUnknownEncodingHandler(fp->p, on_encoding, NULL);
    XML_SetParamEntityParsing(fp->p, XML_PARAM_ENTITY_PARSING_NEVER);
    /* Refusing every entity declaration (on_entity) comes before any
     * expansion; expat >= 2.4 also has its own amplification limit, on
     * by default, as a second line. */
    const unsigned char *s = data;
    if (n >= 2 && s[0] == 0x1f && s[1] == 0x8b) {
        rc = feed_gzip(fp, s, n, max_inflated);
    } else {
        /* Leading white space before "<?xml" is a fatal error to expat and
         * common in the wild; a BOM must stay where it is. */
        while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
            s++;
            n--;
        }
        rc = n ? feed_plain(fp, (const char *)s, n) : W_DECLINED;
    }
    if (rc == W_OK && !fp->root_seen)
        rc = W_DECLINED;
    if (rc == W_OK && fp->rc != W_OK)
        rc = fp->rc;
out:
    if (fp->p)
        XML_ParserFree(fp->p);
    w_free(fp);
    return rc;
}

int feed_parse(const void *data, size_t n, feed_link_fn cb, void *ud)
{
    return feed_parse_opts(data, n, NULL, cb, ud);
}

/* Skip "<?...?>", "<!--...-->" and "<!...>" at p; NULL when unclosed. */
static const char *skip_markup(const char *p, const char *end)
{
    const char *close = NULL;
    if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
        for (const char *q = p + 4; q + 3 <= end; q++)
            if (memcmp(q, "-->", 3) == 0) {
                close = q + 3;
                break;
            }
        return close;
    }
    char want = p[1] == '?' ? '?' : 0;
    for (const char *q = p + 2; q < end; q++) {
        if (*q == '>' && (!want || q[-1] == '?'))
            return q + 1;
    }
    return NULL;
}

int feed_sniff(const void *data, size_t n)
{
    const char *s = data;
    if (!s)
        return 0;
    if (n >= 2 && (unsigned char)s[0] == 0x1f && (unsigned char)s[1] == 0x8b)
        return 1;
    const char *end = s + (n > 4096 ? 4096 : n);
    const char *p = s;
    if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    while (p < end) {
        while (p < end && *p != '<')
            p++;
        if (end - p < 2)
            return 0;
        if (p[1] == '?' || p[1] == '!') {
            p = skip_markup(p, end);
            if (!p)
                return 0;
            continue;
        }
        /* The root element: its local name after any prefix. */
        const char *name = p + 1;
        const char *e = name;
        while (e < end && *e != ' ' && *e != '>' && *e != '/' &&
               *e != '\t' && *e != '\n' && *e != '\r')
            e++;
        const char *colon = memchr(name, ':', (size_t)(e - name));
        if (colon)
            name = colon + 1;
        size_t len = (size_t)(e - name);
        static const char *const roots[] = {"rss", "RDF", "feed", "urlset",
                                            "sitemapindex"};
        for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
            if (len == strlen(roots[i]) && memcmp(name, roots[i], len) == 0)
                return 1;
        return 0;
    }
    return 0;
}
