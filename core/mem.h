/* SPDX-License-Identifier: MIT */
/*
 * Allocation wrappers. All core allocation goes through these so that
 * tests can count allocations and make the Nth one fail (mem_fail_after).
 */
#ifndef WARTA_MEM_H
#define WARTA_MEM_H
#include <stddef.h>

void *w_malloc(size_t n);
void *w_calloc(size_t n, size_t size);
void *w_realloc(void *p, size_t n);
/* Copy of s (NULL for NULL or on exhausted memory). Caller frees. */
char *w_strdup(const char *s);
char *w_strndup(const char *s, size_t n);
void w_free(void *p);
#define W_FREE(p) do { w_free(p); (p) = NULL; } while (0)

/* Tests: make the allocation after the next n succeed ones fail (n < 0
 * turns failure injection off). Returns allocations made so far. */
void mem_fail_after(long n);
unsigned long mem_count(void);
#endif
