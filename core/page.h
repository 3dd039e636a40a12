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
 * url and content_type may be NULL. Returns W_OK, W_TOOBIG (over
 * PAGE_MAX_BYTES), W_PARSE (empty or binary input: not text), W_NOMEM.
 * On error the page needs no page_close().
 */
int page_open(struct page *pg, const char *url, const char *content_type,
              const void *bytes, size_t n);
void page_close(struct page *pg);
/* Replace the page's URL (e.g. with its canonical link). */
int page_set_url(struct page *pg, const char *url);
#endif
