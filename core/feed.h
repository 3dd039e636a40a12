/* SPDX-License-Identifier: MIT */
/*
 * Feeds and sitemaps → links, streamed. One expat parser (namespace aware,
 * fed in chunks, gzip inflated in chunks on the way in) recognises the
 * document by its root element: RSS 2.0 (and 0.9x, RSS 1.0/RDF), Atom,
 * a sitemap index, a urlset, with Google News sitemap extensions. Each
 * link is handed to a callback as soon as its item ends, so a
 * 50,000-URL sitemap never exists in memory as a list. HTML is never
 * given to gumbo here: gumbo treats RSS's <link> as a void element.
 *
 * Hostile input is bounded: DOCTYPEs declaring entities are refused
 * (billion laughs, external entities; real feeds never declare any),
 * decompressed size, links per document and text per element all have
 * maximums.
 */
#ifndef WARTA_FEED_H
#define WARTA_FEED_H
#include <stddef.h>
#include "warta/plugin.h"

#define FEED_MAX_LINKS 100000             /* links per document */
#define FEED_MAX_TEXT (16 * 1024)         /* bytes of text per element */
#define FEED_MAX_INFLATED ((size_t)64 << 20) /* gzip output per document */

/*
 * Called once per link, in document order. kind is WARTA_LINK_INDEX for
 * a sitemap index's children and WARTA_LINK_ARTICLE otherwise. url is the
 * link as written (trimmed; may be relative in Atom: resolve it against
 * the feed's URL). published is ISO 8601 with its offset or a bare
 * "YYYY-MM-DD" (RSS pubDate / dc:date, Atom published else updated,
 * news:publication_date else lastmod), or NULL. title is the item's
 * title (RSS/Atom title, news:title) or NULL. All three strings are
 * borrowed for the call. Return 0 to go on; any other value stops the
 * parse and becomes feed_parse's return value.
 */
typedef int (*feed_link_fn)(void *ud, enum warta_link_kind kind,
                            const char *url, const char *published,
                            const char *title);

/* Limits and overrides; zero members take the defaults above. */
struct feed_opts {
    const char *encoding; /* force the input encoding ("UTF-8" for text
                           * already converted), NULL: as declared */
    size_t max_inflated;  /* FEED_MAX_INFLATED */
    size_t max_links;     /* FEED_MAX_LINKS */
};

/*
 * Parse n bytes (raw or gzip-compressed: magic 1f 8b) of a feed or
 * sitemap and call cb for each link. Returns:
 *   W_OK        the whole document was read;
 *   W_DECLINED  not a feed or sitemap (HTML, another XML vocabulary,
 *               not XML at all); cb was not called;
 *   W_PARSE     malformed XML, a refused DOCTYPE or a corrupt gzip
 *               stream: links before the error were delivered;
 *   W_TOOBIG    more than max_links links (the first max_links were
 *               delivered) or more than max_inflated decompressed bytes;
 *   W_NOMEM;
 *   or cb's non-zero return value.
 */
int feed_parse(const void *data, size_t n, feed_link_fn cb, void *ud);

/* Same with options (opts may be NULL). */
int feed_parse_opts(const void *data, size_t n, const struct feed_opts *opts,
                    feed_link_fn cb, void *ud);

/* Is this a feed or sitemap by its first bytes (gzip magic, or an XML
 * root element rss, rdf:RDF, feed, urlset or sitemapindex near the
 * start)? A cheap sniff for the fetch path; feed_parse decides. 1 or 0. */
int feed_sniff(const void *data, size_t n);
#endif
