/* SPDX-License-Identifier: MIT */
/*
 * Allocation wrappers with failure injection for out-of-memory tests.
 * Not thread-safe by design: the daemon runs one event loop.
 */
#include "config.h"
#include "mem.h"
#include <stdlib.h>
#include <string.h>

static long fail_after = -1;
static unsigned long allocations;

static int should_fail(void)
{
    allocations++;
    if (fail_after < 0)
        return 0;
    if (fail_after == 0)
        return 1;
    fail_after--;
    return 0;
}

void mem_fail_after(long n) { fail_after = n; }
unsigned long mem_count(void) { return allocations; }

void *w_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *w_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *w_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *w_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = w_malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *w_strdup(const char *s)
{
    return s ? w_strndup(s, strlen(s)) : NULL;
}

void w_free(void *p) { free(p); }
