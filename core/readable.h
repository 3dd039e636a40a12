/* SPDX-License-Identifier: MIT */
/*
 * The readable-body heuristic (host->guess_body): which element of a page
 * holds the article. Used by the generic plugin for every outlet nobody
 * wrote a plugin for, and by outlet plugins as a fallback when their
 * selectors stop matching after a redesign. It must therefore work on
 * layouts nobody has seen: WordPress themes, detik/kompas-like custom
 * CMSs, old table layouts with <br><br> paragraphs. See docs/DOM.md
 * "The readable-body heuristic" for the scoring.
 */
#ifndef WARTA_READABLE_H
#define WARTA_READABLE_H
#include <gumbo.h>
#include "warta/plugin.h"

/*
 * The element most likely to hold the article's paragraphs, or NULL when
 * the page has no paragraph text to speak of (an index page, a page
 * rendered by scripts, an XML page). As a side effect, boilerplate inside
 * the returned element (share bars, "Baca juga" links, related lists,
 * captions, the h1 title, byline/tag blocks, link-dense lists) and, when
 * the body is split over sibling containers, the siblings that are not
 * part of it, are dropped (dom_drop semantics), so that dom_text() of the
 * result is the article body. Time and memory are linear in the page.
 */
const GumboNode *readable_guess(const struct warta_page *pg);
#endif
