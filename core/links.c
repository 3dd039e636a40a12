/* SPDX-License-Identifier: MIT */
/*
 * Link lists with de-duplication by exact absolute URL (the frontier
 * canonicalises later; here we only avoid storing a URL twice per page).
 */
#include "config.h"
#include "links.h"
#include "mem.h"
#include "url.h"
#include <string.h>

int links_init(struct warta_links *l, const char *base)
{
    memset(l, 0, sizeof *l);
    arena_init(&l->arena, 0);
    l->max = LINKS_MAX;
    if (base && !(l->base = arena_strdup(&l->arena, base)))
        return W_NOMEM;
    return W_OK;
}

void links_cleanup(struct warta_links *l)
{
    w_free(l->v);
    w_free(l->seen);
    arena_cleanup(&l->arena);
    memset(l, 0, sizeof *l);
}

static size_t str_hash(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Returns 1 when url was already seen, 0 after inserting it, <0 on error. */
static int seen_insert(struct warta_links *l, const char *url)
{
    if ((l->n + 1) * 2 > l->cap_seen) {
        size_t cap = l->cap_seen ? l->cap_seen * 2 : 64;
        const char **t = w_calloc(cap, sizeof *t);
        if (!t)
            return W_NOMEM;
        for (size_t i = 0; i < l->cap_seen; i++) {
            if (!l->seen[i])
                continue;
            size_t j = str_hash(l->seen[i]) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = l->seen[i];
        }
        w_free(l->seen);
        l->seen = t;
        l->cap_seen = cap;
    }
    size_t j = str_hash(url) & (l->cap_seen - 1);
    while (l->seen[j]) {
        if (strcmp(l->seen[j], url) == 0)
            return 1;
        j = (j + 1) & (l->cap_seen - 1);
    }
    l->seen[j] = url;
    return 0;
}

static const char *absolute(struct warta_links *l, const char *url)
{
    char *abs = l->base ? url_resolve(l->base, url) : NULL;
    if (!abs && url_is_http(url))
        return arena_strdup(&l->arena, url);
    if (!abs)
        return NULL;
    const char *copy = arena_strdup(&l->arena, abs);
    w_free(abs);
    return copy;
}

int links_add(struct warta_links *l, enum warta_link_kind kind,
              const char *url, const char *published)
{
    if (!url || !*url)
        return W_PARSE;
    if (l->n >= l->max)
        return W_TOOBIG;
    const char *abs = absolute(l, url);
    if (!abs)
        return W_PARSE;
    int seen = seen_insert(l, abs);
    if (seen)
        return seen < 0 ? seen : W_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct link *v = w_realloc(l->v, cap * sizeof *v);
        if (!v)
            return W_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    struct link *k = &l->v[l->n++];
    k->kind = kind;
    k->url = abs;
    k->published = published ? arena_strdup(&l->arena, published) : NULL;
    return W_OK;
}

int links_set_next(struct warta_links *l, const char *url)
{
    if (!url || !*url) {
        l->next = NULL;
        return W_OK;
    }
    const char *abs = absolute(l, url);
    if (!abs)
        return W_PARSE;
    l->next = abs;
    return W_OK;
}
