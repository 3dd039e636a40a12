/* SPDX-License-Identifier: MIT */
/*
 * Loading the INI configuration with inih. inih gives us key=value pairs
 * but neither line numbers (Debian's build has INI_HANDLER_LINENO off)
 * nor empty sections, and it cuts section names at 50 bytes. So we feed
 * it through our own line reader, which counts lines and recognises
 * section headers with inih's own rules (comment, continuation, header,
 * pair, in that order), and we keep the section state ourselves; the
 * handler only sees pairs. Each value is checked where it is read, the
 * cross-field rules (poll bounds, sources without URLs, limits against
 * each other) when the file is done, and the first failure is the one
 * reported. The config being built is private until the end: an error
 * frees it and the caller's current config is never touched.
 */
#include "config.h"
#include "config_file.h"
#include "mem.h"
#include "paths.h"
#include "url.h"
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
/* No <unistd.h>: its W_OK (an access() mode, 2) would replace ours. */

#define DEFAULT_AGENT                                                          \
    "warta/" PACKAGE_VERSION " (+https://github.com/warta-project/warta)"
#define DEFAULT_POLL (15 * 60.0)

enum sect { SEC_NONE, SEC_WARTA, SEC_SOURCE, SEC_PLUGIN };

enum type {
    T_STR,     /* non-empty string */
    T_PATH,    /* string; relative to the config file's directory */
    T_AGENT,   /* string with a contact */
    T_LONG,    /* integer in [min, max] */
    T_SIZE,    /* size syntax in [min, max], stored as size_t */
    T_RATE,    /* size syntax in [min, max], stored as long */
    T_DUR,     /* duration in [min, max] seconds */
    T_BOOL,
    T_LEVEL,   /* log level name */
    T_FORMAT,  /* text | json */
    T_RECHECK, /* list of ages, or none */
};

struct option {
    const char *name;
    enum type type;
    size_t off;
    double min, max;
};

#define OPT(n, t, lo, hi) {#n, t, offsetof(struct config, n), lo, hi}
static const struct option warta_opts[] = {
    OPT(state_dir, T_PATH, 0, 0),
    OPT(plugin_dir, T_PATH, 0, 0),
    OPT(rules_dir, T_PATH, 0, 0),
    OPT(user_agent, T_AGENT, 0, 0),
    OPT(ca_file, T_PATH, 0, 0),
    OPT(max_connections, T_LONG, 1, 1024),
    OPT(max_per_host, T_LONG, 1, 64),
    OPT(delay, T_DUR, 0, 3600),
    OPT(crawl_delay_cap, T_DUR, 0, 3600),
    OPT(connect_timeout, T_DUR, 0.001, 600),
    OPT(timeout, T_DUR, 0.001, 3600),
    OPT(low_speed_time, T_DUR, 0, 3600),
    OPT(low_speed_limit, T_RATE, 0, 1 << 30),
    OPT(max_body, T_SIZE, 1024, 1 << 30),
    OPT(max_redirects, T_LONG, 0, 20),
    OPT(log_level, T_LEVEL, 0, 0),
    OPT(log_format, T_FORMAT, 0, 0),
    OPT(robots_ttl, T_DUR, 1, 30 * 86400.0),
    OPT(allow_private, T_BOOL, 0, 0),
    OPT(recheck, T_RECHECK, 0, 0),
    OPT(drift_window, T_LONG, 1, 1000),
    OPT(drift_threshold, T_LONG, 1, 100),
};
#undef OPT
#define N_WARTA_OPTS (sizeof warta_opts / sizeof warta_opts[0])

/* [source] keys, in the order of the bits in src_state.seen. */
enum src_key {
    S_PLUGIN,
    S_URLS,
    S_HOSTS,
    S_POLL,
    S_POLL_MIN,
    S_POLL_MAX,
    S_DELAY,
    S_ALLOW_PRIVATE,
    S_ENABLED,
    S_RECHECK,
    S__COUNT
};
static const char *const src_keys[S__COUNT] = {
    "plugin", "urls", "hosts", "poll", "poll_min", "poll_max", "delay",
    "allow_private", "enabled", "recheck",
};

/* What the loader knows about a source beyond the public struct. */
struct src_state {
    unsigned seen;          /* bit per enum src_key */
    int key_line[S__COUNT]; /* where each key was (last) given */
    int private_set;        /* allow_private given in the section */
    int recheck_none;       /* recheck = none */
};

struct load {
    struct config *c;
    const char *name; /* file name for messages */
    char *dir;        /* its directory, for relative paths; NULL */
    /* Reader */
    const char *text;
    size_t pos, len;
    int line;         /* line of the chunk inih is working on */
    int next_line;
    int prev_name;    /* inih's "a key was seen": indented lines continue */
    int cont;         /* the current line continues the previous key */
    int overlong;     /* a line did not fit inih's buffer */
    /* Sections */
    enum sect sect;
    size_t cur;       /* index of the current source or plugin */
    int warta_line;   /* line of the [warta] header, 0 when not seen */
    unsigned long warta_seen; /* bit per warta_opts entry */
    int recheck_none;         /* [warta] recheck = none */
    struct src_state *src;    /* parallel to c->sources */
    /* First error */
    int failed;
    int fail_line;
    int rc;
    char *err;
    size_t errsz;
};

static void fail(struct load *ld, int line, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(struct load *ld, int line, int rc, const char *fmt, ...)
{
    if (ld->failed)
        return;
    ld->failed = 1;
    ld->fail_line = line;
    ld->rc = rc;
    if (!ld->err || ld->errsz == 0)
        return;
    int n = line > 0 ? snprintf(ld->err, ld->errsz, "%s:%d: ", ld->name, line)
                     : snprintf(ld->err, ld->errsz, "%s: ", ld->name);
    if (n < 0 || (size_t)n >= ld->errsz)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->err + n, ld->errsz - (size_t)n, fmt, ap);
    va_end(ap);
}

static void nomem(struct load *ld) { fail(ld, 0, W_NOMEM, "out of memory"); }

/* ------------------------------------------------------------------ */
/* Value parsers                                                       */

static int is_space(int c) { return c == ' ' || c == '\t'; }

/* A plain decimal number ("15", "1.5", ".5") at *s; advances *s. No
 * signs, exponents, hex or "inf", which strtod would take. */
static int parse_decimal(const char **s, double *v)
{
    const char *p = *s;
    double x = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        x = x * 10 + (*p++ - '0');
        digits++;
    }
    if (*p == '.') {
        double f = 0.1;
        p++;
        while (*p >= '0' && *p <= '9') {
            x += (*p++ - '0') * f;
            f /= 10;
            digits++;
        }
    }
    if (!digits || !isfinite(x))
        return W_PARSE;
    *v = x;
    *s = p;
    return W_OK;
}

int config_parse_duration(const char *s, double *out)
{
    if (!s)
        return W_PARSE;
    while (is_space((unsigned char)*s))
        s++;
    if (!*s)
        return W_PARSE;
    double total = 0;
    int terms = 0, bare = 0;
    while (*s) {
        double v = 0;
        if (parse_decimal(&s, &v))
            return W_PARSE;
        double unit = 1;
        if (strncmp(s, "ms", 2) == 0) {
            unit = 0.001;
            s += 2;
        } else if (*s == 's') {
            s++;
        } else if (*s == 'm') {
            unit = 60;
            s++;
        } else if (*s == 'h') {
            unit = 3600;
            s++;
        } else if (*s == 'd') {
            unit = 86400;
            s++;
        } else if (*s == 'w') {
            unit = 7 * 86400;
            s++;
        } else {
            bare = 1; /* a plain number must be all there is */
        }
        total += v * unit;
        terms++;
        while (is_space((unsigned char)*s))
            s++;
        if (bare && (*s || terms > 1))
            return W_PARSE;
    }
    if (!isfinite(total) || total > 1e9)
        return W_PARSE;
    *out = total;
    return W_OK;
}

int config_parse_size(const char *s, size_t *out)
{
    if (!s)
        return W_PARSE;
    while (is_space((unsigned char)*s))
        s++;
    double v = 0;
    const char *end = s;
    if (parse_decimal(&end, &v))
        return W_PARSE;
    while (is_space((unsigned char)*end))
        end++;
    static const struct {
        const char *suffix;
        double mult;
    } units[] = {
        {"", 1},
        {"b", 1},
        {"k", 1024.0},
        {"kb", 1024.0},
        {"kib", 1024.0},
        {"m", 1048576.0},
        {"mb", 1048576.0},
        {"mib", 1048576.0},
        {"g", 1073741824.0},
        {"gb", 1073741824.0},
        {"gib", 1073741824.0},
    };
    char suf[8];
    size_t n = strlen(end);
    while (n && is_space((unsigned char)end[n - 1]))
        n--;
    if (n >= sizeof suf)
        return W_PARSE;
    for (size_t i = 0; i < n; i++)
        suf[i] = (char)(end[i] >= 'A' && end[i] <= 'Z' ? end[i] + 32 : end[i]);
    suf[n] = '\0';
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(suf, units[i].suffix) != 0)
            continue;
        double bytes = v * units[i].mult;
        if (bytes > 1e15 || bytes != floor(bytes))
            return W_PARSE;
        *out = (size_t)bytes;
        return W_OK;
    }
    return W_PARSE;
}

int config_parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    if (!s)
        return W_PARSE;
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return W_OK;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return W_OK;
        }
    }
    return W_PARSE;
}

int config_agent_has_contact(const char *ua)
{
    if (!ua)
        return 0;
    if (strstr(ua, "http://") || strstr(ua, "https://") ||
        strstr(ua, "mailto:"))
        return 1;
    /* An e-mail address: local@domain.tld, with at least one dot in the
     * domain. */
    for (const char *at = strchr(ua, '@'); at; at = strchr(at + 1, '@')) {
        if (at == ua || !(at[-1] > ' ' && at[-1] != '(' && at[-1] != '<'))
            continue;
        const char *d = at + 1;
        size_t dl = 0;
        int dot = 0;
        while (d[dl] && ((d[dl] >= 'a' && d[dl] <= 'z') ||
                         (d[dl] >= 'A' && d[dl] <= 'Z') ||
                         (d[dl] >= '0' && d[dl] <= '9') || d[dl] == '-' ||
                         d[dl] == '.')) {
            if (d[dl] == '.' && dl > 0 && d[dl + 1] && d[dl + 1] != '.')
                dot = 1;
            dl++;
        }
        if (dot && d[dl - 1] != '.')
            return 1;
    }
    return 0;
}

/* A duration as a person writes it ("30d", "1h", "0.001s"), into buf. */
static const char *fmt_dur(double d, char *buf, size_t n)
{
    static const struct {
        double secs;
        char unit;
    } units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (d >= units[i].secs && fmod(d, units[i].secs) == 0) {
            snprintf(buf, n, "%g%c", d / units[i].secs, units[i].unit);
            return buf;
        }
    }
    snprintf(buf, n, "%gs", d);
    return buf;
}

/* ------------------------------------------------------------------ */
/* Names and lists                                                     */

static int valid_name(const char *s, int plugin)
{
    size_t n = strlen(s);
    if (n == 0 || n > CONFIG_MAX_NAME)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!plugin)
            ok = ok || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
        if (!ok)
            return 0;
    }
    return 1;
}

/* A host pattern: a name of letters, digits, '-' and '.', optionally
 * preceded by "*.". Returns the lower-case copy or NULL. */
static int valid_host(const char *s)
{
    if (strncmp(s, "*.", 2) == 0)
        s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 253 || s[0] == '.' || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':'))
            return 0;
        if (c == '.' && i + 1 < n && s[i + 1] == '.')
            return 0;
    }
    return 1;
}

static int push_str(char ***v, size_t *n, size_t max, const char *s,
                    size_t len)
{
    if (*n >= max)
        return W_TOOBIG;
    char **nv = w_realloc(*v, (*n + 1) * sizeof **v);
    if (!nv)
        return W_NOMEM;
    *v = nv;
    char *d = w_strndup(s, len);
    if (!d)
        return W_NOMEM;
    (*v)[(*n)++] = d;
    return W_OK;
}

static int has_str(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/*
 * A re-check policy: ages after an article's first fetch, one word each,
 * separated by blanks or commas ("1h 1d", "6h,3d,1w"), or "none" (also
 * an empty value) for never. Continuation lines add ages. The list is
 * kept sorted, without repeats. what names the key in messages.
 */
static void add_recheck(struct load *ld, const char *what, const char *v,
                        double *ages, size_t *n, int *none)
{
    const char *p = v;
    int words = 0;
    while (*p) {
        while (is_space((unsigned char)*p) || *p == ',')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && !is_space((unsigned char)*p) && *p != ',')
            p++;
        char word[64];
        size_t len = (size_t)(p - w);
        if (len >= sizeof word) {
            fail(ld, ld->line, W_CONFIG, "%s: an age is longer than %zu "
                 "bytes", what, sizeof word - 1);
            return;
        }
        memcpy(word, w, len);
        word[len] = '\0';
        words++;
        if (strcasecmp(word, "none") == 0) {
            *none = 1;
            continue;
        }
        double d = 0;
        if (config_parse_duration(word, &d) || d < 1 ||
            d > CONFIG_MAX_RECHECK_AGE) {
            fail(ld, ld->line, W_CONFIG,
                 "%s: \"%s\" is not an age from 1s to 365d (one word per "
                 "age, e.g. \"recheck = 1h 1d\"; \"none\" for never)",
                 what, word);
            return;
        }
        size_t i = 0;
        while (i < *n && ages[i] < d)
            i++;
        if (i < *n && ages[i] == d)
            continue; /* given twice: one re-check */
        if (*n >= CONFIG_MAX_RECHECK) {
            fail(ld, ld->line, W_CONFIG, "%s: more than %d ages", what,
                 CONFIG_MAX_RECHECK);
            return;
        }
        memmove(ages + i + 1, ages + i, (*n - i) * sizeof *ages);
        ages[i] = d;
        (*n)++;
    }
    if (!words)
        *none = 1;
    if (*none && *n) {
        fail(ld, ld->line, W_CONFIG,
             "%s: \"none\" cannot go with ages", what);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* Sections                                                            */

static struct config_source *cur_source(struct load *ld)
{
    return &ld->c->sources[ld->cur];
}

static void begin_source(struct load *ld, const char *name, int line)
{
    struct config *c = ld->c;
    if (!valid_name(name, 0)) {
        fail(ld, line, W_CONFIG,
             "bad source name \"%s\": use 1-%d letters, digits, '_', '-' "
             "or '.'",
             name, CONFIG_MAX_NAME);
        return;
    }
    for (size_t i = 0; i < c->n_sources; i++) {
        if (strcmp(c->sources[i].name, name) == 0) {
            fail(ld, line, W_CONFIG,
                 "source \"%s\" is defined twice (first at line %d)", name,
                 c->sources[i].line);
            return;
        }
    }
    if (c->n_sources >= CONFIG_MAX_SOURCES) {
        fail(ld, line, W_CONFIG, "more than %d sources", CONFIG_MAX_SOURCES);
        return;
    }
    struct config_source *v =
        w_realloc(c->sources, (c->n_sources + 1) * sizeof *v);
    if (!v) {
        nomem(ld);
        return;
    }
    c->sources = v;
    struct src_state *sv =
        w_realloc(ld->src, (c->n_sources + 1) * sizeof *sv);
    if (!sv) {
        nomem(ld);
        return;
    }
    ld->src = sv;
    struct config_source *s = &c->sources[c->n_sources];
    memset(s, 0, sizeof *s);
    memset(&ld->src[c->n_sources], 0, sizeof ld->src[0]);
    s->name = w_strdup(name);
    if (!s->name) {
        nomem(ld);
        return;
    }
    s->poll = DEFAULT_POLL;
    s->delay = -1;
    s->enabled = 1;
    s->line = line;
    ld->cur = c->n_sources++;
    ld->sect = SEC_SOURCE;
}

static void begin_plugin(struct load *ld, const char *name, int line)
{
    struct config *c = ld->c;
    if (!valid_name(name, 1)) {
        fail(ld, line, W_CONFIG,
             "bad plugin name \"%s\": use 1-%d lower-case letters, digits "
             "or '_'",
             name, CONFIG_MAX_NAME);
        return;
    }
    for (size_t i = 0; i < c->n_plugins; i++) {
        if (strcmp(c->plugins[i].name, name) == 0) {
            fail(ld, line, W_CONFIG,
                 "[plugin %s] is given twice (first at line %d)", name,
                 c->plugins[i].line);
            return;
        }
    }
    if (c->n_plugins >= CONFIG_MAX_PLUGINS) {
        fail(ld, line, W_CONFIG, "more than %d [plugin] sections",
             CONFIG_MAX_PLUGINS);
        return;
    }
    struct config_plugin *v =
        w_realloc(c->plugins, (c->n_plugins + 1) * sizeof *v);
    if (!v) {
        nomem(ld);
        return;
    }
    c->plugins = v;
    struct config_plugin *p = &c->plugins[c->n_plugins];
    memset(p, 0, sizeof *p);
    p->name = w_strdup(name);
    if (!p->name) {
        nomem(ld);
        return;
    }
    p->line = line;
    ld->cur = c->n_plugins++;
    ld->sect = SEC_PLUGIN;
}

/* A section header's text between the brackets. */
static void begin_section(struct load *ld, const char *h, size_t n, int line)
{
    char buf[256];
    while (n && is_space((unsigned char)*h)) {
        h++;
        n--;
    }
    while (n && is_space((unsigned char)h[n - 1]))
        n--;
    if (n >= sizeof buf) {
        fail(ld, line, W_CONFIG, "section name too long");
        return;
    }
    memcpy(buf, h, n);
    buf[n] = '\0';
    ld->sect = SEC_NONE; /* until the header is known to be good */
    if (strcmp(buf, "warta") == 0) {
        if (ld->warta_line) {
            fail(ld, line, W_CONFIG,
                 "[warta] is given twice (first at line %d)", ld->warta_line);
            return;
        }
        ld->warta_line = line;
        ld->sect = SEC_WARTA;
        return;
    }
    char *arg = buf;
    while (*arg && !is_space((unsigned char)*arg))
        arg++;
    int kind = 0;
    if ((size_t)(arg - buf) == 6 && strncmp(buf, "source", 6) == 0)
        kind = SEC_SOURCE;
    else if ((size_t)(arg - buf) == 6 && strncmp(buf, "plugin", 6) == 0)
        kind = SEC_PLUGIN;
    if (!kind) {
        fail(ld, line, W_CONFIG,
             "unknown section [%s]: expected [warta], [source NAME] or "
             "[plugin NAME]",
             buf);
        return;
    }
    while (is_space((unsigned char)*arg))
        arg++;
    size_t al = strlen(arg);
    if (al >= 2 && arg[0] == '"' && arg[al - 1] == '"') {
        arg[al - 1] = '\0';
        arg++;
    }
    if (!*arg) {
        fail(ld, line, W_CONFIG, "[%s] needs a name: [%s NAME]", buf, buf);
        return;
    }
    if (kind == SEC_SOURCE)
        begin_source(ld, arg, line);
    else
        begin_plugin(ld, arg, line);
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */

static char *resolve_path(struct load *ld, const char *v)
{
    if (v[0] == '/' || !ld->dir)
        return w_strdup(v);
    size_t n = strlen(ld->dir) + strlen(v) + 2;
    char *p = w_malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", ld->dir, v);
    return p;
}

static void set_warta(struct load *ld, const char *key, const char *v)
{
    struct config *c = ld->c;
    const struct option *o = NULL;
    size_t idx = 0;
    for (; idx < N_WARTA_OPTS; idx++) {
        if (strcmp(warta_opts[idx].name, key) == 0) {
            o = &warta_opts[idx];
            break;
        }
    }
    if (!o) {
        fail(ld, ld->line, W_CONFIG, "unknown key \"%s\" in [warta]", key);
        return;
    }
    if ((ld->warta_seen & (1UL << idx)) &&
        !(o->type == T_RECHECK && ld->cont)) {
        fail(ld, ld->line, W_CONFIG, "\"%s\" is given twice in [warta]%s",
             key, ld->cont ? " (an indented line continues a key)" : "");
        return;
    }
    ld->warta_seen |= 1UL << idx;
    char *base = (char *)c;
    switch (o->type) {
    case T_RECHECK:
        add_recheck(ld, key, v, c->recheck, &c->n_recheck,
                    &ld->recheck_none);
        return;
    case T_STR:
    case T_PATH:
    case T_AGENT: {
        if (!*v) {
            fail(ld, ld->line, W_CONFIG, "%s: empty value", key);
            return;
        }
        if (o->type == T_AGENT && !config_agent_has_contact(v)) {
            fail(ld, ld->line, W_CONFIG,
                 "user_agent must name a contact (an http(s) URL or an "
                 "e-mail address) so that site owners can reach you: \"%s\"",
                 v);
            return;
        }
        char *d = o->type == T_PATH ? resolve_path(ld, v) : w_strdup(v);
        if (!d) {
            nomem(ld);
            return;
        }
        char **slot = (char **)(base + o->off);
        w_free(*slot);
        *slot = d;
        if (o->type == T_PATH && strcmp(key, "ca_file") == 0) {
            FILE *f = fopen(d, "r");
            if (!f)
                fail(ld, ld->line, W_CONFIG, "ca_file %s: %s", d,
                     strerror(errno));
            else
                fclose(f);
        }
        return;
    }
    case T_LONG: {
        char *end = NULL;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (end == v || *end || errno || n < (long)o->min ||
            n > (long)o->max) {
            fail(ld, ld->line, W_CONFIG,
                 "%s: \"%s\" is not a whole number from %ld to %ld", key, v,
                 (long)o->min, (long)o->max);
            return;
        }
        *(long *)(base + o->off) = n;
        return;
    }
    case T_SIZE:
    case T_RATE: {
        size_t n = 0;
        if (config_parse_size(v, &n) || (double)n < o->min ||
            (double)n > o->max) {
            fail(ld, ld->line, W_CONFIG,
                 "%s: \"%s\" is not a size from %.0f to %.0f bytes (e.g. "
                 "\"10M\", \"512k\")",
                 key, v, o->min, o->max);
            return;
        }
        if (o->type == T_SIZE)
            *(size_t *)(base + o->off) = n;
        else
            *(long *)(base + o->off) = (long)n;
        return;
    }
    case T_DUR: {
        double d = 0;
        if (config_parse_duration(v, &d) || d < o->min || d > o->max) {
            char lo[32], hi[32];
            fail(ld, ld->line, W_CONFIG,
                 "%s: \"%s\" is not a duration from %s to %s (e.g. \"30\", "
                 "\"1.5s\", \"15m\", \"1h\")",
                 key, v, fmt_dur(o->min, lo, sizeof lo),
                 fmt_dur(o->max, hi, sizeof hi));
            return;
        }
        *(double *)(base + o->off) = d;
        return;
    }
    case T_BOOL: {
        int b = 0;
        if (config_parse_bool(v, &b)) {
            fail(ld, ld->line, W_CONFIG, "%s: \"%s\" is not yes or no", key,
                 v);
            return;
        }
        *(int *)(base + o->off) = b;
        return;
    }
    case T_LEVEL: {
        int l = log_level_parse(v);
        if (l < 0) {
            fail(ld, ld->line, W_CONFIG,
                 "log_level: \"%s\" is not one of error, warning, notice, "
                 "info, debug",
                 v);
            return;
        }
        c->log_level = l;
        return;
    }
    case T_FORMAT:
        if (strcmp(v, "text") == 0)
            c->log_format = LOG_TEXT;
        else if (strcmp(v, "json") == 0)
            c->log_format = LOG_JSON;
        else
            fail(ld, ld->line, W_CONFIG,
                 "log_format: \"%s\" is not text or json", v);
        return;
    }
}

/* Append the whitespace-separated words of v to a source's list. */
static void add_list(struct load *ld, struct config_source *s, int urls,
                     const char *v)
{
    const char *p = v;
    while (*p) {
        while (is_space((unsigned char)*p))
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && !is_space((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - w);
        char word[URL_MAX + 1];
        if (n > URL_MAX) {
            fail(ld, ld->line, W_CONFIG, "%s: a value is longer than %d bytes",
                 urls ? "urls" : "hosts", URL_MAX);
            return;
        }
        memcpy(word, w, n);
        word[n] = '\0';
        int rc;
        if (urls) {
            char canon[URL_MAX + 1];
            rc = url_canonical(word, canon, sizeof canon);
            if (rc == W_NOMEM) {
                nomem(ld);
                return;
            }
            if (rc) {
                fail(ld, ld->line, W_CONFIG,
                     "source \"%s\": bad URL \"%s\": %s", s->name, word,
                     rc == W_TOOBIG ? "too long"
                                    : "not an absolute http(s) URL");
                return;
            }
            if (has_str(s->urls, s->n_urls, canon))
                continue;
            rc = push_str(&s->urls, &s->n_urls, CONFIG_MAX_URLS, canon,
                          strlen(canon));
        } else {
            if (!valid_host(word)) {
                fail(ld, ld->line, W_CONFIG,
                     "source \"%s\": bad host \"%s\" (a name, or *.name)",
                     s->name, word);
                return;
            }
            for (size_t i = 0; i < n; i++)
                if (word[i] >= 'A' && word[i] <= 'Z')
                    word[i] = (char)(word[i] + 32);
            if (has_str(s->hosts, s->n_hosts, word))
                continue;
            rc = push_str(&s->hosts, &s->n_hosts, CONFIG_MAX_HOSTS, word, n);
        }
        if (rc == W_NOMEM) {
            nomem(ld);
            return;
        }
        if (rc == W_TOOBIG) {
            fail(ld, ld->line, W_CONFIG, "source \"%s\": more than %d %s",
                 s->name, urls ? CONFIG_MAX_URLS : CONFIG_MAX_HOSTS,
                 urls ? "urls" : "hosts");
            return;
        }
    }
}

static void set_source(struct load *ld, const char *key, const char *v)
{
    struct config_source *s = cur_source(ld);
    struct src_state *ss = &ld->src[ld->cur];
    int k = 0;
    while (k < S__COUNT && strcmp(src_keys[k], key) != 0)
        k++;
    if (k == S__COUNT) {
        fail(ld, ld->line, W_CONFIG,
             "unknown key \"%s\" in [source %s] (plugin options go in "
             "[plugin NAME])",
             key, s->name);
        return;
    }
    /* Lists may be repeated or continued; everything else is given once. */
    if (k != S_URLS && k != S_HOSTS && k != S_RECHECK &&
        (ss->seen & (1u << k))) {
        fail(ld, ld->line, W_CONFIG, "\"%s\" is given twice in [source %s]%s",
             key, s->name,
             ld->cont ? " (an indented line continues a key)" : "");
        return;
    }
    ss->seen |= 1u << k;
    ss->key_line[k] = ld->line;
    switch (k) {
    case S_PLUGIN:
        if (!valid_name(v, 1)) {
            fail(ld, ld->line, W_CONFIG,
                 "plugin: \"%s\" is not a plugin name (lower-case letters, "
                 "digits, '_')",
                 v);
            return;
        }
        s->plugin = w_strdup(v);
        if (!s->plugin) {
            nomem(ld);
            return;
        }
        s->plugin_line = ld->line;
        return;
    case S_URLS:
    case S_HOSTS:
        add_list(ld, s, k == S_URLS, v);
        return;
    case S_RECHECK: {
        char what[CONFIG_MAX_NAME + 32];
        snprintf(what, sizeof what, "source \"%s\": recheck", s->name);
        add_recheck(ld, what, v, s->recheck, &s->n_recheck,
                    &ss->recheck_none);
        return;
    }
    case S_POLL:
    case S_POLL_MIN:
    case S_POLL_MAX:
    case S_DELAY: {
        double d = 0;
        double lo = k == S_DELAY ? 0 : 1;
        double hi = k == S_DELAY ? 3600 : 30 * 86400.0;
        if (config_parse_duration(v, &d) || d < lo || d > hi) {
            char lb[32], hb[32];
            fail(ld, ld->line, W_CONFIG,
                 "%s: \"%s\" is not a duration from %s to %s (e.g. \"300\", "
                 "\"15m\", \"1h\")",
                 key, v, fmt_dur(lo, lb, sizeof lb),
                 fmt_dur(hi, hb, sizeof hb));
            return;
        }
        if (k == S_POLL)
            s->poll = d;
        else if (k == S_POLL_MIN)
            s->poll_min = d;
        else if (k == S_POLL_MAX)
            s->poll_max = d;
        else
            s->delay = d;
        return;
    }
    case S_ALLOW_PRIVATE:
    case S_ENABLED: {
        int b = 0;
        if (config_parse_bool(v, &b)) {
            fail(ld, ld->line, W_CONFIG, "%s: \"%s\" is not yes or no", key,
                 v);
            return;
        }
        if (k == S_ENABLED) {
            s->enabled = b;
        } else {
            s->allow_private = b;
            ss->private_set = 1;
        }
        return;
    }
    }
}

static void set_plugin_opt(struct load *ld, const char *key, const char *v)
{
    struct config_plugin *p = &ld->c->plugins[ld->cur];
    if (p->n_opts >= CONFIG_MAX_PLUGIN_OPTS) {
        fail(ld, ld->line, W_CONFIG, "[plugin %s]: more than %d options",
             p->name, CONFIG_MAX_PLUGIN_OPTS);
        return;
    }
    struct warta_kv *kv = w_realloc(p->opts, (p->n_opts + 1) * sizeof *kv);
    if (!kv) {
        nomem(ld);
        return;
    }
    p->opts = kv;
    char *k = w_strdup(key);
    char *val = w_strdup(v);
    if (!k || !val) {
        w_free(k);
        w_free(val);
        nomem(ld);
        return;
    }
    kv[p->n_opts].key = k;
    kv[p->n_opts].value = val;
    p->n_opts++;
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
    struct load *ld = user;
    (void)section; /* ours is in ld->sect: inih cuts names at 50 bytes */
    if (ld->failed)
        return 1;
    if (ld->overlong)
        return 1; /* reported by the reader */
    switch (ld->sect) {
    case SEC_NONE:
        fail(ld, ld->line, W_CONFIG,
             "\"%s\" is outside any section (start with [warta])", name);
        break;
    case SEC_WARTA:
        set_warta(ld, name, value);
        break;
    case SEC_SOURCE:
        set_source(ld, name, value);
        break;
    case SEC_PLUGIN:
        set_plugin_opt(ld, name, value);
        break;
    }
    return 1; /* errors are ours to report, with our line numbers */
}

/*
 * inih's line reader. Besides counting lines, it reads each line the way
 * ini_parse_stream will (comment, continuation, section header, pair) so
 * that section headers, including empty sections, reach us with their
 * line numbers before inih calls the handler for the next pair.
 */
static char *reader(char *str, int num, void *stream)
{
    struct load *ld = stream;
    if (ld->pos >= ld->len || ld->overlong || num < 2)
        return NULL;
    const char *s = ld->text + ld->pos;
    size_t avail = ld->len - ld->pos;
    const char *nl = memchr(s, '\n', avail);
    size_t len = nl ? (size_t)(nl - s) + 1 : avail;
    ld->line = ld->next_line++;
    /* inih needs room for the line, its '\r\n' and a NUL. */
    if (len + 1 > (size_t)num) {
        ld->overlong = 1;
        fail(ld, ld->line, W_CONFIG,
             "line longer than %d bytes: continue a list on indented lines",
             num - 3);
        return NULL;
    }
    memcpy(str, s, len);
    str[len] = '\0';
    ld->pos += len;

    const char *p = str;
    if (ld->line == 1 && (unsigned char)p[0] == 0xef &&
        (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf)
        p += 3;
    const char *t = p;
    while (*t && (is_space((unsigned char)*t) || *t == '\r' || *t == '\n'))
        t++;
    if (*t == '\0' || *t == ';' || *t == '#')
        return str; /* blank or comment */
    ld->cont = 0;
    if (ld->prev_name && t > str) {
        ld->cont = 1; /* continuation of the previous key */
        return str;
    }
    if (*t == '[') {
        const char *end = strchr(t, ']');
        if (!end) {
            fail(ld, ld->line, W_CONFIG, "section header without ']'");
            return str;
        }
        ld->prev_name = 0;
        if (!ld->failed)
            begin_section(ld, t + 1, (size_t)(end - t - 1), ld->line);
        return str;
    }
    if (strpbrk(t, "=:"))
        ld->prev_name = 1;
    return str;
}

/* ------------------------------------------------------------------ */
/* Whole-file checks and defaults                                      */

static void finish_source(struct load *ld, size_t i)
{
    struct config *c = ld->c;
    struct config_source *s = &c->sources[i];
    struct src_state *ss = &ld->src[i];
    if (s->n_urls == 0) {
        fail(ld, s->line, W_CONFIG,
             "source \"%s\" has no urls (feeds, sitemaps or index pages to "
             "watch)",
             s->name);
        return;
    }
    if (!(ss->seen & (1u << S_POLL_MIN)))
        s->poll_min = s->poll / 4 < s->poll ? s->poll / 4 : s->poll;
    if (!(ss->seen & (1u << S_POLL_MAX)))
        s->poll_max = s->poll * 8;
    if (s->poll_min < 1)
        s->poll_min = 1;
    if (s->poll_min > s->poll || s->poll > s->poll_max) {
        int line = ss->key_line[S_POLL_MIN] ? ss->key_line[S_POLL_MIN]
                   : ss->key_line[S_POLL_MAX] ? ss->key_line[S_POLL_MAX]
                                              : ss->key_line[S_POLL];
        char a[32], b[32], d[32];
        fail(ld, line ? line : s->line, W_CONFIG,
             "source \"%s\": poll_min <= poll <= poll_max does not hold "
             "(%s, %s, %s)",
             s->name, fmt_dur(s->poll_min, a, sizeof a),
             fmt_dur(s->poll, b, sizeof b), fmt_dur(s->poll_max, d, sizeof d));
        return;
    }
    if (!ss->private_set)
        s->allow_private = c->allow_private;
    if (!(ss->seen & (1u << S_RECHECK))) {
        memcpy(s->recheck, c->recheck, c->n_recheck * sizeof *c->recheck);
        s->n_recheck = c->n_recheck;
    }
    if (s->n_hosts == 0) {
        for (size_t u = 0; u < s->n_urls; u++) {
            char host[256];
            int rc = url_host(s->urls[u], host, sizeof host);
            if (rc == W_NOMEM) {
                nomem(ld);
                return;
            }
            if (rc || has_str(s->hosts, s->n_hosts, host))
                continue;
            rc = push_str(&s->hosts, &s->n_hosts, CONFIG_MAX_HOSTS, host,
                          strlen(host));
            if (rc == W_NOMEM) {
                nomem(ld);
                return;
            }
        }
    }
}

static void finish(struct load *ld)
{
    struct config *c = ld->c;
    if (c->max_per_host > c->max_connections) {
        fail(ld, ld->warta_line, W_CONFIG,
             "max_per_host (%ld) is larger than max_connections (%ld)",
             c->max_per_host, c->max_connections);
        return;
    }
    if (c->connect_timeout > c->timeout) {
        char a[32], b[32];
        fail(ld, ld->warta_line, W_CONFIG,
             "connect_timeout (%s) is longer than timeout (%s)",
             fmt_dur(c->connect_timeout, a, sizeof a),
             fmt_dur(c->timeout, b, sizeof b));
        return;
    }
    for (size_t i = 0; i < c->n_sources && !ld->failed; i++)
        finish_source(ld, i);
}

/* ------------------------------------------------------------------ */
/* Public                                                              */

static int set_defaults(struct config *c)
{
    c->state_dir = w_strdup(paths_state_dir());
    c->plugin_dir = w_strdup(paths_plugin_dir());
    c->rules_dir = w_strdup(paths_rules_dir());
    c->user_agent = w_strdup(DEFAULT_AGENT);
    if (!c->state_dir || !c->plugin_dir || !c->rules_dir || !c->user_agent)
        return W_NOMEM;
    c->max_connections = 16;
    c->max_per_host = 2;
    c->delay = 5;
    c->crawl_delay_cap = 60;
    c->connect_timeout = 10;
    c->timeout = 60;
    c->low_speed_time = 30;
    c->low_speed_limit = 100;
    c->max_body = (size_t)10 << 20;
    c->max_redirects = 5;
    c->log_level = WARTA_LOG_INFO;
    c->log_format = LOG_TEXT;
    c->robots_ttl = 86400;
    c->allow_private = 0;
    c->n_recheck = 0; /* articles are fetched once unless asked */
    c->drift_window = 20;
    c->drift_threshold = 50;
    return W_OK;
}

int config_new_default(struct config **out)
{
    *out = NULL;
    struct config *c = w_calloc(1, sizeof *c);
    if (!c)
        return W_NOMEM;
    c->path = w_strdup("(defaults)");
    if (!c->path || set_defaults(c)) {
        config_free(c);
        return W_NOMEM;
    }
    *out = c;
    return W_OK;
}

static int load_text(const char *text, size_t len, const char *name,
                     const char *dir, struct config **out, char *err,
                     size_t errsz)
{
    struct load ld;
    memset(&ld, 0, sizeof ld);
    ld.name = name;
    ld.text = text;
    ld.len = len;
    ld.next_line = 1;
    ld.err = err;
    ld.errsz = errsz;
    int rc = W_OK;
    if (dir) {
        ld.dir = w_strdup(dir);
        if (!ld.dir) {
            nomem(&ld);
            goto out;
        }
    }
    ld.c = w_calloc(1, sizeof *ld.c);
    if (!ld.c) {
        nomem(&ld);
        goto out;
    }
    ld.c->path = w_strdup(name);
    if (!ld.c->path || set_defaults(ld.c)) {
        nomem(&ld);
        goto out;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *p = text; p < nul; p++)
            line += *p == '\n';
        fail(&ld, line, W_CONFIG, "NUL byte: not a text file");
        goto out;
    }
    int bad = ini_parse_stream(reader, &ld, handler, &ld);
    if (!ld.failed && bad == -2)
        nomem(&ld);
    /* inih's own complaint (a line that is no pair, header or comment)
     * wins when it comes first in the file. */
    if (bad > 0 && ld.rc != W_NOMEM && (!ld.failed || bad < ld.fail_line)) {
        ld.failed = 0;
        fail(&ld, bad, W_CONFIG,
             "syntax error: expected KEY = VALUE, [SECTION] or a comment");
    }
    if (!ld.failed)
        finish(&ld);
out:
    if (ld.failed) {
        rc = ld.rc;
        config_free(ld.c);
        ld.c = NULL;
    }
    w_free(ld.src);
    w_free(ld.dir);
    *out = ld.c;
    return rc;
}

int config_load_string(const char *text, const char *name,
                       struct config **out, char *err, size_t errsz)
{
    *out = NULL;
    if (errsz)
        err[0] = '\0';
    if (!text)
        text = "";
    size_t len = strlen(text);
    if (len > CONFIG_MAX_BYTES) {
        if (errsz)
            snprintf(err, errsz, "%s: larger than %d bytes",
                     name ? name : "<string>", CONFIG_MAX_BYTES);
        return W_TOOBIG;
    }
    return load_text(text, len, name ? name : "<string>", NULL, out, err,
                     errsz);
}

int config_load(const char *path, struct config **out, char *err,
                size_t errsz)
{
    *out = NULL;
    if (errsz)
        err[0] = '\0';
    if (!path)
        path = config_default_path();
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (errsz)
            snprintf(err, errsz, "%s: %s", path, strerror(e));
        return e == ENOENT ? W_NOTFOUND : W_IO;
    }
    int rc = W_OK;
    char *text = w_malloc(CONFIG_MAX_BYTES + 1);
    char *dir = NULL;
    if (!text) {
        rc = W_NOMEM;
        if (errsz)
            snprintf(err, errsz, "%s: out of memory", path);
        goto out;
    }
    size_t n = fread(text, 1, CONFIG_MAX_BYTES + 1, f);
    if (ferror(f)) {
        rc = W_IO;
        if (errsz)
            snprintf(err, errsz, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (n > CONFIG_MAX_BYTES) {
        rc = W_TOOBIG;
        if (errsz)
            snprintf(err, errsz, "%s: larger than %d bytes", path,
                     CONFIG_MAX_BYTES);
        goto out;
    }
    text[n] = '\0';
    /* Relative paths in the file are relative to the file's directory. */
    const char *slash = strrchr(path, '/');
    dir = slash ? w_strndup(path, (size_t)(slash - path) + (slash == path))
                : NULL;
    if (slash && !dir) {
        rc = W_NOMEM;
        if (errsz)
            snprintf(err, errsz, "%s: out of memory", path);
        goto out;
    }
    rc = load_text(text, n, path, dir ? dir : ".", out, err, errsz);
out:
    w_free(dir);
    w_free(text);
    fclose(f);
    return rc;
}

void config_free(struct config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_sources; i++) {
        struct config_source *s = &c->sources[i];
        w_free(s->name);
        w_free(s->plugin);
        for (size_t j = 0; j < s->n_urls; j++)
            w_free(s->urls[j]);
        w_free(s->urls);
        for (size_t j = 0; j < s->n_hosts; j++)
            w_free(s->hosts[j]);
        w_free(s->hosts);
    }
    w_free(c->sources);
    for (size_t i = 0; i < c->n_plugins; i++) {
        struct config_plugin *p = &c->plugins[i];
        for (size_t j = 0; j < p->n_opts; j++) {
            w_free((char *)p->opts[j].key);
            w_free((char *)p->opts[j].value);
        }
        w_free(p->opts);
        w_free(p->name);
    }
    w_free(c->plugins);
    w_free(c->path);
    w_free(c->state_dir);
    w_free(c->plugin_dir);
    w_free(c->rules_dir);
    w_free(c->user_agent);
    w_free(c->ca_file);
    w_free(c);
}

const char *config_default_path(void) { return paths_config_file(); }

const struct config_source *config_source(const struct config *c,
                                          const char *name)
{
    for (size_t i = 0; c && name && i < c->n_sources; i++)
        if (strcmp(c->sources[i].name, name) == 0)
            return &c->sources[i];
    return NULL;
}

const struct config_plugin *config_plugin(const struct config *c,
                                          const char *name)
{
    for (size_t i = 0; c && name && i < c->n_plugins; i++)
        if (strcmp(c->plugins[i].name, name) == 0)
            return &c->plugins[i];
    return NULL;
}

const struct warta_kv *config_plugin_conf(const char *name, size_t *n,
                                          void *ud)
{
    const struct config_plugin *p = config_plugin(ud, name);
    *n = p ? p->n_opts : 0;
    return p && p->n_opts ? p->opts : NULL;
}

int config_check_plugins(const struct config *c,
                         int (*exists)(void *ud, const char *name),
                         void *ud, char *err, size_t errsz)
{
    if (errsz)
        err[0] = '\0';
    for (size_t i = 0; i < c->n_sources; i++) {
        const struct config_source *s = &c->sources[i];
        if (s->plugin && !exists(ud, s->plugin)) {
            if (errsz)
                snprintf(err, errsz, "%s:%d: source \"%s\": no plugin named "
                         "\"%s\" (see `warta plugins`)",
                         c->path, s->plugin_line ? s->plugin_line : s->line,
                         s->name, s->plugin);
            return W_CONFIG;
        }
    }
    for (size_t i = 0; i < c->n_plugins; i++) {
        const struct config_plugin *p = &c->plugins[i];
        if (!exists(ud, p->name)) {
            if (errsz)
                snprintf(err, errsz,
                         "%s:%d: [plugin %s]: no plugin named \"%s\" (see "
                         "`warta plugins`)",
                         c->path, p->line, p->name, p->name);
            return W_CONFIG;
        }
    }
    return W_OK;
}

int config_source_has_host(const struct config_source *s, const char *host)
{
    if (!s || !host)
        return 0;
    size_t hl = strlen(host);
    while (hl > 1 && host[hl - 1] == '.')
        hl--;
    for (size_t i = 0; i < s->n_hosts; i++) {
        const char *p = s->hosts[i];
        if (strncmp(p, "*.", 2) == 0) {
            const char *suf = p + 2;
            size_t sl = strlen(suf);
            if (hl == sl && strncasecmp(host, suf, hl) == 0)
                return 1;
            if (hl > sl + 1 && host[hl - sl - 1] == '.' &&
                strncasecmp(host + hl - sl, suf, sl) == 0)
                return 1;
        } else if (strlen(p) == hl && strncasecmp(p, host, hl) == 0) {
            return 1;
        }
    }
    return 0;
}

double config_source_delay(const struct config *c,
                           const struct config_source *s)
{
    return s && s->delay >= 0 ? s->delay : c->delay;
}
