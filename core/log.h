/* SPDX-License-Identifier: MIT */
/*
 * Leveled logging to stderr, as text or JSON lines. stdout belongs to the
 * commands that print records; nothing here writes to it.
 */
#ifndef WARTA_LOG_H
#define WARTA_LOG_H
#include <stdarg.h>
#include "warta/plugin.h"

enum log_format { LOG_TEXT = 0, LOG_JSON = 1 };

void log_setup(int level, enum log_format format);
int log_level(void);
/* Parse "error|warning|notice|info|debug"; -1 when unknown. */
int log_level_parse(const char *s);
void log_msg(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_vmsg(int level, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#define W_ERROR(...) log_msg(WARTA_LOG_ERR, __VA_ARGS__)
#define W_WARN(...) log_msg(WARTA_LOG_WARNING, __VA_ARGS__)
#define W_NOTICE(...) log_msg(WARTA_LOG_NOTICE, __VA_ARGS__)
#define W_INFO(...) log_msg(WARTA_LOG_INFO, __VA_ARGS__)
#define W_DEBUG(...) log_msg(WARTA_LOG_DEBUG, __VA_ARGS__)
/* Appends strerror(errno) and the source position. */
#define W_ERRNO(fmt, ...)                                                      \
    log_errno(__FILE__, __LINE__, fmt, ##__VA_ARGS__)
void log_errno(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Human sentence and symbolic name for a W_* code. */
const char *warta_strerror(int err);
const char *warta_errname(int err);
#endif
