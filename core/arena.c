/* SPDX-License-Identifier: MIT */
/* Bump allocator: blocks of at least 64 kB, large requests get their own.
 *
 * An arena lives for one page or one article, so a daemon would malloc and
 * free a 64 kB block (or several) for each: glibc then gives the top of
 * its heap back to the kernel and asks for it again (brk) every time,
 * which cost several per cent of extraction. A few standard blocks are
 * therefore kept per thread when an arena is cleaned up and handed to the
 * next arena of that thread. */
#include "config.h"
#include "arena.h"
#include "mem.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_DEFAULT_LIMIT ((size_t)256 << 20)
#define ARENA_KEEP 4 /* standard blocks kept per thread */

struct arena_block {
    struct arena_block *next;
    size_t cap, off;
    _Alignas(16) unsigned char data[];
};

struct block_cache {
    size_t n;
    struct arena_block *v[ARENA_KEEP];
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void cache_free(void *p)
{
    struct block_cache *c = p;
    for (size_t i = 0; c && i < c->n; i++)
        w_free(c->v[i]);
    w_free(c);
}

static void cache_key_init(void)
{
    cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

/* The calling thread's cache, made on first use; NULL without one. */
static struct block_cache *cache_get(int make)
{
    pthread_once(&cache_once, cache_key_init);
    if (!cache_key_ok)
        return NULL;
    struct block_cache *c = pthread_getspecific(cache_key);
    if (!c && make) {
        c = w_calloc(1, sizeof *c);
        if (c && pthread_setspecific(cache_key, c) != 0) {
            w_free(c);
            c = NULL;
        }
    }
    return c;
}

/* A standard block: a kept one when the thread has one. */
static struct arena_block *block_take(void)
{
    struct block_cache *c = cache_get(0);
    if (c && c->n)
        return c->v[--c->n];
    struct arena_block *b = w_malloc(sizeof *b + ARENA_BLOCK);
    if (b)
        b->cap = ARENA_BLOCK;
    return b;
}

/* Keeps a standard block for the thread's next arena, or frees it. */
static void block_give(struct arena_block *b)
{
    struct block_cache *c = b->cap == ARENA_BLOCK ? cache_get(1) : NULL;
    if (c && c->n < ARENA_KEEP)
        c->v[c->n++] = b;
    else
        w_free(b);
}

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
        block_give(b);
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
        if (need > ARENA_BLOCK) {
            b = w_malloc(sizeof *b + need);
            if (b)
                b->cap = need;
        } else {
            b = block_take();
        }
        if (!b)
            return NULL;
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
