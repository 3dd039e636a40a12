/* SPDX-License-Identifier: MIT */
/*
 * Charset detection and conversion to UTF-8 (see charset.h). Detection
 * follows the HTML5 "encoding sniffing" order; the byte checks at the end
 * exist because regional news sites mislabel pages in both directions
 * (UTF-8 sent as ISO-8859-1 by a default server config, windows-1252 smart
 * quotes in a page that claims UTF-8). Conversion is iconv for everything
 * but UTF-8, which gets a small validating copy of its own: it is the
 * common case and iconv stops at the first bad byte.
 */
#include "config.h"
#include "charset.h"
#include "mem.h"
#include "warta/plugin.h"
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

/* WHATWG labels that matter for news pages, lower case, and what iconv
 * calls them. Labels not listed are tried on iconv as they are. */
static const struct {
    const char *label;
    const char *name;
} labels[] = {
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"x-unicode20utf8", "UTF-8"},
    {"unicode11utf8", "UTF-8"},
    {"unicode20utf8", "UTF-8"},
    {"utf-16", "UTF-16LE"},
    {"utf-16le", "UTF-16LE"},
    {"unicode", "UTF-16LE"},
    {"ucs-2", "UTF-16LE"},
    {"csunicode", "UTF-16LE"},
    {"iso-10646-ucs-2", "UTF-16LE"},
    {"unicodefeff", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"unicodefffe", "UTF-16BE"},
    {"us-ascii", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},
    {"ansi_x3.4-1968", "WINDOWS-1252"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"iso88591", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"iso_8859-1:1987", "WINDOWS-1252"},
    {"iso-ir-100", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"latin-1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},
    {"cp819", "WINDOWS-1252"},
    {"ibm819", "WINDOWS-1252"},
    {"csisolatin1", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"},
    {"x-cp1252", "WINDOWS-1252"},
    {"windows-1252", "WINDOWS-1252"},
    {"iso-8859-9", "WINDOWS-1254"},
    {"latin5", "WINDOWS-1254"},
    {"iso-8859-11", "WINDOWS-874"},
    {"tis-620", "WINDOWS-874"},
    {"dos-874", "WINDOWS-874"},
    {"gb2312", "GBK"},
    {"gb_2312", "GBK"},
    {"gb_2312-80", "GBK"},
    {"chinese", "GBK"},
    {"csgb2312", "GBK"},
    {"x-gbk", "GBK"},
    {"gbk", "GBK"},
    {"gb18030", "GB18030"},
    {"big5", "BIG5-HKSCS"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},
    {"cn-big5", "BIG5-HKSCS"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"ms932", "CP932"},
    {"windows-31j", "CP932"},
    {"euc-kr", "UHC"},
    {"ks_c_5601-1987", "UHC"},
    {"windows-949", "UHC"},
    {"x-mac-roman", "MACINTOSH"},
    {"macintosh", "MACINTOSH"},
    {"mac", "MACINTOSH"},
};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int label_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
}

/* Can iconv convert from name? Cheap enough: only called per page. */
static int iconv_knows(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

int charset_label(const char *label, size_t n, char *out, size_t outsz)
{
    char low[CHARSET_NAME_MAX];
    if (outsz)
        out[0] = '\0';
    if (!label)
        return W_NOTFOUND;
    while (n && is_space((unsigned char)*label)) {
        label++;
        n--;
    }
    while (n && is_space((unsigned char)label[n - 1]))
        n--;
    if (n == 0 || n >= sizeof low || outsz < CHARSET_NAME_MAX)
        return W_NOTFOUND;
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)lower((unsigned char)label[i]);
        if (!label_char((unsigned char)low[i]))
            return W_NOTFOUND;
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(low, labels[i].label) == 0) {
            memcpy(out, labels[i].name, strlen(labels[i].name) + 1);
            return W_OK;
        }
    }
    if (strcmp(low, "x-user-defined") == 0 || strcmp(low, "replacement") == 0)
        return W_NOTFOUND;
    /* windows-125x, iso-8859-N, koi8-r, ibm866, euc-jp...: iconv's own
     * names are the labels in upper case. */
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)(low[i] >= 'a' && low[i] <= 'z' ? low[i] - 32 : low[i]);
    if (!iconv_knows(out)) {
        out[0] = '\0';
        return W_NOTFOUND;
    }
    return W_OK;
}

/*
 * The value after "charset" in s (the HTML "extract a character encoding
 * from a meta element" algorithm, also fine for HTTP headers): returns a
 * pointer to the value and its length in *len, or NULL.
 */
static const char *find_charset_param(const char *s, size_t n, size_t *len)
{
    size_t i = 0;
    while (i + 7 <= n) {
        if (strncasecmp(s + i, "charset", 7) != 0) {
            i++;
            continue;
        }
        i += 7;
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i >= n || s[i] != '=')
            continue;
        i++;
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i >= n)
            return NULL;
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i++];
            size_t start = i;
            while (i < n && s[i] != q)
                i++;
            if (i >= n)
                return NULL;
            *len = i - start;
            return s + start;
        }
        size_t start = i;
        while (i < n && !is_space((unsigned char)s[i]) && s[i] != ';' &&
               s[i] != '"' && s[i] != '\'')
            i++;
        *len = i - start;
        return *len ? s + start : NULL;
    }
    return NULL;
}

int charset_from_content_type(const char *ct, char *out, size_t outsz)
{
    size_t len = 0;
    if (outsz)
        out[0] = '\0';
    if (!ct)
        return W_NOTFOUND;
    const char *v = find_charset_param(ct, strlen(ct), &len);
    return v ? charset_label(v, len, out, outsz) : W_NOTFOUND;
}

/* One attribute of the prescan (HTML5 "get an attribute"). */
struct pattr {
    const unsigned char *name, *value;
    size_t nlen, vlen;
};

/* Returns 1 with an attribute, 0 at '>' or the end (*p moves past). */
static int get_attr(const unsigned char **p, const unsigned char *end,
                    struct pattr *a)
{
    const unsigned char *s = *p;
    while (s < end && (is_space(*s) || *s == '/'))
        s++;
    if (s >= end || *s == '>') {
        *p = s < end ? s + 1 : s;
        return 0;
    }
    a->name = s;
    while (s < end && !is_space(*s) && *s != '=' && *s != '>' &&
           (*s != '/' || s == a->name))
        s++;
    a->nlen = (size_t)(s - a->name);
    a->value = s;
    a->vlen = 0;
    while (s < end && is_space(*s))
        s++;
    if (s < end && *s == '=') {
        s++;
        while (s < end && is_space(*s))
            s++;
        if (s < end && (*s == '"' || *s == '\'')) {
            unsigned char q = *s++;
            a->value = s;
            while (s < end && *s != q)
                s++;
            a->vlen = (size_t)(s - a->value);
            if (s < end)
                s++;
        } else {
            a->value = s;
            while (s < end && !is_space(*s) && *s != '>')
                s++;
            a->vlen = (size_t)(s - a->value);
        }
    }
    *p = s;
    return 1;
}

static int attr_is(const struct pattr *a, const char *name)
{
    size_t n = strlen(name);
    return a->nlen == n && strncasecmp((const char *)a->name, name, n) == 0;
}

/* A <meta> tag at *p (after "<meta"): its charset, if it declares one. */
static int prescan_meta(const unsigned char **p, const unsigned char *end,
                        char *out, size_t outsz)
{
    struct pattr a;
    const unsigned char *cs = NULL, *content = NULL;
    size_t cslen = 0, contentlen = 0;
    int http_equiv = 0;
    while (get_attr(p, end, &a)) {
        if (attr_is(&a, "charset") && !cs) {
            cs = a.value;
            cslen = a.vlen;
        } else if (attr_is(&a, "http-equiv")) {
            http_equiv = a.vlen == 12 &&
                         strncasecmp((const char *)a.value, "content-type",
                                     12) == 0;
        } else if (attr_is(&a, "content") && !content) {
            content = a.value;
            contentlen = a.vlen;
        }
    }
    if (!cs && http_equiv && content)
        cs = (const unsigned char *)find_charset_param(
            (const char *)content, contentlen, &cslen);
    if (!cs || charset_label((const char *)cs, cslen, out, outsz) != W_OK)
        return 0;
    /* HTML5: a meta-declared UTF-16 means UTF-8. */
    if (strncmp(out, "UTF-16", 6) == 0)
        memcpy(out, "UTF-8", 6);
    return 1;
}

int charset_prescan(const unsigned char *b, size_t n, char *out,
                    size_t outsz)
{
    const unsigned char *p = b;
    const unsigned char *end = b + (n < CHARSET_PRESCAN ? n : CHARSET_PRESCAN);
    if (outsz)
        out[0] = '\0';
    while (p < end) {
        if (*p != '<') {
            p++;
            continue;
        }
        size_t left = (size_t)(end - p);
        if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
            const unsigned char *q = p + 2;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
                q++;
            p = q + 3;
            continue;
        }
        if (left >= 6 && strncasecmp((const char *)p, "<meta", 5) == 0 &&
            (is_space(p[5]) || p[5] == '/')) {
            p += 5;
            if (prescan_meta(&p, end, out, outsz))
                return W_OK;
            continue;
        }
        int close = left >= 2 && p[1] == '/';
        const unsigned char *q = p + 1 + close;
        if (q < end && ((*q | 32) >= 'a' && (*q | 32) <= 'z')) {
            while (q < end && !is_space(*q) && *q != '>')
                q++;
            struct pattr a;
            p = q;
            while (get_attr(&p, end, &a))
                ;
            continue;
        }
        if (left >= 2 && (p[1] == '!' || p[1] == '/' || p[1] == '?')) {
            while (p < end && *p != '>')
                p++;
        }
        p++;
    }
    return W_NOTFOUND;
}

int charset_xml_decl(const unsigned char *b, size_t n, char *out,
                     size_t outsz)
{
    if (outsz)
        out[0] = '\0';
    size_t i = 0;
    while (i < n && is_space(b[i]))
        i++;
    if (n - i < 6 || memcmp(b + i, "<?xml", 5) != 0 || !is_space(b[i + 5]))
        return W_NOTFOUND;
    const unsigned char *p = b + i + 5, *end = b + (n < 1024 ? n : 1024);
    const unsigned char *stop = p;
    while (stop + 1 < end && !(stop[0] == '?' && stop[1] == '>'))
        stop++;
    struct pattr a;
    while (p < stop && get_attr(&p, stop, &a)) {
        if (attr_is(&a, "encoding"))
            return charset_label((const char *)a.value, a.vlen, out, outsz);
    }
    return W_NOTFOUND;
}

/*
 * Length of the valid UTF-8 sequence at s (1 to 4), or 0 when invalid; in
 * that case *skip is the length of the maximal invalid subpart (>= 1), as
 * the WHATWG decoder replaces it by one U+FFFD.
 */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *skip)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xbf;
    *skip = 1;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        if (c == 0xe0)
            lo = 0xa0;
        if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        if (c == 0xf0)
            lo = 0x90;
        if (c == 0xf4)
            hi = 0x8f;
    } else
        return 0;
    for (size_t k = 1; k <= need; k++) {
        if (k >= n || s[k] < lo || s[k] > hi) {
            *skip = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xbf;
    }
    return need + 1;
}

/*
 * Tests on a chunk of CHUNK bytes at p, for the loops below that cross
 * ASCII a chunk at a time: chunk_ascii (no byte above 0x7f), chunk_clean
 * (ASCII without NUL) and chunk_plain (no NUL, no control byte: nothing
 * below 0x09, in 0x0e-0x1f or DEL). SSE2 (every x86-64) takes 16 bytes;
 * elsewhere 8 bytes in a 64-bit word, each test computed on the low 7
 * bits of every byte so that no carry crosses into the next byte.
 */
#if defined(__SSE2__)
#include <emmintrin.h>
#define CHUNK 16

static __m128i load16(const unsigned char *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

static int chunk_ascii(const unsigned char *p)
{
    return _mm_movemask_epi8(load16(p)) == 0;
}

static int chunk_clean(const unsigned char *p)
{
    __m128i v = load16(p);
    __m128i nul = _mm_cmpeq_epi8(v, _mm_setzero_si128());
    return _mm_movemask_epi8(_mm_or_si128(v, nul)) == 0;
}

static int chunk_plain(const unsigned char *p)
{
    /* Signed compares: bytes above 0x7f are negative. */
    __m128i v = load16(p);
    __m128i ascii = _mm_cmpgt_epi8(v, _mm_set1_epi8(-1));
    __m128i low = _mm_and_si128(ascii, _mm_cmplt_epi8(v, _mm_set1_epi8(9)));
    __m128i mid = _mm_andnot_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x0e)),
                                   _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    __m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
    return _mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(mid, del))) ==
           0;
}
#else
#define CHUNK 8
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

static uint64_t load8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* Bytes of w below lim (1..128), as their high bit. */
static uint64_t bytes_below(uint64_t w, unsigned lim)
{
    uint64_t low = w & ~HIGH;
    return ~((low + ONES * (0x80 - lim)) | w) & HIGH;
}

/* Bytes of w equal to c (below 0x80), as their high bit. */
static uint64_t bytes_equal(uint64_t w, unsigned c)
{
    uint64_t low = (w & ~HIGH) ^ (ONES * c);
    return ~((low + ONES * 0x7f) | w) & HIGH;
}

static int chunk_ascii(const unsigned char *p)
{
    return !(load8(p) & HIGH);
}

static int chunk_clean(const unsigned char *p)
{
    uint64_t w = load8(p);
    return !((w & HIGH) | bytes_below(w, 1));
}

static int chunk_plain(const unsigned char *p)
{
    uint64_t w = load8(p);
    return !(bytes_below(w, 0x09) |
             (bytes_below(w, 0x20) & ~bytes_below(w, 0x0e)) |
             bytes_equal(w, 0x7f));
}
#endif

/*
 * Length of the longest prefix of b[0..n) that is valid UTF-8 holding no
 * NUL byte: it stops at a NUL or at the first byte of an invalid
 * sequence. ASCII, nearly all of an HTML page, goes eight bytes a step.
 */
static size_t utf8_clean_prefix(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (n - i >= CHUNK && chunk_clean(b + i))
            i += CHUNK;
        if (i >= n)
            break;
        unsigned char c = b[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        size_t skip;
        size_t len = c ? utf8_seq(b + i, n - i, &skip) : 0;
        if (!len)
            break;
        i += len;
    }
    return i;
}

size_t charset_utf8_errors(const unsigned char *b, size_t n, size_t *multi)
{
    size_t bad = 0, good = 0, i = 0;
    while (i < n) {
        if (n - i >= CHUNK && chunk_ascii(b + i)) {
            i += CHUNK;
            continue;
        }
        if (b[i] < 0x80) {
            i++;
            continue;
        }
        size_t skip;
        size_t len = utf8_seq(b + i, n - i, &skip);
        if (len) {
            good++;
            i += len;
        } else {
            bad++;
            i += skip;
        }
    }
    if (multi)
        *multi = good;
    return bad;
}

/* The invalid sequence or NUL at src (n >= 1): the bytes it spans. */
static size_t bad_seq(const unsigned char *src, size_t n)
{
    size_t skip = 1;
    if (src[0])
        utf8_seq(src, n, &skip);
    return skip;
}

size_t charset_utf8_sanitize(const unsigned char *src, size_t n,
                             unsigned char *dst)
{
    size_t i = 0, o = 0;
    for (;;) {
        size_t k = utf8_clean_prefix(src + i, n - i);
        memcpy(dst + o, src + i, k);
        i += k;
        o += k;
        if (i >= n)
            break;
        dst[o++] = 0xef; /* U+FFFD */
        dst[o++] = 0xbf;
        dst[o++] = 0xbd;
        i += bad_seq(src + i, n - i);
    }
    return o;
}

/* Bytes charset_utf8_sanitize() writes for src. */
static size_t sanitized_len(const unsigned char *src, size_t n)
{
    size_t i = 0, o = 0;
    for (;;) {
        size_t k = utf8_clean_prefix(src + i, n - i);
        i += k;
        o += k;
        if (i >= n)
            break;
        o += 3;
        i += bad_seq(src + i, n - i);
    }
    return o;
}

static int is_latin_single_byte(const char *name)
{
    return strcmp(name, "WINDOWS-1252") == 0;
}

void charset_detect(const char *content_type, const unsigned char *b,
                    size_t n, int xml, struct charset_guess *g)
{
    memset(g, 0, sizeof *g);
    if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
        memcpy(g->name, "UTF-8", 6);
        g->bom = 3;
        g->origin = CHARSET_BOM;
        return;
    }
    if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
                   (b[0] == 0xfe && b[1] == 0xff))) {
        memcpy(g->name, b[0] == 0xff ? "UTF-16LE" : "UTF-16BE", 9);
        g->bom = 2;
        g->origin = CHARSET_BOM;
        return;
    }
    int found = 0;
    if (charset_from_content_type(content_type, g->name, sizeof g->name) ==
        W_OK) {
        g->origin = CHARSET_HTTP;
        found = 1;
    }
    if (!found && xml &&
        charset_xml_decl(b, n, g->name, sizeof g->name) == W_OK) {
        g->origin = CHARSET_XMLDECL;
        found = 1;
    }
    if (!found && charset_prescan(b, n, g->name, sizeof g->name) == W_OK) {
        g->origin = CHARSET_META;
        found = 1;
    }
    if (found && strncmp(g->name, "UTF-16", 6) == 0 &&
        memchr(b, 0, n < 1024 ? n : 1024) == NULL) {
        /* A UTF-16 label on bytes without a single NUL is a lie. */
        memcpy(g->name, "UTF-8", 6);
        g->overridden = 1;
    }
    int utf8 = strcmp(g->name, "UTF-8") == 0;
    if (found && !utf8 && !is_latin_single_byte(g->name))
        return; /* trust other labels: we cannot check them cheaply */
    size_t multi = 0;
    size_t bad = charset_utf8_errors(b, n, &multi);
    if (!found) {
        g->origin = CHARSET_SNIFF;
        memcpy(g->name, bad > multi ? "WINDOWS-1252" : "UTF-8",
               bad > multi ? 13 : 6);
        return;
    }
    if (utf8 && bad > 0 && multi == 0) {
        memcpy(g->name, "WINDOWS-1252", 13);
        g->overridden = 1;
    } else if (!utf8 && bad == 0 && multi > 0) {
        memcpy(g->name, "UTF-8", 6);
        g->overridden = 1;
    }
}

int charset_is_binary(const unsigned char *b, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
    } sigs[] = {
        {"\x89PNG\r\n", 6}, {"GIF87a", 6},       {"GIF89a", 6},
        {"\xff\xd8\xff", 3}, {"%PDF-", 5},       {"PK\x03\x04", 4},
        {"\x1f\x8b", 2},     {"BZh", 3},         {"\xfd" "7zXZ", 5},
        {"RIFF", 4},         {"\x7f" "ELF", 4},  {"OggS", 4},
        {"ID3", 3},          {"\x00\x00\x00", 3}, {"wOFF", 4},
        {"wOF2", 4},         {"\x28\xb5\x2f\xfd", 4},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (n >= sigs[i].len && memcmp(b, sigs[i].magic, sigs[i].len) == 0)
            return 1;
    size_t sample = n < 65536 ? n : 65536, nul = 0, ctrl = 0, i = 0;
    while (i < sample) {
        size_t end = sample - i >= CHUNK ? i + CHUNK : sample;
        /* A chunk at once when it holds no NUL or control byte (0x09-0x0d
         * are whitespace). */
        if (end - i == CHUNK && chunk_plain(b + i)) {
            i = end;
            continue;
        }
        for (; i < end; i++) {
            unsigned char c = b[i];
            if (c == 0)
                nul++;
            else if ((c < 0x20 && !is_space(c) && c != '\v') || c == 0x7f)
                ctrl++;
        }
    }
    /* A few stray NULs happen in real pages; a handful in a short
     * buffer must not make it binary. */
    return (nul >= 4 && nul * 200 > sample) ||
           (nul + ctrl >= 4 && (nul + ctrl) * 20 > sample);
}

int charset_to_utf8(const char *charset, const unsigned char *in, size_t n,
                    size_t max, char **out, size_t *outlen)
{
    int rc = W_OK;
    unsigned char *raw = NULL, *res = NULL;
    iconv_t cd = (iconv_t)-1;
    *out = NULL;
    *outlen = 0;
    if (n >= 3 && in[0] == 0xef && in[1] == 0xbb && in[2] == 0xbf &&
        strcmp(charset, "UTF-8") == 0) {
        in += 3;
        n -= 3;
    }
    const unsigned char *src = in;
    size_t srclen = n;
    if (strcmp(charset, "UTF-8") != 0) {
        cd = iconv_open("UTF-8", charset);
        if (cd == (iconv_t)-1)
            return W_NOTFOUND;
        size_t cap = n + n / 2 + 64, used = 0;
        if (cap > max + 64)
            cap = max + 64;
        raw = w_malloc(cap);
        if (!raw) {
            rc = W_NOMEM;
            goto out;
        }
        char *ip = (char *)(uintptr_t)in;
        size_t ileft = n;
        while (ileft > 0) {
            char *op = (char *)raw + used;
            size_t oleft = cap - used;
            size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
            int err = errno;
            used = (size_t)(op - (char *)raw);
            if (r != (size_t)-1)
                break;
            if (err == E2BIG || cap - used < 4) {
                if (cap >= max + 64) {
                    rc = W_TOOBIG;
                    goto out;
                }
                size_t ncap = cap * 2 > max + 64 ? max + 64 : cap * 2;
                unsigned char *nr = w_realloc(raw, ncap);
                if (!nr) {
                    rc = W_NOMEM;
                    goto out;
                }
                raw = nr;
                cap = ncap;
                if (err == E2BIG)
                    continue;
            }
            /* EILSEQ or EINVAL: one replacement, skip one input byte
             * (a truncated sequence at the end is skipped the same way). */
            raw[used++] = 0xef;
            raw[used++] = 0xbf;
            raw[used++] = 0xbd;
            ip++;
            ileft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
        src = raw;
        srclen = used;
    }
    /* The clean prefix, usually the whole page, is measured once and
     * copied as it is. */
    size_t clean = utf8_clean_prefix(src, srclen);
    size_t need = clean + sanitized_len(src + clean, srclen - clean);
    if (need > max) {
        rc = W_TOOBIG;
        goto out;
    }
    res = w_malloc(need + 1);
    if (!res) {
        rc = W_NOMEM;
        goto out;
    }
    memcpy(res, src, clean);
    size_t len = clean + charset_utf8_sanitize(src + clean, srclen - clean,
                                               res + clean);
    /* A BOM that survived conversion (UTF-16 input) is not text. */
    size_t off = 0;
    if (len >= 3 && res[0] == 0xef && res[1] == 0xbb && res[2] == 0xbf)
        off = 3;
    if (off)
        memmove(res, res + off, len - off);
    len -= off;
    res[len] = '\0';
    *out = (char *)res;
    *outlen = len;
    res = NULL;
out:
    w_free(res);
    w_free(raw);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    return rc;
}
