/* SPDX-License-Identifier: MIT */
/*
 * Growable byte buffer with a hard maximum (curl's dynbuf idea): appending
 * past the maximum frees the contents and returns W_TOOBIG. Always
 * NUL-terminated once something was appended.
 */
#ifndef WARTA_BUF_H
#define WARTA_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *p;
    size_t n, cap, max;
};

void buf_init(struct buf *b, size_t max);
void buf_cleanup(struct buf *b);
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *data, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the contents to the caller (who frees with w_free); b is reset. */
char *buf_take(struct buf *b, size_t *len);
/* Contents, never NULL ("" when empty). */
const char *buf_str(const struct buf *b);
#endif
