/* SPDX-License-Identifier: MIT */
/*
 * Selectors, dropped subtrees and text over a gumbo tree (see dom.h).
 *
 * Selectors are compiled per call into a fixed-size structure on the C
 * stack (bounded: DOM_SEL_MAX_LEN bytes, SEL_MAX_GROUPS groups,
 * SEL_MAX_PARTS compounds, SEL_MAX_TESTS simple tests), then matched top
 * down in one walk: for every element and every group we keep the set of
 * compound prefixes that match ending at the element (M) and at the
 * element or an ancestor (A), as bit masks. A compound i matches at e when
 * e satisfies it and bit i-1 is in M(parent) for a child combinator or in
 * A(parent) for a descendant one. This costs O(elements x compounds)
 * whatever the depth, where the usual right-to-left matching with
 * backtracking is exponential on deep trees.
 *
 * Dropped subtrees live in a pointer hash set in the page's arena.
 */
#define _GNU_SOURCE
#include "config.h"
#include "dom.h"
#include "buf.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define SEL_MAX_GROUPS 16
#define SEL_MAX_PARTS 64   /* compounds in all groups */
#define SEL_MAX_CHAIN 32   /* compounds in one group: bits of a mask */
#define SEL_MAX_TESTS 128  /* id/class/attribute tests in all compounds */
#define NOT_ENTERED UINT32_MAX

/* ---- the walker -------------------------------------------------------- */

/* dom_children(), inlined in the walker's hot loop. */
static inline const GumboVector *kids(const GumboNode *node)
{
    if (!node)
        return NULL;
    switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
        return &node->v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
        return &node->v.element.children;
    default:
        return NULL;
    }
}

const GumboVector *dom_children(const GumboNode *node) { return kids(node); }

static int walk_grow(struct dom_walk *w)
{
    size_t cap = w->cap ? w->cap * 2 : 64;
    struct dom_frame *st = w_realloc(w->st, cap * sizeof *st);
    if (!st) {
        w->error = W_NOMEM;
        return W_NOMEM;
    }
    w->st = st;
    w->cap = cap;
    return W_OK;
}

static inline int walk_push(struct dom_walk *w, const GumboNode *node)
{
    if (w->n == w->cap && walk_grow(w))
        return W_NOMEM;
    w->st[w->n].node = node;
    w->st[w->n].next = NOT_ENTERED;
    w->st[w->n].user = 0;
    w->n++;
    return W_OK;
}

void dom_walk_init(struct dom_walk *w, const GumboNode *root)
{
    memset(w, 0, sizeof *w);
    if (root)
        walk_push(w, root);
}

void dom_walk_cleanup(struct dom_walk *w)
{
    W_FREE(w->st);
    w->n = w->cap = 0;
}

void dom_walk_skip(struct dom_walk *w) { w->pending_skip = 1; }

size_t dom_walk_depth(const struct dom_walk *w) { return w->depth; }

unsigned int *dom_walk_user(struct dom_walk *w)
{
    return &w->st[w->depth].user;
}

/* The DOM_ENTER of the node on top of the stack. */
static inline int walk_enter(struct dom_walk *w, const GumboNode **node,
                      enum dom_event *ev)
{
    struct dom_frame *top = &w->st[w->n - 1];
    *node = top->node;
    *ev = DOM_ENTER;
    w->depth = w->n - 1;
    /* A leaf is popped silently next time. */
    top->next = kids(top->node) ? 0 : 1;
    return 1;
}

int dom_walk_next(struct dom_walk *w, const GumboNode **node,
                  enum dom_event *ev)
{
    if (w->pending_skip && w->n) {
        struct dom_frame *top = &w->st[w->n - 1];
        const GumboVector *ch = kids(top->node);
        if (ch)
            top->next = ch->length;
    }
    w->pending_skip = 0;
    while (w->n && !w->error) {
        struct dom_frame *top = &w->st[w->n - 1];
        if (top->next == NOT_ENTERED)
            return walk_enter(w, node, ev); /* the root */
        const GumboVector *ch = kids(top->node);
        if (!ch) {
            w->n--;
            continue;
        }
        if (top->next < ch->length) {
            const GumboNode *c = ch->data[top->next++];
            if (walk_push(w, c))
                return 0;
            return walk_enter(w, node, ev);
        }
        w->n--;
        *node = top->node;
        *ev = DOM_LEAVE;
        w->depth = w->n;
        return 1;
    }
    return 0;
}

/* ---- small element helpers --------------------------------------------- */

const char *dom_attr(const GumboNode *node, const char *name)
{
    if (!node || !name || (node->type != GUMBO_NODE_ELEMENT &&
                           node->type != GUMBO_NODE_TEMPLATE))
        return NULL;
    const GumboAttribute *a =
        gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? a->value : NULL;
}

void dom_attrs(const GumboNode *node, const char *const *names, size_t k,
               const char **out)
{
    for (size_t i = 0; i < k; i++)
        out[i] = NULL;
    if (!node || (node->type != GUMBO_NODE_ELEMENT &&
                  node->type != GUMBO_NODE_TEMPLATE))
        return;
    const GumboVector *at = &node->v.element.attributes;
    for (size_t j = 0; j < at->length; j++) {
        const GumboAttribute *a = at->data[j];
        /* First bytes compared before the whole name: two bytes equal
         * but for case are equal once bit 0x20 is set in both. */
        char c = (char)(a->name[0] | 0x20);
        for (size_t i = 0; i < k; i++)
            if (!out[i] && (char)(names[i][0] | 0x20) == c &&
                strcasecmp(a->name, names[i]) == 0)
                out[i] = a->value;
    }
}

int dom_is(const GumboNode *node, GumboTag t)
{
    return node &&
           (node->type == GUMBO_NODE_ELEMENT ||
            node->type == GUMBO_NODE_TEMPLATE) &&
           node->v.element.tag == t;
}

const char *dom_tag_name(const GumboNode *node, char *buf, size_t bufsz)
{
    if (!bufsz)
        return buf;
    buf[0] = '\0';
    if (!node || (node->type != GUMBO_NODE_ELEMENT &&
                  node->type != GUMBO_NODE_TEMPLATE))
        return buf;
    const GumboElement *el = &node->v.element;
    const char *name = NULL;
    size_t len = 0;
    if (el->tag != GUMBO_TAG_UNKNOWN) {
        name = gumbo_normalized_tagname(el->tag);
        len = strlen(name);
    } else if (el->original_tag.data && el->original_tag.length) {
        GumboStringPiece p = el->original_tag;
        gumbo_tag_from_original_text(&p);
        name = p.data;
        len = p.length;
    }
    if (!name)
        return buf;
    if (len >= bufsz)
        len = bufsz - 1;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    buf[len] = '\0';
    return buf;
}

int dom_tag_skipped(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
        return 1;
    default:
        return 0;
    }
}

int dom_tag_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_XMP:
        return 1;
    default:
        return 0;
    }
}

int dom_hidden(const GumboNode *node)
{
    if (!node || node->type != GUMBO_NODE_ELEMENT)
        return 0;
    if (dom_attr(node, "hidden"))
        return 1;
    return dom_hidden_by(NULL, dom_attr(node, "style"));
}

int dom_hidden_by(const char *hidden, const char *st)
{
    if (hidden)
        return 1;
    if (!st || !*st)
        return 0;
    /* Compare without spaces: "display : none" is display:none. */
    char tmp[256];
    size_t k = 0;
    for (const char *p = st; *p && k < sizeof tmp - 1; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            tmp[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    tmp[k] = '\0';
    return strstr(tmp, "display:none") || strstr(tmp, "visibility:hidden");
}

/* ---- dropped subtrees --------------------------------------------------- */

struct dom_marks {
    const GumboNode **slot;
    size_t cap, n; /* cap is a power of two */
};

static size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

int dom_is_marked(const struct warta_page *pg, const GumboNode *node)
{
    const struct dom_marks *m = pg && pg->core ? pg->core->marks : NULL;
    if (!m || !m->n || !node)
        return 0;
    size_t i = ptr_hash(node) & (m->cap - 1);
    while (m->slot[i]) {
        if (m->slot[i] == node)
            return 1;
        i = (i + 1) & (m->cap - 1);
    }
    return 0;
}

int dom_in_dropped(const struct warta_page *pg, const GumboNode *node)
{
    if (!pg || !pg->core || !pg->core->marks || !pg->core->marks->n)
        return 0;
    for (; node; node = node->parent)
        if (dom_is_marked(pg, node))
            return 1;
    return 0;
}

static void marks_put(struct dom_marks *m, const GumboNode *node)
{
    size_t i = ptr_hash(node) & (m->cap - 1);
    while (m->slot[i]) {
        if (m->slot[i] == node)
            return;
        i = (i + 1) & (m->cap - 1);
    }
    m->slot[i] = node;
    m->n++;
}

int dom_mark(const struct warta_page *pg, const GumboNode *node)
{
    if (!pg || !pg->core || !node)
        return W_ERR;
    struct warta_page_core *core = pg->core;
    struct dom_marks *m = core->marks;
    if (!m) {
        m = arena_alloc(&core->arena, sizeof *m);
        if (!m)
            return W_NOMEM;
        core->marks = m;
    }
    if (dom_is_marked(pg, node))
        return W_OK;
    if (m->n >= DOM_MAX_MARKS)
        return W_TOOBIG;
    if ((m->n + 1) * 2 > m->cap) {
        /* Rehash into a table twice the size; the old one stays in the
         * arena, which at most doubles what the set costs. */
        size_t cap = m->cap ? m->cap * 2 : 64;
        const GumboNode **slot =
            arena_alloc(&core->arena, cap * sizeof *slot);
        if (!slot)
            return W_NOMEM;
        struct dom_marks nm = {slot, cap, 0};
        for (size_t i = 0; i < m->cap; i++)
            if (m->slot[i])
                marks_put(&nm, m->slot[i]);
        *m = nm;
    }
    marks_put(m, node);
    return W_OK;
}

/* ---- selectors ---------------------------------------------------------- */

enum sel_kind {
    T_ID,
    T_CLASS,
    T_HAS,   /* [a] */
    T_EQ,    /* [a=v] */
    T_SUB,   /* [a*=v] */
    T_PRE,   /* [a^=v] */
    T_SUF,   /* [a$=v] */
    T_WORD,  /* [a~=v] */
    T_DASH,  /* [a|=v] */
};

struct sel_test {
    unsigned char kind;
    unsigned char icase;
    const char *name;
    const char *val;
    size_t vlen;
};

struct sel_part {
    GumboTag tag;         /* GUMBO_TAG_LAST: any element */
    const char *tagname;  /* for custom elements (GUMBO_TAG_UNKNOWN) */
    unsigned char child;  /* combinator to the part before: 1 = '>' */
    unsigned short test0, ntests;
};

struct sel_group {
    unsigned short part0, nparts;
};

struct selector {
    struct sel_test tests[SEL_MAX_TESTS];
    struct sel_part parts[SEL_MAX_PARTS];
    struct sel_group groups[SEL_MAX_GROUPS];
    unsigned ntests, nparts, ngroups;
    char names[2 * DOM_SEL_MAX_LEN + 2]; /* unescaped, NUL-ended names */
    size_t used;
    const char *err;
};

static int sel_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80 ||
           c == '\\';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 32) >= 'a' && (c | 32) <= 'f')
        return (c | 32) - 'a' + 10;
    return -1;
}

/* UTF-8 of code point cp (invalid ones as U+FFFD) into u; its length. */
static size_t utf8_put(unsigned long cp, char *u)
{
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) {
        u[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    u[0] = (char)(0xf0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    u[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Read an identifier at *p into the names area; lower case when asked.
 * Returns the copy or NULL (empty or no room). */
static const char *read_ident(struct selector *s, const char **p, int low)
{
    const char *q = *p;
    char *dst = s->names + s->used;
    size_t room = sizeof s->names - s->used, k = 0;
    while (*q && ident_char((unsigned char)*q)) {
        char c = *q++;
        if (c == '\\') {
            if (!*q)
                return NULL;
            unsigned long cp = 0;
            int nhex = 0;
            while (nhex < 6 && hexval(*q) >= 0) {
                cp = cp * 16 + (unsigned long)hexval(*q++);
                nhex++;
            }
            if (nhex) {
                /* CSS escape "\31 ": a code point, one space eaten. */
                if (sel_ws(*q))
                    q++;
                char u[4];
                size_t ul = utf8_put(cp, u);
                if (k + ul + 1 >= room)
                    return NULL;
                memcpy(dst + k, u, ul);
                k += ul;
                continue;
            }
            c = *q++;
        }
        if (low && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (k + 1 >= room)
            return NULL;
        dst[k++] = c;
    }
    if (!k)
        return NULL;
    dst[k] = '\0';
    s->used += k + 1;
    *p = q;
    return dst;
}

/* A quoted attribute value at *p (after the quote). */
static const char *read_quoted(struct selector *s, const char **p, size_t *len)
{
    const char *q = *p;
    char quote = *q++;
    char *dst = s->names + s->used;
    size_t room = sizeof s->names - s->used, k = 0;
    while (*q && *q != quote) {
        char c = *q++;
        if (c == '\\' && *q)
            c = *q++;
        if (k + 1 >= room)
            return NULL;
        dst[k++] = c;
    }
    if (*q != quote)
        return NULL;
    dst[k] = '\0';
    s->used += k + 1;
    *p = q + 1;
    *len = k;
    return dst;
}

static struct sel_test *new_test(struct selector *s, struct sel_part *part)
{
    if (s->ntests >= SEL_MAX_TESTS) {
        s->err = "too many tests";
        return NULL;
    }
    part->ntests++;
    return &s->tests[s->ntests++];
}

/* [name op value flags] at *p (after '['). */
static int parse_attr(struct selector *s, const char **p,
                      struct sel_part *part)
{
    const char *q = *p;
    while (sel_ws(*q))
        q++;
    struct sel_test *t = new_test(s, part);
    if (!t)
        return -1;
    t->name = read_ident(s, &q, 1);
    if (!t->name) {
        s->err = "attribute name expected";
        return -1;
    }
    while (sel_ws(*q))
        q++;
    t->kind = T_HAS;
    if (*q != ']') {
        switch (*q) {
        case '=': t->kind = T_EQ; break;
        case '*': t->kind = T_SUB; break;
        case '^': t->kind = T_PRE; break;
        case '$': t->kind = T_SUF; break;
        case '~': t->kind = T_WORD; break;
        case '|': t->kind = T_DASH; break;
        default:
            s->err = "attribute operator expected";
            return -1;
        }
        q += t->kind == T_EQ ? 1 : 2;
        if (t->kind != T_EQ && q[-1] != '=') {
            s->err = "attribute operator expected";
            return -1;
        }
        while (sel_ws(*q))
            q++;
        if (*q == '"' || *q == '\'')
            t->val = read_quoted(s, &q, &t->vlen);
        else {
            t->val = read_ident(s, &q, 0);
            t->vlen = t->val ? strlen(t->val) : 0;
        }
        if (!t->val) {
            s->err = "attribute value expected";
            return -1;
        }
        while (sel_ws(*q))
            q++;
        if ((*q == 'i' || *q == 'I') && (sel_ws(q[1]) || q[1] == ']')) {
            t->icase = 1;
            q++;
            while (sel_ws(*q))
                q++;
        }
    }
    if (*q != ']') {
        s->err = "']' expected";
        return -1;
    }
    *p = q + 1;
    return 0;
}

/* One compound selector at *p. */
static int parse_compound(struct selector *s, const char **p,
                          struct sel_part *part)
{
    const char *q = *p;
    int any = 0;
    part->tag = GUMBO_TAG_LAST;
    part->tagname = NULL;
    part->test0 = (unsigned short)s->ntests;
    part->ntests = 0;
    if (*q == '*') {
        q++;
        any = 1;
    } else if (ident_char((unsigned char)*q)) {
        const char *name = read_ident(s, &q, 1);
        if (!name) {
            s->err = "bad tag name";
            return -1;
        }
        part->tag = gumbo_tag_enum(name);
        if (part->tag == GUMBO_TAG_UNKNOWN)
            part->tagname = name;
        any = 1;
    }
    for (;;) {
        if (*q == '#' || *q == '.') {
            char c = *q++;
            struct sel_test *t = new_test(s, part);
            if (!t)
                return -1;
            t->kind = c == '#' ? T_ID : T_CLASS;
            t->val = read_ident(s, &q, 0);
            if (!t->val) {
                s->err = c == '#' ? "id expected" : "class expected";
                return -1;
            }
            t->vlen = strlen(t->val);
        } else if (*q == '[') {
            q++;
            if (parse_attr(s, &q, part))
                return -1;
        } else
            break;
        any = 1;
    }
    if (!any) {
        s->err = *q == ':' ? "pseudo-classes are not supported"
                           : "selector expected";
        return -1;
    }
    *p = q;
    return 0;
}

static int sel_compile(struct selector *s, const char *src)
{
    s->ntests = s->nparts = s->ngroups = 0;
    s->used = 0;
    s->err = NULL;
    if (!src) {
        s->err = "no selector";
        return -1;
    }
    if (strlen(src) > DOM_SEL_MAX_LEN) {
        s->err = "selector too long";
        return -1;
    }
    const char *p = src;
    for (;;) {
        while (sel_ws(*p))
            p++;
        if (s->ngroups >= SEL_MAX_GROUPS) {
            s->err = "too many groups";
            return -1;
        }
        struct sel_group *g = &s->groups[s->ngroups++];
        g->part0 = (unsigned short)s->nparts;
        g->nparts = 0;
        unsigned char comb = 0;
        for (;;) {
            if (s->nparts >= SEL_MAX_PARTS || g->nparts >= SEL_MAX_CHAIN) {
                s->err = "too many compounds";
                return -1;
            }
            struct sel_part *part = &s->parts[s->nparts];
            if (parse_compound(s, &p, part))
                return -1;
            part->child = comb;
            s->nparts++;
            g->nparts++;
            int ws = 0;
            while (sel_ws(*p)) {
                p++;
                ws = 1;
            }
            if (*p == '>') {
                comb = 1;
                p++;
                while (sel_ws(*p))
                    p++;
                continue;
            }
            if (*p == ',' || *p == '\0')
                break;
            if (*p == '+' || *p == '~') {
                s->err = "sibling combinators are not supported";
                return -1;
            }
            if (*p == ':') {
                s->err = "pseudo-classes are not supported";
                return -1;
            }
            if (!ws) {
                s->err = "unexpected character";
                return -1;
            }
            comb = 0;
        }
        if (*p == '\0')
            return 0;
        p++; /* ',' */
    }
}

/* Attributes whose values HTML compares case-insensitively. */
static int attr_icase(const char *name)
{
    static const char *const names[] = {"type", "rel", "http-equiv",
                                        "charset", "lang", "dir", "method",
                                        "target", "media", "align",
                                        "language", "scope"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int cmp_n(const char *a, const char *b, size_t n, int icase)
{
    return icase ? strncasecmp(a, b, n) : strncmp(a, b, n);
}

/* Does the whitespace-separated list in v contain the word w? */
static int has_word(const char *v, const char *w, size_t wl, int icase)
{
    if (!wl)
        return 0;
    const char *p = v;
    while (*p) {
        while (*p && sel_ws(*p))
            p++;
        const char *start = p;
        while (*p && !sel_ws(*p))
            p++;
        if ((size_t)(p - start) == wl && cmp_n(start, w, wl, icase) == 0)
            return 1;
    }
    return 0;
}

static int test_match(const GumboNode *e, const struct sel_test *t)
{
    const char *v;
    switch (t->kind) {
    case T_ID:
        v = dom_attr(e, "id");
        return v && strcmp(v, t->val) == 0;
    case T_CLASS:
        v = dom_attr(e, "class");
        return v && has_word(v, t->val, t->vlen, 0);
    default:
        break;
    }
    v = dom_attr(e, t->name);
    if (!v)
        return 0;
    int ic = t->icase || attr_icase(t->name);
    size_t vl = strlen(v);
    switch (t->kind) {
    case T_HAS:
        return 1;
    case T_EQ:
        return vl == t->vlen && cmp_n(v, t->val, vl, ic) == 0;
    case T_SUB:
        if (!t->vlen)
            return 0;
        return ic ? strcasestr(v, t->val) != NULL
                  : strstr(v, t->val) != NULL;
    case T_PRE:
        return t->vlen && vl >= t->vlen && cmp_n(v, t->val, t->vlen, ic) == 0;
    case T_SUF:
        return t->vlen && vl >= t->vlen &&
               cmp_n(v + vl - t->vlen, t->val, t->vlen, ic) == 0;
    case T_WORD:
        return has_word(v, t->val, t->vlen, ic);
    case T_DASH:
        return cmp_n(v, t->val, t->vlen, ic) == 0 &&
               (vl == t->vlen || v[t->vlen] == '-');
    default:
        return 0;
    }
}

static int part_match(const struct selector *s, const struct sel_part *p,
                      const GumboNode *e)
{
    if (e->type != GUMBO_NODE_ELEMENT && e->type != GUMBO_NODE_TEMPLATE)
        return 0;
    if (p->tag != GUMBO_TAG_LAST) {
        if (e->v.element.tag != p->tag)
            return 0;
        if (p->tagname) {
            char name[64];
            dom_tag_name(e, name, sizeof name);
            if (strcmp(name, p->tagname) != 0)
                return 0;
        }
    }
    for (unsigned i = 0; i < p->ntests; i++)
        if (!test_match(e, &s->tests[p->test0 + i]))
            return 0;
    return 1;
}

/* Masks of element e from its parent's: M (prefixes ending at e) and A
 * (prefixes ending at e or above) per group. Returns 1 when a group's
 * whole chain matches e. */
static int step_masks(const struct selector *s, const GumboNode *e,
                      const uint32_t *pm, const uint32_t *pa, uint32_t *m,
                      uint32_t *a)
{
    int hit = 0;
    for (unsigned g = 0; g < s->ngroups; g++) {
        const struct sel_group *gr = &s->groups[g];
        uint32_t mm = 0;
        for (unsigned i = 0; i < gr->nparts; i++) {
            const struct sel_part *p = &s->parts[gr->part0 + i];
            if (i > 0) {
                uint32_t need = (uint32_t)1 << (i - 1);
                if (!((p->child ? pm[g] : pa[g]) & need))
                    continue;
            }
            if (part_match(s, p, e))
                mm |= (uint32_t)1 << i;
        }
        m[g] = mm;
        a[g] = pa[g] | mm;
        if (mm & ((uint32_t)1 << (gr->nparts - 1)))
            hit = 1;
    }
    return hit;
}

enum sel_mode { SEL_ONE, SEL_ALL, SEL_DROP };

struct matches {
    const GumboNode **v;
    size_t n, cap;
};

static int matches_add(struct matches *r, const GumboNode *e)
{
    if (r->n >= DOM_MAX_MATCHES)
        return W_TOOBIG;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        const GumboNode **v = w_realloc(r->v, cap * sizeof *v);
        if (!v)
            return W_NOMEM;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = e;
    return W_OK;
}

static void sel_log(const struct warta_page *pg, const char *sel,
                    const char *why)
{
    const char *plugin = pg && pg->core && pg->core->plugin
                             ? pg->core->plugin
                             : "core";
    W_WARN("[plugin:%s] %s: invalid selector \"%.80s\": %s", plugin,
           pg && pg->url ? pg->url : "", sel ? sel : "(null)", why);
}

/*
 * The one matching walk behind select_one, select_all and drop. Returns
 * W_OK (results in r), or W_PARSE/W_NOMEM/W_TOOBIG.
 */
static int sel_run(const struct warta_page *pg, const GumboNode *scope,
                   const char *src, enum sel_mode mode, struct matches *r)
{
    struct selector s;
    struct dom_walk w;
    uint32_t *masks = NULL; /* per open frame: ngroups M then ngroups A */
    size_t mcap = 0;
    const GumboNode **chain = NULL;
    int rc = W_OK;
    memset(r, 0, sizeof *r);
    dom_walk_init(&w, NULL);
    if (sel_compile(&s, src)) {
        sel_log(pg, src, s.err);
        return W_PARSE;
    }
    if (!scope)
        scope = pg && pg->doc ? pg->doc->document : NULL;
    if (!scope || dom_in_dropped(pg, scope))
        return W_OK;
    unsigned ng = s.ngroups;
    /* Context: the masks of scope from the root down. */
    size_t depth = 0;
    for (const GumboNode *n = scope; n; n = n->parent)
        depth++;
    chain = w_malloc(depth * sizeof *chain);
    if (!chain)
        return W_NOMEM;
    size_t k = depth;
    for (const GumboNode *n = scope; n; n = n->parent)
        chain[--k] = n;
    uint32_t cm[2][SEL_MAX_GROUPS] = {{0}}, ca[2][SEL_MAX_GROUPS] = {{0}};
    int cur = 0;
    for (size_t i = 0; i < depth; i++) {
        step_masks(&s, chain[i], cm[cur], ca[cur], cm[!cur], ca[!cur]);
        cur = !cur;
    }
    W_FREE(chain);
    dom_walk_init(&w, scope);
    const GumboNode *node;
    enum dom_event ev;
    while (dom_walk_next(&w, &node, &ev)) {
        if (ev == DOM_LEAVE)
            continue;
        size_t d = dom_walk_depth(&w); /* scope is 0 */
        if ((d + 1) * 2 * ng > mcap) {
            size_t ncap = mcap ? mcap * 2 : 64 * 2 * ng;
            while (ncap < (d + 1) * 2 * ng)
                ncap *= 2;
            uint32_t *nm = w_realloc(masks, ncap * sizeof *nm);
            if (!nm) {
                rc = W_NOMEM;
                goto out;
            }
            masks = nm;
            mcap = ncap;
        }
        uint32_t *m = masks + d * 2 * ng, *a = m + ng;
        if (d == 0) {
            memcpy(m, cm[cur], ng * sizeof *m);
            memcpy(a, ca[cur], ng * sizeof *a);
            if (node->type == GUMBO_NODE_TEMPLATE)
                dom_walk_skip(&w);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT &&
            node->type != GUMBO_NODE_TEMPLATE)
            continue;
        if (dom_is_marked(pg, node)) {
            dom_walk_skip(&w);
            continue;
        }
        const uint32_t *pm = masks + (d - 1) * 2 * ng, *pa = pm + ng;
        int hit = step_masks(&s, node, pm, pa, m, a);
        if (node->type == GUMBO_NODE_TEMPLATE)
            dom_walk_skip(&w); /* inert content */
        if (!hit)
            continue;
        rc = matches_add(r, node);
        if (rc == W_TOOBIG) {
            W_WARN("%s: selector \"%.80s\" matched over %u elements, "
                   "the rest ignored",
                   pg && pg->url ? pg->url : "", src, DOM_MAX_MATCHES);
            rc = W_OK;
            break;
        }
        if (rc)
            goto out;
        if (mode == SEL_ONE)
            break;
        if (mode == SEL_DROP)
            dom_walk_skip(&w);
    }
    if (w.error)
        rc = w.error;
out:
    w_free(masks);
    dom_walk_cleanup(&w);
    if (rc) {
        W_FREE(r->v);
        r->n = r->cap = 0;
    }
    return rc;
}

const GumboNode *dom_select_one(const struct warta_page *pg,
                                const GumboNode *scope, const char *sel)
{
    struct matches r;
    if (!pg || sel_run(pg, scope, sel, SEL_ONE, &r))
        return NULL;
    const GumboNode *n = r.n ? r.v[0] : NULL;
    w_free(r.v);
    return n;
}

size_t dom_select_all(const struct warta_page *pg, const GumboNode *scope,
                      const char *sel, const GumboNode ***out)
{
    struct matches r;
    if (out)
        *out = NULL;
    if (!pg || !pg->core || sel_run(pg, scope, sel, SEL_ALL, &r))
        return 0;
    size_t n = r.n;
    if (n && out) {
        const GumboNode **v =
            arena_alloc(&pg->core->arena, n * sizeof *v);
        if (!v) {
            w_free(r.v);
            return 0;
        }
        memcpy(v, r.v, n * sizeof *v);
        *out = v;
    }
    w_free(r.v);
    return n;
}

size_t dom_drop(const struct warta_page *pg, const GumboNode *scope,
                const char *sel)
{
    struct matches r;
    if (!pg || !pg->core || sel_run(pg, scope, sel, SEL_DROP, &r))
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < r.n; i++)
        if (dom_mark(pg, r.v[i]) == W_OK)
            n++;
    w_free(r.v);
    return n;
}

/* ---- text --------------------------------------------------------------- */

enum { BRK_NONE = 0, BRK_SPACE, BRK_LINE, BRK_PARA };

struct text_out {
    struct buf b;
    int pending; /* break owed before the next visible character */
    int brs;     /* <br> since the last visible character */
    int one_line;
    int pre;     /* inside <pre>: newlines are kept */
    int err;
};

static void want(struct text_out *t, int brk)
{
    if (brk > t->pending)
        t->pending = brk;
}

static void put_visible(struct text_out *t, const char *s, size_t n)
{
    if (t->err)
        return;
    if (t->b.n && t->pending) {
        int brk = t->one_line ? BRK_SPACE : t->pending;
        const char *sep = brk == BRK_PARA ? "\n\n" : brk == BRK_LINE ? "\n"
                                                                     : " ";
        t->err = buf_adds(&t->b, sep);
    }
    t->pending = BRK_NONE;
    t->brs = 0;
    if (!t->err)
        t->err = buf_add(&t->b, s, n);
}

/* Length of a Unicode space at s (U+00A0, U+1680, U+2000-U+200A, U+202F,
 * U+205F, U+3000), or 0. */
static size_t uspace(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
        return 2;
    if (n < 3)
        return 0;
    if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xaf))
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
        return 3;
    if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
        return 3;
    return 0;
}

/* Length of an invisible character to remove (U+200B, U+2060, U+FEFF,
 * U+00AD), or 0. */
static size_t invisible(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xc2 && s[1] == 0xad)
        return 2;
    if (n < 3)
        return 0;
    if (s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0x8b)
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0xa0)
        return 3;
    if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
        return 3;
    return 0;
}

static void put_text(struct text_out *t, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0;
    while (i < n && !t->err) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            want(t, t->pre && c == '\n' ? BRK_LINE : BRK_SPACE);
            i++;
            continue;
        }
        size_t k = uspace(s + i, n - i);
        if (k) {
            want(t, BRK_SPACE);
            i += k;
            continue;
        }
        k = invisible(s + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        /* A run of ordinary characters up to the next candidate. */
        size_t j = i + 1;
        while (j < n && s[j] > ' ' && s[j] != 0xc2 && s[j] != 0xe1 &&
               s[j] != 0xe2 && s[j] != 0xe3 && s[j] != 0xef)
            j++;
        put_visible(t, text + i, j - i);
        i = j;
    }
}

static char *text_of(const struct warta_page *pg, const GumboNode *root,
                     int one_line)
{
    if (!pg || !pg->core)
        return NULL;
    struct arena *ar = &pg->core->arena;
    if (!root || dom_in_dropped(pg, root))
        return arena_strdup(ar, "");
    struct text_out t;
    memset(&t, 0, sizeof t);
    t.one_line = one_line;
    buf_init(&t.b, 2 * pg->len + 4096);
    struct dom_walk w;
    dom_walk_init(&w, root);
    const GumboNode *node;
    enum dom_event ev;
    char *res = NULL;
    while (!t.err && dom_walk_next(&w, &node, &ev)) {
        int is_root = node == root;
        switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            if (!is_root && dom_is_marked(pg, node))
                break;
            put_text(&t, node->v.text.text);
            break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            GumboTag tag = node->v.element.tag;
            if (ev == DOM_ENTER && !is_root &&
                (dom_tag_skipped(tag) || dom_is_marked(pg, node) ||
                 dom_hidden(node) || node->type == GUMBO_NODE_TEMPLATE)) {
                dom_walk_skip(&w);
                break; /* its DOM_LEAVE is skipped below */
            }
            if (ev == DOM_LEAVE && !is_root &&
                (dom_tag_skipped(tag) || dom_is_marked(pg, node) ||
                 dom_hidden(node) || node->type == GUMBO_NODE_TEMPLATE))
                break;
            if (tag == GUMBO_TAG_BR) {
                if (ev == DOM_LEAVE)
                    break;
                t.brs++;
                want(&t, t.brs >= 2 ? BRK_PARA : BRK_LINE);
            } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
                want(&t, BRK_SPACE);
            } else if (dom_tag_block(tag)) {
                want(&t, BRK_PARA);
                if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING)
                    t.pre += ev == DOM_ENTER ? 1 : -1;
            } else if (tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_WBR) {
                /* nothing: images are not text */
            }
            break;
        }
        default:
            break; /* comments, the document node */
        }
    }
    if (w.error)
        t.err = w.error;
    dom_walk_cleanup(&w);
    if (!t.err)
        res = arena_strndup(ar, buf_str(&t.b), t.b.n);
    buf_cleanup(&t.b);
    return res;
}

char *dom_text(const struct warta_page *pg, const GumboNode *node)
{
    return text_of(pg, node, 0);
}

char *dom_line(const struct warta_page *pg, const GumboNode *node)
{
    return text_of(pg, node, 1);
}
