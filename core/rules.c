/* SPDX-License-Identifier: MIT */
/*
 * Loading a rule set (the contract is rules.h, the file format
 * docs/RULES.md): every word list, then every rule file, {NAME} references
 * expanded (rules_lists.c), each rule compiled and JIT-compiled with its
 * required literals read (rules_literals.c), every field checked against
 * the pattern's groups, categories and the literal gate built. Only a set
 * that loaded completely is handed out, which is what keeps the rules in
 * force at a failed reload. Scanning is rules_scan.c.
 */
#include "config.h"
#include "rules_int.h"
#include "log.h"
#include "mem.h"
#include "rules_literals.h"
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- small helpers --------------------------------------------------- */

void rules_seterr(char *err, size_t errsz, const char *file, unsigned line,
                  const char *fmt, ...)
{
    if (!err || errsz == 0)
        return;
    int n = snprintf(err, errsz, "%s:%u: ", file ? file : "?", line);
    if (n < 0 || (size_t)n >= errsz)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
    va_end(ap);
}

/* Grow an array of pointers held in the set (plain heap, freed at the
 * end); bounded by max elements. */
int rules_grow(void *pv, size_t *cap, size_t n, size_t elem, size_t max)
{
    void **p = pv;
    if (n < *cap)
        return W_OK;
    if (n >= max)
        return W_TOOBIG;
    size_t nc = *cap ? *cap * 2 : 16;
    if (nc > max)
        nc = max;
    void *q = w_realloc(*p, nc * elem);
    if (!q)
        return W_NOMEM;
    *p = q;
    *cap = nc;
    return W_OK;
}

/* ---- files ----------------------------------------------------------- */

struct flist {
    char **v;
    size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Collect *.rules and *.tsv paths under dir (relative to root). */
static int walk(const char *root, const char *rel, int depth, struct flist *fl,
                char *err, size_t errsz)
{
    char path[4096];
    int n = rel[0] ? snprintf(path, sizeof path, "%s/%s", root, rel)
                   : snprintf(path, sizeof path, "%s", root);
    if (n < 0 || (size_t)n >= sizeof path) {
        rules_seterr(err, errsz, rel, 0, "path too long");
        return W_TOOBIG;
    }
    DIR *d = opendir(path);
    if (!d) {
        rules_seterr(err, errsz, rel[0] ? rel : root, 0,
                     "cannot open rules directory: %s", strerror(errno));
        return W_IO;
    }
    int rc = W_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        n = rel[0] ? snprintf(sub, sizeof sub, "%s/%s", rel, e->d_name)
                   : snprintf(sub, sizeof sub, "%s", e->d_name);
        if (n < 0 || (size_t)n >= sizeof sub) {
            rules_seterr(err, errsz, e->d_name, 0, "path too long");
            rc = W_TOOBIG;
            break;
        }
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", root, sub);
        struct stat st;
        if (stat(full, &st) != 0)
            continue; /* dangling link: not ours to judge */
        if (S_ISDIR(st.st_mode)) {
            if (depth >= RULES_MAX_DEPTH) {
                rules_seterr(err, errsz, sub, 0, "directories nested too deep");
                rc = W_TOOBIG;
                break;
            }
            rc = walk(root, sub, depth + 1, fl, err, errsz);
            if (rc)
                break;
            continue;
        }
        if (!S_ISREG(st.st_mode) ||
            !(ends_with(sub, ".rules") || ends_with(sub, ".tsv")))
            continue;
        rc =
            rules_grow(&fl->v, &fl->cap, fl->n, sizeof *fl->v, RULES_MAX_FILES);
        if (rc) {
            rules_seterr(err, errsz, sub, 0,
                         rc == W_TOOBIG ? "too many rule files"
                                        : "out of memory");
            break;
        }
        fl->v[fl->n] = w_strdup(sub);
        if (!fl->v[fl->n]) {
            rc = W_NOMEM;
            rules_seterr(err, errsz, sub, 0, "out of memory");
            break;
        }
        fl->n++;
    }
    closedir(d);
    return rc;
}

/* Read a whole file into the set's arena (NUL-ended). */
int rules_read_file(struct rules *rs, const char *rel, char **out, size_t *len,
                    char *err, size_t errsz)
{
    char full[8192];
    snprintf(full, sizeof full, "%s/%s", rs->dir, rel);
    FILE *f = fopen(full, "rb");
    if (!f) {
        rules_seterr(err, errsz, rel, 0, "cannot open: %s", strerror(errno));
        return W_IO;
    }
    struct buf b;
    buf_init(&b, RULES_MAX_FILE_BYTES);
    int rc = W_OK;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = buf_add(&b, chunk, n);
        if (rc) {
            rules_seterr(err, errsz, rel, 0,
                         rc == W_TOOBIG ? "file too large" : "out of memory");
            goto out;
        }
    }
    if (ferror(f)) {
        rules_seterr(err, errsz, rel, 0, "read error: %s", strerror(errno));
        rc = W_IO;
        goto out;
    }
    *len = b.n;
    *out = arena_strndup(&rs->mem, buf_str(&b), b.n);
    if (!*out) {
        rc = W_NOMEM;
        rules_seterr(err, errsz, rel, 0, "out of memory");
        goto out;
    }
    if (!rules_utf8_valid(*out, b.n) || strlen(*out) != b.n) {
        size_t line = 1;
        const char *s = *out;
        /* Name the first bad line. */
        size_t i = 0, ls = 0;
        for (; i < b.n; i++) {
            if (s[i] == '\n') {
                if (!rules_utf8_valid(s + ls, i - ls) ||
                    memchr(s + ls, '\0', i - ls))
                    break;
                line++;
                ls = i + 1;
            }
        }
        rules_seterr(err, errsz, rel, (unsigned)line, "not valid UTF-8 text");
        rc = W_PARSE;
    }
out:
    buf_cleanup(&b);
    fclose(f);
    return rc;
}

/* Iterate the lines of s: returns the next line (NUL-ended in place,
 * "\r" stripped) or NULL at the end. */
char *rules_next_line(char **cur)
{
    char *s = *cur;
    if (!s)
        return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = NULL;
        if (!*s)
            return NULL;
    }
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
    return s;
}

/* ---- rule files ------------------------------------------------------ */

/* Split "KEYWORD ARG": returns the keyword length; *arg points at the
 * argument (trailing blanks removed in place). */
static size_t split_kw(char *s, char **arg)
{
    size_t k = 0;
    while (s[k] && !is_blank((unsigned char)s[k]))
        k++;
    char *a = s + k;
    while (*a && is_blank((unsigned char)*a))
        a++;
    size_t n = strlen(a);
    while (n && is_blank((unsigned char)a[n - 1]))
        a[--n] = '\0';
    *arg = a;
    return k;
}

static int kw_is(const char *s, size_t k, const char *kw)
{
    return strlen(kw) == k && memcmp(s, kw, k) == 0;
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!rules_name_char((unsigned char)*s, 0) || *s == '/')
            return 0;
    return 1;
}

/* Parse one value token sequence: "$g | @list($g) | literal | \"q\"". */
static int parse_field(struct rules *rs, struct rfield *f, char *arg,
                       const char *file, unsigned line, char *err,
                       size_t errsz)
{
    struct rval alts[16];
    size_t na = 0;
    char *p = arg;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p) {
            rules_seterr(err, errsz, file, line, "field without a value");
            return W_PARSE;
        }
        if (na == 16) {
            rules_seterr(err, errsz, file, line, "too many alternatives");
            return W_TOOBIG;
        }
        struct rval *v = &alts[na++];
        memset(v, 0, sizeof *v);
        if (*p == '$') {
            char *s = ++p;
            while (rules_name_char((unsigned char)*p, 0) && *p != '.' &&
                   *p != '/' && *p != '-')
                p++;
            if (p == s) {
                rules_seterr(err, errsz, file, line,
                             "'$' without a group name");
                return W_PARSE;
            }
            v->type = RV_GROUP;
            v->text = arena_strndup(&rs->mem, s, (size_t)(p - s));
        } else if (*p == '@') {
            char *s = ++p;
            while (rules_name_char((unsigned char)*p, 0))
                p++;
            const struct rlist *l = rules_find_list(rs, s, (size_t)(p - s));
            if (!l) {
                rules_seterr(err, errsz, file, line, "unknown word list @%.*s",
                             (int)(p - s), s);
                return W_PARSE;
            }
            v->type = RV_LOOKUP;
            v->list = l;
            v->col = 2;
            if (*p == ':') {
                char *e;
                long col = strtol(p + 1, &e, 10);
                if (e == p + 1 || col < 1 || col > RULES_MAX_CELLS) {
                    rules_seterr(err, errsz, file, line,
                                 "bad column after ':'");
                    return W_PARSE;
                }
                v->col = (unsigned)col;
                p = e;
            }
            if (p[0] != '(' || p[1] != '$') {
                rules_seterr(err, errsz, file, line,
                             "expected @list($group) or @list:N($group)");
                return W_PARSE;
            }
            p += 2;
            s = p;
            while (rules_name_char((unsigned char)*p, 0) && *p != '.' &&
                   *p != '/' && *p != '-')
                p++;
            if (p == s || *p != ')') {
                rules_seterr(err, errsz, file, line,
                             "expected @list($group) or @list:N($group)");
                return W_PARSE;
            }
            v->text = arena_strndup(&rs->mem, s, (size_t)(p - s));
            p++;
        } else if (*p == '"') {
            struct buf q;
            buf_init(&q, 1 << 16);
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                if (buf_addc(&q, *p++)) {
                    buf_cleanup(&q);
                    rules_seterr(err, errsz, file, line, "out of memory");
                    return W_NOMEM;
                }
            }
            if (*p != '"') {
                buf_cleanup(&q);
                rules_seterr(err, errsz, file, line, "unterminated quote");
                return W_PARSE;
            }
            p++;
            v->type = RV_LITERAL;
            v->text = arena_strndup(&rs->mem, buf_str(&q), q.n);
            buf_cleanup(&q);
        } else {
            char *s = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '|')
                p++;
            v->type = RV_LITERAL;
            v->text = arena_strndup(&rs->mem, s, (size_t)(p - s));
        }
        if (!v->text) {
            rules_seterr(err, errsz, file, line, "out of memory");
            return W_NOMEM;
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (*p != '|') {
            rules_seterr(err, errsz, file, line,
                         "unexpected '%c' in field value (alternatives are "
                         "separated by '|')",
                         *p);
            return W_PARSE;
        }
        p++;
    }
    f->alts = arena_alloc(&rs->mem, na * sizeof *f->alts);
    if (!f->alts) {
        rules_seterr(err, errsz, file, line, "out of memory");
        return W_NOMEM;
    }
    memcpy(f->alts, alts, na * sizeof *alts);
    f->nalts = na;
    return W_OK;
}

static int parse_example(struct rules *rs, struct rule *r, char *arg,
                         const char *file, unsigned line, char *err,
                         size_t errsz)
{
    char *sep = NULL;
    for (char *p = strstr(arg, " => "); p; p = strstr(p + 1, " => "))
        sep = p;
    if (!sep) {
        rules_seterr(err, errsz, file, line,
                     "example needs 'TEXT => EXPECTED'");
        return W_PARSE;
    }
    int rc = rules_grow(&r->examples, &r->capexamples, r->nexamples,
                        sizeof *r->examples, RULES_MAX_EXAMPLES);
    if (rc) {
        rules_seterr(err, errsz, file, line,
                     rc == W_TOOBIG ? "too many examples" : "out of memory");
        return rc;
    }
    struct rexample *ex = &r->examples[r->nexamples];
    memset(ex, 0, sizeof *ex);
    ex->line = line;
    ex->text = arena_strndup(&rs->mem, arg, (size_t)(sep - arg));
    if (!ex->text)
        goto nomem;
    char *p = sep + 4;
    while (*p == ' ')
        p++;
    if (strcmp(p, "none") == 0) {
        ex->none = 1;
        r->nexamples++;
        return W_OK;
    }
    struct rexpect items[RULES_MAX_FIELDS + 2];
    size_t ni = 0;
    while (*p) {
        char *k = p;
        while (rules_name_char((unsigned char)*p, 0) && *p != '/')
            p++;
        if (p == k || *p != '=') {
            rules_seterr(err, errsz, file, line,
                         "expected key=value or none after '=>'");
            return W_PARSE;
        }
        if (ni == RULES_MAX_FIELDS + 2) {
            rules_seterr(err, errsz, file, line, "too many expected fields");
            return W_TOOBIG;
        }
        items[ni].key = arena_strndup(&rs->mem, k, (size_t)(p - k));
        p++;
        struct buf v;
        buf_init(&v, 1 << 16);
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                if (buf_addc(&v, *p++))
                    break;
            }
            if (*p != '"') {
                buf_cleanup(&v);
                rules_seterr(err, errsz, file, line, "unterminated quote");
                return W_PARSE;
            }
            p++;
        } else {
            char *s = p;
            while (*p && *p != ' ')
                p++;
            buf_add(&v, s, (size_t)(p - s));
        }
        items[ni].value = arena_strndup(&rs->mem, buf_str(&v), v.n);
        buf_cleanup(&v);
        if (!items[ni].key || !items[ni].value)
            goto nomem;
        ni++;
        while (*p == ' ')
            p++;
    }
    ex->ex = arena_alloc(&rs->mem, (ni ? ni : 1) * sizeof *ex->ex);
    if (!ex->ex)
        goto nomem;
    memcpy(ex->ex, items, ni * sizeof *items);
    ex->nex = ni;
    r->nexamples++;
    return W_OK;
nomem:
    rules_seterr(err, errsz, file, line, "out of memory");
    return W_NOMEM;
}

/* Default category of a file: the first directory under the root, or
 * the file's base name for files in the root. */
static char *file_category(struct rules *rs, const char *rel)
{
    const char *slash = strchr(rel, '/');
    if (slash)
        return arena_strndup(&rs->mem, rel, (size_t)(slash - rel));
    return arena_strndup(&rs->mem, rel, strlen(rel) - strlen(".rules"));
}

static int finish_rule(struct rule *r, char *err, size_t errsz)
{
    if (!r)
        return W_OK;
    if (r->pattern.n == 0) {
        rules_seterr(err, errsz, r->file, r->line, "rule %s has no pattern",
                     r->id);
        return W_PARSE;
    }
    if (!r->stop && !r->kind) {
        rules_seterr(err, errsz, r->file, r->line,
                     "rule %s has neither kind nor stop", r->id);
        return W_PARSE;
    }
    if (r->stop && r->kind) {
        rules_seterr(err, errsz, r->file, r->line,
                     "stop rule %s cannot have a kind", r->id);
        return W_PARSE;
    }
    return W_OK;
}

static int load_rules_file(struct rules *rs, const char *rel, char *err,
                           size_t errsz)
{
    char *text;
    size_t len;
    int rc = rules_read_file(rs, rel, &text, &len, err, errsz);
    if (rc)
        return rc;
    char *file = arena_strdup(&rs->mem, rel);
    char *category = file_category(rs, rel);
    if (!file || !category) {
        rules_seterr(err, errsz, rel, 0, "out of memory");
        return W_NOMEM;
    }
    struct rule *r = NULL;
    unsigned lineno = 0;
    char *cur = text, *line;
    while ((line = rules_next_line(&cur))) {
        lineno++;
        char *s = line;
        while (is_blank((unsigned char)*s))
            s++;
        if (!*s || *s == '#')
            continue;
        char *arg;
        size_t k = split_kw(s, &arg);
        if (kw_is(s, k, "rule")) {
            if ((rc = finish_rule(r, err, errsz)))
                return rc;
            if (!valid_id(arg)) {
                rules_seterr(
                    err, errsz, rel, lineno,
                    "rule id '%s' must be letters, digits, '_', '.', '-'", arg);
                return W_PARSE;
            }
            for (size_t i = 0; i < rs->nrules; i++)
                if (strcmp(rs->rules[i]->id, arg) == 0) {
                    rules_seterr(err, errsz, rel, lineno,
                                 "duplicate rule id %s (first in %s:%u)", arg,
                                 rs->rules[i]->file, rs->rules[i]->line);
                    return W_PARSE;
                }
            rc = rules_grow(&rs->rules, &rs->caprules, rs->nrules,
                            sizeof *rs->rules, RULES_MAX_RULES);
            if (rc) {
                rules_seterr(err, errsz, rel, lineno,
                             rc == W_TOOBIG ? "more than %d rules"
                                            : "out of memory (%d)",
                             RULES_MAX_RULES);
                return rc;
            }
            r = arena_alloc(&rs->mem, sizeof *r);
            if (!r || !(r->id = arena_strdup(&rs->mem, arg))) {
                rules_seterr(err, errsz, rel, lineno, "out of memory");
                return W_NOMEM;
            }
            r->file = file;
            r->line = lineno;
            r->category = category;
            r->index = (unsigned)rs->nrules;
            buf_init(&r->pattern, RULES_MAX_PATTERN);
            buf_init(&r->prefix, RULES_MAX_PATTERN);
            r->window = RULES_PREFIX_WINDOW;
            rs->rules[rs->nrules++] = r;
            continue;
        }
        if (kw_is(s, k, "define")) {
            char *darg;
            size_t dk = split_kw(arg, &darg);
            if (!dk || !*darg) {
                rules_seterr(err, errsz, rel, lineno,
                             "define needs NAME PATTERN");
                return W_PARSE;
            }
            arg[dk] = '\0';
            if (!rules_name_char((unsigned char)arg[0], 1) || !valid_id(arg)) {
                rules_seterr(err, errsz, rel, lineno, "bad define name '%s'",
                             arg);
                return W_PARSE;
            }
            if (rules_find_define(rs, arg, dk)) {
                rules_seterr(err, errsz, rel, lineno, "duplicate define %s",
                             arg);
                return W_PARSE;
            }
            rc = rules_grow(&rs->defines, &rs->capdefines, rs->ndefines,
                            sizeof *rs->defines, RULES_MAX_RULES);
            struct rdefine *d = rc ? NULL : arena_alloc(&rs->mem, sizeof *d);
            if (!d) {
                rules_seterr(err, errsz, rel, lineno,
                             rc == W_TOOBIG ? "too many defines"
                                            : "out of memory");
                return rc ? rc : W_NOMEM;
            }
            d->name = arena_strdup(&rs->mem, arg);
            d->pattern = arena_strdup(&rs->mem, darg);
            d->file = file;
            d->line = lineno;
            if (!d->name || !d->pattern) {
                rules_seterr(err, errsz, rel, lineno, "out of memory");
                return W_NOMEM;
            }
            rs->defines[rs->ndefines++] = d;
            continue;
        }
        if (kw_is(s, k, "category") && !r) {
            if (!valid_id(arg)) {
                rules_seterr(err, errsz, rel, lineno, "bad category '%s'", arg);
                return W_PARSE;
            }
            category = arena_strdup(&rs->mem, arg);
            if (!category)
                goto nomem;
            continue;
        }
        if (!r) {
            rules_seterr(err, errsz, rel, lineno,
                         "'%.*s' outside a rule (expected rule, define or "
                         "category)",
                         (int)k, s);
            return W_PARSE;
        }
        if (kw_is(s, k, "category")) {
            if (!valid_id(arg)) {
                rules_seterr(err, errsz, rel, lineno, "bad category '%s'", arg);
                return W_PARSE;
            }
            r->category = arena_strdup(&rs->mem, arg);
            if (!r->category)
                goto nomem;
        } else if (kw_is(s, k, "pattern")) {
            if (!*arg) {
                rules_seterr(err, errsz, rel, lineno, "empty pattern");
                return W_PARSE;
            }
            if (!r->pattern_line)
                r->pattern_line = lineno;
            if ((rc = buf_adds(&r->pattern, arg))) {
                rules_seterr(err, errsz, rel, lineno,
                             rc == W_TOOBIG ? "pattern too long"
                                            : "out of memory");
                return rc;
            }
        } else if (kw_is(s, k, "prefix")) {
            if (!*arg) {
                rules_seterr(err, errsz, rel, lineno, "empty prefix");
                return W_PARSE;
            }
            if (!r->prefix_line)
                r->prefix_line = lineno;
            if ((rc = buf_adds(&r->prefix, arg))) {
                rules_seterr(err, errsz, rel, lineno,
                             rc == W_TOOBIG ? "prefix too long"
                                            : "out of memory");
                return rc;
            }
        } else if (kw_is(s, k, "prefix-window")) {
            char *e;
            long v = strtol(arg, &e, 10);
            if (e == arg || *e || v < 1 || v > RULES_PREFIX_WINDOW_MAX) {
                rules_seterr(err, errsz, rel, lineno,
                             "prefix-window must be 1 to %d bytes",
                             RULES_PREFIX_WINDOW_MAX);
                return W_PARSE;
            }
            r->window = (size_t)v;
        } else if (kw_is(s, k, "kind")) {
            if (!valid_id(arg) || strcmp(arg, "stop") == 0) {
                rules_seterr(err, errsz, rel, lineno, "bad kind '%s'", arg);
                return W_PARSE;
            }
            r->kind = arena_strdup(&rs->mem, arg);
            if (!r->kind)
                goto nomem;
        } else if (kw_is(s, k, "stop")) {
            if (*arg) {
                rules_seterr(err, errsz, rel, lineno, "stop takes no argument");
                return W_PARSE;
            }
            r->stop = 1;
        } else if (kw_is(s, k, "flags")) {
            for (char *t = arg; *t;) {
                size_t tl = strcspn(t, " \t");
                if (tl == 8 && memcmp(t, "caseless", 8) == 0) {
                    r->caseless = 1;
                } else {
                    rules_seterr(err, errsz, rel, lineno, "unknown flag '%.*s'",
                                 (int)tl, t);
                    return W_PARSE;
                }
                t += tl;
                t += strspn(t, " \t");
            }
        } else if (kw_is(s, k, "priority")) {
            char *e;
            long v = strtol(arg, &e, 10);
            if (e == arg || *e || v < -1000000 || v > 1000000) {
                rules_seterr(err, errsz, rel, lineno, "bad priority '%s'", arg);
                return W_PARSE;
            }
            r->priority = (int)v;
        } else if (kw_is(s, k, "field")) {
            char *varg;
            size_t fk = split_kw(arg, &varg);
            if (!fk) {
                rules_seterr(err, errsz, rel, lineno, "field needs NAME VALUE");
                return W_PARSE;
            }
            arg[fk] = '\0';
            if (!valid_id(arg) || strcmp(arg, "text") == 0 ||
                strcmp(arg, "kind") == 0) {
                rules_seterr(err, errsz, rel, lineno, "bad field name '%s'",
                             arg);
                return W_PARSE;
            }
            for (size_t i = 0; i < r->nfields; i++)
                if (strcmp(r->fields[i].name, arg) == 0) {
                    rules_seterr(err, errsz, rel, lineno, "duplicate field %s",
                                 arg);
                    return W_PARSE;
                }
            if (r->nfields == RULES_MAX_FIELDS) {
                rules_seterr(err, errsz, rel, lineno, "more than %d fields",
                             RULES_MAX_FIELDS);
                return W_TOOBIG;
            }
            struct rfield *f = &r->fields[r->nfields];
            f->name = arena_strdup(&rs->mem, arg);
            if (!f->name) {
                rules_seterr(err, errsz, rel, lineno, "out of memory");
                return W_NOMEM;
            }
            if ((rc = parse_field(rs, f, varg, rel, lineno, err, errsz)))
                return rc;
            r->nfields++;
        } else if (kw_is(s, k, "require") || kw_is(s, k, "forbid")) {
            if (r->nrequire == RULES_MAX_FIELDS || !valid_id(arg)) {
                rules_seterr(err, errsz, rel, lineno, "bad %.*s '%s'", (int)k,
                             s, arg);
                return W_PARSE;
            }
            r->forbid[r->nrequire] = kw_is(s, k, "forbid");
            r->require[r->nrequire] = arena_strdup(&rs->mem, arg);
            if (!r->require[r->nrequire++])
                goto nomem;
        } else if (kw_is(s, k, "example")) {
            if ((rc = parse_example(rs, r, arg, rel, lineno, err, errsz)))
                return rc;
        } else {
            rules_seterr(err, errsz, rel, lineno, "unknown keyword '%.*s'",
                         (int)k, s);
            return W_PARSE;
        }
    }
    return finish_rule(r, err, errsz);
nomem:
    rules_seterr(err, errsz, rel, lineno, "out of memory");
    return W_NOMEM;
}

/* Look up the group numbers behind every $group a field uses. */
static int bind_groups(struct rules *rs, struct rule *r, char *err,
                       size_t errsz)
{
    for (size_t i = 0; i < r->nfields; i++) {
        struct rfield *f = &r->fields[i];
        for (size_t j = 0; j < f->nalts; j++) {
            struct rval *v = &f->alts[j];
            if (v->type == RV_LITERAL)
                continue;
            PCRE2_SPTR first, last;
            int size = pcre2_substring_nametable_scan(
                r->code, (PCRE2_SPTR)v->text, &first, &last);
            if (size < 0 && r->pcode) {
                size = pcre2_substring_nametable_scan(
                    r->pcode, (PCRE2_SPTR)v->text, &first, &last);
                v->in_prefix = 1;
            }
            if (size < 0) {
                rules_seterr(err, errsz, r->file, r->pattern_line,
                             "field %s uses $%s but the pattern has no group "
                             "(?<%s>...)",
                             f->name, v->text, v->text);
                return W_PARSE;
            }
            size_t n = (size_t)(last - first) / (size_t)size + 1;
            v->groups = arena_alloc(&rs->mem, n * sizeof *v->groups);
            if (!v->groups) {
                rules_seterr(err, errsz, r->file, r->line, "out of memory");
                return W_NOMEM;
            }
            for (size_t g = 0; g < n; g++) {
                PCRE2_SPTR e = first + g * (size_t)size;
                v->groups[g] = e[0] << 8 | e[1];
            }
            v->ngroups = n;
        }
    }
    for (size_t i = 0; i < r->nrequire; i++) {
        size_t j = 0;
        while (j < r->nfields && strcmp(r->fields[j].name, r->require[i]))
            j++;
        if (j == r->nfields) {
            rules_seterr(
                err, errsz, r->file, r->line, "%s %s names no field of rule %s",
                r->forbid[i] ? "forbid" : "require", r->require[i], r->id);
            return W_PARSE;
        }
    }
    return W_OK;
}


/* JIT-compile patterns? Yes when PCRE2 has JIT, unless the environment
 * says WARTA_RULES_NO_JIT=1 (tests run the interpreter that way; it is
 * what runs on platforms without JIT). Read at each load. */
static int use_jit(void)
{
    uint32_t jit = 0;
    const char *e = getenv("WARTA_RULES_NO_JIT");
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    return jit && !(e && e[0] == '1');
}

/* Whether scans are narrowed to the lines holding a rule's literals
 * (WARTA_RULES_NO_GATE=1 turns it off, to compare or to rule it out). */
static int use_gate(void)
{
    const char *e = getenv("WARTA_RULES_NO_GATE");
    return !(e && e[0] == '1');
}

/* The prefix of a rule: compiled as "(?:PREFIX)\z" and matched on the
 * text that ends where the main match starts (rules_scan). */
static int compile_prefix(struct rules *rs, struct rule *r,
                          pcre2_compile_context *cc, char *err, size_t errsz)
{
    struct buf b;
    buf_init(&b, RULES_MAX_PATTERN);
    int rc = buf_adds(&b, "(?:");
    if (!rc)
        rc = rules_expand(rs, buf_str(&r->prefix), &b, 0, r->file,
                          r->prefix_line, err, errsz);
    if (!rc)
        rc = buf_adds(&b, ")\\z");
    if (rc) {
        if (err && errsz && !err[0])
            rules_seterr(err, errsz, r->file, r->prefix_line,
                         rc == W_TOOBIG ? "prefix too long" : "out of memory");
        goto out;
    }
    uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES;
    if (r->caseless)
        opt |= PCRE2_CASELESS;
    int ec;
    PCRE2_SIZE eo;
    r->pcode = pcre2_compile((PCRE2_SPTR)buf_str(&b), b.n, opt, &ec, &eo, cc);
    if (!r->pcode) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        rules_seterr(err, errsz, r->file, r->prefix_line,
                     "prefix of rule %s does not compile at offset %zu: %s",
                     r->id, eo > 3 ? (size_t)eo - 3 : 0, (char *)msg);
        rc = W_PARSE;
        goto out;
    }
    if (use_jit())
        pcre2_jit_compile(r->pcode, PCRE2_JIT_COMPLETE);
    uint32_t cap = 0;
    pcre2_pattern_info(r->pcode, PCRE2_INFO_CAPTURECOUNT, &cap);
    if (cap > rs->max_groups)
        rs->max_groups = cap;
out:
    buf_cleanup(&b);
    return rc;
}

static int compile_rule(struct rules *rs, struct rule *r,
                        pcre2_compile_context *cc, char *err, size_t errsz)
{
    struct buf b;
    buf_init(&b, RULES_MAX_PATTERN);
    int rc = rules_expand(rs, buf_str(&r->pattern), &b, 0, r->file,
                          r->pattern_line, err, errsz);
    if (rc)
        goto out;
    uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES;
    if (r->caseless)
        opt |= PCRE2_CASELESS;
    r->gate_bit = -1;
    if (use_gate()) {
        if (rules_literals(buf_str(&b), b.n, &rs->mem, &r->lits,
                           &r->maxpre) < 0) {
            rules_seterr(err, errsz, r->file, r->line, "out of memory");
            rc = W_NOMEM;
            goto out;
        }
        r->lit_min = SIZE_MAX;
        r->lit_max = 0;
        for (char **q = r->lits; q && *q; q++) {
            size_t n = strlen(*q);
            r->lit_min = n < r->lit_min ? n : r->lit_min;
            r->lit_max = n > r->lit_max ? n : r->lit_max;
        }
        /* Gated scans bound where a match may start (rules_scan). */
        if (r->lits)
            opt |= PCRE2_USE_OFFSET_LIMIT;
    }
    int ec;
    PCRE2_SIZE eo;
    r->code = pcre2_compile((PCRE2_SPTR)buf_str(&b), b.n, opt, &ec, &eo, cc);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        size_t from = eo > 20 ? eo - 20 : 0;
        /* Back up to a character boundary for the excerpt. */
        while (from > 0 && (b.p[from] & 0xC0) == 0x80)
            from--;
        rules_seterr(err, errsz, r->file, r->pattern_line,
                     "pattern of rule %s does not compile at offset %zu (near "
                     "\"%.*s\"): %s",
                     r->id, (size_t)eo, (int)(eo - from + (eo < b.n)),
                     b.p + from, (char *)msg);
        rc = W_PARSE;
        goto out;
    }
    /* JIT when the platform allows it; the interpreter is the fallback. */
    int jr = use_jit() ? pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE)
                       : PCRE2_ERROR_JIT_BADOPTION;
    if (jr != 0)
        W_DEBUG("rules: no JIT for %s (%d), using the interpreter", r->id,
                jr);
    uint32_t cap = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &cap);
    if (cap > rs->max_groups)
        rs->max_groups = cap;
    if (r->prefix.n) {
        rc = compile_prefix(rs, r, cc, err, errsz);
        if (rc)
            goto out;
    }
    r->expanded = arena_strndup(&rs->mem, buf_str(&b), b.n);
    if (!r->expanded) {
        rules_seterr(err, errsz, r->file, r->line, "out of memory");
        rc = W_NOMEM;
        goto out;
    }
    rc = bind_groups(rs, r, err, errsz);
out:
    buf_cleanup(&b);
    return rc;
}

static void rules_destroy(struct rules *rs)
{
    for (size_t i = 0; i < rs->nrules; i++) {
        struct rule *r = rs->rules[i];
        pcre2_code_free(r->code);
        pcre2_code_free(r->pcode);
        buf_cleanup(&r->pattern);
        buf_cleanup(&r->prefix);
        w_free(r->examples);
    }
    rules_gate_free(rs->gate);
    w_free(rs->cats);
    w_free(rs->rules);
    w_free(rs->lists);
    w_free(rs->defines);
    w_free(rs->dir);
    arena_cleanup(&rs->mem);
    w_free(rs);
}

/* The set's gate: every pass leader with literals gets the bit of its
 * index; the others scan the whole text. A gate that cannot be built
 * (too many states) leaves every rule ungated. */
static int build_gate(struct rules *rs)
{
    char ***lits = w_calloc(rs->nrules ? rs->nrules : 1, sizeof *lits);
    if (!lits)
        return W_NOMEM;
    for (size_t i = 0; i < rs->nrules; i++)
        lits[i] = rs->rules[i]->leader ? NULL : rs->rules[i]->lits;
    int rc = rules_gate_new((char *const *const *)lits, rs->nrules,
                            &rs->gate);
    if (rc == W_TOOBIG) {
        W_DEBUG("rules: %s has too many literals to gate", rs->dir);
        rc = W_OK;
    }
    for (size_t i = 0; i < rs->nrules && !rc && rs->gate; i++)
        if (lits[i])
            rs->rules[i]->gate_bit = (int)i;
    w_free(lits);
    return rc;
}

static int build_categories(struct rules *rs, char *err, size_t errsz)
{
    rs->cats = w_calloc(rs->nrules ? rs->nrules : 1, sizeof *rs->cats);
    if (!rs->cats)
        goto nomem;
    for (size_t i = 0; i < rs->nrules; i++) {
        struct rule *r = rs->rules[i];
        size_t k = 0;
        while (k < rs->ncats && strcmp(rs->cats[k].name, r->category))
            k++;
        if (k == rs->ncats) {
            rs->cats[k].name = r->category;
            rs->cats[k].rules =
                arena_alloc(&rs->mem, rs->nrules * sizeof(struct rule *));
            if (!rs->cats[k].rules)
                goto nomem;
            rs->ncats++;
        }
        struct rcat *c = &rs->cats[k];
        for (size_t j = 0; j < c->n && !r->leader; j++) {
            struct rule *l = c->rules[j];
            if (!l->leader && l->caseless == r->caseless &&
                strcmp(l->expanded, r->expanded) == 0) {
                struct rule **tail = &l->next_same;
                while (*tail)
                    tail = &(*tail)->next_same;
                *tail = r;
                r->leader = l;
            }
        }
        c->rules[c->n++] = r;
    }
    if (build_gate(rs) == W_NOMEM)
        goto nomem;
    return W_OK;
nomem:
    rules_seterr(err, errsz, rs->dir, 0, "out of memory");
    return W_NOMEM;
}

static atomic_uint_fast64_t next_serial;

int rules_load(const char *dir, struct rules **out, char *err, size_t errsz)
{
    if (err && errsz)
        err[0] = '\0';
    struct flist fl = {0};
    pcre2_compile_context *cc = NULL;
    struct rules *rs = w_calloc(1, sizeof *rs);
    int rc = W_NOMEM;
    if (!rs || !(rs->dir = w_strdup(dir))) {
        rules_seterr(err, errsz, dir, 0, "out of memory");
        goto out;
    }
    atomic_init(&rs->refs, 1);
    arena_init(&rs->mem, 0);
    rs->serial = atomic_fetch_add(&next_serial, 1) + 1;
    rc = walk(dir, "", 0, &fl, err, errsz);
    if (rc)
        goto out;
    qsort(fl.v, fl.n, sizeof *fl.v, cmp_str);
    for (size_t i = 0; i < fl.n && !rc; i++)
        if (ends_with(fl.v[i], ".tsv"))
            rc = rules_load_list(rs, fl.v[i], err, errsz);
    if (rc)
        goto out;
    for (size_t i = 0; i < rs->nlists; i++) {
        rs->lists[i]->base_unique = 1;
        for (size_t j = 0; j < rs->nlists; j++)
            if (j != i && strcmp(rs->lists[i]->base, rs->lists[j]->base) == 0)
                rs->lists[i]->base_unique = 0;
    }
    for (size_t i = 0; i < fl.n && !rc; i++)
        if (ends_with(fl.v[i], ".rules"))
            rc = load_rules_file(rs, fl.v[i], err, errsz);
    if (rc)
        goto out;
    cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        rc = W_NOMEM;
        rules_seterr(err, errsz, dir, 0, "out of memory");
        goto out;
    }
    pcre2_set_parens_nest_limit(cc, RULES_PARENS_NEST);
    for (size_t i = 0; i < rs->nrules && !rc; i++)
        rc = compile_rule(rs, rs->rules[i], cc, err, errsz);
    if (!rc)
        rc = build_categories(rs, err, errsz);
    if (rc)
        goto out;
    *out = rs;
    rs = NULL;
out:
    pcre2_compile_context_free(cc);
    for (size_t i = 0; i < fl.n; i++)
        w_free(fl.v[i]);
    w_free(fl.v);
    if (rs)
        rules_destroy(rs);
    return rc;
}

struct rules *rules_ref(struct rules *rs)
{
    if (rs)
        atomic_fetch_add(&rs->refs, 1);
    return rs;
}

void rules_unref(struct rules *rs)
{
    if (rs && atomic_fetch_sub(&rs->refs, 1) == 1)
        rules_destroy(rs);
}

void rules_free(struct rules *rs)
{
    rules_unref(rs);
}

static int in_category(const struct rule *r, const char *category)
{
    return !category || strcmp(r->category, category) == 0;
}

size_t rules_count(const struct rules *rs, const char *category)
{
    size_t n = 0;
    for (size_t i = 0; rs && i < rs->nrules; i++)
        n += in_category(rs->rules[i], category);
    return n;
}

int rules_has_category(const struct rules *rs, const char *category)
{
    return category && rules_count(rs, category) > 0;
}

const char *rules_dir(const struct rules *rs)
{
    return rs ? rs->dir : NULL;
}
