/* SPDX-License-Identifier: MIT */
/*
 * A text-density heuristic in the family of Arc90's Readability, done in
 * two linear passes over the tree instead of Readability's repeated
 * rescans.
 *
 * Pass 1 (one iterative walk) collects per element: visible characters,
 * characters inside links, punctuation, images, and "paragraph units":
 * runs of inline text owned by one block element, cut at child blocks and
 * at <br><br>. A unit of 25 characters or more that is not mostly a link
 * scores 1 + commas + half the sentence ends + one point per 100
 * characters (at most 3). The score goes to the element holding the text
 * (a <div>/<td> with <br><br> paragraphs) or to the parent of a <p>, half
 * of it to the next ancestor and a third to the one above. An element's
 * final score is score x (1 + class/id/tag weight / 50) x (1 - link
 * density).
 *
 * The best element wins, an [itemprop=articleBody] holding most of its
 * paragraph text wins over it, and siblings of the winner that also score
 * (a body split by ad slots) are merged by returning the parent and
 * dropping the parent's other children. A winner that is one of three or
 * more look-alike siblings holding under 70% of their text is a teaser on
 * an index page: no body.
 *
 * Pass 2 walks the winner and drops what news templates put inside
 * article bodies: elements with negative class/id hints (share, related,
 * tags, caption, comment...), link-dense blocks ("Baca juga" lines,
 * related lists), image blocks with short captions, the h1, asides and
 * figures. Nothing that holds more than half of the paragraph text, and no
 * ancestor of the best unit container, is ever dropped.
 */
#define _GNU_SOURCE
#include "config.h"
#include "readable.h"
#include "dates.h"
#include "dom.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define NONE UINT32_MAX
#define UNIT_MIN 25         /* characters for a paragraph unit */
#define BODY_MIN_PTEXT 50   /* paragraph characters for a body at all */

struct rstat {
    const GumboNode *node;
    const char *first;      /* first visible text node in the subtree */
    uint32_t parent;        /* index of the parent element or NONE */
    uint32_t size;          /* elements in the subtree, itself included */
    uint32_t text, link;    /* visible characters, those inside <a> */
    uint32_t punct;         /* commas and sentence ends */
    uint32_t ptext, units;  /* characters in paragraph units, units */
    uint32_t imgs;
    float score;            /* from units (not aggregated) */
    int16_t weight;         /* class/id/tag weight */
    uint8_t protect;        /* never dropped by the cleaning pass */
    uint8_t dropped;        /* chosen to be dropped (see defer_drop) */
};

/* Per open element during pass 1. */
struct rframe {
    uint32_t idx;
    uint32_t owner;         /* depth of the block that owns its text */
    uint32_t cur_len, cur_link, cur_commas, cur_ends;
    uint8_t brs, in_link;
};

struct rctx {
    const struct warta_page *pg;
    struct rstat *st;
    size_t n, cap;
    struct rframe *fr;
    size_t fcap;
    uint32_t *drop;         /* stats indices to drop if a body is found */
    size_t ndrop, dcap;
    uint64_t dropped_ptext; /* their paragraph characters */
    int err;
};

/* ---- class and id hints ------------------------------------------------- */

enum { HINT_PREFIX = 0, HINT_EXACT = 1 };
struct hint {
    const char *word;
    unsigned char exact;
};

/* Boilerplate around and inside articles, English and Indonesian. */
static const struct hint negative[] = {
    {"nav", HINT_PREFIX},        {"menu", HINT_PREFIX},
    {"footer", HINT_PREFIX},     {"foot", HINT_EXACT},
    {"sidebar", HINT_PREFIX},    {"related", HINT_PREFIX},
    {"share", HINT_PREFIX},      {"sharing", HINT_PREFIX},
    {"social", HINT_PREFIX},     {"sosmed", HINT_PREFIX},
    {"comment", HINT_PREFIX},    {"komentar", HINT_PREFIX},
    {"disqus", HINT_PREFIX},     {"caption", HINT_PREFIX},
    {"breadcrumb", HINT_PREFIX},
    {"crumb", HINT_PREFIX},      {"tag", HINT_EXACT},
    {"tags", HINT_EXACT},        {"tagged", HINT_EXACT},
    {"taglist", HINT_EXACT},     {"tagcloud", HINT_EXACT},
    {"topik", HINT_EXACT},       {"banner", HINT_PREFIX},
    {"ad", HINT_EXACT},          {"ads", HINT_EXACT},
    {"adsbygoogle", HINT_EXACT}, {"advert", HINT_PREFIX},
    {"iklan", HINT_PREFIX},      {"promo", HINT_PREFIX},
    {"sponsor", HINT_PREFIX},    {"popular", HINT_PREFIX},
    {"populer", HINT_PREFIX},    {"terpopuler", HINT_PREFIX},
    {"trending", HINT_PREFIX},   {"terkait", HINT_PREFIX},
    {"baca", HINT_EXACT},        {"bacajuga", HINT_EXACT},
    {"lainnya", HINT_PREFIX},    {"rekomendasi", HINT_PREFIX},
    {"recommend", HINT_PREFIX},  {"newsletter", HINT_PREFIX},
    {"subscribe", HINT_PREFIX},  {"pagination", HINT_PREFIX},
    {"pager", HINT_EXACT},       {"outbrain", HINT_PREFIX},
    {"taboola", HINT_PREFIX},    {"mgid", HINT_PREFIX},
    {"bagikan", HINT_PREFIX},    {"follow", HINT_PREFIX},
    {"rss", HINT_EXACT},         {"gallery", HINT_PREFIX},
    {"galeri", HINT_PREFIX},     {"photo", HINT_PREFIX},
    {"foto", HINT_PREFIX},       {"thumb", HINT_PREFIX},
    {"more", HINT_EXACT},        {"lihat", HINT_EXACT},
    {"tweet", HINT_EXACT},       {"instagram", HINT_PREFIX},
    {"tiktok", HINT_PREFIX},
};

/* Weak: bylines, dates and page chrome; short blocks are dropped.
 * "widget" is here, not above: Elementor wraps post content in
 * "elementor-widget-container". */
static const struct hint weak[] = {
    {"widget", HINT_PREFIX},
    {"meta", HINT_EXACT},      {"date", HINT_EXACT},
    {"time", HINT_EXACT},      {"author", HINT_PREFIX},
    {"byline", HINT_PREFIX},   {"penulis", HINT_PREFIX},
    {"reporter", HINT_PREFIX}, {"editor", HINT_PREFIX},
    {"info", HINT_EXACT},      {"tools", HINT_EXACT},
    {"toolbar", HINT_PREFIX},  {"print", HINT_PREFIX},
    {"masthead", HINT_PREFIX}, {"header", HINT_PREFIX},
    {"modal", HINT_PREFIX},    {"popup", HINT_PREFIX},
    {"cookie", HINT_PREFIX},   {"login", HINT_PREFIX},
    {"hidden", HINT_EXACT},    {"title", HINT_EXACT},
    {"judul", HINT_EXACT},     {"copyright", HINT_PREFIX},
    {"datetime", HINT_EXACT},  {"published", HINT_EXACT},
    {"tanggal", HINT_EXACT},   {"tgl", HINT_EXACT},
    {"waktu", HINT_EXACT},
};

static const struct hint positive[] = {
    {"article", HINT_PREFIX}, {"artikel", HINT_PREFIX},
    {"content", HINT_PREFIX}, {"konten", HINT_PREFIX},
    {"entry", HINT_PREFIX},   {"post", HINT_PREFIX},
    {"text", HINT_PREFIX},    {"txt", HINT_PREFIX},
    {"story", HINT_PREFIX},   {"body", HINT_PREFIX},
    {"main", HINT_PREFIX},    {"detail", HINT_PREFIX},
    {"isi", HINT_EXACT},      {"berita", HINT_EXACT},
    {"news", HINT_EXACT},     {"read", HINT_EXACT},
    {"single", HINT_EXACT},   {"naskah", HINT_EXACT},
};

/* The three lists indexed by a word's first letter, so that a token is
 * compared with the few words that can match it (built once). */
#define HINT_TOTAL                                                         \
    (sizeof negative / sizeof *negative + sizeof weak / sizeof *weak +    \
     sizeof positive / sizeof *positive)
enum { HINT_NEG = 1, HINT_WEAK = 2, HINT_POS = 4 };
struct hint_ref {
    const char *word;
    unsigned char len, exact, kind;
};
static struct hint_ref hint_refs[HINT_TOTAL];
static uint16_t hint_start[27]; /* 'a'..'z': [start, next start) */
static pthread_once_t hint_once = PTHREAD_ONCE_INIT;

static void hint_index(void)
{
    static const struct {
        const struct hint *h;
        size_t n;
        unsigned char kind;
    } lists[] = {
        {negative, sizeof negative / sizeof *negative, HINT_NEG},
        {weak, sizeof weak / sizeof *weak, HINT_WEAK},
        {positive, sizeof positive / sizeof *positive, HINT_POS},
    };
    uint16_t count[27] = {0};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l].n; i++)
            count[lists[l].h[i].word[0] - 'a' + 1]++;
    for (size_t c = 1; c < 27; c++)
        count[c] = (uint16_t)(count[c] + count[c - 1]);
    memcpy(hint_start, count, sizeof hint_start);
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l].n; i++) {
            const struct hint *h = &lists[l].h[i];
            struct hint_ref *r = &hint_refs[count[h->word[0] - 'a']++];
            r->word = h->word;
            r->len = (unsigned char)strlen(h->word);
            r->exact = h->exact;
            r->kind = lists[l].kind;
        }
}

/* HINT_NEG, HINT_WEAK and HINT_POS of the lists with a word matching the
 * lower-case token tok[0..len): an exact word equals it, a prefix word
 * starts it. */
static unsigned hint_hits(const char *tok, size_t len)
{
    unsigned kinds = 0;
    size_t c = (size_t)(tok[0] - 'a');
    for (size_t i = hint_start[c]; i < hint_start[c + 1]; i++) {
        const struct hint_ref *r = &hint_refs[i];
        if ((r->exact ? len == r->len : len >= r->len) &&
            memcmp(tok, r->word, r->len) == 0)
            kinds |= r->kind;
    }
    return kinds;
}

/* Scan class and id into tokens split at anything not a letter. */
static void scan_hints(const char *v, int *neg, int *wk, int *pos)
{
    char tok[32];
    size_t k = 0;
    unsigned kinds = 0;
    for (const char *p = v;; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c >= 'a' && c <= 'z') {
            if (k < sizeof tok)
                tok[k] = c;
            k++;
            continue;
        }
        if (k && k <= sizeof tok)
            kinds |= hint_hits(tok, k);
        k = 0;
        if (!c)
            break;
    }
    *neg |= (kinds & HINT_NEG) != 0;
    *wk |= (kinds & HINT_WEAK) != 0;
    *pos |= (kinds & HINT_POS) != 0;
}

/* Class/id hint: -25 strong negative, -10 weak or a strong negative
 * next to a positive word ("comment-content", "post-share": let links
 * and length decide), +25 positive, 0; itemprop=articleBody is +40. */
static int hint_weight(const char *c, const char *id, const char *ip)
{
    int neg = 0, wk = 0, pos = 0;
    if (ip && strcasecmp(ip, "articleBody") == 0)
        return 40;
    if (c)
        scan_hints(c, &neg, &wk, &pos);
    if (id)
        scan_hints(id, &neg, &wk, &pos);
    if (neg)
        return pos ? -10 : -25;
    if (wk)
        return -10;
    return pos ? 25 : 0;
}

static int tag_weight(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ARTICLE:
        return 10;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_MAIN:
        return 5;
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
        return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
        return -5;
    default:
        return 0;
    }
}

/* Elements whose own text scores for themselves: a <div> of <br><br>
 * paragraphs is the body; the text of a <p> scores for its parent. */
static int is_container(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
        return 1;
    default:
        return 0;
    }
}

static int owns_text(GumboTag t)
{
    return dom_tag_block(t) || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH;
}

/* ---- pass 1 ------------------------------------------------------------- */

/* Visible characters (code points, whitespace runs as one) and
 * punctuation of a text node. */
static void measure(const char *s, uint32_t *len, uint32_t *commas,
                    uint32_t *ends)
{
    uint32_t n = 0, c = 0, e = 0;
    int space = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char b = *p;
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' ||
            (b == 0xc2 && p[1] == 0xa0)) {
            if (b == 0xc2)
                p++;
            if (!space)
                n++;
            space = 1;
            continue;
        }
        space = 0;
        if ((b & 0xc0) != 0x80)
            n++;
        if (b == ',')
            c++;
        else if (b == '.' || b == '!' || b == '?')
            e++;
    }
    if (space && n)
        n--; /* a trailing run is not a character */
    *len = n;
    *commas = c;
    *ends = e;
}

static struct rframe *frame_at(struct rctx *c, size_t d)
{
    if (d >= c->fcap) {
        size_t cap = c->fcap ? c->fcap * 2 : 128;
        while (cap <= d)
            cap *= 2;
        struct rframe *f = w_realloc(c->fr, cap * sizeof *f);
        if (!f) {
            c->err = W_NOMEM;
            return NULL;
        }
        c->fr = f;
        c->fcap = cap;
    }
    return &c->fr[d];
}

/* Close the paragraph unit collected by owner frame o. */
static void flush_unit(struct rctx *c, struct rframe *o)
{
    uint32_t len = o->cur_len, link = o->cur_link;
    float commas = (float)o->cur_commas, ends = (float)o->cur_ends;
    o->cur_len = o->cur_link = o->cur_commas = o->cur_ends = 0;
    o->brs = 0;
    if (len < UNIT_MIN || link * 2 >= len)
        return;
    struct rstat *s = &c->st[o->idx];
    s->ptext += len;
    s->units++;
    float score = 1.0f + commas + ends / 2 + (float)(len / 100 > 3 ? 3
                                                        : len / 100);
    uint32_t t = is_container(s->node->v.element.tag) ? o->idx : s->parent;
    for (int lvl = 0; lvl < 3 && t != NONE; lvl++) {
        c->st[t].score += score / (float)(lvl + 1);
        t = c->st[t].parent;
    }
}

/* The attributes pass 1 reads, fetched in one pass per element. */
enum { RA_HIDDEN, RA_STYLE, RA_CLASS, RA_ID, RA_ITEMPROP, RA__COUNT };
static const char *const pass1_attrs[RA__COUNT] = {"hidden", "style",
                                                   "class", "id",
                                                   "itemprop"};

/* Is n left out of the scoring? a gets its pass1_attrs when it is not
 * skipped for its type, tag or mark. */
static int skipped(const struct warta_page *pg, const GumboNode *n,
                   const char **a)
{
    if (n->type == GUMBO_NODE_TEMPLATE ||
        dom_tag_skipped(n->v.element.tag) || dom_is_marked(pg, n))
        return 1;
    dom_attrs(n, pass1_attrs, RA__COUNT, a);
    return dom_hidden_by(a[RA_HIDDEN], a[RA_STYLE]);
}

static int pass1(struct rctx *c, const GumboNode *root)
{
    struct dom_walk w;
    const GumboNode *node;
    enum dom_event ev;
    dom_walk_init(&w, root);
    while (!c->err && dom_walk_next(&w, &node, &ev)) {
        size_t d = dom_walk_depth(&w);
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
            if (d == 0)
                continue;
            struct rframe *pf = &c->fr[d - 1];
            struct rstat *ps = &c->st[pf->idx];
            uint32_t len, commas, ends;
            measure(node->v.text.text, &len, &commas, &ends);
            if (!len)
                continue;
            struct rframe *o = &c->fr[pf->owner];
            o->cur_len += len + (o->cur_len ? 1 : 0);
            o->cur_commas += commas;
            o->cur_ends += ends;
            o->brs = 0;
            ps->text += len;
            ps->punct += commas + ends;
            if (pf->in_link) {
                o->cur_link += len;
                ps->link += len;
            }
            if (!ps->first)
                ps->first = node->v.text.text;
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT &&
            node->type != GUMBO_NODE_TEMPLATE)
            continue;
        const char *a[RA__COUNT];
        if (ev == DOM_ENTER && skipped(c->pg, node, a)) {
            dom_walk_skip(&w);
            struct rframe *f = frame_at(c, d);
            if (!f)
                break;
            f->idx = NONE; /* its DOM_LEAVE is ignored */
            continue;
        }
        GumboTag tag = node->v.element.tag;
        if (ev == DOM_ENTER) {
            if (c->n == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 1024;
                struct rstat *st = w_realloc(c->st, cap * sizeof *st);
                if (!st) {
                    c->err = W_NOMEM;
                    break;
                }
                c->st = st;
                c->cap = cap;
            }
            struct rframe *f = frame_at(c, d);
            if (!f)
                break;
            uint32_t idx = (uint32_t)c->n++;
            struct rstat *s = &c->st[idx];
            memset(s, 0, sizeof *s);
            s->node = node;
            s->parent = d ? c->fr[d - 1].idx : NONE;
            s->size = 1;
            s->weight = (int16_t)(hint_weight(a[RA_CLASS], a[RA_ID],
                                              a[RA_ITEMPROP]) +
                                  tag_weight(tag));
            memset(f, 0, sizeof *f);
            f->idx = idx;
            f->in_link = (uint8_t)((d && c->fr[d - 1].in_link) ||
                                   tag == GUMBO_TAG_A);
            if (d && owns_text(tag))
                flush_unit(c, &c->fr[c->fr[d - 1].owner]);
            f->owner = owns_text(tag) || !d ? (uint32_t)d
                                             : c->fr[d - 1].owner;
            if (tag == GUMBO_TAG_IMG)
                s->imgs = 1;
            if (tag == GUMBO_TAG_BR) {
                struct rframe *o = &c->fr[f->owner];
                if (++o->brs >= 2)
                    flush_unit(c, o);
            }
            continue;
        }
        /* DOM_LEAVE: d is the depth the element had. */
        struct rframe *f = &c->fr[d];
        if (f->idx == NONE)
            continue;
        if (f->owner == d)
            flush_unit(c, f);
        struct rstat *s = &c->st[f->idx];
        if (s->parent != NONE) {
            struct rstat *p = &c->st[s->parent];
            p->size += s->size;
            p->text += s->text + (p->text && s->text ? 1 : 0);
            p->link += s->link;
            p->punct += s->punct;
            p->ptext += s->ptext;
            p->units += s->units;
            p->imgs += s->imgs;
            if (!p->first)
                p->first = s->first;
        }
    }
    if (w.error)
        c->err = w.error;
    dom_walk_cleanup(&w);
    return c->err;
}

/* ---- choosing ----------------------------------------------------------- */

static float link_density(const struct rstat *s)
{
    return s->text ? (float)s->link / (float)s->text : 0.0f;
}

/*
 * Readability adds the class weight to the score; here it scales it, so
 * that a lucky class name ("elementor-post__excerpt" has "post") on one
 * short paragraph cannot beat a body of six: weight w multiplies by
 * 1 + w/50 (+30 gives 1.6, -25 gives 0.5, -50 and below gives 0).
 */
static float final_score(const struct rstat *s)
{
    if (s->score <= 0)
        return 0;
    float f = 1.0f + (float)s->weight / 50.0f;
    if (f <= 0)
        return 0;
    return s->score * f * (1.0f - link_density(s));
}

/* Does the text start (after spaces and brackets) with one of leads? */
static int starts_with_any(const char *t, const char *const *leads, size_t n)
{
    if (!t)
        return 0;
    while (*t && ((unsigned char)*t <= ' ' || *t == '[' || *t == '(' ||
                  *t == '*' || *t == '-'))
        t++;
    for (size_t i = 0; i < n; i++)
        if (strncasecmp(t, leads[i], strlen(leads[i])) == 0)
            return 1;
    return 0;
}

/* A block introducing links to other articles ("Baca juga: ..."). */
static int related_lead(const char *t)
{
    static const char *const leads[] = {
        "baca juga",      "baca:",          "lihat juga",
        "simak juga",     "simak:",         "artikel terkait",
        "berita terkait", "related",        "read also",
        "read more",      "baca selengkapnya", "lihat:",
        "tonton juga",    "saksikan juga",  "baca berita",
        "simak video",    "tonton video",   "saksikan video",
        "lihat video",    "[gambas:",       "video:",
        "jangan lewatkan",
    };
    return starts_with_any(t, leads, sizeof leads / sizeof *leads);
}

/* Ad slot residue: only when that is all the block says. */
static int ad_lead(const char *t)
{
    static const char *const leads[] = {
        "advertisement", "iklan", "scroll to continue", "scroll to resume",
        "adsbygoogle",   "ads",   "sponsored",
    };
    return starts_with_any(t, leads, sizeof leads / sizeof *leads);
}

/* Is the sibling s a line break: <br>, a block, or nothing but white
 * space or a comment (which then does not count)? 1 break, 0 blank,
 * -1 text or an inline element. */
static int line_break(const GumboNode *s)
{
    if (s->type == GUMBO_NODE_WHITESPACE || s->type == GUMBO_NODE_COMMENT)
        return 0;
    if (s->type == GUMBO_NODE_TEXT) {
        const char *t = s->v.text.text;
        t += strspn(t, " \t\r\n\f");
        return *t ? -1 : 0;
    }
    if (s->type != GUMBO_NODE_ELEMENT)
        return -1;
    GumboTag t = s->v.element.tag;
    return t == GUMBO_TAG_BR || dom_tag_block(t) ? 1 : -1;
}

/* Is the link n alone on its line inside a block ("<h2>Jangan
 * Lewatkan</h2><a>Judul</a><br/><a>Judul</a><br/>")? Such a line is a
 * list of other articles, not a sentence of this one. */
static int link_line(const GumboNode *n)
{
    const GumboNode *par = n->parent;
    if (!par || par->type != GUMBO_NODE_ELEMENT ||
        !(dom_tag_block(par->v.element.tag) ||
          par->v.element.tag == GUMBO_TAG_TD))
        return 0;
    const GumboVector *ch = &par->v.element.children;
    size_t i = n->index_within_parent;
    for (size_t k = i; k-- > 0;) {
        int b = line_break(ch->data[k]);
        if (b < 0)
            return 0;
        if (b > 0)
            break;
    }
    for (size_t k = i + 1; k < ch->length; k++) {
        int b = line_break(ch->data[k]);
        if (b < 0)
            return 0;
        if (b > 0)
            break;
    }
    return 1;
}

/* Is the short block e only a date ("Kamis, 05 November 2015 | 11:13
 * WIB" between the headline and the body)? */
static int date_block(const struct rctx *c, const struct rstat *e)
{
    if (e->text >= 50 || e->units > 1 || !e->first)
        return 0;
    const char *l = dom_line(c->pg, e->node);
    char iso[48];
    size_t run = 0, year = 0;
    for (const char *p = l; p && *p; p++) {
        run = *p >= '0' && *p <= '9' ? run + 1 : 0;
        year |= run == 4;
    }
    return l && year && date_normalise(l, iso, sizeof iso) == W_OK;
}

/* Is every visible character of n inside <em>, <i> or <small>? */
static int emph_only(const GumboNode *n, int in)
{
    if (n->type == GUMBO_NODE_TEXT) {
        const char *t = n->v.text.text;
        return in || !t[strspn(t, " \t\r\n\f\xc2\xa0")];
    }
    if (n->type != GUMBO_NODE_ELEMENT)
        return 1;
    GumboTag t = n->v.element.tag;
    in |= t == GUMBO_TAG_EM || t == GUMBO_TAG_I || t == GUMBO_TAG_SMALL;
    const GumboVector *ch = &n->v.element.children;
    for (size_t i = 0; i < ch->length; i++)
        if (!emph_only(ch->data[i], in))
            return 0;
    return 1;
}

/* Does line l carry a photo credit ("Foto: Grammy", "(Foto/Antara)",
 * "Photo: AP", "Dok. Pribadi")? */
static int photo_credit(const char *l)
{
    static const char *const words[] = {"foto", "photo", "dok"};
    for (const char *p = l; p && *p; p++) {
        if (p > l && ((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z'))
            continue;
        for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
            size_t k = strlen(words[i]);
            if (strncasecmp(p, words[i], k) != 0)
                continue;
            const char *q = p + k;
            if (*q == '.' && i == 2)
                return 1;
            while (*q == ' ')
                q++;
            if (*q == ':' || *q == '/')
                return 1;
        }
    }
    return 0;
}

/* A photo caption left in the body: a short block, all in italics,
 * crediting a photo ("Taylor Swift memberikan standing ovation.
 * Foto: Grammy"). */
static int caption_block(const struct rctx *c, const struct rstat *e)
{
    if (e->text >= 300 || e->units > 1)
        return 0;
    if (!emph_only(e->node, 0))
        return 0;
    return photo_credit(dom_line(c->pg, e->node));
}

/* Should e (not the result, not protected) go? */
static int junk(const struct rctx *c, const struct rstat *e,
                const struct rstat *r)
{
    GumboTag tag = e->node->v.element.tag;
    float ld = link_density(e);
    uint32_t plain = e->text - e->link;
    if (e->ptext * 2 > r->ptext && r->ptext)
        return 0; /* holds most of the article */
    switch (tag) {
    case GUMBO_TAG_H1:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FOOTER:
        return 1;
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FORM:
        return e->ptext * 5 < r->ptext;
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
        if (ld > 0.3f)
            return 1;
        break;
    case GUMBO_TAG_TABLE:
        if (ld > 0.5f)
            return 1;
        break;
    default:
        break;
    }
    /* Inline elements stay: dropping a <span class="date"> or a link
     * would cut words out of a sentence. Their blocks are judged; a link
     * alone on its line is no sentence, it goes. */
    if (tag == GUMBO_TAG_A && e->text >= 15 && e->link == e->text)
        return link_line(e->node);
    if (!dom_tag_block(tag) && tag != GUMBO_TAG_TD && tag != GUMBO_TAG_TH)
        return 0;
    if (e->weight <= -20)
        return 1;
    if (e->weight <= -10 + tag_weight(tag) && e->units <= 1 &&
        e->text < 200)
        return 1;
    if (e->text && ld > 0.5f && plain < 200)
        return 1;
    if (e->imgs && e->text < 150 && e->units <= 1)
        return 1; /* a picture and its caption */
    if (e->text < 400 && e->units <= 1 && related_lead(e->first))
        return 1;
    if (e->text < 40 && ad_lead(e->first))
        return 1;
    if (caption_block(c, e))
        return 1;
    return date_block(c, e);
}

static void mark(struct rctx *c, const GumboNode *n)
{
    if (!c->err && dom_mark(c->pg, n) != W_OK)
        c->err = W_NOMEM;
}

/* Note element i for dropping. Nothing is marked until the remaining
 * text is known to be a body: a page the heuristic gives up on keeps
 * its tree intact for whatever the plugin does next. */
static void defer_drop(struct rctx *c, uint32_t i)
{
    if (c->err)
        return;
    if (c->ndrop == c->dcap) {
        size_t cap = c->dcap ? c->dcap * 2 : 64;
        uint32_t *d = w_realloc(c->drop, cap * sizeof *d);
        if (!d) {
            c->err = W_NOMEM;
            return;
        }
        c->drop = d;
        c->dcap = cap;
    }
    c->drop[c->ndrop++] = i;
    c->st[i].dropped = 1;
    c->dropped_ptext += c->st[i].ptext;
}

/* A pull quote: a <blockquote>, or a class/id starting with "quote",
 * "pullquote" or "kutipan". */
static int quote_like(const GumboNode *n)
{
    if (dom_is(n, GUMBO_TAG_BLOCKQUOTE))
        return 1;
    const char *v[2] = {dom_attr(n, "class"), dom_attr(n, "id")};
    for (int i = 0; i < 2; i++) {
        const char *p = v[i];
        while (p && *p) {
            while (*p && !((*p | 32) >= 'a' && (*p | 32) <= 'z'))
                p++;
            if (strncasecmp(p, "quote", 5) == 0 ||
                strncasecmp(p, "pullquote", 9) == 0 ||
                strncasecmp(p, "kutipan", 7) == 0)
                return 1;
            while ((*p | 32) >= 'a' && (*p | 32) <= 'z')
                p++;
        }
    }
    return 0;
}

/* Is the core of quote (without quotation marks and end punctuation)
 * found in body twice: once as the quote, once in a paragraph? */
static int repeated(const char *body, const char *quote)
{
    static const char *const marks[] = {"\"", "'", "\xe2\x80\x9c",
                                        "\xe2\x80\x9d", "\xe2\x80\x98",
                                        "\xe2\x80\x99", ".", ",", " "};
    size_t a = 0, b = strlen(quote);
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
            size_t k = strlen(marks[i]);
            if (b - a >= k && memcmp(quote + a, marks[i], k) == 0) {
                a += k;
                again = 1;
            }
            if (b - a >= k && memcmp(quote + b - k, marks[i], k) == 0) {
                b -= k;
                again = 1;
            }
        }
    }
    if (b - a < 20 || b - a > 400)
        return 0;
    char core[401];
    memcpy(core, quote + a, b - a);
    core[b - a] = '\0';
    const char *first = strcasestr(body, core);
    return first && strcasestr(first + 1, core) != NULL;
}

#define MAX_QUOTES 16

/* Pass 2: drop boilerplate inside the result r. Returns 1 when a body
 * remains (and the boilerplate is then dropped), 0 when not. */
static int clean(struct rctx *c, uint32_t r)
{
    struct dom_walk w;
    const GumboNode *node;
    enum dom_event ev;
    uint32_t idx = r;
    const GumboNode *quotes[MAX_QUOTES];
    size_t nq = 0;
    dom_walk_init(&w, c->st[r].node);
    while (!c->err && dom_walk_next(&w, &node, &ev)) {
        if (ev != DOM_ENTER || (node->type != GUMBO_NODE_ELEMENT &&
                                node->type != GUMBO_NODE_TEMPLATE))
            continue;
        if (idx >= c->n || c->st[idx].node != node) {
            dom_walk_skip(&w); /* skipped in pass 1: has no stats */
            continue;
        }
        const struct rstat *e = &c->st[idx];
        if (idx != r && (e->dropped || dom_is_marked(c->pg, node))) {
            idx += e->size;
            dom_walk_skip(&w);
            continue;
        }
        if (idx != r && !e->protect && junk(c, e, &c->st[r])) {
            defer_drop(c, idx);
            idx += e->size;
            dom_walk_skip(&w);
            continue;
        }
        if (idx != r && !e->protect && nq < MAX_QUOTES && e->text < 400 &&
            quote_like(node)) {
            quotes[nq++] = node;
            idx += e->size;
            dom_walk_skip(&w);
            continue;
        }
        idx++;
    }
    if (w.error)
        c->err = w.error;
    dom_walk_cleanup(&w);
    if (c->err)
        return 0;
    /* Without its boilerplate, is there a body left? */
    if (c->st[r].ptext < c->dropped_ptext + BODY_MIN_PTEXT)
        return 0;
    for (size_t i = 0; i < c->ndrop; i++)
        mark(c, c->st[c->drop[i]].node);
    if (!nq || c->err)
        return !c->err;
    /* Pull quotes repeat a sentence of the body: drop those that do. */
    const char *body = dom_text(c->pg, c->st[r].node);
    for (size_t i = 0; body && i < nq; i++) {
        const char *q = dom_line(c->pg, quotes[i]);
        if (q && repeated(body, q))
            mark(c, quotes[i]);
    }
    return !c->err;
}

/*
 * Is sibling s another part of the body whose best part is b? It must
 * score, carry real paragraphs (two, or a quarter of b's text: a caption
 * block with a lucky class name does not) and few links.
 */
static int part_of_body(const struct rstat *s, const struct rstat *b,
                        float threshold)
{
    if (s->weight < 0 || link_density(s) >= 0.25f)
        return 0;
    if (s->units < 2 && s->ptext * 4 < b->ptext)
        return 0;
    if (s->imgs && s->units < 2)
        return 0;
    return final_score(s) >= threshold ||
           (s->units >= 2 && s->ptext * 4 >= b->ptext);
}

/*
 * Merge siblings of the best candidate b that also hold article text:
 * returns the index of the element to use (b or its parent, whose other
 * children are then dropped).
 */
static uint32_t merge_siblings(struct rctx *c, uint32_t b)
{
    uint32_t p = c->st[b].parent;
    if (p == NONE)
        return b;
    float best = final_score(&c->st[b]);
    float threshold = best * 0.2f > 10 ? best * 0.2f : 10;
    /* Children of p are the elements after p in preorder, stepping over
     * subtrees. Two passes: decide, then drop. */
    uint32_t end = p + c->st[p].size, first = NONE, last = NONE;
    int others = 0;
    for (uint32_t i = p + 1; i < end; i += c->st[i].size) {
        const struct rstat *s = &c->st[i];
        int take = i == b || part_of_body(s, &c->st[b], threshold);
        if (take) {
            if (first == NONE)
                first = i;
            last = i;
            others |= i != b;
        }
    }
    if (!others)
        return b;
    for (uint32_t i = p + 1; i < end; i += c->st[i].size) {
        const struct rstat *s = &c->st[i];
        if (i >= first && i <= last) {
            /* Between merged parts: keep text paragraphs and subheads. */
            if (link_density(s) < 0.25f && s->weight > -10 &&
                (s->units || s->text < 120))
                continue;
        }
        int take = i == b || part_of_body(s, &c->st[b], threshold);
        if (!take && (s->text || s->imgs))
            defer_drop(c, i);
    }
    return p;
}

/* Next class token of *p without digits ("post-48213" is an id, not a
 * kind): its start and length in *len, or NULL at the end. */
static const char *kind_token(const char **p, size_t *len)
{
    for (;;) {
        const char *s = *p;
        while (*s == ' ' || *s == '\t' || *s == '\n')
            s++;
        if (!*s)
            return NULL;
        size_t n = strcspn(s, " \t\n");
        *p = s + n;
        if (strcspn(s, "0123456789") >= n) {
            *len = n;
            return s;
        }
    }
}

/* Same tag, and the same class tokens once ids are left out. */
static int alike(const GumboNode *a, const GumboNode *b)
{
    if (a->v.element.tag != b->v.element.tag)
        return 0;
    const char *ca = dom_attr(a, "class"), *cb = dom_attr(b, "class");
    if (!ca || !cb)
        return !ca && !cb && (dom_is(a, GUMBO_TAG_ARTICLE) ||
                              dom_is(a, GUMBO_TAG_LI));
    for (;;) {
        size_t la = 0, lb = 0;
        const char *ta = kind_token(&ca, &la), *tb = kind_token(&cb, &lb);
        if (!ta || !tb)
            return !ta && !tb;
        if (la != lb || memcmp(ta, tb, la) != 0)
            return 0;
    }
}

/*
 * Is b one teaser of a listing (a category or index page)? It is when b
 * or one of its two nearest ancestors is built like a teaser (a linked
 * heading, one or two paragraphs), has two or more siblings built the
 * same way (same tag and class, ids left out) and holds less than 70% of
 * its parent's paragraph text. An article next to related-post teasers
 * has an unlinked title and more paragraphs, so it stays an article.
 */
static int is_teaser(const struct rctx *c, uint32_t b)
{
    uint32_t a = b;
    for (int lvl = 0; lvl < 3 && a != NONE; lvl++, a = c->st[a].parent) {
        uint32_t p = c->st[a].parent;
        if (p == NONE)
            break;
        if ((uint64_t)c->st[a].ptext * 10 >= (uint64_t)c->st[p].ptext * 7 ||
            c->st[a].units > 2 ||
            !dom_select_one(c->pg, c->st[a].node,
                            "h1 a[href], h2 a[href], h3 a[href], "
                            "h4 a[href], a[href] h2, a[href] h3"))
            continue;
        int same = 0;
        uint32_t end = p + c->st[p].size;
        for (uint32_t i = p + 1; i < end && same < 3; i += c->st[i].size)
            same += alike(c->st[i].node, c->st[a].node);
        if (same >= 3)
            return 1;
    }
    return 0;
}

const GumboNode *readable_guess(const struct warta_page *pg)
{
    struct rctx c;
    const GumboNode *res = NULL;
    memset(&c, 0, sizeof c);
    c.pg = pg;
    if (!pg || !pg->doc || !pg->core || !pg->doc->root)
        return NULL;
    const GumboNode *root = pg->doc->root;
    if (root->type != GUMBO_NODE_ELEMENT || dom_is_marked(pg, root))
        return NULL;
    pthread_once(&hint_once, hint_index);
    if (pass1(&c, root))
        goto out;
    uint32_t b = NONE, ab = NONE;
    float bs = 0;
    for (uint32_t i = 0; i < c.n; i++) {
        float f = final_score(&c.st[i]);
        if (f > bs) {
            bs = f;
            b = i;
        }
        if (ab == NONE && c.st[i].ptext &&
            c.st[i].weight >= 40 + tag_weight(c.st[i].node->v.element.tag))
            ab = i; /* the first itemprop=articleBody with text */
    }
    if (b == NONE || c.st[b].ptext < BODY_MIN_PTEXT) {
        if (ab == NONE || c.st[ab].ptext < BODY_MIN_PTEXT)
            goto out;
        b = ab;
    } else if (ab != NONE && ab != b && c.st[ab].ptext * 2 >= c.st[b].ptext &&
               link_density(&c.st[ab]) < 0.5f) {
        b = ab;
    }
    /* The path from the best unit container up is never cleaned away. */
    uint32_t r = merge_siblings(&c, b);
    if (r == b && is_teaser(&c, b))
        goto out;
    for (uint32_t i = b; i != NONE; i = c.st[i].parent) {
        c.st[i].protect = 1;
        if (i == r)
            break;
    }
    if (clean(&c, r))
        res = c.st[r].node;
out:
    if (c.err)
        W_WARN("%s: readable heuristic: %s", pg->url ? pg->url : "",
               warta_strerror(c.err));
    w_free(c.st);
    w_free(c.fr);
    w_free(c.drop);
    return res;
}
