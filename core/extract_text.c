/* SPDX-License-Identifier: MIT */
/*
 * The token view of an article that the extraction files walk: words and
 * punctuation with their case, lines, paragraphs, sentences and quoted
 * speech; a code-point index for the offsets records carry; and the word
 * maps (longest match over tokens) that titles, prefixes, honorifics and
 * the other word lists of rules/ become. Everything here is linear in the
 * text and allocates from the caller's arena.
 */
#include "config.h"
#include <stdarg.h>
#include "extract_int.h"
#include "mem.h"
#include "warta/plugin.h"
#include <string.h>

#define CPK_STEP 64

void xstrlcpy(char *dst, const char *src, size_t n)
{
    if (!n)
        return;
    size_t k = strlen(src);
    if (k >= n) {
        k = n - 1;
        /* Do not cut a UTF-8 sequence in half. */
        while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80)
            k--;
    }
    memcpy(dst, src, k);
    dst[k] = '\0';
}

void xjoin(char *out, size_t n, const char *a, const char *sep,
           const char *b)
{
    char tmp[512];
    size_t k = 0;
    for (const char *parts[3] = {a, sep, b}, **p = parts; p < parts + 3; p++)
        for (const char *c = *p; *c && k + 1 < sizeof tmp; c++)
            tmp[k++] = *c;
    tmp[k] = '\0';
    xstrlcpy(out, tmp, n);
}

/* Decode one code point of valid UTF-8 at s[*k], advancing *k; the
 * ASCII case inline, since articles are mostly ASCII. */
static uint32_t cp_at_multi(const char *s, size_t len, size_t *k);
static inline uint32_t cp_at(const char *s, size_t len, size_t *k)
{
    unsigned char c = (unsigned char)s[*k];
    if (c < 0x80) {
        (*k)++;
        return c;
    }
    return cp_at_multi(s, len, k);
}

static uint32_t cp_at_multi(const char *s, size_t len, size_t *k)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *k;
    uint32_t c = u[i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > len)
        n = len - i;
    if (n == 2)
        c = (c & 0x1F) << 6 | (u[i + 1] & 0x3F);
    else if (n == 3)
        c = (c & 0x0F) << 12 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
    else if (n == 4)
        c = (c & 0x07) << 18 | (u[i + 1] & 0x3F) << 12 |
            (u[i + 2] & 0x3F) << 6 | (u[i + 3] & 0x3F);
    *k = i + (n ? n : 1);
    return c;
}

static inline int cp_space(uint32_t c)
{
    if (c > ' ' && c < 0x80)
        return 0;
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v' || c == 0xA0 || c == 0x2009 || c == 0x200A ||
           c == 0x202F || c == 0x2002 || c == 0x2003 || c == 0x3000 ||
           c == 0xFEFF || c == 0x200B;
}

/* Letters and digits; everything outside ASCII that is not a known
 * punctuation or symbol counts as a letter (names with diacritics). */
static inline int cp_word(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    if (c >= 0x2000 && c <= 0x206F) /* general punctuation */
        return 0;
    if (c >= 0xA0 && c <= 0xBF) /* Latin-1 symbols */
        return 0;
    if (c == 0xD7 || c == 0xF7 || c == 0xFFFD || c == 0x3000)
        return 0;
    if (c >= 0x2100 && c <= 0x2BFF) /* symbols, arrows, shapes */
        return 0;
    return 1;
}

static inline int cp_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return 1;
    if (c >= 0x100 && c <= 0x17F)
        return (c & 1) == 0;
    return 0;
}

static inline int cp_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    if (c >= 0xDF && c <= 0xFF && c != 0xF7)
        return 1;
    if (c >= 0x100 && c <= 0x17F)
        return (c & 1) == 1;
    return 0;
}

static int cp_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Quote characters open or close speech. */
static int cp_quote(uint32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E ||
           c == 0xAB || c == 0xBB;
}

static int grow(struct arena *a, void **v, size_t *cap, size_t need,
                size_t elem)
{
    if (need <= *cap)
        return W_OK;
    size_t nc = *cap ? *cap * 2 : 1024;
    while (nc < need)
        nc *= 2;
    void *nv = arena_alloc(a, nc * elem);
    if (!nv)
        return W_NOMEM;
    if (*v)
        memcpy(nv, *v, *cap * elem);
    *v = nv;
    *cap = nc;
    return W_OK;
}

/* Abbreviations whose dot does not end a sentence. */
static int abbrev_dot(const struct xtext *x, size_t i)
{
    static const char *const ab[] = {
        "kab", "prov", "no", "jl", "jln", "st", "dr", "drs", "dra", "ir",
        "prof", "h", "hj", "kh", "mr", "mrs", "ms", "dll", "dsb", "dst",
        "sdr", "tgl", "bpk", "pol", "purn", "ph", "drg", "kec", "kel",
        "des", "tel", "telp", "hal", "pt", "cv", "tbk", "vs", "pj", "plt",
        "plh", "pjs", "kadis", "kabid", "dll", NULL};
    const struct xtok *t = &x->t[i];
    if (!(t->f & XT_WORD))
        return 0;
    size_t n = t->e - t->s;
    if (n == 1 && (t->f & XT_CAP))
        return 1; /* an initial: "D. Handiman", "S.T." */
    if (n <= 4 && i > 0 && xtok_is(x, i - 1, '.') &&
        !(x->t[i].f & XT_SPACE))
        return 1; /* "M.Si." */
    char w[8];
    if (n >= sizeof w)
        return 0;
    xtok_fold(x, i, w, sizeof w);
    for (size_t k = 0; ab[k]; k++)
        if (strcmp(w, ab[k]) == 0)
            return 1;
    return 0;
}

static int tokenize(struct xtext *x, struct arena *a)
{
    const char *s = x->s;
    size_t len = x->len, cap = 0, k = 0;
    uint16_t pend = XT_LINE | XT_PARA;
    int nl = 2;
    while (k < len) {
        size_t st = k;
        uint32_t c = cp_at(s, len, &k);
        if (cp_space(c)) {
            pend |= XT_SPACE;
            if (c == '\n') {
                nl++;
                pend |= XT_LINE;
                if (nl >= 2)
                    pend |= XT_PARA;
            }
            continue;
        }
        nl = 0;
        if (x->nt + 1 > cap &&
            grow(a, (void **)&x->t, &cap, x->nt + 1, sizeof *x->t))
            return W_NOMEM;
        struct xtok *t = &x->t[x->nt++];
        t->s = (uint32_t)st;
        t->sent = 0;
        t->f = pend;
        pend = 0;
        if (!cp_word(c)) {
            t->e = (uint32_t)k;
            t->f |= XT_PUNCT;
            continue;
        }
        t->f |= XT_WORD;
        if (cp_upper(c))
            t->f |= XT_CAP;
        else if (cp_lower(c))
            t->f |= XT_LOWER;
        else if (cp_digit(c))
            t->f |= XT_NUM;
        int upper = cp_upper(c), letters = !cp_digit(c), lower = 0;
        uint32_t prev = c;
        while (k < len) {
            size_t save = k;
            uint32_t d = cp_at(s, len, &k);
            if (cp_word(d)) {
                if (cp_lower(d))
                    lower = 1;
                if (!cp_digit(d))
                    letters++;
                prev = d;
                continue;
            }
            /* Joiners inside a word: Toli-Toli, Jum'at, 8.662, 2,3. */
            if (k < len) {
                size_t k2 = k;
                uint32_t nx = cp_at(s, len, &k2);
                int join = 0;
                if ((d == '-' || d == 0x2011) && cp_word(prev) &&
                    cp_word(nx))
                    join = 1;
                else if ((d == '\'' || d == 0x2019) && !cp_digit(prev) &&
                         cp_word(nx) && !cp_digit(nx) && cp_lower(nx))
                    join = 1;
                else if ((d == '.' || d == ',') && cp_digit(prev) &&
                         cp_digit(nx))
                    join = 1;
                if (join) {
                    prev = nx;
                    k = k2;
                    if (cp_lower(nx))
                        lower = 1;
                    continue;
                }
            }
            k = save;
            break;
        }
        t->e = (uint32_t)k;
        if (upper && !lower && letters >= 2)
            t->f |= XT_UPPER;
    }
    return W_OK;
}

/* FNV-1a, the hash of xmap keys; fold lowers ASCII letters. */
#define FNV_BASIS 2166136261u
static uint32_t fnv_fold(uint32_t h, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 16777619u;
    }
    return h;
}

/* Sentences, paragraphs and quoted speech. */
static int segment(struct xtext *x, struct arena *a)
{
    size_t cap = 0;
    uint32_t para = 0;
    int inq = 0;
    size_t t0 = 0;
    for (size_t i = 0; i < x->nt; i++) {
        struct xtok *t = &x->t[i];
        if (i > t0 && (t->f & (XT_LINE | XT_PARA))) {
            /* A line break ends the sentence, except inside one that a
             * page break cut: "akan\n\ndiperbaharui." */
            const struct xtok *p = &x->t[i - 1];
            int cut = (p->f & XT_WORD) && (t->f & XT_LOWER);
            if (!cut) {
                if (grow(a, (void **)&x->sent, &cap, x->nsent + 1,
                         sizeof *x->sent))
                    return W_NOMEM;
                x->sent[x->nsent++] =
                    (struct xsent){(uint32_t)t0, (uint32_t)i, para};
                t0 = i;
                inq = 0;
            }
        }
        if (i > 0 && (t->f & XT_PARA))
            para++;
        if (i == t0 && (t->f & (XT_LINE | XT_PARA)))
            inq = 0;
        if (xtok_is_quote(x, i)) {
            uint32_t c;
            size_t k = t->s;
            c = cp_at(x->s, x->len, &k);
            if (c == 0x201C || c == 0xAB)
                inq = 1;
            else if (c == 0xBB)
                inq = 0;
            else
                inq = !inq;
            t->f |= XT_QUOTE;
        } else if (inq) {
            t->f |= XT_QUOTE;
        }
        t->sent = (uint32_t)x->nsent;
        int end = 0;
        if (xtok_is(x, i, '.') || xtok_is(x, i, '!') || xtok_is(x, i, '?')) {
            end = 1;
            if (xtok_is(x, i, '.') && i > 0 && !(t->f & XT_SPACE) &&
                abbrev_dot(x, i - 1))
                end = 0;
        } else if (t->e - t->s == 3 && memcmp(x->s + t->s, "\xE2\x80\xA6",
                                              3) == 0) {
            end = 1;
        }
        if (!end)
            continue;
        /* Closing quotes and brackets stay with the sentence. */
        size_t j = i + 1;
        while (j < x->nt && !(x->t[j].f & (XT_LINE | XT_PARA)) &&
               ((xtok_is_quote(x, j) && inq) || xtok_is(x, j, ')'))) {
            if (xtok_is_quote(x, j)) {
                x->t[j].f |= XT_QUOTE;
                inq = 0;
            }
            x->t[j].sent = (uint32_t)x->nsent;
            j++;
        }
        /* A lower-case word next means the dot was not an end. */
        if (j < x->nt && (x->t[j].f & XT_LOWER) &&
            !(x->t[j].f & (XT_LINE | XT_PARA)))
            continue;
        if (grow(a, (void **)&x->sent, &cap, x->nsent + 1, sizeof *x->sent))
            return W_NOMEM;
        x->sent[x->nsent++] = (struct xsent){(uint32_t)t0, (uint32_t)j, para};
        t0 = j;
        i = j - 1;
    }
    if (t0 < x->nt) {
        if (grow(a, (void **)&x->sent, &cap, x->nsent + 1, sizeof *x->sent))
            return W_NOMEM;
        x->sent[x->nsent++] =
            (struct xsent){(uint32_t)t0, (uint32_t)x->nt, para};
    }
    /* Tokens skipped by the close-quote walk got their sentence above;
     * make every token agree with the sentence table. */
    for (size_t s = 0; s < x->nsent; s++)
        for (size_t i = x->sent[s].t0; i < x->sent[s].t1; i++)
            x->t[i].sent = (uint32_t)s;
    return W_OK;
}

static int cp_index(struct xtext *x, struct arena *a)
{
    x->ncpk = x->len / CPK_STEP + 1;
    x->cpk = arena_alloc(a, x->ncpk * sizeof *x->cpk);
    if (!x->cpk)
        return W_NOMEM;
    uint32_t cp = 0;
    const unsigned char *u = (const unsigned char *)x->s;
    for (size_t b0 = 0; b0 < x->len; b0 += CPK_STEP) {
        x->cpk[b0 / CPK_STEP] = cp;
        size_t b1 = b0 + CPK_STEP < x->len ? b0 + CPK_STEP : x->len;
        for (size_t b = b0; b < b1; b++)
            cp += (u[b] & 0xC0) != 0x80;
    }
    if (x->len % CPK_STEP == 0)
        x->cpk[x->len / CPK_STEP] = cp;
    return W_OK;
}

int xtext_init(struct xtext *x, struct arena *a, const char *s, size_t len)
{
    memset(x, 0, sizeof *x);
    x->s = s;
    x->len = len;
    if (len > UINT32_MAX / 2)
        return W_TOOBIG;
    int rc = tokenize(x, a);
    for (size_t i = 0; !rc && i < x->nt; i++)
        x->t[i].h = fnv_fold(FNV_BASIS, s + x->t[i].s,
                             x->t[i].e - x->t[i].s);
    if (!rc)
        rc = segment(x, a);
    if (!rc)
        rc = cp_index(x, a);
    return rc;
}

size_t xtext_cp(const struct xtext *x, size_t b)
{
    if (b > x->len)
        b = x->len;
    size_t k = b / CPK_STEP;
    size_t cp = x->cpk[k];
    for (size_t i = k * CPK_STEP; i < b; i++)
        if (((unsigned char)x->s[i] & 0xC0) != 0x80)
            cp++;
    return cp;
}

json_t *xjson_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *xjson_obj(size_t n, ...)
{
    /* Built directly, like xspan_json: json_pack costs thousands of
     * instructions per object in parsing its format. */
    va_list ap;
    va_start(ap, n);
    json_t *o = json_object();
    int bad = !o;
    for (size_t i = 0; i < n; i++) {
        const char *k = va_arg(ap, const char *);
        json_t *v = va_arg(ap, json_t *);
        if (bad || !v || json_object_set_new(o, k, v)) {
            bad = 1;
            json_decref(v); /* set_new took it even when it failed */
        }
    }
    va_end(ap);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *xspan_json(const struct xtext *x, size_t b0, size_t b1)
{
    /* Built directly: json_pack parses its format on every call, and
     * an article has hundreds of spans. */
    json_t *a = json_array(), *v0 = json_integer((json_int_t)xtext_cp(x, b0)),
           *v1 = json_integer((json_int_t)xtext_cp(x, b1));
    if (!a || !v0 || !v1 || json_array_append_new(a, v0)) {
        json_decref(a);
        json_decref(v0);
        json_decref(v1);
        return NULL;
    }
    if (json_array_append_new(a, v1)) {
        json_decref(a);
        return NULL;
    }
    return a;
}

size_t xtext_tok_at(const struct xtext *x, size_t b)
{
    size_t lo = 0, hi = x->nt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->t[mid].s < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void xtext_flag_bytes(struct xtext *x, size_t b0, size_t b1, uint16_t f)
{
    size_t i = xtext_tok_at(x, b0);
    /* A token that started before b0 but reaches into the span. */
    if (i > 0 && x->t[i - 1].e > b0)
        i--;
    for (; i < x->nt && x->t[i].s < b1; i++)
        x->t[i].f |= f;
}

int xtok_is_quote(const struct xtext *x, size_t i)
{
    if (i >= x->nt || !(x->t[i].f & XT_PUNCT))
        return 0;
    size_t k = x->t[i].s;
    return cp_quote(cp_at(x->s, x->len, &k));
}

size_t xtok_fold(const struct xtext *x, size_t i, char *out, size_t outsz)
{
    size_t n = x->t[i].e - x->t[i].s;
    if (!outsz)
        return 0;
    if (n >= outsz)
        n = outsz - 1;
    for (size_t k = 0; k < n; k++) {
        char c = x->s[x->t[i].s + k];
        out[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = '\0';
    return n;
}

size_t xtext_span_str(const struct xtext *x, size_t t0, size_t t1, char *out,
                      size_t outsz)
{
    size_t n = 0;
    if (!outsz)
        return 0;
    out[0] = '\0';
    for (size_t i = t0; i < t1 && i < x->nt; i++) {
        size_t w = x->t[i].e - x->t[i].s;
        int glue = i == t0 || xtok_is(x, i, ',') || xtok_is(x, i, '.') ||
                   xtok_is(x, i, ')') || xtok_is(x, i - 1, '(') ||
                   !(x->t[i].f & XT_SPACE);
        if (n + w + 2 >= outsz)
            break;
        if (!glue)
            out[n++] = ' ';
        memcpy(out + n, x->s + x->t[i].s, w);
        n += w;
    }
    out[n] = '\0';
    return n;
}

/* ---- word maps -------------------------------------------------------- */

/* The hash of a key (keys are folded already, so folding again is a
 * no-op): the same as a token's, so lookups can start from t->h. */
static uint32_t hash_key(const char *s)
{
    return fnv_fold(FNV_BASIS, s, strlen(s));
}

unsigned xfold_phrase(const char *s, char *out, size_t outsz)
{
    size_t n = 0;
    unsigned words = 0;
    int inword = 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int sp = c == ' ' || c == '\t';
        /* A dot is dropped: "Kab." is "kab", "S.T." is "st". */
        if (c == '.')
            continue;
        if (sp) {
            inword = 0;
            continue;
        }
        /* "," and "&" are words of their own, as the tokenizer has them;
         * so is an apostrophe that does not join two letters (Dato'). */
        int alone = c == ',' || c == '&' ||
                    (c == '\'' && !((p[1] >= 'a' && p[1] <= 'z')));
        if (alone)
            inword = 0;
        if (!inword) {
            if (words && n + 1 < outsz)
                out[n++] = ' ';
            words++;
            inword = 1;
        }
        if (n + 1 >= outsz)
            return 0;
        out[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        if (alone)
            inword = 0;
    }
    if (!outsz)
        return 0;
    out[n] = '\0';
    return words;
}

static int xmap_grow(struct xmap *m, struct arena *a)
{
    size_t nc = m->cap ? m->cap * 2 : 64;
    struct xmap_ent *nv = arena_alloc(a, nc * sizeof *nv);
    if (!nv)
        return W_NOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->v[i].key)
            continue;
        size_t h = m->v[i].hash & (nc - 1);
        while (nv[h].key)
            h = (h + 1) & (nc - 1);
        nv[h] = m->v[i];
    }
    m->v = nv;
    m->cap = nc;
    return W_OK;
}

/* The slot of key (full key or prefix marker), or NULL. */
/* The entry of the one-word key that token i folds to (hash known). */
static struct xmap_ent *slot_tok(const struct xmap *m, const struct xtext *x,
                                 size_t i)
{
    if (!m->cap)
        return NULL;
    const struct xtok *t = &x->t[i];
    const char *w = x->s + t->s;
    size_t n = t->e - t->s;
    size_t k = t->h & (m->cap - 1);
    for (; m->v[k].key; k = (k + 1) & (m->cap - 1)) {
        const char *key = m->v[k].key;
        if (m->v[k].hash != t->h)
            continue;
        size_t j = 0;
        for (; j < n; j++) {
            char c = w[j];
            if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != key[j])
                break;
        }
        if (j == n && !key[n])
            return &m->v[k];
    }
    return NULL;
}

static struct xmap_ent *slot(const struct xmap *m, const char *key,
                             uint32_t h)
{
    if (!m->cap)
        return NULL;
    size_t i = h & (m->cap - 1);
    while (m->v[i].key) {
        if (m->v[i].hash == h && strcmp(m->v[i].key, key) == 0)
            return &m->v[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

/* Add key (a full key when surface is not NULL, else a marker saying
 * that some key starts with these words). */
static int insert(struct xmap *m, struct arena *a, const char *key,
                  const char *surface, void *val)
{
    uint32_t h = hash_key(key);
    struct xmap_ent *e = slot(m, key, h);
    if (e) {
        if (!surface || e->full)
            return surface ? 1 : W_OK;
        /* A marker becomes a key. */
        e->surface = arena_strdup(a, surface);
        if (!e->surface)
            return W_NOMEM;
        e->val = val;
        e->full = 1;
        return W_OK;
    }
    if ((m->n + 1) * 2 > m->cap && xmap_grow(m, a))
        return W_NOMEM;
    size_t i = h & (m->cap - 1);
    while (m->v[i].key)
        i = (i + 1) & (m->cap - 1);
    char *k = arena_strdup(a, key);
    const char *sf = surface ? arena_strdup(a, surface) : NULL;
    if (!k || (surface && !sf))
        return W_NOMEM;
    m->v[i].key = k;
    m->v[i].surface = sf;
    m->v[i].val = val;
    m->v[i].hash = h;
    m->v[i].full = surface != NULL;
    m->n++;
    if (!strchr(key, ' '))
        m->first[(h >> 6) & 63] |= (uint64_t)1 << (h & 63);
    return W_OK;
}

int xmap_put(struct xmap *m, struct arena *a, const char *phrase, void *val)
{
    char key[512];
    unsigned w = xfold_phrase(phrase, key, sizeof key);
    if (!w)
        return W_OK;
    /* Markers for every leading run of words, so that a walk over the
     * text stops as soon as no key can continue it. */
    for (char *sp = strchr(key, ' '); sp; sp = strchr(sp + 1, ' ')) {
        *sp = '\0';
        int rc = insert(m, a, key, NULL, NULL);
        *sp = ' ';
        if (rc)
            return rc;
    }
    int rc = insert(m, a, key, phrase, val);
    if (rc)
        return rc;
    if (w > m->maxw)
        m->maxw = w > X_MAX_PHRASE ? X_MAX_PHRASE : w;
    return W_OK;
}

struct xmap_ent *xmap_get(const struct xmap *m, const char *key)
{
    struct xmap_ent *e = slot(m, key, hash_key(key));
    return e && e->full ? e : NULL;
}

/* The dot after token i is part of an abbreviation (no space before it,
 * and the next word is in the same sentence). */
static int attached_dot(const struct xtext *x, size_t i)
{
    return xtok_is(x, i + 1, '.') && !(x->t[i + 1].f & XT_SPACE) &&
           i + 2 < x->nt && x->t[i + 2].sent == x->t[i].sent;
}

struct xmap_ent *xmap_match(const struct xmap *m, const struct xtext *x,
                            size_t i, size_t *end)
{
    if (!m->n || i >= x->nt || !(x->t[i].f & (XT_WORD | XT_PUNCT)))
        return NULL;
    char key[512];
    size_t n = 0;
    struct xmap_ent *best = NULL;
    size_t j = i;
    uint32_t h = FNV_BASIS;
    for (unsigned w = 0; w < m->maxw && j < x->nt; w++) {
        const struct xtok *t = &x->t[j];
        if (t->sent != x->t[i].sent)
            break;
        if (!(t->f & XT_WORD) && !xtok_is(x, j, '&') && !xtok_is(x, j, '\'')
            && !xtok_is(x, j, ','))
            break;
        size_t len = t->e - t->s;
        if (n + len + 2 >= sizeof key)
            break;
        struct xmap_ent *e;
        if (!w) {
            /* Most words start no key: the token's hash says so without
             * building one, and mostly without a probe. */
            if (!((m->first[(t->h >> 6) & 63] >> (t->h & 63)) & 1))
                return NULL;
            e = slot_tok(m, x, j);
            h = t->h;
        } else {
            key[n++] = ' ';
            h = (h ^ ' ') * 16777619u;
            h = fnv_fold(h, x->s + t->s, len);
        }
        for (size_t k = 0; (w || e) && k < len; k++) {
            char c = x->s[t->s + k];
            key[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        key[n] = '\0';
        if (w)
            e = slot(m, key, h);
        if (!e)
            break; /* no key starts with these words */
        if (e->full) {
            best = e;
            *end = j + 1;
        }
        j++;
        if (attached_dot(x, j - 1))
            j++;
    }
    return best;
}

struct xmap_ent *xmap_match_back(const struct xmap *m,
                                 const struct xtext *x, size_t j,
                                 size_t *start)
{
    if (!m->n || j >= x->nt)
        return NULL;
    struct xmap_ent *best = NULL;
    /* Walk back over at most maxw words, then try the phrases forward. */
    size_t i = j, w = 0;
    size_t starts[X_MAX_PHRASE + 1];
    size_t ns = 0;
    while (w < m->maxw) {
        if (!(x->t[i].f & XT_WORD) && !xtok_is(x, i, ','))
            break;
        starts[ns++] = i;
        w++;
        if (i == 0 || x->t[i - 1].sent != x->t[j].sent)
            break;
        i--;
        if (xtok_is(x, i, '.') && i > 0 && (x->t[i - 1].f & XT_WORD) &&
            !(x->t[i].f & XT_SPACE)) {
            if (i == 0)
                break;
            i--;
        }
    }
    for (size_t k = ns; k-- > 0;) {
        size_t end = 0;
        struct xmap_ent *e = xmap_match(m, x, starts[k], &end);
        if (e && (end == j + 1 || (end == j && xtok_is(x, j, '.')))) {
            best = e;
            *start = starts[k];
            break;
        }
    }
    return best;
}

int xcase_ok(const struct xtext *x, size_t t0, size_t t1,
             const char *surface, int exact)
{
    /* Walk the surface's words alongside the word tokens. */
    const char *p = surface;
    for (size_t i = t0; i < t1; i++) {
        if (!(x->t[i].f & XT_WORD))
            continue;
        while (*p == ' ' || *p == '.')
            p++;
        if (!*p)
            return 1;
        const char *q = p;
        while (*q && *q != ' ' && *q != '.')
            q++;
        size_t n = x->t[i].e - x->t[i].s;
        if (exact) {
            if ((size_t)(q - p) != n || memcmp(p, x->s + x->t[i].s, n) != 0)
                return 0;
        } else if (*p >= 'A' && *p <= 'Z' &&
                   !(x->t[i].f & (XT_CAP | XT_UPPER))) {
            return 0;
        }
        p = q;
    }
    return 1;
}

int xmap_from_list(struct xmap *m, struct arena *a, const struct rules *rs,
                   const char *list)
{
    size_t n = rules_list_rows(rs, list);
    for (size_t r = 0; r < n; r++) {
        size_t nc = 0;
        const char *const *row = rules_list_row(rs, list, r, &nc);
        if (!row || !nc)
            continue;
        int rc = xmap_put(m, a, row[0], (void *)(uintptr_t)(r + 1));
        if (rc < 0)
            return rc;
    }
    return W_OK;
}

const char *xlist_col(const struct rules *rs, const char *list, void *val,
                      unsigned col)
{
    size_t nc = 0;
    size_t r = (size_t)(uintptr_t)val;
    if (!r)
        return "";
    const char *const *row = rules_list_row(rs, list, r - 1, &nc);
    if (!row || col >= nc || !row[col])
        return "";
    return row[col];
}

int xstate_add_mention(struct xstate *st, uint32_t t0, uint32_t t1, int who)
{
    if (st->nmen == st->capmen) {
        size_t nc = st->capmen ? st->capmen * 2 : 64;
        struct xmention *nv = arena_alloc(st->a, nc * sizeof *nv);
        if (!nv)
            return W_NOMEM;
        if (st->men)
            memcpy(nv, st->men, st->nmen * sizeof *nv);
        st->men = nv;
        st->capmen = nc;
    }
    st->men[st->nmen++] = (struct xmention){t0, t1, (int16_t)who};
    return W_OK;
}
