/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "buf.h"
#include "mem.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
    b->p = NULL;
    b->n = b->cap = 0;
    b->max = max;
}

void buf_cleanup(struct buf *b)
{
    W_FREE(b->p);
    b->n = b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

int buf_add(struct buf *b, const void *data, size_t n)
{
    if (b->n + n + 1 < b->n || (b->max && b->n + n > b->max)) {
        buf_cleanup(b);
        return W_TOOBIG;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = w_realloc(b->p, cap);
        if (!p)
            return W_NOMEM;
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
    return W_OK;
}

int buf_adds(struct buf *b, const char *s) { return buf_add(b, s, strlen(s)); }
int buf_addc(struct buf *b, char c) { return buf_add(b, &c, 1); }

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return W_ERR;
    char small[256];
    char *tmp = (size_t)n < sizeof small ? small : w_malloc((size_t)n + 1);
    if (!tmp)
        return W_NOMEM;
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = buf_add(b, tmp, (size_t)n);
    if (tmp != small)
        w_free(tmp);
    return rc;
}

char *buf_take(struct buf *b, size_t *len)
{
    if (!b->p && buf_add(b, "", 0))
        return NULL;
    char *p = b->p;
    if (len)
        *len = b->n;
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

const char *buf_str(const struct buf *b) { return b->p ? b->p : ""; }
