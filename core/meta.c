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
#include "clean.h"
#include "dates.h"
#include "dom.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include "record.h"
#include "url.h"
#include <jansson.h>
#include <stdint.h>
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
#define LABEL_MAX 64
struct sites {
    const char *v[MAX_SITES];
    size_t n;
    char label[LABEL_MAX]; /* the host's registered name, folded */
};

/* Lower-case ASCII letters and digits of s into out (outsz bytes). */
static void fold(const char *s, char *out, size_t outsz)
{
    size_t o = 0;
    for (; s && *s && o + 1 < outsz; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            out[o++] = (char)(c + 32);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[o++] = c;
    }
    out[o] = '\0';
}

/*
 * The registered name of url's host, folded: "kompas" for
 * regional.kompas.com, "pikiranrakyat" for www.pikiran-rakyat.com,
 * "antaranews" for jabar.antaranews.co.id; "" when there is none.
 */
static void host_label(const char *url, char *out, size_t outsz)
{
    out[0] = '\0';
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return;
    p += 3;
    size_t end = strcspn(p, "/:?#");
    size_t dots[16], nd = 0;
    for (size_t k = 0; k < end && nd < 16; k++)
        if (p[k] == '.')
            dots[nd++] = k;
    if (nd == 0)
        return;
    size_t le = dots[nd - 1], ls = nd >= 2 ? dots[nd - 2] + 1 : 0;
    static const char *const sld[] = {"co", "or", "ac", "go", "web", "sch",
                                      "my", "com", "net", "org", "id"};
    char lab[LABEL_MAX], buf[LABEL_MAX];
    snprintf(buf, sizeof buf, "%.*s", (int)(le - ls), p + ls);
    fold(buf, lab, sizeof lab);
    for (size_t k = 0; nd >= 2 && k < sizeof sld / sizeof *sld; k++)
        if (strcmp(lab, sld[k]) == 0) {
            le = ls - 1;
            ls = nd >= 3 ? dots[nd - 3] + 1 : 0;
            break;
        }
    snprintf(buf, sizeof buf, "%.*s", (int)(le - ls), p + ls);
    fold(buf, out, outsz);
}

/*
 * Does the name v stand for the outlet rather than a person? It does
 * when it holds the host's registered name ("Kompas Cyber Media" on
 * kompas.com, "detikinet"), equals a declared site name, or has a word
 * that names an organisation ("Redaksi", "Admin", "Tim", "Media").
 */
static int outlet_name(const char *v, const struct sites *sites)
{
    char f[256], g[256];
    fold(v, f, sizeof f);
    if (!*f)
        return 1;
    if (strlen(sites->label) >= 4 && strstr(f, sites->label))
        return 1;
    for (size_t i = 0; i < sites->n; i++) {
        fold(sites->v[i], g, sizeof g);
        if (strlen(g) >= 4 && strstr(f, g))
            return 1;
    }
    static const char *const org[] = {
        "redaksi", "admin",  "administrator", "newsroom", "team", "tim",
        "media",   "cyber",  "group",         "network",  "digital",
        "online",  "news",   "berita",        "staff",    "desk",
        "com",     "webmaster", "humas",
    };
    for (const char *p = v; *p;) {
        while (*p && !((*p | 32) >= 'a' && (*p | 32) <= 'z'))
            p++;
        size_t n = 0;
        while (((p[n] | 32) >= 'a' && (p[n] | 32) <= 'z'))
            n++;
        for (size_t i = 0; n && i < sizeof org / sizeof *org; i++)
            if (n == strlen(org[i]) && strncasecmp(p, org[i], n) == 0)
                return 1;
        p += n;
    }
    return 0;
}

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

/* title without a leading or trailing segment that names the site by
 * its host: "Judul - Kompas.com Regional" on regional.kompas.com, where
 * og:site_name says only "KOMPAS.com". Returns an arena string (or
 * title itself). */
static const char *strip_label(const struct warta_page *pg,
                               const char *title, const struct sites *sites)
{
    size_t tl = strlen(title);
    char f[256], seg[256];
    if (strlen(sites->label) < 4)
        return title;
    for (size_t k = 0; k < sizeof separators / sizeof *separators; k++) {
        const char *sep = separators[k];
        size_t pl = strlen(sep);
        const char *last = NULL;
        for (const char *q = strstr(title, sep); q; q = strstr(q + 1, sep))
            last = q;
        if (!last)
            continue;
        size_t head = (size_t)(last - title);
        if (head >= 10 && tl - head - pl < 60) {
            fold(last + pl, f, sizeof f);
            if (strstr(f, sites->label))
                return arena_strndup(arena_of(pg), title, head);
        }
        const char *first = strstr(title, sep);
        size_t pre = (size_t)(first - title);
        if (pre < 60 && tl - pre - pl >= 10) {
            snprintf(seg, sizeof seg, "%.*s", (int)pre, title);
            fold(seg, f, sizeof f);
            if (strstr(f, sites->label))
                return arena_strdup(arena_of(pg), first + pl);
        }
    }
    return title;
}

/* ---- one walk over the page --------------------------------------------- */

#define SCAN_MAX_META 512
#define SCAN_MAX_HEADS 16
#define SCAN_MAX_TITLED 32
#define SCAN_MAX_DATES 128
#define SCAN_MAX_BYLINES 16
#define SCAN_MAX_CREDITS 16
#define NEAR_TEXT_MAX 100 /* characters of a date or byline text */

struct near {
    const GumboNode *n;
    uint32_t at;
};
struct near_date {
    uint32_t at;
    char iso[48];
};

/* What meta_read looks at, found in a single walk (a dozen selector
 * calls would each walk the whole tree). */
struct scan {
    const GumboNode *meta[SCAN_MAX_META]; /* <meta content> */
    size_t nmeta;
    const GumboNode *ld[META_MAX_LDJSON]; /* ld+json scripts */
    size_t nld;
    const GumboNode *canonical, *title, *headline, *published, *modified;
    const GumboNode *author, *section, *keywords;
    const GumboNode *time_marked, *time_article, *time_any, *time_text;
    const GumboNode *rel_author, *hcard_author; /* <a rel=author>, .fn */
    const GumboNode *date_article, *date_after_h1; /* class="date" ... */
    const GumboNode *heads[4]; /* h1s and h2/h3 titled "...title..." */
    size_t nheads;
    int seen_h1; /* an <h1> or a titled <h2>/<h3> was seen */
    int in_hcard; /* depth inside class "author"/"vcard"/"byline" */
    /* Page conventions around the headline, each with its position in
     * the walk (elements and text nodes counted): every <h1>-<h3>, the
     * short texts that read as a date with a time, byline elements and
     * credit labels ("Penulis", "Editor"), none inside comments. */
    uint32_t at;
    int in_comment;
    struct near heads_all[SCAN_MAX_HEADS];
    size_t nheads_all;
    struct near titled[SCAN_MAX_TITLED]; /* class "judul-konten", ... */
    size_t ntitled;
    struct near_date dates[SCAN_MAX_DATES];
    size_t ndates;
    struct near bylines[SCAN_MAX_BYLINES];
    size_t nbylines;
    struct near credits[SCAN_MAX_CREDITS];
    size_t ncredits;
    const GumboNode *date_parent; /* last parent whose line was tried */
    uint32_t word_letters[16]; /* letters of each tok_words[] word */
};

/* The attributes the scan reads, fetched in one pass per element. */
enum {
    SA_CLASS,
    SA_ID,
    SA_ITEMPROP,
    SA_REL,
    SA_CONTENT,
    SA_TYPE,
    SA_HREF,
    SA_DATETIME,
    SA_PUBDATE,
    SA__COUNT
};
static const char *const scan_attr_names[SA__COUNT] = {
    "class", "id", "itemprop", "rel", "content",
    "type", "href", "datetime", "pubdate"};

/* Does the space-separated value a (may be NULL) contain word[0..wl)
 * (any case)? */
static int has_word(const char *a, const char *word, size_t wl)
{
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
#define HAS_WORD(a, w) has_word((a), (w), sizeof(w) - 1)

/* Words of class (split at spaces, tabs and newlines, any case) that the
 * scan asks about, as a mask. */
enum { CW_AUTHOR = 1, CW_VCARD = 2, CW_BYLINE = 4, CW_FN = 8, CW_HEAD = 16 };
static unsigned class_words(const char *a)
{
    static const struct {
        const char *w;
        size_t len;
        unsigned flag;
    } words[] = {
        {"author", 6, CW_AUTHOR}, {"vcard", 5, CW_VCARD},
        {"byline", 6, CW_BYLINE}, {"fn", 2, CW_FN},
        {"h1", 2, CW_HEAD},       {"h2", 2, CW_HEAD},
        {"h3", 2, CW_HEAD},       {"h4", 2, CW_HEAD},
        {"h5", 2, CW_HEAD},
    };
    unsigned m = 0;
    while (a && *a) {
        while (*a == ' ' || *a == '\t' || *a == '\n')
            a++;
        const char *w = a;
        while (*a && *a != ' ' && *a != '\t' && *a != '\n')
            a++;
        size_t k = (size_t)(a - w);
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (k == words[i].len && strncasecmp(w, words[i].w, k) == 0)
                m |= words[i].flag;
    }
    return m;
}

/* Class or id words of elements that show a publication date: a token
 * (split at spaces, '-' and '_') equal to one of words, none equal to
 * one of not_words. */
static int date_like(const char *cls, const char *id)
{
    static const struct {
        const char *w;
        size_t len;
        int no;
    } words[] = {
        {"date", 4, 0},      {"tanggal", 7, 0},    {"tgl", 3, 0},
        {"waktu", 5, 0},     {"time", 4, 0},       {"datetime", 8, 0},
        {"published", 9, 0}, {"post-date", 9, 0},  {"entry-date", 10, 0},
        {"pubdate", 7, 0},   {"today", 5, 1},      {"now", 3, 1},
        {"current", 7, 1},   {"update", 6, 1},     {"updated", 7, 1},
        {"modified", 8, 1},
    };
    const char *v[2] = {cls, id};
    int hit = 0;
    for (int k = 0; k < 2; k++) {
        const char *p = v[k];
        while (p && *p) {
            p += strspn(p, " \t\n-_");
            size_t len = strcspn(p, " \t\n-_");
            for (size_t i = 0; i < sizeof words / sizeof *words; i++)
                if (len == words[i].len &&
                    strncasecmp(p, words[i].w, len) == 0) {
                    if (words[i].no)
                        return 0;
                    hit = 1;
                }
            p += len;
        }
    }
    return hit;
}

/*
 * Words that a class or id token contains ("nmreporter" contains
 * "reporter", "post-author" contains "author"), by what they mark.
 */
enum { TW_COMMENT = 1, TW_BYLINE = 2, TW_TITLED = 4 };
static const struct {
    const char *w;
    unsigned group;
} tok_words[] = {
    {"comment", TW_COMMENT}, {"komentar", TW_COMMENT},
    {"disqus", TW_COMMENT},  {"author", TW_BYLINE},
    {"byline", TW_BYLINE},   {"penulis", TW_BYLINE},
    {"reporter", TW_BYLINE}, {"writer", TW_BYLINE},
    {"wartawan", TW_BYLINE}, {"jurnalis", TW_BYLINE},
    {"kontributor", TW_BYLINE}, {"judul", TW_TITLED},
    {"title", TW_TITLED},    {"headline", TW_TITLED},
};
#define TOK_WORDS (sizeof tok_words / sizeof *tok_words)
_Static_assert(TOK_WORDS <= sizeof ((struct scan *)0)->word_letters /
                                sizeof(uint32_t),
               "struct scan keeps the letters of every tok_words[] word");

/* Bit c - 'a' for each letter a-z in s[0..n). */
static uint32_t letters_of(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            m |= UINT32_C(1) << (s[i] - 'a');
    return m;
}

static int tok_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The TW_* groups with a word inside a token of class or id (split at
 * whitespace, lower-cased, tokens of 64 bytes or more ignored). A word
 * whose letters are not all in the token cannot be inside it: most
 * tokens are ruled out by that before any search.
 */
static unsigned token_words(const struct scan *sc, const char *cls,
                            const char *id)
{
    const char *v[2] = {cls, id};
    unsigned groups = 0;
    for (int k = 0; k < 2; k++) {
        const char *p = v[k];
        while (p && *p) {
            while (tok_space(*p))
                p++;
            size_t len = 0;
            while (p[len] && !tok_space(p[len]))
                len++;
            char tok[64];
            if (len && len < sizeof tok) {
                for (size_t i = 0; i < len; i++)
                    tok[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32
                                                              : p[i]);
                tok[len] = '\0';
                uint32_t have = letters_of(tok, len);
                for (size_t i = 0; i < TOK_WORDS; i++)
                    if (!(groups & tok_words[i].group) &&
                        !(sc->word_letters[i] & ~have) &&
                        strstr(tok, tok_words[i].w))
                        groups |= tok_words[i].group;
            }
            p += len;
        }
    }
    return groups;
}

/* Does n hold a link, or sit in one (three levels up)? */
static int linked(const GumboNode *n, int up)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return 0;
    if (n->v.element.tag == GUMBO_TAG_A)
        return 1;
    if (up) {
        const GumboNode *p = n->parent;
        for (int i = 0; i < 3 && p && p->type == GUMBO_NODE_ELEMENT;
             i++, p = p->parent)
            if (p->v.element.tag == GUMBO_TAG_A)
                return 1;
    }
    const GumboVector *ch = &n->v.element.children;
    for (size_t i = 0; i < ch->length; i++)
        if (linked(ch->data[i], 0))
            return 1;
    return 0;
}

/* A headline not in <h1>-<h3>: a small element titled "judul-konten",
 * "title", "headline" or styled as a heading (Bootstrap's class "h5")
 * that links nowhere (a carousel's "bintang-judul"
 * around an <a> is another article's title). tw and cw are the element's
 * token_words() and class_words(). */
static int titled_like(const GumboNode *n, unsigned tw, unsigned cw)
{
    GumboTag t = n->v.element.tag;
    if (t != GUMBO_TAG_DIV && t != GUMBO_TAG_SPAN && t != GUMBO_TAG_P &&
        t != GUMBO_TAG_STRONG && t != GUMBO_TAG_B && t != GUMBO_TAG_TD)
        return 0;
    if (n->v.element.children.length > 12)
        return 0;
    if (!(tw & TW_TITLED) && !(cw & CW_HEAD))
        return 0;
    return !linked(n, 1);
}

/* Labels of credit lines ("Penulis : X", "Editor: Y"), with lengths. */
static const struct {
    const char *w;
    size_t len;
} credit_labels[] = {
    {"penulis", 7},  {"reporter", 8}, {"editor", 6},     {"pewarta", 7},
    {"wartawan", 8}, {"redaktur", 8}, {"penyunting", 10},
};

/* Length of the credit label t starts with (followed by a colon, a
 * space or nothing), or 0. */
static size_t credit_label(const char *t, size_t len)
{
    char c = (char)(t[0] | 0x20);
    if (c != 'p' && c != 'r' && c != 'e' && c != 'w')
        return 0; /* no label starts otherwise */
    for (size_t i = 0; i < sizeof credit_labels / sizeof *credit_labels;
         i++) {
        size_t l = credit_labels[i].len;
        if (len >= l && strncasecmp(t, credit_labels[i].w, l) == 0 &&
            (len == l || t[l] == ':' || t[l] == ' ' || t[l] == '\t' ||
             t[l] == '\n'))
            return l;
    }
    return 0;
}

/* ISO date with a time for the short text t[0..len), in iso; 0 when t
 * is no date or a date without a time (a header's "Rabu, 4 November
 * 2015" is today's date, not the article's). */
static int datetime_of(const char *t, size_t len, char *iso, size_t isz)
{
    char buf[NEAR_TEXT_MAX + 1];
    size_t digits = 0;
    if (len > NEAR_TEXT_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        digits += t[i] >= '0' && t[i] <= '9';
    /* A time is "HH:MM" or "HH.MM" (dates.c), so a text with neither
     * separator holds none: most date-like texts stop here. */
    if (digits < 4 || (!memchr(t, ':', len) && !memchr(t, '.', len)))
        return 0;
    memcpy(buf, t, len);
    buf[len] = '\0';
    return date_normalise(buf, iso, isz) == W_OK && strchr(iso, 'T');
}

static void push_date(struct scan *sc, const char *iso)
{
    if (sc->ndates >= SCAN_MAX_DATES)
        return;
    struct near_date *d = &sc->dates[sc->ndates++];
    d->at = sc->at;
    snprintf(d->iso, sizeof d->iso, "%s", iso);
}

/* A short element's own line, or NULL (not for big containers: their
 * line would cost their whole subtree). */
static const char *short_line(const struct warta_page *pg,
                              const GumboNode *n)
{
    if (!n || n->type != GUMBO_NODE_ELEMENT)
        return NULL;
    const GumboVector *ch = dom_children(n);
    if (!ch || ch->length > 12)
        return NULL;
    const char *l = dom_line(pg, n);
    return l && strlen(l) <= NEAR_TEXT_MAX ? l : NULL;
}

/* A visible text node: a date with a time ("Rabu, 4 November 2015 |
 * 21:04 WIB", alone or with its parent's or grandparent's other text)
 * or a credit label, remembered with its position. */
static void scan_text(const struct warta_page *pg, struct scan *sc,
                      const GumboNode *n)
{
    const GumboNode *par = n->parent;
    if (!par || par->type != GUMBO_NODE_ELEMENT ||
        dom_tag_skipped(par->v.element.tag) || dom_hidden(par))
        return;
    const char *t = n->v.text.text;
    t += strspn(t, " \t\n\r\f");
    /* Length without trailing whitespace, read no further than needed
     * to know it is over NEAR_TEXT_MAX. */
    size_t len = 0;
    for (size_t i = 0; t[i] && len <= NEAR_TEXT_MAX; i++)
        if (!tok_space(t[i]))
            len = i + 1;
    if (!len || len > NEAR_TEXT_MAX)
        return;
    if (sc->ncredits < SCAN_MAX_CREDITS && credit_label(t, len)) {
        sc->credits[sc->ncredits].n = n;
        sc->credits[sc->ncredits++].at = sc->at;
    }
    if (sc->ndates >= SCAN_MAX_DATES || !strpbrk(t, "0123456789"))
        return;
    char iso[48];
    if (datetime_of(t, len, iso, sizeof iso)) {
        push_date(sc, iso);
        return;
    }
    for (int up = 0; up < 2 && par && par != sc->date_parent;
         up++, par = par->parent) {
        const char *l = short_line(pg, par);
        if (!l)
            break;
        if (datetime_of(l, strlen(l), iso, sizeof iso)) {
            sc->date_parent = par;
            push_date(sc, iso);
            return;
        }
    }
}

/* One element on entry; a holds its scan_attr_names, tw and cw its
 * token_words() and class_words(). */
static void scan_element(struct scan *sc, const GumboNode *n,
                         const char *const *a, unsigned tw, unsigned cw,
                         int in_article)
{
    GumboTag tag = n->v.element.tag;
    const char *cls = a[SA_CLASS];
    if (tag == GUMBO_TAG_H1 ||
        ((tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3) && cls &&
         strcasestr(cls, "title"))) {
        sc->seen_h1 = 1;
        if (sc->nheads < 4)
            sc->heads[sc->nheads++] = n;
    }
    if ((tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3) &&
        sc->nheads_all < SCAN_MAX_HEADS) {
        sc->heads_all[sc->nheads_all].n = n;
        sc->heads_all[sc->nheads_all++].at = sc->at;
    }
    if (!sc->in_comment && sc->ntitled < SCAN_MAX_TITLED &&
        titled_like(n, tw, cw)) {
        sc->titled[sc->ntitled].n = n;
        sc->titled[sc->ntitled++].at = sc->at;
    }
    if (!sc->in_comment && sc->nbylines < SCAN_MAX_BYLINES &&
        tag != GUMBO_TAG_META && tag != GUMBO_TAG_LINK &&
        tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HTML && (tw & TW_BYLINE)) {
        sc->bylines[sc->nbylines].n = n;
        sc->bylines[sc->nbylines++].at = sc->at;
    }
    if (tag == GUMBO_TAG_A && !sc->rel_author &&
        HAS_WORD(a[SA_REL], "author"))
        sc->rel_author = n;
    if (sc->in_hcard && !sc->hcard_author && (cw & CW_FN))
        sc->hcard_author = n;
    if (tag != GUMBO_TAG_TIME && tag != GUMBO_TAG_META &&
        (cls || a[SA_ID]) && date_like(cls, a[SA_ID])) {
        if (!sc->date_article && in_article)
            sc->date_article = n;
        if (!sc->date_after_h1 && sc->seen_h1)
            sc->date_after_h1 = n;
    }
    int is_meta = tag == GUMBO_TAG_META;
    if (is_meta && sc->nmeta < SCAN_MAX_META && a[SA_CONTENT])
        sc->meta[sc->nmeta++] = n;
    if (tag == GUMBO_TAG_SCRIPT && sc->nld < META_MAX_LDJSON) {
        const char *t = a[SA_TYPE];
        if (t && strcasestr(t, "ld+json"))
            sc->ld[sc->nld++] = n;
    }
    if (tag == GUMBO_TAG_LINK && !sc->canonical &&
        HAS_WORD(a[SA_REL], "canonical") && a[SA_HREF])
        sc->canonical = n;
    if (tag == GUMBO_TAG_TITLE && !sc->title &&
        n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
        sc->title = n;
    const char *ip = a[SA_ITEMPROP];
    if (tag == GUMBO_TAG_TIME) {
        if (!sc->time_marked &&
            ((ip && strcasecmp(ip, "datePublished") == 0) ||
             a[SA_PUBDATE] ||
             (cls && (strcasestr(cls, "publish") ||
                      strcasestr(cls, "entry-date")))))
            sc->time_marked = n;
        if (!a[SA_DATETIME] && !sc->time_text)
            sc->time_text = n; /* <time>Kamis, 5 November 2015</time> */
        if (a[SA_DATETIME]) {
            if (!sc->time_article && in_article)
                sc->time_article = n;
            if (!sc->time_any)
                sc->time_any = n;
        }
    }
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
    if (!sc->keywords && strcasecmp(ip, "keywords") == 0)
        sc->keywords = n;
    if (!sc->author && HAS_WORD(ip, "author"))
        sc->author = n;
}

/* What an element contributes to the walk's counters until its
 * DOM_LEAVE, kept in the walk's user word. */
enum { SF_ARTICLE = 1, SF_HCARD = 2, SF_COMMENT = 4 };

static int scan_page(const struct warta_page *pg, struct scan *sc)
{
    struct dom_walk w;
    const GumboNode *n;
    enum dom_event ev;
    int in_article = 0;
    memset(sc, 0, sizeof *sc);
    for (size_t i = 0; i < TOK_WORDS; i++)
        sc->word_letters[i] =
            letters_of(tok_words[i].w, strlen(tok_words[i].w));
    dom_walk_init(&w, pg->doc->document);
    while (dom_walk_next(&w, &n, &ev)) {
        if (n->type == GUMBO_NODE_TEXT) {
            sc->at++;
            if (!sc->in_comment)
                scan_text(pg, sc, n);
            continue;
        }
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        unsigned *flags = dom_walk_user(&w);
        if (ev == DOM_LEAVE) {
            in_article -= (*flags & SF_ARTICLE) != 0;
            sc->in_hcard -= (*flags & SF_HCARD) != 0;
            sc->in_comment -= (*flags & SF_COMMENT) != 0;
            continue;
        }
        GumboTag tag = n->v.element.tag;
        const char *a[SA__COUNT];
        dom_attrs(n, scan_attr_names, SA__COUNT, a);
        const char *cls = a[SA_CLASS];
        unsigned tw = cls || a[SA_ID] ? token_words(sc, cls, a[SA_ID]) : 0;
        unsigned cw = class_words(cls);
        int art = tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN;
        int cm = (tw & TW_COMMENT) != 0;
        int hcard = cls && (cw & (CW_AUTHOR | CW_VCARD | CW_BYLINE)) &&
                    !strcasestr(cls, "comment");
        *flags = (art ? SF_ARTICLE : 0) | (hcard ? SF_HCARD : 0) |
                 (cm ? SF_COMMENT : 0);
        /* Counted on entry even when skipped: the DOM_LEAVE still comes. */
        in_article += art;
        sc->in_hcard += hcard;
        sc->in_comment += cm;
        sc->at++;
        if (dom_is_marked(pg, n)) {
            dom_walk_skip(&w);
            continue;
        }
        scan_element(sc, n, a, tw, cw, in_article > 0);
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

/* "Oleh : Maya Sofia", "By Jane Doe", "Penulis: X": the label before a
 * name goes. */
static char *drop_label(char *c)
{
    static const char *const labels[] = {
        "oleh", "by", "penulis", "reporter", "pewarta", "wartawan",
        "ditulis oleh", "written by", "author",
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        size_t k = strlen(labels[i]);
        if (strncasecmp(c, labels[i], k) != 0 ||
            (c[k] != ' ' && c[k] != ':'))
            continue;
        char *r = c + k + strspn(c + k, " ");
        if (*r == ':')
            r += 1 + strspn(r + 1, " ");
        if (*r)
            return r;
    }
    return c;
}

/* Where the next name of "A dan B", "A and B", "A & B" or "Ana Sari,
 * Budi Utomo" starts after s, with *len the length of the first; NULL
 * when s holds one name. A comma splits only names of two words or more
 * ("Budi, S.Sos" is one name with a degree). */
static const char *next_name(const char *s, size_t *len)
{
    static const char *const seps[] = {" dan ", " and ", " & ", ", "};
    for (const char *p = s; *p; p++)
        for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
            size_t k = strlen(seps[i]);
            if (strncmp(p, seps[i], k) != 0)
                continue;
            if (i == 3 && (!memchr(s, ' ', (size_t)(p - s)) ||
                           !strchr(p + k, ' ')))
                continue;
            *len = (size_t)(p - s);
            return p + k;
        }
    return NULL;
}

/* Authors' names, unless they name the outlet (see outlet_name). */
static int add_author(const struct warta_page *pg, struct warta_record *rec,
                      const char *v, const struct sites *sites)
{
    char *c = clean_value(pg, v);
    if (!c)
        return W_NOMEM;
    c = drop_label(c);
    for (int i = 0; *c && i < META_MAX_NAMES; i++) {
        size_t n = 0;
        const char *next = next_name(c, &n);
        if (next)
            c[n] = '\0';
        if (*c && !is_url(c) && !outlet_name(c, sites)) {
            int rc = record_set(rec, WARTA_F_AUTHORS, c);
            if (rc && rc != W_TOOBIG)
                return rc;
        }
        if (!next)
            break;
        c = (char *)next;
    }
    return W_OK;
}

static int ld_authors(const struct warta_page *pg, struct warta_record *rec,
                      json_t *v, const struct sites *sites)
{
    if (!v || record_get(rec, WARTA_F_AUTHORS))
        return W_OK;
    if (!json_is_array(v)) {
        const char *name = ld_person(v);
        return name ? add_author(pg, rec, name, sites) : W_OK;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (i >= META_MAX_NAMES)
            break;
        const char *name = ld_person(e);
        int rc = name ? add_author(pg, rec, name, sites) : W_OK;
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
            rc = ld_authors(pg, rec, json_object_get(o, "author"), sites);
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
        s = strip_label(pg, c, sites);
    if (s == c)
        s = title_by_heading(pg, c, sc);
    return s ? fill(pg, rec, WARTA_F_TITLE, s) : W_NOMEM;
}

static int fill_list(const struct warta_page *pg, struct warta_record *rec,
                     enum warta_field f, const struct meta_best *mb, int mf,
                     const struct sites *sites)
{
    if (record_get(rec, f))
        return W_OK;
    size_t count = 0;
    for (size_t i = 0; i < mb->n[mf]; i++) {
        int rc = mf == M_KEYS || f == WARTA_F_TAGS
                     ? add_tags(pg, rec, mb->val[mf][i], &count)
                 : f == WARTA_F_AUTHORS
                     ? add_author(pg, rec, mb->val[mf][i], sites)
                     : add_list(pg, rec, f, mb->val[mf][i]);
        if (rc)
            return rc;
    }
    return W_OK;
}

/* ---- around the headline ------------------------------------------------ */

#define NEAR_AFTER 60  /* walk positions after the headline searched */
#define NEAR_BEFORE 40 /* and before it (a date above the <h1>) */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_of(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int digits_at(const char *p, int n, long *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        *v = *v * 10 + (p[i] - '0');
    }
    return 1;
}

/* The day a permalink is dated ("/2015/11/04/" or "/20151104"), as
 * days_of(), or -1: a guessed date that disagrees with it by more than a
 * day is a sidebar's or a header's. */
static long url_day(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return -1;
    p = strchr(p + 3, '/');
    for (; p && *p && *p != '?' && *p != '#'; p++) {
        if (*p != '/')
            continue;
        long y, m, d;
        if (digits_at(p + 1, 4, &y) && p[5] == '/' &&
            digits_at(p + 6, 2, &m) && p[8] == '/' &&
            digits_at(p + 9, 2, &d) && (p[11] == '/' || !p[11]))
            ;
        else if (!(digits_at(p + 1, 4, &y) && digits_at(p + 5, 2, &m) &&
                   digits_at(p + 7, 2, &d) &&
                   (p[9] < '0' || p[9] > '9')))
            continue;
        if (y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
            return days_of(y, m, d);
    }
    return -1;
}

/* Does the ISO date iso agree with the permalink's day uday (or is
 * there none)? */
static int day_ok(const char *iso, long uday)
{
    long y, m, d;
    if (uday < 0)
        return 1;
    if (!iso || !digits_at(iso, 4, &y) || iso[4] != '-' ||
        !digits_at(iso + 5, 2, &m) || iso[7] != '-' ||
        !digits_at(iso + 8, 2, &d))
        return 0;
    long k = days_of(y, m, d) - uday;
    return k >= -1 && k <= 1;
}

/* Fill PUBLISHED from a guessed date text, when it agrees with the
 * permalink. */
static int fill_guess(struct warta_record *rec, const char *v, long uday)
{
    char iso[48];
    if (!v || record_get(rec, WARTA_F_PUBLISHED) || strlen(v) >= 100 ||
        date_normalise(v, iso, sizeof iso) != W_OK || !day_ok(iso, uday))
        return W_OK;
    return record_set(rec, WARTA_F_PUBLISHED, iso);
}

/*
 * Where the headline is in the walk: the first <h1>-<h3> whose text is
 * the title, or holds most of it (kompas puts the headline in a bare
 * <h2> under a logo <h1>). Returns 1 and sets *at, or 0.
 */
static int find_headline(const struct warta_page *pg, const struct scan *sc,
                         const char *title, uint32_t *at)
{
    size_t tl = title ? strlen(title) : 0;
    if (tl < 5)
        return 0;
    /* <h1>-<h3> first, then titled elements; exact, then close. */
    for (int pass = 0; pass < 4; pass++) {
        const struct near *v = pass < 2 ? sc->heads_all : sc->titled;
        size_t nv = pass < 2 ? sc->nheads_all : sc->ntitled;
        for (size_t i = 0; i < nv; i++) {
            const char *h = dom_line(pg, v[i].n);
            size_t hl = h ? strlen(h) : 0;
            int hit = pass % 2 == 0
                          ? hl == tl && strcasecmp(h, title) == 0
                          : hl >= 15 && hl * 10 >= tl * 6 && tl * 10 >= hl * 6 &&
                                (strcasestr(title, h) || strcasestr(h, title));
            if (hit) {
                *at = v[i].at;
                return 1;
            }
        }
    }
    return 0;
}

/* The date with a time nearest after the headline (within NEAR_AFTER
 * walk positions), else nearest before it (NEAR_BEFORE), or NULL. */
static const char *near_date(const struct scan *sc, uint32_t at)
{
    const char *before = NULL;
    for (size_t i = 0; i < sc->ndates; i++) {
        const struct near_date *d = &sc->dates[i];
        if (d->at > at)
            return d->at - at <= NEAR_AFTER ? d->iso : before;
        if (at - d->at <= NEAR_BEFORE)
            before = d->iso;
    }
    return before;
}

/* Role words around a byline's name ("Dewi Kania Jurnalis", "Oleh:"). */
static int role_word(const char *w, size_t n)
{
    static const char *const roles[] = {
        "oleh",     "by",       "penulis",     "reporter",   "editor",
        "jurnalis", "wartawan", "kontributor", "koresponden", "pewarta",
        "redaktur", "ditulis",  "written",     "posted",     "dan",
    };
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (n == strlen(roles[i]) && strncasecmp(w, roles[i], n) == 0)
            return 1;
    return 0;
}

/* A person's name: 1-5 words of letters (and . ' -), the first one
 * capitalised, no digits. */
static int person_like(const char *s, size_t n)
{
    size_t words = 0;
    if (n < 3 || n > 60 || !((s[0] >= 'A' && s[0] <= 'Z') ||
                             (unsigned char)s[0] >= 0x80))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            continue;
        }
        if (i == 0 || s[i - 1] == ' ')
            words++;
        if (!((c | 32) >= 'a' && (c | 32) <= 'z') && c < 0x80 && c != '.' &&
            c != '\'' && c != '-')
            return 0;
    }
    return words >= 1 && words <= 5;
}

/*
 * Names in a byline element's text: "Fino Yurio Kristo - detikinet",
 * "Dewi Kania Jurnalis", "Oleh: A dan B". Parts are cut at " - ", "|",
 * ",", "/", "&" and " dan "; role words are dropped, and so are parts
 * that name the outlet or hold anything but a name (a date). Adds at
 * most four names; returns W_OK or W_NOMEM.
 */
static int byline_names(const struct warta_page *pg, struct warta_record *rec,
                        const char *line, const struct sites *sites)
{
    char part[128];
    int added = 0;
    const char *p = line;
    while (*p && added < 4) {
        size_t n = 0;
        while (p[n] && p[n] != '|' && p[n] != ',' && p[n] != '/' &&
               p[n] != '&' && p[n] != ':' &&
               strncmp(p + n, " - ", 3) != 0 &&
               strncmp(p + n, " \xe2\x80\x93 ", 5) != 0 &&
               strncmp(p + n, " dan ", 5) != 0)
            n++;
        /* Rebuild the part without role words. */
        size_t o = 0;
        for (size_t i = 0; i < n;) {
            while (i < n && p[i] == ' ')
                i++;
            size_t w = 0;
            while (i + w < n && p[i + w] != ' ')
                w++;
            if (w && !role_word(p + i, w) && o + w + 2 < sizeof part) {
                if (o)
                    part[o++] = ' ';
                memcpy(part + o, p + i, w);
                o += w;
            }
            i += w;
        }
        part[o] = '\0';
        if (person_like(part, o) && !outlet_name(part, sites)) {
            int rc = add_author(pg, rec, part, sites);
            if (rc)
                return rc;
            added++;
        }
        p += n;
        if (*p)
            p += strncmp(p, " dan ", 5) == 0   ? 5
                 : strncmp(p, " - ", 3) == 0   ? 3
                 : strncmp(p, " \xe2\x80\x93 ", 5) == 0 ? 5
                                                : 1;
    }
    return W_OK;
}

/*
 * Reporters and editors the page names around its headline when it
 * declares none: credit lines ("Penulis : Kontributor Lhokseumawe,
 * Masriadi", "Editor : Ervan Hardoko", also split over table cells)
 * read by clean_text()'s credit rules, else the text of a byline element
 * (class "author", "reporter", "byline", ...) near the headline.
 */
static int page_people(const struct warta_page *pg, struct warta_record *rec,
                       const struct scan *sc, int have_head, uint32_t head,
                       const struct sites *sites)
{
    for (size_t i = 0; i < sc->ncredits; i++) {
        if (have_head && sc->credits[i].at + NEAR_BEFORE < head)
            continue;
        const GumboNode *b = sc->credits[i].n->parent;
        for (int up = 0; b && up < 3; up++, b = b->parent) {
            const char *l = short_line(pg, b);
            if (!l)
                break;
            size_t k = credit_label(l, strlen(l));
            const char *c = l + k + strspn(l + k, " \t");
            /* "<strong>Reporter :</strong> Issha Harruma": the label
             * alone is no line yet, its cell is. */
            if (k && *c == ':' && c[1 + strspn(c + 1, " \t")]) {
                if (!clean_text(pg, l, WARTA_CLEAN_CREDITS, rec))
                    return W_NOMEM;
                break;
            }
        }
    }
    if (record_get(rec, WARTA_F_AUTHORS) || !have_head)
        return W_OK;
    for (size_t i = 0; i < sc->nbylines; i++) {
        const struct near *b = &sc->bylines[i];
        if (b->at + NEAR_BEFORE < head || b->at > head + NEAR_AFTER)
            continue;
        const char *l = short_line(pg, b->n);
        if (!l || !*l)
            continue;
        int rc = byline_names(pg, rec, l, sites);
        if (rc || record_get(rec, WARTA_F_AUTHORS))
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
    struct sites sites = {{0}, 0, {0}};
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
    host_label(pg->url, sites.label, sizeof sites.label);
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

    /* Dates: meta, microdata, <time> marked as the publication time or
     * inside <article>/<main>; then guesses, each kept only when it
     * agrees with a date in the permalink: a date with a time next to
     * the headline, the first <time datetime>, a <time> without one,
     * and a short element with a class or id word like "date" or
     * "tanggal" inside <article>/<main> or after the <h1> (not before
     * it: page headers show today's date). A date without a time is
     * completed by the headline's date of the same day. */
    uint32_t head = 0;
    int have_head = find_headline(pg, sc, record_get(rec, WARTA_F_TITLE),
                                  &head);
    const char *near = have_head ? near_date(sc, head) : NULL;
    long uday = url_day(pg->url);
    if (near && !day_ok(near, uday))
        near = NULL;
    if (!rc)
        rc = fill_date(pg, rec, WARTA_F_PUBLISHED,
                       meta_first(mb, WARTA_F_PUBLISHED));
    const GumboNode *times[3] = {sc->published, sc->time_marked,
                                 sc->time_article};
    for (int i = 0; !rc && i < 3; i++)
        if (times[i])
            rc = fill_date(pg, rec, WARTA_F_PUBLISHED,
                           elem_date(pg, times[i]));
    if (!rc && near)
        rc = fill_date(pg, rec, WARTA_F_PUBLISHED, near);
    const GumboNode *guess[4] = {sc->time_any, sc->time_text,
                                 sc->date_article, sc->date_after_h1};
    for (int i = 0; !rc && i < 4; i++)
        if (guess[i])
            rc = fill_guess(rec, elem_date(pg, guess[i]), uday);
    const char *pub = record_get(rec, WARTA_F_PUBLISHED);
    if (!rc && pub && strlen(pub) == 10 && near && !strncmp(near, pub, 10))
        rc = record_set(rec, WARTA_F_PUBLISHED, near);
    if (!rc)
        rc = fill_date(pg, rec, WARTA_F_MODIFIED,
                       meta_first(mb, WARTA_F_MODIFIED));
    if (!rc && sc->modified)
        rc = fill_date(pg, rec, WARTA_F_MODIFIED, elem_date(pg, sc->modified));

    /* People, section, tags. */
    if (!rc)
        rc = fill_list(pg, rec, WARTA_F_AUTHORS, mb, WARTA_F_AUTHORS,
                       &sites);
    if (!rc && sc->author && !record_get(rec, WARTA_F_AUTHORS)) {
        const GumboNode *name =
            dom_select_one(pg, sc->author, "[itemprop=name]");
        rc = add_author(pg, rec, dom_line(pg, name ? name : sc->author),
                        &sites);
    }
    /* Microformats: <a rel=author>, hCard .fn inside .author/.vcard;
     * then credit lines and bylines around the headline. */
    const GumboNode *byline[2] = {sc->rel_author, sc->hcard_author};
    for (int i = 0; i < 2; i++)
        if (!rc && byline[i] && !record_get(rec, WARTA_F_AUTHORS))
            rc = add_author(pg, rec, dom_line(pg, byline[i]), &sites);
    if (!rc && !record_get(rec, WARTA_F_AUTHORS))
        rc = page_people(pg, rec, sc, have_head, head, &sites);
    /* A section is a name, not a host ("lifestyle.okezone.com"). */
    const char *sec[2] = {meta_first(mb, WARTA_F_SECTION),
                          sc->section ? dom_line(pg, sc->section) : NULL};
    for (int i = 0; !rc && i < 2; i++)
        if (sec[i] && !(strchr(sec[i], '.') && !strchr(sec[i], ' ')))
            rc = fill(pg, rec, WARTA_F_SECTION, sec[i]);
    if (!rc)
        rc = fill_list(pg, rec, WARTA_F_TAGS, mb, WARTA_F_TAGS, &sites);
    if (!rc)
        rc = fill_list(pg, rec, WARTA_F_TAGS, mb, M_KEYS, &sites);
    if (!rc && sc->keywords && !record_get(rec, WARTA_F_TAGS)) {
        /* <span itemprop=keywords>a, b</span> or its content. */
        const char *k = dom_attr(sc->keywords, "content");
        size_t count = 0;
        rc = add_tags(pg, rec, k ? k : dom_line(pg, sc->keywords), &count);
    }

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
