/* SPDX-License-Identifier: MIT */
/*
 * A page on its way through a plugin: the bytes converted to UTF-8, the
 * gumbo tree, and the per-page arena every host allocation comes from.
 * page_open() takes bytes from any source (file, HTTP, WARC) so that all
 * paths share one conversion and one parser.
 */
#ifndef WARTA_PAGE_H
#define WARTA_PAGE_H
#include <stddef.h>
#include "arena.h"
#include "warta/plugin.h"

#define PAGE_MAX_BYTES ((size_t)64 << 20) /* refuse larger inputs */
/* Refuse HTML nested deeper than this: gumbo's tree construction is
 * quadratic in the depth of open elements (20,000 levels take about half
 * a second, 100,000 take twenty), and real pages stay under a few
 * hundred. */
#define PAGE_MAX_DEPTH 20000

struct dom_marks; /* dom.c: the set of dropped subtrees */

struct warta_page_core {
    struct arena arena;
    const char *plugin;       /* name for log prefixes, set per hook call */
    struct dom_marks *marks;  /* created by dom.c on first drop */
};

struct page {
    struct warta_page pub;    /* what plugins see */
    struct warta_page_core core;
    GumboOutput *gumbo;       /* owned; NULL for XML pages */
    char *utf8;               /* owned UTF-8 copy of the bytes */
    size_t utf8_len;
    char *url;                /* owned */
    char *content_type;       /* owned, may be NULL */
    char *charset;            /* owned: the charset the bytes were in */
};

/*
 * Prepare a page from raw bytes: detect the charset (BOM, the
 * content_type's charset=, <meta charset>, <meta http-equiv>, else UTF-8
 * with a windows-1252 fallback when invalid), convert to UTF-8 with iconv
 * replacing invalid bytes by U+FFFD, decide HTML or XML (feeds and
 * sitemaps are not given to gumbo), and parse HTML with gumbo.
 * url and content_type may be NULL (pub.url is then ""; pub.content_type
 * the sniffed "text/html" or "application/xml"). Returns W_OK, W_TOOBIG
 * (over PAGE_MAX_BYTES), W_PARSE (empty, whitespace-only or binary input,
 * or HTML nested deeper than PAGE_MAX_DEPTH), W_NOMEM. The page owns
 * copies of everything; bytes can be freed after the call. On error the
 * page needs no page_close(). See docs/DOM.md.
 */
int page_open(struct page *pg, const char *url, const char *content_type,
              const void *bytes, size_t n);
/* Release everything page_open() made; pg may be NULL or closed. */
void page_close(struct page *pg);
/* Replace the page's URL (e.g. with its canonical link). */
int page_set_url(struct page *pg, const char *url);

/*
 * Is s (the first bytes of a page, any ASCII-compatible charset) XML
 * rather than HTML? 1 for a feed or sitemap root (rss, feed, urlset,
 * sitemapindex, rdf:RDF) after whitespace, a BOM, the XML declaration,
 * comments and a non-HTML doctype; for another root after an XML
 * declaration; or for an *xml* content_type (not XHTML) whose body does
 * not start with <!DOCTYPE html>, <html>, <head> or <body>. 0 otherwise.
 */
int page_sniff_xml(const char *content_type, const char *s, size_t n);

/*
 * A cheap estimate of how deep gumbo's stack of open elements gets for
 * the HTML in s: start tags minus end tags, not counting void elements,
 * those that close their own kind (<p>, <li>, <td>, <a>, ...) and the
 * contents of raw-text elements. Stops early and returns a value above
 * cap once the depth passes cap. Linear in n.
 */
size_t page_depth_estimate(const char *s, size_t n, size_t cap);
#endif
