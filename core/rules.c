/* SPDX-License-Identifier: MIT */
/*
 * The rule engine over PCRE2 (see rules.h for the contract, docs/RULES.md
 * for the file format). Loading reads every word list, then every rule
 * file, expands {NAME} references into plain PCRE2 syntax (word lists
 * become trie-shaped alternations, so long lists stay small and fast),
 * compiles and JIT-compiles each rule, and checks that every field refers
 * to a group the pattern has. Only a set that loaded completely is handed
 * out, which is what keeps the rules in force at a failed reload.
 *
 * Scanning runs every rule of a category over the text under PCRE2's
 * match, depth and heap limits, keeps the raw spans, and resolves
 * overlaps best first with a bitmap of taken bytes, so the work stays
 * linear in the text times the number of rules.
 */
#include "config.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"
#include "arena.h"
#include "rules_gate.h"
#include "rules_literals.h"
#include "buf.h"
#include "log.h"
#include "mem.h"
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RULES_MAX_DEPTH 8      /* directory nesting under the root */
#define RULES_MAX_KEY_CP 256   /* code points of one word-list key */
#define RULES_MAX_EXPAND 32    /* nesting of {NAME} references */
#define RULES_MAX_CELLS 64     /* cells per word-list row */
#define RULES_PARENS_NEST 2000 /* tries nest one group per branch point */
#define RULES_CACHE_TEXT (4u << 20) /* bytes of text whose lines are kept */

/* ---- word lists ------------------------------------------------------ */

struct rlist {
    char *name;  /* path under the root without .tsv: "words/months" */
    char *base;  /* file name without .tsv: "months" */
    char *file;  /* path for messages */
    int base_unique;
    size_t nrows;
    char ***rows;      /* rows[i][0..ncols[i]) */
    size_t *ncols;
    size_t *slots;     /* open addressing: row index + 1, 0 = empty */
    size_t nslots;     /* power of two */
};

/* ---- rules ----------------------------------------------------------- */

enum rval_type { RV_LITERAL, RV_GROUP, RV_LOOKUP };

struct rval {
    enum rval_type type;
    char *text;          /* literal, or the group name */
    const struct rlist *list;
    unsigned col;        /* lookup column, 1-based */
    int *groups;         /* group numbers of the name (DUPNAMES) */
    size_t ngroups;
    int in_prefix;       /* the group is in the rule's prefix pattern */
};

struct rfield {
    char *name;
    struct rval *alts;
    size_t nalts;
};

struct rexpect {
    char *key;
    char *value; /* "-" means: must be absent */
};

struct rexample {
    char *text;
    unsigned line;
    int none;
    struct rexpect *ex;
    size_t nex;
};

struct rule {
    char *id, *category, *kind;
    char *file;
    unsigned line;         /* of the `rule` line */
    unsigned pattern_line; /* of the first `pattern` line */
    int stop, caseless, priority;
    unsigned index;
    struct buf pattern;    /* as written */
    struct buf prefix;     /* as written; empty when none */
    unsigned prefix_line;
    size_t window;         /* bytes the prefix may reach back */
    char *expanded;        /* the pattern after {NAME} expansion */
    char **lits;           /* required literals (rules_literals), or NULL */
    size_t maxpre;         /* bytes before a literal, SIZE_MAX: unbounded */
    size_t lit_min, lit_max; /* shortest and longest literal */
    int gate_bit;          /* bit in the set's gate, or -1 */
    pcre2_code *code;
    pcre2_code *pcode;     /* "(?:PREFIX)\z", or NULL */
    /* Rules of a category whose patterns are the same after expansion
     * (they differ in prefix, kind or fields) share one pass over the
     * text: the first is the leader, the others hang off `next_same`. */
    const struct rule *leader;
    struct rule *next_same;
    struct rfield fields[RULES_MAX_FIELDS];
    size_t nfields;
    char *require[RULES_MAX_FIELDS]; /* `require` and `forbid` fields */
    unsigned char forbid[RULES_MAX_FIELDS]; /* 1 for `forbid` */
    size_t nrequire;
    struct rexample *examples;
    size_t nexamples, capexamples;
};

/* A category: its rules in set order. (Scanning runs each rule over the
 * text on its own: with patterns that start with a rare character, PCRE2's
 * start-of-match optimisations make that faster than one combined
 * alternation of all rules, which was measured and dropped.) */
struct rcat {
    char *name;
    struct rule **rules;
    size_t n;
};

struct rdefine {
    char *name, *pattern, *file;
    unsigned line;
    int busy; /* cycle detection during expansion */
};

struct rules {
    atomic_int refs;
    char *dir;
    struct arena mem; /* every string and array of the set */
    struct rule **rules;
    size_t nrules, caprules;
    struct rlist **lists;
    size_t nlists, caplists;
    struct rdefine **defines;
    size_t ndefines, capdefines;
    struct rcat *cats;
    size_t ncats;
    uint32_t max_groups;
    struct rules_gate *gate; /* NULL: every rule scans the whole text */
    uint64_t serial;         /* tells sets apart in the per-thread cache */
};

/* Private part of rules_result: an arena for fields and values. */
struct rules_arena_ {
    struct arena a;
};

/* ---- small helpers --------------------------------------------------- */

static void seterr(char *err, size_t errsz, const char *file, unsigned line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void seterr(char *err, size_t errsz, const char *file, unsigned line,
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

static int is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

static int lower_ascii(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Grow an array of pointers held in the set (plain heap, freed at the
 * end); bounded by max elements. */
static int grow(void *pv, size_t *cap, size_t n, size_t elem, size_t max)
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

/* Key normalisation for lookups: ASCII case folded, blank runs → one
 * space, trimmed. Writes into a buf; returns W_OK or W_NOMEM/W_TOOBIG. */
static int norm_key(struct buf *b, const char *s, size_t n)
{
    buf_reset(b);
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_blank(c)) {
            space = b->n > 0;
            continue;
        }
        if (space && buf_addc(b, ' '))
            return W_NOMEM;
        space = 0;
        if (buf_addc(b, (char)lower_ascii(c)))
            return W_NOMEM;
    }
    if (b->n == 0 && buf_add(b, "", 0))
        return W_NOMEM;
    return W_OK;
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* ---- UTF-8 ----------------------------------------------------------- */

/* Length of the well-formed sequence at s[0..n), or 0 when ill-formed;
 * *bad gets the length of the maximal subpart to replace. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0];
    *bad = 1;
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= n)
            return 0;
        unsigned char d = s[i];
        if (d < lo || d > hi)
            return 0;
        *bad = i + 1;
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

int rules_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t bad;
        size_t k = utf8_seq(p + i, len - i, &bad);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

char *rules_sanitize(const char *s, size_t len, size_t *outlen)
{
    if (len > RULES_MAX_TEXT)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    /* Worst case: every byte becomes three. */
    size_t cap = len * 3 + 1;
    char *out = w_malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < len) {
        /* Runs of ASCII without NUL are copied whole, eight bytes a step
         * while looking for their end. */
        size_t j = i;
        while (j + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + j, 8);
            if ((w & 0x8080808080808080ull) ||
                ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            j += 8;
        }
        while (j < len && p[j] && p[j] < 0x80)
            j++;
        if (j > i) {
            memcpy(out + o, p + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        size_t bad;
        size_t k = p[i] ? utf8_seq(p + i, len - i, &bad) : 0;
        if (!p[i])
            bad = 1;
        if (k) {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
        }
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    return out;
}

void rules_cpmap_init(struct rules_cpmap *m, const char *text, size_t len)
{
    m->text = text;
    m->len = len;
    m->byte = 0;
    m->cp = 0;
}

size_t rules_cpmap_get(struct rules_cpmap *m, size_t off)
{
    if (off > m->len)
        off = m->len;
    if (off < m->byte) {
        m->byte = 0;
        m->cp = 0;
    }
    const unsigned char *p = (const unsigned char *)m->text;
    size_t cp = m->cp;
    for (size_t i = m->byte; i < off; i++)
        cp += (p[i] & 0xC0) != 0x80;
    m->byte = off;
    m->cp = cp;
    return cp;
}

size_t rules_cp_offset(const char *text, size_t off)
{
    size_t cp = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < off; i++)
        cp += (p[i] & 0xC0) != 0x80;
    return cp;
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
        seterr(err, errsz, rel, 0, "path too long");
        return W_TOOBIG;
    }
    DIR *d = opendir(path);
    if (!d) {
        seterr(err, errsz, rel[0] ? rel : root, 0,
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
            seterr(err, errsz, e->d_name, 0, "path too long");
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
                seterr(err, errsz, sub, 0, "directories nested too deep");
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
        rc = grow(&fl->v, &fl->cap, fl->n, sizeof *fl->v, RULES_MAX_FILES);
        if (rc) {
            seterr(err, errsz, sub, 0, rc == W_TOOBIG
                                            ? "too many rule files"
                                            : "out of memory");
            break;
        }
        fl->v[fl->n] = w_strdup(sub);
        if (!fl->v[fl->n]) {
            rc = W_NOMEM;
            seterr(err, errsz, sub, 0, "out of memory");
            break;
        }
        fl->n++;
    }
    closedir(d);
    return rc;
}

/* Read a whole file into the set's arena (NUL-ended). */
static int read_file(struct rules *rs, const char *rel, char **out,
                     size_t *len, char *err, size_t errsz)
{
    char full[8192];
    snprintf(full, sizeof full, "%s/%s", rs->dir, rel);
    FILE *f = fopen(full, "rb");
    if (!f) {
        seterr(err, errsz, rel, 0, "cannot open: %s", strerror(errno));
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
            seterr(err, errsz, rel, 0, rc == W_TOOBIG ? "file too large"
                                                      : "out of memory");
            goto out;
        }
    }
    if (ferror(f)) {
        seterr(err, errsz, rel, 0, "read error: %s", strerror(errno));
        rc = W_IO;
        goto out;
    }
    *len = b.n;
    *out = arena_strndup(&rs->mem, buf_str(&b), b.n);
    if (!*out) {
        rc = W_NOMEM;
        seterr(err, errsz, rel, 0, "out of memory");
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
        seterr(err, errsz, rel, (unsigned)line,
               "not valid UTF-8 text");
        rc = W_PARSE;
    }
out:
    buf_cleanup(&b);
    fclose(f);
    return rc;
}

/* Iterate the lines of s: returns the next line (NUL-ended in place,
 * "\r" stripped) or NULL at the end. */
static char *next_line(char **cur)
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

/* ---- word lists ------------------------------------------------------ */

static int list_index(struct rules *rs, struct rlist *l, char *err,
                      size_t errsz)
{
    size_t ns = 16;
    while (ns < l->nrows * 2)
        ns <<= 1;
    l->slots = arena_alloc(&rs->mem, ns * sizeof *l->slots);
    if (!l->slots) {
        seterr(err, errsz, l->file, 0, "out of memory");
        return W_NOMEM;
    }
    l->nslots = ns;
    struct buf k;
    buf_init(&k, 4096);
    int rc = W_OK;
    for (size_t i = 0; i < l->nrows; i++) {
        rc = norm_key(&k, l->rows[i][0], strlen(l->rows[i][0]));
        if (rc)
            break;
        size_t h = hash_str(k.p, k.n) & (ns - 1);
        int dup = 0;
        while (l->slots[h]) {
            char **row = l->rows[l->slots[h] - 1];
            struct buf o;
            buf_init(&o, 4096);
            if (norm_key(&o, row[0], strlen(row[0])) == W_OK &&
                o.n == k.n && memcmp(o.p, k.p, k.n) == 0)
                dup = 1;
            buf_cleanup(&o);
            if (dup)
                break;
            h = (h + 1) & (ns - 1);
        }
        if (!dup)
            l->slots[h] = i + 1;
    }
    buf_cleanup(&k);
    if (rc)
        seterr(err, errsz, l->file, 0, "key too long or out of memory");
    return rc;
}

static int load_list(struct rules *rs, const char *rel, char *err,
                     size_t errsz)
{
    char *text;
    size_t len;
    int rc = read_file(rs, rel, &text, &len, err, errsz);
    if (rc)
        return rc;
    struct rlist *l = arena_alloc(&rs->mem, sizeof *l);
    if (!l)
        goto nomem;
    l->file = arena_strdup(&rs->mem, rel);
    l->name = arena_strndup(&rs->mem, rel, strlen(rel) - 4);
    const char *slash = strrchr(l->name, '/');
    l->base = arena_strdup(&rs->mem, slash ? slash + 1 : l->name);
    if (!l->file || !l->name || !l->base)
        goto nomem;
    size_t caprows = 0;
    unsigned lineno = 0;
    char *cur = text, *line;
    while ((line = next_line(&cur))) {
        lineno++;
        char *s = line;
        while (*s == ' ')
            s++;
        if (!*s || *s == '#')
            continue;
        char *cells[RULES_MAX_CELLS];
        size_t nc = 0;
        for (char *c = line;;) {
            char *tab = strchr(c, '\t');
            if (tab)
                *tab = '\0';
            if (nc == RULES_MAX_CELLS) {
                seterr(err, errsz, rel, lineno, "more than %d cells",
                       RULES_MAX_CELLS);
                return W_TOOBIG;
            }
            /* Trim blanks around the cell. */
            while (*c == ' ')
                c++;
            size_t cl = strlen(c);
            while (cl && c[cl - 1] == ' ')
                c[--cl] = '\0';
            cells[nc++] = c;
            if (!tab)
                break;
            c = tab + 1;
        }
        if (!cells[0][0]) {
            seterr(err, errsz, rel, lineno, "empty key");
            return W_PARSE;
        }
        size_t kcp = rules_cp_offset(cells[0], strlen(cells[0]));
        if (kcp > RULES_MAX_KEY_CP) {
            seterr(err, errsz, rel, lineno, "key longer than %d characters",
                   RULES_MAX_KEY_CP);
            return W_TOOBIG;
        }
        if (l->nrows == caprows) {
            size_t nc2 = caprows ? caprows * 2 : 64;
            char ***nr = arena_alloc(&rs->mem, nc2 * sizeof *nr);
            size_t *nn = arena_alloc(&rs->mem, nc2 * sizeof *nn);
            if (!nr || !nn)
                goto nomem;
            if (l->nrows) {
                memcpy(nr, l->rows, l->nrows * sizeof *nr);
                memcpy(nn, l->ncols, l->nrows * sizeof *nn);
            }
            l->rows = nr;
            l->ncols = nn;
            caprows = nc2;
        }
        char **row = arena_alloc(&rs->mem, nc * sizeof *row);
        if (!row)
            goto nomem;
        memcpy(row, cells, nc * sizeof *row); /* cells point into text */
        l->rows[l->nrows] = row;
        l->ncols[l->nrows] = nc;
        l->nrows++;
    }
    rc = list_index(rs, l, err, errsz);
    if (rc)
        return rc;
    rc = grow(&rs->lists, &rs->caplists, rs->nlists, sizeof *rs->lists,
              RULES_MAX_FILES);
    if (rc)
        goto nomem;
    rs->lists[rs->nlists++] = l;
    return W_OK;
nomem:
    seterr(err, errsz, rel, 0, "out of memory");
    return W_NOMEM;
}

static const struct rlist *find_list(const struct rules *rs, const char *name,
                                     size_t n)
{
    for (size_t i = 0; i < rs->nlists; i++) {
        const struct rlist *l = rs->lists[i];
        if (strlen(l->name) == n && memcmp(l->name, name, n) == 0)
            return l;
    }
    for (size_t i = 0; i < rs->nlists; i++) {
        const struct rlist *l = rs->lists[i];
        if (l->base_unique && strlen(l->base) == n &&
            memcmp(l->base, name, n) == 0)
            return l;
    }
    return NULL;
}

static long list_lookup(const struct rlist *l, const char *key, size_t n)
{
    if (!l->nslots)
        return -1;
    struct buf k;
    buf_init(&k, 1 << 16);
    long found = -1;
    if (norm_key(&k, key, n) != W_OK)
        goto out;
    size_t h = hash_str(k.p, k.n) & (l->nslots - 1);
    while (l->slots[h]) {
        size_t r = l->slots[h] - 1;
        const char *rk = l->rows[r][0];
        /* Compare normalised forms without allocating for the row. */
        size_t i = 0, j = 0, rn = strlen(rk);
        while (j < rn && is_blank((unsigned char)rk[j]))
            j++;
        int eq = 1;
        while (i < k.n) {
            if (j >= rn) {
                eq = 0;
                break;
            }
            unsigned char c = (unsigned char)rk[j];
            if (is_blank(c)) {
                while (j < rn && is_blank((unsigned char)rk[j]))
                    j++;
                if (k.p[i] != ' ' || j >= rn) {
                    eq = 0;
                    break;
                }
                i++;
                continue;
            }
            if (lower_ascii(c) != (unsigned char)k.p[i]) {
                eq = 0;
                break;
            }
            i++;
            j++;
        }
        while (j < rn && is_blank((unsigned char)rk[j]))
            j++;
        if (eq && j == rn) {
            found = (long)r;
            break;
        }
        h = (h + 1) & (l->nslots - 1);
    }
out:
    buf_cleanup(&k);
    return found;
}

const char *rules_word(const struct rules *rs, const char *list,
                       const char *key, unsigned col)
{
    if (!rs || !list || !key || col == 0)
        return NULL;
    const struct rlist *l = find_list(rs, list, strlen(list));
    if (!l)
        return NULL;
    long r = list_lookup(l, key, strlen(key));
    if (r < 0)
        return NULL;
    if (col > l->ncols[r])
        return col == 2 ? l->rows[r][0] : NULL;
    return l->rows[r][col - 1];
}

size_t rules_list_rows(const struct rules *rs, const char *list)
{
    const struct rlist *l = rs && list ? find_list(rs, list, strlen(list))
                                       : NULL;
    return l ? l->nrows : 0;
}

const char *const *rules_list_row(const struct rules *rs, const char *list,
                                  size_t row, size_t *ncols)
{
    const struct rlist *l = rs && list ? find_list(rs, list, strlen(list))
                                       : NULL;
    if (!l || row >= l->nrows)
        return NULL;
    if (ncols)
        *ncols = l->ncols[row];
    return (const char *const *)l->rows[row];
}

/* ---- {NAME} expansion ------------------------------------------------ */

/* A trie of code points; SPACE_CP stands for a run of blanks. */
#define SPACE_CP 0xFFFFFFFFu

struct tnode {
    uint32_t cp;
    int terminal;
    struct tnode *child; /* first child, kept sorted by cp */
    struct tnode *next;  /* next sibling */
};

static uint32_t decode_cp(const unsigned char *s, size_t *k)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *k = 1;
        return c;
    }
    if (c < 0xE0) {
        *k = 2;
        return (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if (c < 0xF0) {
        *k = 3;
        return (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
               (s[2] & 0x3F);
    }
    *k = 4;
    return (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
           (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

static int trie_add(struct arena *a, struct tnode *root, const char *key)
{
    const unsigned char *s = (const unsigned char *)key;
    size_t n = strlen(key), i = 0;
    while (i < n && is_blank(s[i]))
        i++;
    struct tnode *cur = root;
    while (i < n) {
        uint32_t cp;
        if (is_blank(s[i])) {
            while (i < n && is_blank(s[i]))
                i++;
            if (i == n)
                break; /* trailing blanks */
            cp = SPACE_CP;
        } else {
            size_t k;
            cp = decode_cp(s + i, &k);
            i += k;
        }
        struct tnode **pp = &cur->child;
        while (*pp && (*pp)->cp < cp)
            pp = &(*pp)->next;
        if (!*pp || (*pp)->cp != cp) {
            struct tnode *t = arena_alloc(a, sizeof *t);
            if (!t)
                return W_NOMEM;
            t->cp = cp;
            t->next = *pp;
            *pp = t;
        }
        cur = *pp;
    }
    cur->terminal = 1;
    return W_OK;
}

static int emit_cp(struct buf *b, uint32_t cp)
{
    if (cp == SPACE_CP)
        return buf_adds(b, "\\s+");
    if (cp < 0x80) {
        char c = (char)cp;
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
        if (!alnum && buf_addc(b, '\\'))
            return W_NOMEM;
        return buf_addc(b, c);
    }
    char u[4];
    size_t n;
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_add(b, u, n);
}

/*
 * Emit the alternation below node t. Longer keys must be tried before
 * their prefixes: at a node that ends a key, the continuations come first
 * in an optional group, which PCRE2 tries greedily.
 */
static int trie_emit(struct buf *b, const struct tnode *t, int depth)
{
    int rc = W_OK;
    if (!t->child)
        return W_OK;
    if (depth > RULES_MAX_KEY_CP + 1)
        return W_TOOBIG;
    int single = !t->child->next;
    if (single && !t->terminal) {
        rc = emit_cp(b, t->child->cp);
        return rc ? rc : trie_emit(b, t->child, depth + 1);
    }
    if ((rc = buf_adds(b, "(?:")))
        return rc;
    for (const struct tnode *c = t->child; c; c = c->next) {
        if (c != t->child && (rc = buf_addc(b, '|')))
            return rc;
        if ((rc = emit_cp(b, c->cp)) || (rc = trie_emit(b, c, depth + 1)))
            return rc;
    }
    return buf_adds(b, t->terminal ? ")?" : ")");
}

static int list_alternation(const struct rlist *l, struct buf *b)
{
    struct arena a;
    arena_init(&a, 0);
    struct tnode root;
    memset(&root, 0, sizeof root);
    int rc = W_OK;
    for (size_t i = 0; i < l->nrows && !rc; i++)
        rc = trie_add(&a, &root, l->rows[i][0]);
    if (!rc)
        rc = buf_adds(b, "(?:");
    if (!rc) {
        if (!root.child)
            rc = buf_adds(b, "(*FAIL)"); /* an empty list matches nothing */
        else
            rc = trie_emit(b, &root, 0);
    }
    if (!rc)
        rc = buf_addc(b, ')');
    arena_cleanup(&a);
    return rc;
}

static int name_char(int c, int first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
        return 1;
    return !first && ((c >= '0' && c <= '9') || c == '.' || c == '/' ||
                      c == '-');
}

static struct rdefine *find_define(const struct rules *rs, const char *name,
                                   size_t n)
{
    for (size_t i = 0; i < rs->ndefines; i++) {
        struct rdefine *d = rs->defines[i];
        if (strlen(d->name) == n && memcmp(d->name, name, n) == 0)
            return d;
    }
    return NULL;
}

/* Expand {NAME} in src into b. */
static int expand(struct rules *rs, const char *src, struct buf *b,
                  int depth, const char *file, unsigned line, char *err,
                  size_t errsz)
{
    if (depth > RULES_MAX_EXPAND) {
        seterr(err, errsz, file, line, "{NAME} references nested too deep");
        return W_PARSE;
    }
    size_t n = strlen(src);
    int rc = W_OK;
    for (size_t i = 0; i < n && !rc;) {
        char c = src[i];
        if (c == '\\' && i + 1 < n) {
            size_t j = i + 2;
            char e = src[i + 1];
            /* \p{..} \x{..} \o{..} \N{..} \g{..} \k{..}: copy the braces. */
            if (strchr("pPxoNgk", e) && j < n && src[j] == '{') {
                const char *close = strchr(src + j, '}');
                j = close ? (size_t)(close - src) + 1 : n;
            }
            rc = buf_add(b, src + i, j - i);
            i = j;
            continue;
        }
        if (c == '{' && i + 1 < n && name_char((unsigned char)src[i + 1], 1)) {
            size_t j = i + 1;
            while (j < n && name_char((unsigned char)src[j], 0))
                j++;
            if (j < n && src[j] == '}') {
                const char *nm = src + i + 1;
                size_t nl = j - i - 1;
                struct rdefine *d = find_define(rs, nm, nl);
                const struct rlist *l = d ? NULL : find_list(rs, nm, nl);
                if (d) {
                    if (d->busy) {
                        seterr(err, errsz, file, line,
                               "{%.*s} refers to itself", (int)nl, nm);
                        return W_PARSE;
                    }
                    d->busy = 1;
                    rc = buf_adds(b, "(?:");
                    if (!rc)
                        rc = expand(rs, d->pattern, b, depth + 1, file, line,
                                    err, errsz);
                    if (!rc)
                        rc = buf_addc(b, ')');
                    d->busy = 0;
                    if (rc)
                        return rc;
                } else if (l) {
                    rc = list_alternation(l, b);
                } else {
                    seterr(err, errsz, file, line,
                           "unknown {%.*s}: no define or word list of that "
                           "name",
                           (int)nl, nm);
                    return W_PARSE;
                }
                i = j + 1;
                continue;
            }
        }
        rc = buf_addc(b, c);
        i++;
    }
    if (rc == W_TOOBIG)
        seterr(err, errsz, file, line,
               "pattern longer than %u bytes after expansion",
               RULES_MAX_PATTERN);
    else if (rc == W_NOMEM)
        seterr(err, errsz, file, line, "out of memory");
    return rc;
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
        if (!name_char((unsigned char)*s, 0) || *s == '/')
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
            seterr(err, errsz, file, line, "field without a value");
            return W_PARSE;
        }
        if (na == 16) {
            seterr(err, errsz, file, line, "too many alternatives");
            return W_TOOBIG;
        }
        struct rval *v = &alts[na++];
        memset(v, 0, sizeof *v);
        if (*p == '$') {
            char *s = ++p;
            while (name_char((unsigned char)*p, 0) && *p != '.' &&
                   *p != '/' && *p != '-')
                p++;
            if (p == s) {
                seterr(err, errsz, file, line, "'$' without a group name");
                return W_PARSE;
            }
            v->type = RV_GROUP;
            v->text = arena_strndup(&rs->mem, s, (size_t)(p - s));
        } else if (*p == '@') {
            char *s = ++p;
            while (name_char((unsigned char)*p, 0))
                p++;
            const struct rlist *l = find_list(rs, s, (size_t)(p - s));
            if (!l) {
                seterr(err, errsz, file, line, "unknown word list @%.*s",
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
                    seterr(err, errsz, file, line, "bad column after ':'");
                    return W_PARSE;
                }
                v->col = (unsigned)col;
                p = e;
            }
            if (p[0] != '(' || p[1] != '$') {
                seterr(err, errsz, file, line,
                       "expected @list($group) or @list:N($group)");
                return W_PARSE;
            }
            p += 2;
            s = p;
            while (name_char((unsigned char)*p, 0) && *p != '.' &&
                   *p != '/' && *p != '-')
                p++;
            if (p == s || *p != ')') {
                seterr(err, errsz, file, line,
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
                    seterr(err, errsz, file, line, "out of memory");
                    return W_NOMEM;
                }
            }
            if (*p != '"') {
                buf_cleanup(&q);
                seterr(err, errsz, file, line, "unterminated quote");
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
            seterr(err, errsz, file, line, "out of memory");
            return W_NOMEM;
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (*p != '|') {
            seterr(err, errsz, file, line,
                   "unexpected '%c' in field value (alternatives are "
                   "separated by '|')",
                   *p);
            return W_PARSE;
        }
        p++;
    }
    f->alts = arena_alloc(&rs->mem, na * sizeof *f->alts);
    if (!f->alts) {
        seterr(err, errsz, file, line, "out of memory");
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
        seterr(err, errsz, file, line, "example needs 'TEXT => EXPECTED'");
        return W_PARSE;
    }
    int rc = grow(&r->examples, &r->capexamples, r->nexamples,
                  sizeof *r->examples, RULES_MAX_EXAMPLES);
    if (rc) {
        seterr(err, errsz, file, line, rc == W_TOOBIG ? "too many examples"
                                                      : "out of memory");
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
        while (name_char((unsigned char)*p, 0) && *p != '/')
            p++;
        if (p == k || *p != '=') {
            seterr(err, errsz, file, line,
                   "expected key=value or none after '=>'");
            return W_PARSE;
        }
        if (ni == RULES_MAX_FIELDS + 2) {
            seterr(err, errsz, file, line, "too many expected fields");
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
                seterr(err, errsz, file, line, "unterminated quote");
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
    seterr(err, errsz, file, line, "out of memory");
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
        seterr(err, errsz, r->file, r->line, "rule %s has no pattern",
               r->id);
        return W_PARSE;
    }
    if (!r->stop && !r->kind) {
        seterr(err, errsz, r->file, r->line,
               "rule %s has neither kind nor stop", r->id);
        return W_PARSE;
    }
    if (r->stop && r->kind) {
        seterr(err, errsz, r->file, r->line,
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
    int rc = read_file(rs, rel, &text, &len, err, errsz);
    if (rc)
        return rc;
    char *file = arena_strdup(&rs->mem, rel);
    char *category = file_category(rs, rel);
    if (!file || !category) {
        seterr(err, errsz, rel, 0, "out of memory");
        return W_NOMEM;
    }
    struct rule *r = NULL;
    unsigned lineno = 0;
    char *cur = text, *line;
    while ((line = next_line(&cur))) {
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
                seterr(err, errsz, rel, lineno,
                       "rule id '%s' must be letters, digits, '_', '.', '-'",
                       arg);
                return W_PARSE;
            }
            for (size_t i = 0; i < rs->nrules; i++)
                if (strcmp(rs->rules[i]->id, arg) == 0) {
                    seterr(err, errsz, rel, lineno,
                           "duplicate rule id %s (first in %s:%u)", arg,
                           rs->rules[i]->file, rs->rules[i]->line);
                    return W_PARSE;
                }
            rc = grow(&rs->rules, &rs->caprules, rs->nrules,
                      sizeof *rs->rules, RULES_MAX_RULES);
            if (rc) {
                seterr(err, errsz, rel, lineno,
                       rc == W_TOOBIG ? "more than %d rules"
                                      : "out of memory (%d)",
                       RULES_MAX_RULES);
                return rc;
            }
            r = arena_alloc(&rs->mem, sizeof *r);
            if (!r || !(r->id = arena_strdup(&rs->mem, arg))) {
                seterr(err, errsz, rel, lineno, "out of memory");
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
                seterr(err, errsz, rel, lineno, "define needs NAME PATTERN");
                return W_PARSE;
            }
            arg[dk] = '\0';
            if (!name_char((unsigned char)arg[0], 1) || !valid_id(arg)) {
                seterr(err, errsz, rel, lineno, "bad define name '%s'", arg);
                return W_PARSE;
            }
            if (find_define(rs, arg, dk)) {
                seterr(err, errsz, rel, lineno, "duplicate define %s", arg);
                return W_PARSE;
            }
            rc = grow(&rs->defines, &rs->capdefines, rs->ndefines,
                      sizeof *rs->defines, RULES_MAX_RULES);
            struct rdefine *d = rc ? NULL
                                   : arena_alloc(&rs->mem, sizeof *d);
            if (!d) {
                seterr(err, errsz, rel, lineno,
                       rc == W_TOOBIG ? "too many defines" : "out of memory");
                return rc ? rc : W_NOMEM;
            }
            d->name = arena_strdup(&rs->mem, arg);
            d->pattern = arena_strdup(&rs->mem, darg);
            d->file = file;
            d->line = lineno;
            if (!d->name || !d->pattern) {
                seterr(err, errsz, rel, lineno, "out of memory");
                return W_NOMEM;
            }
            rs->defines[rs->ndefines++] = d;
            continue;
        }
        if (kw_is(s, k, "category") && !r) {
            if (!valid_id(arg)) {
                seterr(err, errsz, rel, lineno, "bad category '%s'", arg);
                return W_PARSE;
            }
            category = arena_strdup(&rs->mem, arg);
            if (!category)
                goto nomem;
            continue;
        }
        if (!r) {
            seterr(err, errsz, rel, lineno,
                   "'%.*s' outside a rule (expected rule, define or "
                   "category)",
                   (int)k, s);
            return W_PARSE;
        }
        if (kw_is(s, k, "category")) {
            if (!valid_id(arg)) {
                seterr(err, errsz, rel, lineno, "bad category '%s'", arg);
                return W_PARSE;
            }
            r->category = arena_strdup(&rs->mem, arg);
            if (!r->category)
                goto nomem;
        } else if (kw_is(s, k, "pattern")) {
            if (!*arg) {
                seterr(err, errsz, rel, lineno, "empty pattern");
                return W_PARSE;
            }
            if (!r->pattern_line)
                r->pattern_line = lineno;
            if ((rc = buf_adds(&r->pattern, arg))) {
                seterr(err, errsz, rel, lineno, rc == W_TOOBIG
                                                    ? "pattern too long"
                                                    : "out of memory");
                return rc;
            }
        } else if (kw_is(s, k, "prefix")) {
            if (!*arg) {
                seterr(err, errsz, rel, lineno, "empty prefix");
                return W_PARSE;
            }
            if (!r->prefix_line)
                r->prefix_line = lineno;
            if ((rc = buf_adds(&r->prefix, arg))) {
                seterr(err, errsz, rel, lineno, rc == W_TOOBIG
                                                    ? "prefix too long"
                                                    : "out of memory");
                return rc;
            }
        } else if (kw_is(s, k, "prefix-window")) {
            char *e;
            long v = strtol(arg, &e, 10);
            if (e == arg || *e || v < 1 || v > RULES_PREFIX_WINDOW_MAX) {
                seterr(err, errsz, rel, lineno,
                       "prefix-window must be 1 to %d bytes",
                       RULES_PREFIX_WINDOW_MAX);
                return W_PARSE;
            }
            r->window = (size_t)v;
        } else if (kw_is(s, k, "kind")) {
            if (!valid_id(arg) || strcmp(arg, "stop") == 0) {
                seterr(err, errsz, rel, lineno, "bad kind '%s'", arg);
                return W_PARSE;
            }
            r->kind = arena_strdup(&rs->mem, arg);
            if (!r->kind)
                goto nomem;
        } else if (kw_is(s, k, "stop")) {
            if (*arg) {
                seterr(err, errsz, rel, lineno, "stop takes no argument");
                return W_PARSE;
            }
            r->stop = 1;
        } else if (kw_is(s, k, "flags")) {
            for (char *t = arg; *t;) {
                size_t tl = strcspn(t, " \t");
                if (tl == 8 && memcmp(t, "caseless", 8) == 0) {
                    r->caseless = 1;
                } else {
                    seterr(err, errsz, rel, lineno, "unknown flag '%.*s'",
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
                seterr(err, errsz, rel, lineno, "bad priority '%s'", arg);
                return W_PARSE;
            }
            r->priority = (int)v;
        } else if (kw_is(s, k, "field")) {
            char *varg;
            size_t fk = split_kw(arg, &varg);
            if (!fk) {
                seterr(err, errsz, rel, lineno, "field needs NAME VALUE");
                return W_PARSE;
            }
            arg[fk] = '\0';
            if (!valid_id(arg) || strcmp(arg, "text") == 0 ||
                strcmp(arg, "kind") == 0) {
                seterr(err, errsz, rel, lineno, "bad field name '%s'", arg);
                return W_PARSE;
            }
            for (size_t i = 0; i < r->nfields; i++)
                if (strcmp(r->fields[i].name, arg) == 0) {
                    seterr(err, errsz, rel, lineno, "duplicate field %s",
                           arg);
                    return W_PARSE;
                }
            if (r->nfields == RULES_MAX_FIELDS) {
                seterr(err, errsz, rel, lineno, "more than %d fields",
                       RULES_MAX_FIELDS);
                return W_TOOBIG;
            }
            struct rfield *f = &r->fields[r->nfields];
            f->name = arena_strdup(&rs->mem, arg);
            if (!f->name) {
                seterr(err, errsz, rel, lineno, "out of memory");
                return W_NOMEM;
            }
            if ((rc = parse_field(rs, f, varg, rel, lineno, err, errsz)))
                return rc;
            r->nfields++;
        } else if (kw_is(s, k, "require") || kw_is(s, k, "forbid")) {
            if (r->nrequire == RULES_MAX_FIELDS || !valid_id(arg)) {
                seterr(err, errsz, rel, lineno, "bad %.*s '%s'", (int)k, s,
                       arg);
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
            seterr(err, errsz, rel, lineno, "unknown keyword '%.*s'", (int)k,
                   s);
            return W_PARSE;
        }
    }
    return finish_rule(r, err, errsz);
nomem:
    seterr(err, errsz, rel, lineno, "out of memory");
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
                seterr(err, errsz, r->file, r->pattern_line,
                       "field %s uses $%s but the pattern has no group "
                       "(?<%s>...)",
                       f->name, v->text, v->text);
                return W_PARSE;
            }
            size_t n = (size_t)(last - first) / (size_t)size + 1;
            v->groups = arena_alloc(&rs->mem, n * sizeof *v->groups);
            if (!v->groups) {
                seterr(err, errsz, r->file, r->line, "out of memory");
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
            seterr(err, errsz, r->file, r->line,
                   "%s %s names no field of rule %s",
                   r->forbid[i] ? "forbid" : "require", r->require[i],
                   r->id);
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
        rc = expand(rs, buf_str(&r->prefix), &b, 0, r->file, r->prefix_line,
                    err, errsz);
    if (!rc)
        rc = buf_adds(&b, ")\\z");
    if (rc) {
        if (err && errsz && !err[0])
            seterr(err, errsz, r->file, r->prefix_line, rc == W_TOOBIG
                                                            ? "prefix too long"
                                                            : "out of memory");
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
        seterr(err, errsz, r->file, r->prefix_line,
               "prefix of rule %s does not compile at offset %zu: %s", r->id,
               eo > 3 ? (size_t)eo - 3 : 0, (char *)msg);
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
    int rc = expand(rs, buf_str(&r->pattern), &b, 0, r->file,
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
            seterr(err, errsz, r->file, r->line, "out of memory");
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
        seterr(err, errsz, r->file, r->pattern_line,
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
        seterr(err, errsz, r->file, r->line, "out of memory");
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
    seterr(err, errsz, rs->dir, 0, "out of memory");
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
        seterr(err, errsz, dir, 0, "out of memory");
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
            rc = load_list(rs, fl.v[i], err, errsz);
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
        seterr(err, errsz, dir, 0, "out of memory");
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

/* ---- scanning -------------------------------------------------------- */

void rules_result_init(struct rules_result *res)
{
    memset(res, 0, sizeof *res);
}

void rules_result_cleanup(struct rules_result *res)
{
    if (res->mem_) {
        arena_cleanup(&res->mem_->a);
        w_free(res->mem_);
    }
    w_free(res->v);
    memset(res, 0, sizeof *res);
}

/* A raw match before overlap resolution: the ovector is kept so that
 * fields are only built for the matches that survive. */
struct raw {
    const struct rule *r;
    size_t start, end;
    size_t *ov;  /* 2 * (groups + 1) offsets */
    size_t *pov; /* the prefix's, or NULL */
};

struct scan {
    const struct rules *rs;
    const char *text;
    size_t len;
    struct raw *raw;
    size_t nraw, capraw;
    struct arena tmp; /* ovector copies */
    pcre2_match_data *pmd; /* for prefixes */
    pcre2_match_context *mc;
    pcre2_match_context *mcg; /* for gated rules */
    const struct rules_lines *lines; /* lines holding literals */
    int gated; /* lines is valid for this text */
    int truncated;
    size_t limit_hits;
};

static const char *limit_name(int rc);

static int raw_add(struct scan *sc, const struct rule *r, const size_t *ov,
                   uint32_t pairs)
{
    if (sc->nraw >= RULES_MAX_MATCHES) {
        sc->truncated = 1;
        return W_TOOBIG;
    }
    if (grow(&sc->raw, &sc->capraw, sc->nraw, sizeof *sc->raw,
             RULES_MAX_MATCHES) != W_OK)
        return W_NOMEM;
    struct raw *m = &sc->raw[sc->nraw];
    m->r = r;
    m->start = ov[0];
    m->end = ov[1];
    m->pov = NULL;
    if (r->pcode) {
        /* The prefix must end where the match starts: match
         * "(?:PREFIX)\z" on the text cut there, from a window before it;
         * the leftmost start found is the longest prefix. */
        size_t from = m->start > r->window ? m->start - r->window : 0;
        while (from > 0 && ((unsigned char)sc->text[from] & 0xC0) == 0x80)
            from++;
        int pr = pcre2_match(r->pcode, (PCRE2_SPTR)sc->text, m->start, from,
                             PCRE2_NO_UTF_CHECK, sc->pmd, sc->mc);
        if (pr < 0) {
            if (limit_name(pr))
                sc->limit_hits++;
            return W_DECLINED;
        }
        uint32_t pp = 0;
        pcre2_pattern_info(r->pcode, PCRE2_INFO_CAPTURECOUNT, &pp);
        pp++;
        const size_t *pov = pcre2_get_ovector_pointer(sc->pmd);
        m->pov = arena_alloc(&sc->tmp, 2 * pp * sizeof *m->pov);
        if (!m->pov)
            return W_NOMEM;
        memcpy(m->pov, pov, 2 * pp * sizeof *m->pov);
        if (pov[0] < m->start)
            m->start = pov[0];
    }
    m->ov = arena_alloc(&sc->tmp, 2 * pairs * sizeof *m->ov);
    if (!m->ov)
        return W_NOMEM;
    memcpy(m->ov, ov, 2 * pairs * sizeof *m->ov);
    sc->nraw++;
    return W_OK;
}

static const char *limit_name(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "match";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "depth";
    case PCRE2_ERROR_HEAPLIMIT:
        return "heap";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "JIT stack";
    default:
        return NULL;
    }
}

/* Next offset after a limit hit: the next line, at least 256 bytes on,
 * on a character boundary. */
static size_t skip_after_hit(const char *text, size_t len, size_t from)
{
    size_t to = from + 256;
    if (to >= len)
        return len;
    const char *nl = memchr(text + to, '\n', len - to);
    to = nl ? (size_t)(nl - text) + 1 : len;
    while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80)
        to++;
    return to;
}

/* The next stretch of adjacent lines, from line *li on, that the rule's
 * bit marks and that ends after *off: moves *li to its first line and
 * *off into it, and returns the offset of its last byte (the latest a
 * match may start at), or -1 when no marked line is left. */
static long next_window(const struct scan *sc, size_t bit, size_t *li,
                        size_t *off)
{
    const struct rules_lines *l = sc->lines;
    size_t i = *li;
    while (i < l->n && (l->end[i] <= *off || !rules_lines_has(l, i, bit)))
        i++;
    *li = i;
    if (i == l->n)
        return -1;
    size_t end = l->end[i];
    if (*off < l->start[i])
        *off = l->start[i];
    for (i++; i < l->n && l->start[i] == end && rules_lines_has(l, i, bit);
         i++)
        end = l->end[i];
    return (long)end - 1;
}

/* The same over the places the rule's literals end, for a rule whose
 * matches start at most r->maxpre bytes before their literal: a literal
 * ending at e lets a match start from e + 1 - lit_max - maxpre to
 * e + 1 - lit_min; overlapping spans are joined. *hi walks the rule's
 * hits. */
static long next_hit_window(const struct scan *sc, const struct rule *r,
                            size_t *hi, size_t *off)
{
    size_t n;
    const uint32_t *hit = rules_lines_hits(sc->lines, (size_t)r->gate_bit,
                                           &n);
    size_t back = r->lit_max + r->maxpre;
    long last = -1;
    size_t first = 0;
    for (size_t h = *hi; h < n; h++) {
        size_t e = (size_t)hit[h] + 1;
        size_t ws = e > back ? e - back : 0, we = e - r->lit_min;
        if (last < 0) {
            if (we < *off) {
                *hi = h + 1; /* behind the scan: never needed again */
                continue;
            }
            first = ws;
            last = (long)we;
        } else if (ws <= (size_t)last + 1) {
            if ((long)we > last)
                last = (long)we;
        } else {
            break;
        }
    }
    if (last >= 0 && *off < first)
        *off = first;
    return last;
}

static int scan_rule(struct scan *sc, const struct rule *r,
                     pcre2_match_data *md, pcre2_match_context *mc)
{
    size_t off = 0;
    size_t hits = 0;
    uint32_t pairs = pcre2_get_ovector_count(md);
    uint32_t cap = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &cap);
    if (cap + 1 < pairs)
        pairs = cap + 1;
    /* A gated rule runs only where a line holds one of its literals,
     * with the whole text as subject (lookarounds see what they would
     * see) and the window's end as the last offset a match may start
     * at. */
    int gated = r->gate_bit >= 0 && sc->gated;
    int by_hits = gated && r->maxpre != SIZE_MAX &&
                  sc->lines->nhits != SIZE_MAX;
    size_t bit = gated ? (size_t)r->gate_bit : 0;
    size_t li = 0;
    long last = -1;
    if (gated)
        mc = sc->mcg;
    while (off <= sc->len) {
        if (gated) {
            last = by_hits ? next_hit_window(sc, r, &li, &off)
                           : next_window(sc, bit, &li, &off);
            if (last < 0)
                break;
            pcre2_set_offset_limit(mc, (PCRE2_SIZE)last);
        }
        int rc = pcre2_match(r->code, (PCRE2_SPTR)sc->text, sc->len, off,
                             PCRE2_NO_UTF_CHECK, md, mc);
        if (rc == PCRE2_ERROR_NOMATCH && gated) {
            /* Nothing starts in this stretch: on to the next. */
            off = (size_t)last + 1;
            continue;
        }
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        const char *lim = limit_name(rc);
        if (lim) {
            sc->limit_hits++;
            if (hits++ == 0)
                W_WARN("rules: rule %s (%s:%u) hit the %s limit at byte %zu; "
                       "skipping that part of the text",
                       r->id, r->file, r->line, lim, off);
            if (hits >= RULES_MAX_LIMIT_HITS) {
                W_WARN("rules: rule %s abandoned for this text after %zu "
                       "limit hits",
                       r->id, hits);
                break;
            }
            off = skip_after_hit(sc->text, sc->len, off);
            if (off >= sc->len)
                break;
            continue;
        }
        if (rc < 0) {
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(rc, msg, sizeof msg);
            W_WARN("rules: rule %s failed at byte %zu: %s", r->id, off,
                   (char *)msg);
            break;
        }
        size_t *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] < ov[0]) { /* \K games: treat as empty at the end */
            ov[0] = ov[1];
        }
        /* The rule and the rules sharing its pattern, each with its own
         * prefix, fields and kind. */
        for (const struct rule *s = r; s; s = s->next_same) {
            int ar = raw_add(sc, s, ov, pairs);
            if (ar == W_TOOBIG)
                return W_OK;
            if (ar && ar != W_DECLINED)
                return ar;
        }
        if (ov[1] > off) {
            off = ov[1];
        } else {
            /* Empty match: step one character. */
            off = ov[1] + 1;
            while (off < sc->len &&
                   ((unsigned char)sc->text[off] & 0xC0) == 0x80)
                off++;
        }
    }
    return W_OK;
}

static int cmp_best(const void *a, const void *b)
{
    const struct raw *x = a, *y = b;
    if (x->r->priority != y->r->priority)
        return x->r->priority > y->r->priority ? -1 : 1;
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->r->index < y->r->index ? -1 : x->r->index > y->r->index;
}

static int cmp_pos(const void *a, const void *b)
{
    const struct rules_match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return x->rule_index < y->rule_index ? -1 : x->rule_index > y->rule_index;
}

/* Value of one alternative for a raw match, or NULL. */
static const char *alt_value(struct arena *a, const struct rval *v,
                             const char *text, const size_t *ov,
                             uint32_t pairs, size_t *s, size_t *e)
{
    if (v->type == RV_LITERAL) {
        *s = *e = SIZE_MAX;
        return v->text;
    }
    for (size_t g = 0; g < v->ngroups; g++) {
        uint32_t n = (uint32_t)v->groups[g];
        if (n >= pairs || ov[2 * n] == PCRE2_UNSET)
            continue;
        *s = ov[2 * n];
        *e = ov[2 * n + 1];
        if (v->type == RV_GROUP)
            return arena_strndup(a, text + *s, *e - *s);
        long row = list_lookup(v->list, text + *s, *e - *s);
        if (row < 0)
            return NULL;
        if (v->col > v->list->ncols[row])
            return v->col == 2 ? v->list->rows[row][0] : NULL;
        return v->list->rows[row][v->col - 1];
    }
    return NULL;
}

/* Build the public match for a raw one; returns 0 when a required field
 * is missing (the match is dropped), 1 when built, <0 on errors. */
static int build_match(struct arena *a, const struct raw *m,
                       const char *text, struct rules_match *out)
{
    const struct rule *r = m->r;
    uint32_t pairs = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &pairs);
    pairs++;
    struct rules_field *f = NULL;
    if (r->nfields) {
        f = arena_alloc(a, r->nfields * sizeof *f);
        if (!f)
            return W_NOMEM;
    }
    size_t nf = 0;
    uint32_t ppairs = 0;
    if (r->pcode)
        pcre2_pattern_info(r->pcode, PCRE2_INFO_CAPTURECOUNT, &ppairs);
    ppairs++;
    for (size_t i = 0; i < r->nfields; i++) {
        const struct rfield *rf = &r->fields[i];
        for (size_t j = 0; j < rf->nalts; j++) {
            size_t s, e;
            const struct rval *rv = &rf->alts[j];
            if (rv->in_prefix && !m->pov)
                continue;
            const char *v =
                rv->in_prefix
                    ? alt_value(a, rv, text, m->pov, ppairs, &s, &e)
                    : alt_value(a, rv, text, m->ov, pairs, &s, &e);
            if (v && (*v || rf->alts[j].type == RV_LITERAL)) {
                f[nf].name = rf->name;
                f[nf].value = v;
                f[nf].start = s;
                f[nf].end = e;
                nf++;
                break;
            }
        }
    }
    for (size_t i = 0; i < r->nrequire; i++) {
        size_t j = 0;
        while (j < nf && strcmp(f[j].name, r->require[i]))
            j++;
        if ((j == nf) != r->forbid[i])
            return 0; /* required and missing, or forbidden and there */
    }
    out->rule = r->id;
    out->category = r->category;
    out->kind = r->stop ? "stop" : r->kind;
    out->start = m->start;
    out->end = m->end;
    out->priority = r->priority;
    out->rule_index = r->index;
    out->n_fields = nf;
    out->fields = f;
    return 1;
}

static int covered(const unsigned char *bm, size_t s, size_t e)
{
    if (s == e)
        return (bm[s >> 3] >> (s & 7)) & 1;
    for (size_t i = s; i < e; i++) {
        if ((i & 7) == 0 && i + 8 <= e) {
            if (bm[i >> 3])
                return 1;
            i += 7;
            continue;
        }
        if ((bm[i >> 3] >> (i & 7)) & 1)
            return 1;
    }
    return 0;
}

static void cover(unsigned char *bm, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        bm[i >> 3] |= (unsigned char)(1u << (i & 7));
}

/*
 * Per-thread match scratch (match data, match context with the limits,
 * JIT stack), kept between scans: creating a JIT stack maps memory, which
 * would otherwise cost more than scanning a short article.
 */
struct scratch {
    pcre2_match_data *md, *pmd;
    uint32_t pairs;
    pcre2_match_context *mc;
    pcre2_match_context *mcg; /* the same, for gated rules' offset limit */
    pcre2_jit_stack *js;
    /* The lines of the last text scanned with a gate (rules_gate.h),
     * kept with a copy of that text: the passes over one article (dates,
     * money, officials, agreements) find its literals once. */
    uint64_t serial; /* of the rule set; 0: nothing kept */
    char *text;
    size_t tlen, tcap;
    struct rules_lines lines;
    int gated;
};

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok;

static void scratch_free(void *p)
{
    struct scratch *x = p;
    if (!x)
        return;
    pcre2_match_data_free(x->md);
    pcre2_match_data_free(x->pmd);
    pcre2_match_context_free(x->mc);
    pcre2_match_context_free(x->mcg);
    pcre2_jit_stack_free(x->js);
    w_free(x->text);
    rules_lines_cleanup(&x->lines);
    w_free(x);
}

static void scratch_key_init(void)
{
    scratch_key_ok = pthread_key_create(&scratch_key, scratch_free) == 0;
}

/* The calling thread's scratch with room for `pairs` offsets, or NULL.
 * *owned is set when the scratch could not be kept (the caller frees). */
static struct scratch *scratch_get(uint32_t pairs, int *owned)
{
    pthread_once(&scratch_once, scratch_key_init);
    struct scratch *x = scratch_key_ok ? pthread_getspecific(scratch_key)
                                       : NULL;
    *owned = 0;
    if (!x) {
        x = w_calloc(1, sizeof *x);
        if (!x)
            return NULL;
        x->mc = pcre2_match_context_create(NULL);
        x->mcg = pcre2_match_context_create(NULL);
        /* NULL without JIT support: the interpreter needs no JIT stack. */
        x->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
        if (!x->mc || !x->mcg) {
            scratch_free(x);
            return NULL;
        }
        pcre2_match_context *both[] = {x->mc, x->mcg};
        for (int i = 0; i < 2; i++) {
            pcre2_set_match_limit(both[i], RULES_MATCH_LIMIT);
            pcre2_set_depth_limit(both[i], RULES_DEPTH_LIMIT);
            pcre2_set_heap_limit(both[i], RULES_HEAP_LIMIT_KB);
            if (x->js)
                pcre2_jit_stack_assign(both[i], NULL, x->js);
        }
        if (!scratch_key_ok || pthread_setspecific(scratch_key, x) != 0)
            *owned = 1;
    }
    if (x->pairs < pairs) {
        pcre2_match_data *md = pcre2_match_data_create(pairs, NULL);
        pcre2_match_data *pmd = pcre2_match_data_create(pairs, NULL);
        if (!md || !pmd) {
            pcre2_match_data_free(md);
            pcre2_match_data_free(pmd);
            if (*owned)
                scratch_free(x);
            return NULL;
        }
        pcre2_match_data_free(x->md);
        pcre2_match_data_free(x->pmd);
        x->md = md;
        x->pmd = pmd;
        x->pairs = pairs;
    }
    return x;
}

/* Scan one category, rule by rule. */
static int scan_cat(struct scan *sc, const struct rcat *c,
                    struct scratch *x)
{
    int rc = W_OK;
    for (size_t i = 0; i < c->n && !rc && !sc->truncated; i++)
        if (!c->rules[i]->leader)
            rc = scan_rule(sc, c->rules[i], x->md, x->mc);
    return rc;
}

/* Whether the same set scanned this very text last on this thread: its
 * lines are known and it was found to be valid UTF-8. */
static int cached(const struct rules *rs, const struct scratch *x,
                  const char *text, size_t len)
{
    return x->serial && x->serial == rs->serial && x->tlen == len &&
           memcmp(x->text, text, len) == 0;
}

/* Finds the lines of text holding literals and keeps them with a copy
 * of the text (rs->gate is set, text is valid UTF-8). */
static int find_lines(const struct rules *rs, struct scratch *x,
                      const char *text, size_t len)
{
    x->serial = 0;
    int g = rules_gate_lines(rs->gate, text, len, &x->lines);
    if (g == W_NOMEM)
        return W_NOMEM;
    x->gated = g == W_OK;
    if (len > RULES_CACHE_TEXT)
        return W_OK;
    if (len + 1 > x->tcap) {
        char *t = w_realloc(x->text, len + 1);
        if (!t)
            return W_OK; /* not kept: found again next time */
        x->text = t;
        x->tcap = len + 1;
    }
    memcpy(x->text, text, len);
    x->tlen = len;
    x->serial = rs->serial;
    return W_OK;
}

int rules_scan(const struct rules *rs, const char *category,
               const char *text, size_t len, unsigned flags,
               struct rules_result *res)
{
    if (len > RULES_MAX_TEXT)
        return W_TOOBIG;
    if (!rs || !text)
        return W_OK;
    struct scan sc = {.rs = rs, .text = text, .len = len};
    arena_init(&sc.tmp, 0);
    struct scratch *x = NULL;
    int owned = 0;
    unsigned char *bm = NULL;
    int rc = W_NOMEM;
    x = scratch_get(rs->max_groups + 1, &owned);
    if (!x)
        goto out;
    /* The passes over one article check and gate its text once. */
    int known = rs->gate && cached(rs, x, text, len);
    if (!known && !rules_utf8_valid(text, len)) {
        rc = W_PARSE;
        goto out;
    }
    if (!res->mem_) {
        res->mem_ = w_calloc(1, sizeof *res->mem_);
        if (!res->mem_)
            goto out;
        arena_init(&res->mem_->a, 0);
    }
    sc.pmd = x->pmd;
    sc.mc = x->mc;
    sc.mcg = x->mcg;
    if (rs->gate) {
        rc = known ? W_OK : find_lines(rs, x, text, len);
        if (rc)
            goto out;
        sc.lines = &x->lines;
        sc.gated = x->gated;
    }
    rc = W_OK;
    for (size_t k = 0; k < rs->ncats && !rc && !sc.truncated; k++)
        if (!category || strcmp(rs->cats[k].name, category) == 0)
            rc = scan_cat(&sc, &rs->cats[k], x);
    if (rc)
        goto out;
    int resolve = !(flags & RULES_SCAN_ALL);
    if (resolve) {
        if (sc.nraw)
            qsort(sc.raw, sc.nraw, sizeof *sc.raw, cmp_best);
        bm = w_calloc(len / 8 + 2, 1);
        if (!bm) {
            rc = W_NOMEM;
            goto out;
        }
    }
    size_t first = res->n;
    for (size_t i = 0; i < sc.nraw; i++) {
        struct raw *m = &sc.raw[i];
        if (resolve && covered(bm, m->start, m->end))
            continue;
        if (res->n == res->cap) {
            size_t nc = res->cap ? res->cap * 2 : 32;
            void *q = w_realloc(res->v, nc * sizeof *res->v);
            if (!q) {
                rc = W_NOMEM;
                goto out;
            }
            res->v = q;
            res->cap = nc;
        }
        int b = build_match(&res->mem_->a, m, text, &res->v[res->n]);
        if (b < 0) {
            rc = b;
            goto out;
        }
        if (b == 0)
            continue; /* a required field is missing: no match here */
        if (resolve) {
            cover(bm, m->start, m->end);
            if (m->r->stop)
                continue;
        }
        res->n++;
    }
    if (res->n > first)
        qsort(res->v + first, res->n - first, sizeof *res->v, cmp_pos);
    if (sc.truncated) {
        res->truncated = 1;
        W_WARN("rules: scan stopped after %d matches", RULES_MAX_MATCHES);
    }
    res->limit_hits += sc.limit_hits;
out:
    w_free(bm);
    w_free(sc.raw);
    arena_cleanup(&sc.tmp);
    if (owned)
        scratch_free(x);
    return rc;
}

const struct rules_field *rules_match_field(const struct rules_match *m,
                                            const char *name)
{
    for (size_t i = 0; m && i < m->n_fields; i++)
        if (strcmp(m->fields[i].name, name) == 0)
            return &m->fields[i];
    return NULL;
}

const char *rules_match_get(const struct rules_match *m, const char *name)
{
    const struct rules_field *f = rules_match_field(m, name);
    return f ? f->value : NULL;
}

/* ---- examples -------------------------------------------------------- */

static void describe(struct buf *b, const char *text,
                     const struct rules_result *res)
{
    if (res->n == 0) {
        buf_adds(b, "nothing");
        return;
    }
    for (size_t i = 0; i < res->n && i < 4; i++) {
        const struct rules_match *m = &res->v[i];
        buf_printf(b, "%s[%s text=\"%.*s\"", i ? "; " : "", m->rule,
                   (int)(m->end - m->start), text + m->start);
        for (size_t j = 0; j < m->n_fields; j++)
            buf_printf(b, " %s=%s", m->fields[j].name, m->fields[j].value);
        buf_addc(b, ']');
    }
    if (res->n > 4)
        buf_printf(b, "; ... (%zu matches)", res->n);
}

/* Check one example: returns 1 pass, 0 fail (why in b), <0 error. */
static int check_example(const struct rules *rs, const struct rule *r,
                         const struct rexample *ex, struct buf *why)
{
    struct rules_result res;
    rules_result_init(&res);
    size_t len = strlen(ex->text);
    int rc = rules_scan(rs, r->category, ex->text, len, 0, &res);
    if (rc) {
        rules_result_cleanup(&res);
        return rc;
    }
    int pass = 0;
    if (ex->none) {
        pass = res.n == 0;
        if (!pass) {
            buf_adds(why, "expected no match, found ");
            describe(why, ex->text, &res);
        }
        goto out;
    }
    const struct rules_match *best = NULL;
    size_t best_bad = SIZE_MAX;
    for (size_t i = 0; i < res.n; i++) {
        const struct rules_match *m = &res.v[i];
        if (m->rule_index != r->index)
            continue;
        size_t bad = 0;
        for (size_t k = 0; k < ex->nex; k++) {
            const char *key = ex->ex[k].key, *want = ex->ex[k].value;
            const char *got;
            if (strcmp(key, "text") == 0) {
                size_t n = m->end - m->start;
                bad += strlen(want) != n ||
                       memcmp(want, ex->text + m->start, n) != 0;
                continue;
            }
            got = strcmp(key, "kind") == 0 ? m->kind
                                            : rules_match_get(m, key);
            if (strcmp(want, "-") == 0)
                bad += got != NULL;
            else
                bad += !got || strcmp(got, want) != 0;
        }
        if (bad < best_bad) {
            best_bad = bad;
            best = m;
        }
        if (bad == 0)
            break;
    }
    pass = best && best_bad == 0;
    if (!pass) {
        buf_adds(why, "expected");
        for (size_t k = 0; k < ex->nex; k++)
            buf_printf(why, " %s=%s", ex->ex[k].key, ex->ex[k].value);
        buf_printf(why, " from rule %s, found ", r->id);
        describe(why, ex->text, &res);
    }
out:
    rules_result_cleanup(&res);
    return pass;
}

int rules_check_examples(const struct rules *rs, size_t *n_checked,
                         size_t *n_failed, char *err, size_t errsz)
{
    size_t checked = 0, failed = 0;
    int rc = W_OK;
    if (err && errsz)
        err[0] = '\0';
    for (size_t i = 0; rs && i < rs->nrules; i++) {
        const struct rule *r = rs->rules[i];
        for (size_t j = 0; j < r->nexamples; j++) {
            const struct rexample *ex = &r->examples[j];
            struct buf why;
            buf_init(&why, 1 << 16);
            int p = check_example(rs, r, ex, &why);
            checked++;
            if (p < 0) {
                buf_cleanup(&why);
                return p == W_NOMEM ? W_NOMEM : W_PARSE;
            }
            if (!p) {
                failed++;
                W_ERROR("%s:%u: example \"%s\": %s", r->file, ex->line,
                        ex->text, buf_str(&why));
                if (rc == W_OK)
                    seterr(err, errsz, r->file, ex->line,
                           "example \"%s\": %s", ex->text, buf_str(&why));
                rc = W_PARSE;
            }
            buf_cleanup(&why);
        }
    }
    if (n_checked)
        *n_checked = checked;
    if (n_failed)
        *n_failed = failed;
    return rc;
}
