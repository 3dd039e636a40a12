/* SPDX-License-Identifier: MIT */
/*
 * Article metadata that pages declare about themselves (host->read_meta):
 * JSON-LD (schema.org NewsArticle and kin), OpenGraph and article:* meta,
 * the common name=... meta of news CMSs, microdata, <time datetime>,
 * <link rel=canonical>, <html lang> and <title>. Outlet plugins call it
 * first and then overwrite what their own selectors know better; the
 * generic plugin relies on it entirely. See docs/DOM.md "Metadata".
 */
#ifndef WARTA_META_H
#define WARTA_META_H
#include "warta/plugin.h"

#define META_MAX_LDJSON 32            /* ld+json scripts read per page */
#define META_MAX_LDJSON_BYTES (4u << 20) /* bytes per script */
#define META_MAX_NAMES 16             /* authors taken from one source */
#define META_MAX_TAGS 64              /* tags taken from one source */

/*
 * Fill the EMPTY fields of rec (a field already set is never touched; a
 * list field is filled only when it has no item yet) from pg, in this
 * order of trust: JSON-LD (NewsArticle-like types first, then Article,
 * BlogPosting, then WebPage), OpenGraph/article:* and other meta tags,
 * microdata, <time datetime>, then <title>. Fields: TITLE (og:title and
 * <title> without a " - Site Name" suffix or prefix matching the site
 * name), PUBLISHED and MODIFIED (normalised by date_normalise, ISO 8601
 * with offset), AUTHORS, SECTION, TAGS, CANONICAL_URL (absolute, resolved
 * against pg->url), LANG (primary language subtag: "id-ID" gives "id"),
 * and TEXT from the JSON-LD articleBody (paragraphs joined by "\n\n", not
 * cleaned) as a fallback that plugins overwrite with the body they find.
 * Returns W_OK (also when the page declares nothing, or is XML),
 * W_NOMEM, or W_ERR for NULL arguments.
 */
int meta_read(const struct warta_page *pg, struct warta_record *rec);

/*
 * The articleBody of the page's best JSON-LD article (an article type,
 * not WebPage), as an arena string with one paragraph per line of the
 * original joined by "\n\n", entities decoded and tags removed; NULL
 * when there is none. Plugins get it as TEXT from meta_read().
 */
char *meta_article_body(const struct warta_page *pg);
#endif
