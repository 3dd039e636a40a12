/* SPDX-License-Identifier: MIT */
/*
 * A bump allocator for everything tied to one page: plugin allocations,
 * selector results, intermediate texts. Freed in one go when the page is
 * done, so a plugin bug cannot leak across pages. Bounded by a byte limit.
 */
#ifndef WARTA_ARENA_H
#define WARTA_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
    size_t used;  /* bytes handed out */
    size_t limit; /* 0 = default (256 MB) */
};

void arena_init(struct arena *a, size_t limit);
/* Frees every block; the arena can be reused after arena_init. */
void arena_cleanup(struct arena *a);
/* Zeroed, 16-byte aligned memory; NULL past the limit or without memory. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#endif
