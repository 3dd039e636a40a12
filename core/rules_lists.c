/* SPDX-License-Identifier: MIT */
/*
 * Word lists (rules/.../NAME.tsv: key, then values) and {NAME} expansion:
 * a list becomes a trie-shaped alternation, so long lists stay small and
 * fast; a define is expanded in place; both are looked up by name.
 */
#include "config.h"
#include "rules_int.h"
#include "log.h"
#include "mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- word lists ------------------------------------------------------ */

static int list_index(struct rules *rs, struct rlist *l, char *err,
                      size_t errsz)
{
    size_t ns = 16;
    while (ns < l->nrows * 2)
        ns <<= 1;
    l->slots = arena_alloc(&rs->mem, ns * sizeof *l->slots);
    if (!l->slots) {
        rules_seterr(err, errsz, l->file, 0, "out of memory");
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
        rules_seterr(err, errsz, l->file, 0, "key too long or out of memory");
    return rc;
}

int rules_load_list(struct rules *rs, const char *rel, char *err, size_t errsz)
{
    char *text;
    size_t len;
    int rc = rules_read_file(rs, rel, &text, &len, err, errsz);
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
    while ((line = rules_next_line(&cur))) {
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
                rules_seterr(err, errsz, rel, lineno, "more than %d cells",
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
            rules_seterr(err, errsz, rel, lineno, "empty key");
            return W_PARSE;
        }
        size_t kcp = rules_cp_offset(cells[0], strlen(cells[0]));
        if (kcp > RULES_MAX_KEY_CP) {
            rules_seterr(err, errsz, rel, lineno,
                         "key longer than %d characters", RULES_MAX_KEY_CP);
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
    rc = rules_grow(&rs->lists, &rs->caplists, rs->nlists, sizeof *rs->lists,
                    RULES_MAX_FILES);
    if (rc)
        goto nomem;
    rs->lists[rs->nlists++] = l;
    return W_OK;
nomem:
    rules_seterr(err, errsz, rel, 0, "out of memory");
    return W_NOMEM;
}

const struct rlist *rules_find_list(const struct rules *rs, const char *name,
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

long rules_list_lookup(const struct rlist *l, const char *key, size_t n)
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
    const struct rlist *l = rules_find_list(rs, list, strlen(list));
    if (!l)
        return NULL;
    long r = rules_list_lookup(l, key, strlen(key));
    if (r < 0)
        return NULL;
    if (col > l->ncols[r])
        return col == 2 ? l->rows[r][0] : NULL;
    return l->rows[r][col - 1];
}

size_t rules_list_rows(const struct rules *rs, const char *list)
{
    const struct rlist *l =
        rs && list ? rules_find_list(rs, list, strlen(list)) : NULL;
    return l ? l->nrows : 0;
}

const char *const *rules_list_row(const struct rules *rs, const char *list,
                                  size_t row, size_t *ncols)
{
    const struct rlist *l =
        rs && list ? rules_find_list(rs, list, strlen(list)) : NULL;
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

int rules_name_char(int c, int first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
        return 1;
    return !first && ((c >= '0' && c <= '9') || c == '.' || c == '/' ||
                      c == '-');
}

struct rdefine *rules_find_define(const struct rules *rs, const char *name,
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
int rules_expand(struct rules *rs, const char *src, struct buf *b, int depth,
                 const char *file, unsigned line, char *err, size_t errsz)
{
    if (depth > RULES_MAX_EXPAND) {
        rules_seterr(err, errsz, file, line,
                     "{NAME} references nested too deep");
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
        if (c == '{' && i + 1 < n &&
            rules_name_char((unsigned char)src[i + 1], 1)) {
            size_t j = i + 1;
            while (j < n && rules_name_char((unsigned char)src[j], 0))
                j++;
            if (j < n && src[j] == '}') {
                const char *nm = src + i + 1;
                size_t nl = j - i - 1;
                struct rdefine *d = rules_find_define(rs, nm, nl);
                const struct rlist *l = d ? NULL : rules_find_list(rs, nm, nl);
                if (d) {
                    if (d->busy) {
                        rules_seterr(err, errsz, file, line,
                                     "{%.*s} refers to itself", (int)nl, nm);
                        return W_PARSE;
                    }
                    d->busy = 1;
                    rc = buf_adds(b, "(?:");
                    if (!rc)
                        rc = rules_expand(rs, d->pattern, b, depth + 1, file,
                                          line, err, errsz);
                    if (!rc)
                        rc = buf_addc(b, ')');
                    d->busy = 0;
                    if (rc)
                        return rc;
                } else if (l) {
                    rc = list_alternation(l, b);
                } else {
                    rules_seterr(
                        err, errsz, file, line,
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
        rules_seterr(err, errsz, file, line,
                     "pattern longer than %u bytes after expansion",
                     RULES_MAX_PATTERN);
    else if (rc == W_NOMEM)
        rules_seterr(err, errsz, file, line, "out of memory");
    return rc;
}
