/* SPDX-License-Identifier: MIT */
/*
 * struct warta_links: what a plugin's links/archive hook or a feed yields.
 * URLs are resolved against the page they came from and de-duplicated;
 * the list is bounded (LINKS_MAX) so a hostile page cannot exhaust memory.
 */
#ifndef WARTA_LINKS_H
#define WARTA_LINKS_H
#include <stddef.h>
#include "arena.h"
#include "warta/plugin.h"

#define LINKS_MAX 100000

struct link {
    enum warta_link_kind kind;
    const char *url;       /* absolute; arena */
    const char *published; /* ISO 8601 or NULL; arena */
};

struct warta_links {
    struct arena arena;
    const char *base; /* URL relative links resolve against; arena */
    struct link *v;
    size_t n, cap, max;
    const char **seen; /* open-addressing set of URLs, cap_seen slots */
    size_t cap_seen;
    const char *next; /* next page, or NULL */
};

/* base may be NULL (then only absolute URLs are accepted). */
int links_init(struct warta_links *l, const char *base);
void links_cleanup(struct warta_links *l);
/* host->add_link: W_OK (also for a duplicate), W_PARSE for a URL that is
 * not http(s), W_TOOBIG past the maximum, W_NOMEM. */
int links_add(struct warta_links *l, enum warta_link_kind kind,
              const char *url, const char *published);
/* host->set_next. */
int links_set_next(struct warta_links *l, const char *url);
#endif
