/* SPDX-License-Identifier: MIT */
/*
 * DOM helpers over gumbo for plugin authors (host->select_one, select_all,
 * attr, drop, text, line) and for the core's own readers (meta.c,
 * readable.c). gumbo gives a tree and nothing else; every plugin needs the
 * same few things on top of it: CSS-like selection, "forget this ad
 * block", and the visible text of a subtree with paragraphs kept. Doing
 * them once here, iteratively (pages can nest 10,000 levels deep) and in
 * time linear in the page, keeps plugins short. See docs/DOM.md.
 */
#ifndef WARTA_DOM_H
#define WARTA_DOM_H
#include <stddef.h>
#include <gumbo.h>
#include "warta/plugin.h"

#define DOM_SEL_MAX_LEN 1024     /* longest selector accepted, bytes */
#define DOM_MAX_MATCHES (1u << 20) /* select_all results kept */
#define DOM_MAX_MARKS (1u << 20) /* dropped subtrees per page */

/*
 * The first element under scope (not scope itself; NULL scope = the whole
 * document) that matches sel, in document order, or NULL when none does
 * or sel is malformed (logged at warning level). Ancestors of scope take
 * part in matching ("article p" with scope = a div inside the article
 * finds its paragraphs); dropped subtrees never match.
 */
const GumboNode *dom_select_one(const struct warta_page *pg,
                                const GumboNode *scope, const char *sel);

/*
 * Every element under scope matching sel, in document order: *out gets
 * an array from the page's arena (NULL when nothing matched; out may be
 * NULL to count only). Returns the count; 0 for no match, a malformed
 * selector (logged) or exhausted memory. At most DOM_MAX_MATCHES.
 */
size_t dom_select_all(const struct warta_page *pg, const GumboNode *scope,
                      const char *sel, const GumboNode ***out);

/* Attribute value of an element (name is case-insensitive), or NULL for
 * a missing attribute or a node that is not an element. Borrowed. */
const char *dom_attr(const GumboNode *node, const char *name);

/*
 * dom_attr() for k names at once, in one pass over the attributes: out[i]
 * gets what dom_attr(node, names[i]) returns. For readers that look at
 * several attributes of every element.
 */
void dom_attrs(const GumboNode *node, const char *const *names, size_t k,
               const char **out);

/*
 * Exclude every subtree under scope matching sel from later selects,
 * text() and line(), and from the readable heuristic. A match inside
 * another match is not counted again. Returns how many subtrees were
 * dropped (0 on a malformed selector or exhausted memory).
 */
size_t dom_drop(const struct warta_page *pg, const GumboNode *scope,
                const char *sel);

/*
 * Visible text of a subtree, as an arena string: block elements (p, div,
 * section, article, h1-h6, li, blockquote, tr, figure, ...) and two <br>
 * with only whitespace between them separate paragraphs, joined by
 * "\n\n"; a single <br> is a "\n"; runs of whitespace (including &nbsp;)
 * become one space; zero-width spaces and soft hyphens are removed;
 * script, style, noscript, ins, iframe, template, svg, button, form
 * controls, hidden elements and dropped subtrees are left out (the node
 * passed itself is always read, so text(title) and text(script) work,
 * unless it is dropped). The result is trimmed. Returns "" for an empty
 * subtree or NULL node, NULL only on exhausted memory.
 */
char *dom_text(const struct warta_page *pg, const GumboNode *node);

/* dom_text() folded onto one line: every break becomes one space. */
char *dom_line(const struct warta_page *pg, const GumboNode *node);

/* --- for core modules --------------------------------------------------- */

/* Mark node as dropped. W_OK, W_TOOBIG past DOM_MAX_MARKS, W_NOMEM. */
int dom_mark(const struct warta_page *pg, const GumboNode *node);
/* Is node itself marked as dropped? */
int dom_is_marked(const struct warta_page *pg, const GumboNode *node);
/* Is node or one of its ancestors dropped? */
int dom_in_dropped(const struct warta_page *pg, const GumboNode *node);

/* Children of a document, element or template node; NULL for others. */
const GumboVector *dom_children(const GumboNode *node);
/* Lower-case tag name of an element ("div", or "amp-img" for a custom
 * element) into buf; "" for non-elements. Returns buf. */
const char *dom_tag_name(const GumboNode *node, char *buf, size_t bufsz);
/* Is the element's tag t? (0 for non-elements) */
int dom_is(const GumboNode *node, GumboTag t);
/* Tags whose content text() leaves out (script, style, ...). */
int dom_tag_skipped(GumboTag t);
/* Tags that start a paragraph in text() (p, div, li, h1, tr, ...). */
int dom_tag_block(GumboTag t);
/* Is the element hidden (hidden attribute, display:none)? */
int dom_hidden(const GumboNode *node);
/* dom_hidden() from the values of an element's hidden and style
 * attributes (either may be NULL). */
int dom_hidden_by(const char *hidden, const char *style);

/*
 * An iterative pre/post-order walk over a subtree with an explicit stack,
 * so that depth costs heap, not C stack. Every node yields DOM_ENTER;
 * nodes with children (document, element, template) also yield
 * DOM_LEAVE after their subtree, even when skipped.
 */
enum dom_event { DOM_ENTER = 1, DOM_LEAVE = 2 };
struct dom_frame {
    const GumboNode *node;
    unsigned int next; /* index of the next child to visit */
    unsigned int user; /* the caller's, see dom_walk_user(); starts 0 */
};
struct dom_walk {
    struct dom_frame *st;
    size_t n, cap;
    size_t depth;     /* ancestors inside the walk of the last event */
    int pending_skip; /* set by dom_walk_skip before the next step */
    int error;        /* W_NOMEM when the stack could not grow */
};
/* Start at root (may be NULL: the walk is then empty). */
void dom_walk_init(struct dom_walk *w, const GumboNode *root);
/* Next event: 1 with *node and *ev set, 0 at the end or on error
 * (w->error tells which). */
int dom_walk_next(struct dom_walk *w, const GumboNode **node,
                  enum dom_event *ev);
/* After a DOM_ENTER: do not descend into that node's children. */
void dom_walk_skip(struct dom_walk *w);
/* Depth of the node of the last event: how many of its ancestors are
 * inside the walk (0 for the root), the same at DOM_ENTER and DOM_LEAVE. */
size_t dom_walk_depth(const struct dom_walk *w);
/* A word the caller keeps with the node of the last event: 0 at its
 * DOM_ENTER, what was stored there at its DOM_LEAVE (per-element state
 * without a stack of one's own). */
unsigned int *dom_walk_user(struct dom_walk *w);
void dom_walk_cleanup(struct dom_walk *w);
#endif
