/* SPDX-License-Identifier: MIT */
/*
 * Logging to stderr. Text lines look like
 *   2026-11-25T10:00:00Z warning: [plugin:antara] URL: message
 * and JSON lines carry {"ts","level","msg"}; JSON is built with jansson so
 * that messages with quotes or control bytes stay valid.
 */
#include "config.h"
#include "log.h"
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int cur_level = WARTA_LOG_NOTICE;
static enum log_format cur_format = LOG_TEXT;

static const char *const level_names[] = {
    [WARTA_LOG_ERR] = "error",   [WARTA_LOG_WARNING] = "warning",
    [WARTA_LOG_NOTICE] = "notice", [WARTA_LOG_INFO] = "info",
    [WARTA_LOG_DEBUG] = "debug",
};

void log_setup(int level, enum log_format format)
{
    cur_level = level;
    cur_format = format;
}

int log_level(void) { return cur_level; }

int log_level_parse(const char *s)
{
    for (int i = WARTA_LOG_ERR; i <= WARTA_LOG_DEBUG; i++)
        if (s && strcmp(s, level_names[i]) == 0)
            return i;
    if (s && strcmp(s, "warn") == 0)
        return WARTA_LOG_WARNING;
    return -1;
}

void log_vmsg(int level, const char *prefix, const char *fmt, va_list ap)
{
    if (level > cur_level)
        return;
    if (level < WARTA_LOG_ERR)
        level = WARTA_LOG_ERR;
    if (level > WARTA_LOG_DEBUG)
        level = WARTA_LOG_DEBUG;
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (cur_format == LOG_JSON) {
        json_t *o = json_pack("{s:s, s:s, s:s+}", "ts", ts, "level",
                              level_names[level], "msg",
                              prefix ? prefix : "", msg);
        char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (line)
            fprintf(stderr, "%s\n", line);
        free(line);
        json_decref(o);
        return;
    }
    fprintf(stderr, "%s %s: %s%s\n", ts, level_names[level],
            prefix ? prefix : "", msg);
}

void log_msg(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, NULL, fmt, ap);
    va_end(ap);
}

void log_errno(const char *file, int line, const char *fmt, ...)
{
    int saved = errno;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_msg(WARTA_LOG_ERR, "%s: %s (%s:%d)", msg, strerror(saved), file, line);
}

#define W_ERRORS(X)                                                            \
    X(W_OK, "success")                                                         \
    X(W_ERR, "failure")                                                        \
    X(W_NOMEM, "out of memory")                                                \
    X(W_AGAIN, "temporary failure, try again later")                           \
    X(W_DECLINED, "declined")                                                  \
    X(W_TOOBIG, "too big")                                                     \
    X(W_PARSE, "malformed input")                                              \
    X(W_CONFIG, "bad configuration")                                           \
    X(W_NOTFOUND, "not found")                                                 \
    X(W_IO, "input/output error")

const char *warta_strerror(int err)
{
#define X(code, text) if (err == code) return text;
    W_ERRORS(X)
#undef X
    return "unknown error";
}

const char *warta_errname(int err)
{
#define X(code, text) if (err == code) return #code;
    W_ERRORS(X)
#undef X
    return "W_UNKNOWN";
}
