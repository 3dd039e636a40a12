/* SPDX-License-Identifier: MIT */
/*
 * URL list files for `warta backfill --urls` (backfill.h): one URL per
 * line, comments and blanks skipped, duplicates dropped, each checked.
 */
#include "config.h"
#include "backfill_int.h"

/* ---- URL lists ---------------------------------------------------------- */

void backfill_list_cleanup(struct backfill_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        w_free(l->v[i].url);
    w_free(l->v);
    memset(l, 0, sizeof *l);
}

/* A small open-addressing set of canonical URLs, for duplicates. */
struct urlset {
    const char **slot;
    size_t cap, n;
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* 1 added, 0 present, W_NOMEM. s is borrowed and must outlive the set. */
static int urlset_add(struct urlset *u, const char *s)
{
    if ((u->n + 1) * 2 > u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 1024;
        const char **slot = w_calloc(cap, sizeof *slot);
        if (!slot)
            return W_NOMEM;
        for (size_t i = 0; i < u->cap; i++) {
            if (!u->slot[i])
                continue;
            size_t k = fnv(u->slot[i]) & (cap - 1);
            while (slot[k])
                k = (k + 1) & (cap - 1);
            slot[k] = u->slot[i];
        }
        w_free(u->slot);
        u->slot = slot;
        u->cap = cap;
    }
    size_t k = fnv(s) & (u->cap - 1);
    while (u->slot[k]) {
        if (strcmp(u->slot[k], s) == 0)
            return 0;
        k = (k + 1) & (u->cap - 1);
    }
    u->slot[k] = s;
    u->n++;
    return 1;
}

int backfill_read_urls(const char *path, struct backfill_list *l,
                       char *errmsg, size_t errsz)
{
    memset(l, 0, sizeof *l);
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(errmsg, errsz, "%s: %s", path, strerror(errno));
        return W_IO;
    }
    struct urlset seen = {NULL, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    int rc = W_OK;
    while (rc == W_OK && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#')
            continue;
        /* A comment after the URL must follow a blank: '#' alone is a
         * fragment. */
        char *e = s;
        while (*e && *e != '\n' && *e != '\r' && *e != ' ' && *e != '\t')
            e++;
        char *rest = e;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        *e = '\0';
        if (!*s)
            continue;
        if (*rest && *rest != '#' && *rest != '\n' && *rest != '\r') {
            W_ERROR("%s:%ld: more than one word on the line (one URL per "
                    "line; comments start with #)", path, lineno);
            l->bad++;
            continue;
        }
        char canon[URL_MAX];
        int crc = url_canonical(s, canon, sizeof canon);
        if (crc == W_NOMEM) {
            rc = W_NOMEM;
            break;
        }
        if (crc) {
            W_ERROR("%s:%ld: not an http(s) URL: %.200s", path, lineno, s);
            l->bad++;
            continue;
        }
        if ((long)l->n >= BACKFILL_MAX_URLS) {
            snprintf(errmsg, errsz, "%s:%ld: more than %ld URLs", path,
                     lineno, BACKFILL_MAX_URLS);
            rc = W_TOOBIG;
            break;
        }
        if (l->n == l->cap) {
            size_t nc = l->cap ? l->cap * 2 : 256;
            struct backfill_url *v = w_realloc(l->v, nc * sizeof *v);
            if (!v) {
                rc = W_NOMEM;
                break;
            }
            l->v = v;
            l->cap = nc;
        }
        char *u = w_strdup(canon);
        if (!u) {
            rc = W_NOMEM;
            break;
        }
        l->v[l->n].url = u;
        l->v[l->n].line = lineno;
        int added = urlset_add(&seen, u);
        if (added < 0) {
            w_free(u);
            rc = added;
            break;
        }
        if (!added) {
            W_INFO("%s:%ld: %s is listed before; once is enough", path,
                   lineno, u);
            w_free(u);
            continue;
        }
        l->n++;
    }
    if (rc == W_OK && ferror(f)) {
        snprintf(errmsg, errsz, "%s: %s", path, strerror(errno));
        rc = W_IO;
    }
    if (rc == W_NOMEM)
        snprintf(errmsg, errsz, "%s: out of memory", path);
    free(line); /* getline's buffer comes from the C library */
    w_free(seen.slot);
    if (f != stdin)
        fclose(f);
    if (rc)
        backfill_list_cleanup(l);
    return rc;
}
