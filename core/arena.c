/* SPDX-License-Identifier: MIT */
/* Bump allocator: blocks of at least 64 kB, large requests get their own. */
#include "config.h"
#include "arena.h"
#include "mem.h"
#include <stdio.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_DEFAULT_LIMIT ((size_t)256 << 20)

struct arena_block {
    struct arena_block *next;
    size_t cap, off;
    _Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a, size_t limit)
{
    a->head = NULL;
    a->used = 0;
    a->limit = limit ? limit : ARENA_DEFAULT_LIMIT;
}

void arena_cleanup(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        w_free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n || a->used + need > a->limit)
        return NULL;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->off < need) {
        size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        b = w_malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->off = 0;
        if (a->head && need > ARENA_BLOCK) {
            /* Keep the partly used block in front for small requests. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->off;
    b->off += need;
    a->used += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = arena_alloc(a, len + 1);
    if (d)
        memcpy(d, s, len);
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return NULL;
    char *d = arena_alloc(a, (size_t)n + 1);
    if (d)
        vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}
