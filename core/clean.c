/* SPDX-License-Identifier: MIT */
/*
 * The shared boilerplate cleaner behind host->clean_text. The text is cut
 * into lines; each family of boilerplate is a small PCRE2 pattern (compiled
 * once, used by every thread) plus a little C that decides what a match
 * means: which names a credit line carries, whether "(Arum)" at the end is
 * a sign-off or an acronym, which part of "bandungekspres.co.id, REGOL –"
 * is the place. Families run in a fixed order: trailers first (they cut
 * everything after them), then ads and related links, then the credit
 * block at the end, the sign-offs before it, and the dateline at the top.
 * Removed lines count as paragraph breaks, so the text around a dropped
 * "Baca juga:" line stays two paragraphs.
 */
#include "config.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include "clean.h"
#include "log.h"
#include "page.h"
#include "record.h"
#include <pcre2.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

enum {
    RE_RELATED,    /* "Baca juga: ..." */
    RE_TRAILER,    /* "Tinggalkan Balasan": cut from here */
    RE_AD_LINE,    /* a line that is only an ad label */
    RE_AD_INLINE,  /* ad residue inside a line */
    RE_CREDIT,     /* a line that starts a credit block */
    RE_LABEL,      /* a credit label anywhere in a credit line */
    RE_COPYRIGHT,  /* the copyright notice: ends the names */
    RE_SIGN_PAREN, /* "(rls/red)" at the end of the text */
    RE_SIGN_BARE,  /* "Rls", "***" at the end of the text */
    RE_SIGN_CAPS,  /* "DINI TEJA": a reporter's name closing the text */
    RE_DATELINE,   /* "PLACE, OUTLET – " at the start */
    RE__N
};

#define CI PCRE2_CASELESS
static const struct {
    const char *pat;
    uint32_t opt;
} re_src[RE__N] = {
    [RE_RELATED] = {"^(?:(?:baca|simak|lihat)\\s+juga\\b\\s*:?|baca\\s*:"
                    "|jangan\\s+lewatkan\\s*:?$"
                    "|related\\s+news\\s*:|read\\s+also\\s*:"
                    "|also\\s+read\\s*:)",
                    CI},
    [RE_TRAILER] = {"^(?:tinggalkan\\s+(?:balasan|komentar)"
                    "|leave\\s+a\\s+(?:reply|comment)"
                    "|(?:baca|artikel|berita)\\s+selanjutnya)\\b",
                    CI},
    [RE_AD_LINE] = {"^(?:advertisements?|iklan|sponsored(?:\\s+content)?"
                    "|scroll\\s+to\\s+(?:resume|continue\\s+with)"
                    "\\s+content)$",
                    CI},
    /* Group 1 set: a block boundary (the ad sat between paragraphs). */
    [RE_AD_INLINE] = {"(ADVERTISEMENT\\s*SCROLL\\s+TO\\s+(?:RESUME|CONTINUE"
                      "\\s+WITH)\\s+CONTENT)"
                      "|\\(\\s*adsbygoogle\\s*=\\s*window\\.adsbygoogle\\s*"
                      "\\|\\|\\s*\\[\\s*\\]\\s*\\)\\s*\\.\\s*push\\s*\\("
                      "\\s*\\{\\s*\\}\\s*\\)\\s*;?"
                      "|googletag\\.cmd\\.push\\(\\s*function\\s*\\(\\s*\\)"
                      "\\s*\\{[^{}]*\\}\\s*\\)\\s*;?",
                      0},
    [RE_CREDIT] = {"^(?:(?:pewarta|reporter|penulis|wartawan|kontributor"
                   "|translator|penerjemah|writer|editor|redaktur"
                   "|penyunting)\\s*:|(?:copyright|hak\\s+cipta)\\b|©)",
                   CI},
    /* No \b in front: "Putu Indah SavitriEditor: Agus Salim" is real. */
    [RE_LABEL] = {"(pewarta|reporter|penulis|wartawan|kontributor"
                  "|translator|penerjemah|writer|editor|redaktur"
                  "|penyunting)\\s*:",
                  CI},
    [RE_COPYRIGHT] = {"(?:copyright|hak\\s+cipta)\\b|©|\\(c\\)", CI},
    [RE_SIGN_PAREN] = {"(?:^|(?<=[.!?\"”’)»]))\\s*\\(\\s*([^()\\n]{1,40}?)"
                       "\\s*\\)\\s*$",
                       0},
    [RE_SIGN_CAPS] = {"^[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){1,3}$", 0},
    [RE_SIGN_BARE] = {"(?:^|(?<=[.!?\"”’)»]))\\s*(?:rls|red|\\*{1,3})\\s*$",
                      CI},
    /* A hyphen counts only when followed by a space: "Sukabumi-Bogor". */
    [RE_DATELINE] = {"^([^\\n–—]{2,80}?)\\s*(?:[–—]+|-{1,2}(?=\\s|$))\\s*",
                     0},
};
#undef CI

static pcre2_code *re[RE__N];
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void re_compile_all(void)
{
    for (int i = 0; i < RE__N; i++) {
        int err = 0;
        PCRE2_SIZE off = 0;
        re[i] = pcre2_compile((PCRE2_SPTR)re_src[i].pat, PCRE2_ZERO_TERMINATED,
                              re_src[i].opt | PCRE2_UTF | PCRE2_UCP |
                                  PCRE2_NO_UTF_CHECK,
                              &err, &off, NULL);
        if (!re[i]) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            W_ERROR("clean: pattern %d does not compile at %zu: %s", i,
                    (size_t)off, (const char *)msg);
            continue;
        }
        pcre2_jit_compile(re[i], PCRE2_JIT_COMPLETE); /* optional */
    }
}

/* One line of the text; lines are arena copies that may be shortened. */
struct line {
    char *s;
    size_t n;
    bool gone; /* removed: acts as a paragraph break */
};

struct cleaner {
    const struct warta_page *pg;
    struct arena *arena;
    struct warta_record *rec;
    pcre2_match_data *md;
    struct line *v;
    size_t n;
    int err; /* W_NOMEM once memory ran out */
};

/* Match re[which] against s[0..n); fills c->md. */
static bool match(struct cleaner *c, int which, const char *s, size_t n,
                  size_t start)
{
    if (!re[which])
        return false;
    return pcre2_match(re[which], (PCRE2_SPTR)s, n, start, 0, c->md, NULL) >=
           0;
}

static PCRE2_SIZE *ov(struct cleaner *c)
{
    return pcre2_get_ovector_pointer(c->md);
}

static size_t ws_len(const char *s, size_t n)
{
    if (n >= 1 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
                   *s == '\f' || *s == '\v'))
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
        return 2; /* no-break space */
    if (n >= 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] == 0x8b)
        return 3; /* zero-width space */
    return 0;
}

static size_t ws_len_back(const char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (ws_len(s + n - k, k) == k)
            return k;
    return 0;
}

/* Trim white space (incl. no-break space) on both ends, in place. */
static void trim(char **s, size_t *n)
{
    size_t k;
    while (*n && (k = ws_len(*s, *n)) > 0) {
        *s += k;
        *n -= k;
    }
    while (*n && (k = ws_len_back(*s, *n)) > 0)
        *n -= k;
}

static void line_trim(struct line *l)
{
    trim(&l->s, &l->n);
    l->s[l->n] = '\0'; /* lines are arena copies, so this is ours */
    if (l->n == 0)
        l->gone = true;
}

static void set_field(struct cleaner *c, enum warta_field f, const char *v)
{
    if (!c->rec || c->err)
        return;
    int rc = record_set(c->rec, f, v);
    if (rc == W_NOMEM)
        c->err = W_NOMEM;
}

/* Lower-case ASCII letters and digits of s[0..n) into out (size outsz). */
static void fold(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outsz; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 'A' && ch <= 'Z')
            out[o++] = (char)(ch - 'A' + 'a');
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out[o++] = (char)ch;
    }
    out[o] = '\0';
}

/* Words that end a text in parentheses but name nobody: the whole
 * group ("(rls)") or any word of it ("(Humas Pemkot Bandung)"). */
static bool is_stopword(const char *s, size_t n)
{
    static const char *const stop[] = {
        "rls",     "rilis",  "red",    "redaksi",  "adv",        "advertorial",
        "ant",     "antara", "hms",    "humas",    "ist",        "istimewa",
        "net",     "dok",    "pr",     "sumber",   "bersambung", "habis",
        "selesai", "tamat",  "end",    "foto",     "video",      "pemkot",
        "pemkab",  "pemprov", "kota",  "kabupaten", "dinas",
        /* "Kontributor Lhokseumawe, Masriadi": a role and a place */
        "kontributor", "koresponden", "wartawan", "jurnalis",
        /* closing headings in capitals are no names */
        "berita", "terkait", "pilihan", "populer", "lainnya", "iklan",
        "baca", "juga", NULL};
    char f[32];
    size_t i = 0;
    bool any = false;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j - i < sizeof f) {
            fold(s + i, j - i, f, sizeof f);
            any = any || *f;
            for (size_t k = 0; *f && stop[k]; k++)
                if (strcmp(f, stop[k]) == 0)
                    return true;
        }
        i = j + 1;
    }
    return !any; /* "***" */
}

/* A plausible person name or initials: letters, spaces, dots, hyphens,
 * apostrophes; no digits; at most six words. */
static bool is_name(const char *s, size_t n)
{
    if (n < 2 || n > 80)
        return false;
    size_t words = 1;
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ')
            words++;
        else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
            letter = true;
        else if (ch >= 0x80)
            letter = true; /* accented letters */
        else if (ch != '.' && ch != '-' && ch != '\'')
            return false;
    }
    return letter && words <= 6;
}

/* Add the names in s[0..n) to field f. Separators: , / ; & "dan" "and". */
static void add_names(struct cleaner *c, enum warta_field f, const char *s,
                      size_t n)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i, skip = 0;
        while (j < n) {
            if (s[j] == ',' || s[j] == '/' || s[j] == ';' || s[j] == '&') {
                skip = 1;
                break;
            }
            if (j + 5 <= n && (strncmp(s + j, " dan ", 5) == 0 ||
                               strncmp(s + j, " and ", 5) == 0)) {
                skip = 5;
                break;
            }
            j++;
        }
        char *p = (char *)s + i;
        size_t len = j - i;
        trim(&p, &len);
        while (len && (p[len - 1] == '.' || p[len - 1] == ':'))
            len--; /* "Agus Salim." at the end of a line */
        trim(&p, &len);
        if (is_name(p, len) && !is_stopword(p, len)) {
            char *v = arena_strndup(c->arena, p, len);
            if (!v)
                c->err = W_NOMEM;
            else
                set_field(c, f, v);
        }
        if (j >= n)
            break;
        i = j + skip;
    }
}

static enum warta_field label_field(const char *s, size_t n)
{
    char f[24];
    fold(s, n, f, sizeof f);
    if (strcmp(f, "editor") == 0 || strcmp(f, "redaktur") == 0 ||
        strcmp(f, "penyunting") == 0)
        return WARTA_F_EDITORS;
    return WARTA_F_AUTHORS; /* pewarta, reporter, translator, ... */
}

/*
 * A credit line: labels with their names, possibly glued together
 * ("Pewarta: ASavitriEditor: B"), possibly ending in the copyright notice.
 */
static void parse_credit(struct cleaner *c, const char *s, size_t n)
{
    size_t end = n;
    if (match(c, RE_COPYRIGHT, s, n, 0))
        end = ov(c)[0];
    size_t pos = 0;
    size_t val = 0;
    enum warta_field field = WARTA_F__COUNT;
    while (pos < end && match(c, RE_LABEL, s, end, pos)) {
        size_t ls = ov(c)[0], le = ov(c)[1];
        size_t gs = ov(c)[2], ge = ov(c)[3];
        if (field != WARTA_F__COUNT)
            add_names(c, field, s + val, ls - val);
        field = label_field(s + gs, ge - gs);
        val = le;
        pos = le > ls ? le : ls + 1;
    }
    if (field != WARTA_F__COUNT)
        add_names(c, field, s + val, end - val);
}

static void drop_trailers(struct cleaner *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct line *l = &c->v[i];
        if (!l->gone && match(c, RE_TRAILER, l->s, l->n, 0)) {
            for (size_t k = i; k < c->n; k++)
                c->v[k].gone = true;
            return;
        }
    }
}

static void drop_ads(struct cleaner *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct line *l = &c->v[i];
        if (!l->gone && match(c, RE_AD_LINE, l->s, l->n, 0))
            l->gone = true;
    }
}

static void drop_related(struct cleaner *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct line *l = &c->v[i];
        if (l->gone || !match(c, RE_RELATED, l->s, l->n, 0))
            continue;
        l->gone = true;
        /* "Baca juga:" alone on its line: the title is the next line
         * of the same paragraph. */
        if (ov(c)[1] == l->n && i + 1 < c->n && !c->v[i + 1].gone)
            c->v[i + 1].gone = true;
    }
}

/* The credit block: credit and copyright lines at the end of the text. */
static void drop_credits(struct cleaner *c)
{
    for (size_t i = c->n; i-- > 0;) {
        struct line *l = &c->v[i];
        if (l->gone)
            continue;
        if (!match(c, RE_CREDIT, l->s, l->n, 0))
            return;
        parse_credit(c, l->s, l->n);
        l->gone = true;
    }
}

/* Is the content of "( ... )" at the end of an article a sign-off? */
static bool signoff_like(const char *s, size_t n)
{
    size_t parts = 1, plen = 0;
    bool slash = false, lower = true, upper = true, stars = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '/') {
            slash = true;
            if (++parts > 4 || plen == 0)
                return false;
            plen = 0;
            continue;
        }
        if (ch != ' ' && ++plen > 25)
            return false;
        if (ch != '*')
            stars = false;
        if (ch >= 'a' && ch <= 'z')
            upper = false;
        else if (ch >= 'A' && ch <= 'Z')
            lower = false;
        else if (ch != ' ' && ch != '.' && ch != '*' && ch != '-' &&
                 ch != '\'')
            return false;
    }
    if (plen == 0)
        return false;
    if (slash || stars)
        return true;
    if (lower) /* "(wd)": initials */
        return n >= 2 && n <= 6;
    if (upper) /* "(AR)": initials; "(UMKM)" is too long to be one */
        return n >= 2 && n <= 3;
    /* "(Arum)", "(Rizki Oktaviani)": capitalised words */
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) {
            if (s[i] < 'A' || s[i] > 'Z')
                return false;
            words++;
        }
    return words <= 3;
}

struct span {
    const char *s;
    size_t n;
};

static bool outlet_code(const struct cleaner *c, const char *s, size_t n);

/* A last line naming only news agencies: "ANTARA", "AP | REUTERS",
 * "Antara/Reuters". Those are sources, not reporters, and no text. */
static bool agency_line(const char *s, size_t n)
{
    static const char *const agencies[] = {
        "antara", "antaranews", "reuters", "ap",     "afp",   "xinhua",
        "bernama", "kyodo",     "yonhap",  "anadolu", "dpa",  "upi",
        "bloomberg", "and",     "dan",     NULL};
    char f[32];
    size_t i = 0, named = 0;
    if (n > 40)
        return false;
    while (i < n) {
        while (i < n && strchr(" |/,&-", s[i]))
            i++;
        size_t j = i;
        while (j < n && !strchr(" |/,&-", s[j]))
            j++;
        if (j == i)
            break;
        if (j - i >= sizeof f)
            return false;
        fold(s + i, j - i, f, sizeof f);
        if (strlen(f) != j - i)
            return false; /* "(ANTARA)", "Antara." are other forms */
        size_t k = 0;
        while (agencies[k] && strcmp(f, agencies[k]) != 0)
            k++;
        if (!agencies[k])
            return false;
        named += strcmp(f, "and") != 0 && strcmp(f, "dan") != 0;
        i = j;
    }
    return named > 0;
}

static void drop_signoffs(struct cleaner *c)
{
    struct span g[6];
    size_t ng = 0;
    bool fresh = true; /* only agency lines went so far */
    for (int round = 0; round < 8; round++) {
        struct line *l = NULL;
        for (size_t i = c->n; i-- > 0;)
            if (!c->v[i].gone) {
                l = &c->v[i];
                break;
            }
        if (!l)
            break;
        if (match(c, RE_SIGN_PAREN, l->s, l->n, 0) &&
            signoff_like(l->s + ov(c)[2], ov(c)[3] - ov(c)[2])) {
            if (ng < 6) {
                /* Copied: the line is cut below. */
                g[ng].n = ov(c)[3] - ov(c)[2];
                g[ng].s = arena_strndup(c->arena, l->s + ov(c)[2], g[ng].n);
                if (!g[ng].s) {
                    c->err = W_NOMEM;
                    return;
                }
                ng++;
            }
        } else if (ng == 0 && fresh && agency_line(l->s, l->n)) {
            l->gone = true;
            continue;
        } else if (ng == 0 && fresh && l->n <= 40 &&
                   match(c, RE_SIGN_CAPS, l->s, l->n, 0) &&
                   !is_stopword(l->s, l->n)) {
            /* Tempo closes with the reporter in capitals: "DINI TEJA". */
            char *name = arena_strndup(c->arena, l->s, l->n);
            if (!name) {
                c->err = W_NOMEM;
                return;
            }
            for (size_t i = 1; i < l->n; i++)
                if (name[i - 1] != ' ' && name[i] >= 'A' && name[i] <= 'Z')
                    name[i] = (char)(name[i] + 32);
            set_field(c, WARTA_F_AUTHORS, name);
            l->gone = true;
            break;
        } else if (!match(c, RE_SIGN_BARE, l->s, l->n, 0)) {
            break;
        }
        fresh = false;
        l->n = ov(c)[0];
        line_trim(l);
    }
    /* g holds the groups from the last one backwards. "(a/b)" is reporter
     * and editor; several plain groups are reporter(s) then editor. */
    size_t plain = 0;
    for (size_t k = 0; k < ng; k++)
        if (!memchr(g[k].s, '/', g[k].n))
            plain++;
    size_t seen = 0;
    for (size_t k = ng; k-- > 0;) {
        const char *slash = memchr(g[k].s, '/', g[k].n);
        if (slash && outlet_code(c, g[k].s, (size_t)(slash - g[k].s))) {
            /* "(kpl/pur/tch)": the outlet, then reporter and editor. */
            g[k].n -= (size_t)(slash + 1 - g[k].s);
            g[k].s = slash + 1;
            slash = memchr(g[k].s, '/', g[k].n);
        }
        if (slash) {
            size_t a = (size_t)(slash - g[k].s);
            add_names(c, WARTA_F_AUTHORS, g[k].s, a);
            add_names(c, WARTA_F_EDITORS, slash + 1, g[k].n - a - 1);
            continue;
        }
        seen++;
        bool editor = plain >= 2 && seen == plain;
        add_names(c, editor ? WARTA_F_EDITORS : WARTA_F_AUTHORS, g[k].s,
                  g[k].n);
    }
}

static bool all_caps(const char *s, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return false;
        if (s[i] >= 'A' && s[i] <= 'Z')
            letter = true;
    }
    return letter;
}

/* "bandungekspres.co.id", "solotrust.com" */
static bool is_domain(const char *s, size_t n)
{
    const char *dot = memchr(s, '.', n);
    if (!dot || dot == s || dot == s + n - 1 || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') &&
            !(ch >= '0' && ch <= '9') && ch != '.' && ch != '-')
            return false;
    }
    return true;
}

static bool is_place(const char *s, size_t n)
{
    if (n < 2 || n > 40 || !(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    size_t words = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ')
            words++;
        else if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') && ch < 0x80 &&
                 ch != '.' && ch != '-' && ch != '\'')
            return false;
    }
    return words <= 4;
}

/* "12/3", "(23/3)", "Kamis": the date in "BANDUNG, Kamis (23/3) -". */
static bool is_day_month(const char *s, size_t n)
{
    static const char *const days[] = {"senin", "selasa", "rabu", "kamis",
                                       "jumat", "sabtu",  "minggu", NULL};
    char f[16];
    if (n < sizeof f) {
        fold(s, n, f, sizeof f);
        for (size_t i = 0; days[i]; i++)
            if (strcmp(f, days[i]) == 0)
                return true;
    }
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
        s++;
        n -= 2;
    }
    size_t digits = 0, slashes = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '/')
            slashes++;
        else
            return false;
    }
    return digits >= 2 && slashes >= 1 && slashes <= 2;
}

/* Does s name the outlet? Its folded form must equal the plugin's name
 * ("JABAR EKSPRES" for jabarekspres) or the registered name of the
 * page's host ("PelitaJabar" on pelitajabar.com, "bandungekspres" in
 * bandungekspres.co.id). Sub-domains are places ("banten" in
 * banten.antaranews.com), and a looser test would take "SOLO" for
 * solotrust.com. */
/* The registered name of pg->url's host, folded, into label ("" when
 * none): "bandungekspres" for bandungekspres.co.id. Sub-domains are
 * places ("banten" in banten.antaranews.com), so they are left out. */
static void host_label(const struct cleaner *c, char *label, size_t lsz)
{
    label[0] = '\0';
    const char *p = c->pg->url ? strstr(c->pg->url, "://") : NULL;
    if (!p)
        return;
    p += 3;
    size_t end = strcspn(p, "/:?#");
    /* Label boundaries from the right: skip the TLD and a second-level
     * "co", "or", "ac", "go", "web", "sch", "my" under it. */
    size_t dots[8], nd = 0;
    for (size_t k = 0; k < end && nd < 8; k++)
        if (p[k] == '.')
            dots[nd++] = k;
    if (nd == 0)
        return;
    size_t last = dots[nd - 1], le = last, ls;
    ls = nd >= 2 ? dots[nd - 2] + 1 : 0;
    static const char *const sld[] = {"co", "or", "ac", "go", "web", "sch",
                                      "my", "com", "net", "org", NULL};
    bool second = false;
    fold(p + ls, le - ls, label, lsz);
    for (size_t k = 0; nd >= 2 && sld[k]; k++)
        second = second || strcmp(label, sld[k]) == 0;
    if (second) {
        le = ls - 1;
        ls = nd >= 3 ? dots[nd - 3] + 1 : 0;
    }
    fold(p + ls, le - ls, label, lsz);
}

/* Does s[0..n) name the outlet: its plugin, its host's registered name
 * ("Kompas" on otomotif.kompas.com) or one word starting with it and a
 * desk ("KompasOtomotif")? */
static bool is_outlet(const struct cleaner *c, const char *s, size_t n)
{
    char f[96], label[96];
    fold(s, n, f, sizeof f);
    if (strlen(f) < 3)
        return false;
    const char *name = c->pg->core ? c->pg->core->plugin : NULL;
    if (name) {
        fold(name, strlen(name), label, sizeof label);
        if (strcmp(f, label) == 0)
            return true;
    }
    host_label(c, label, sizeof label);
    size_t ll = strlen(label);
    if (!ll || strncmp(f, label, ll) != 0)
        return false;
    /* "Kompas", or one word made of it and a desk: "KompasOtomotif" */
    return f[ll] == '\0' || !memchr(s, ' ', n);
}

/* Is s[0..n) the outlet's own code in a sign-off: letters of the host's
 * registered name in order, from its first one ("kpl" on kapanlagi.com
 * in "(kpl/pur/tch)")? */
static bool outlet_code(const struct cleaner *c, const char *s, size_t n)
{
    char f[16], label[96];
    if (n < 3 || n >= sizeof f)
        return false;
    fold(s, n, f, sizeof f);
    host_label(c, label, sizeof label);
    if (strlen(f) != n || !*label || f[0] != label[0])
        return false;
    const char *l = label;
    for (const char *q = f; *q; q++) {
        l = strchr(l, *q);
        if (!l)
            return false;
        l++;
    }
    return true;
}

#define DL_MAX_PARTS 6

/* Does every word of s[0..n) start with a capital ("Banda Aceh")? */
static bool title_case(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((i == 0 || s[i - 1] == ' ') && s[i] != ' ' &&
            !(s[i] >= 'A' && s[i] <= 'Z'))
            return false;
    return n > 0;
}

/*
 * The dateline: "BANDUNG, Prolite – ", "SOLO, solotrust.com- ",
 * "bandungekspres.co.id, REGOL –", "Jakarta (ANTARA) - ",
 * "JABAR EKSPRES – ". The prefix before the dash must consist only of
 * places, outlet markers and day/month numbers, with at least one
 * outlet marker or a lone all-caps place; anything else is prose.
 */
static void drop_dateline(struct cleaner *c)
{
    struct line *l = NULL;
    for (size_t i = 0; i < c->n && !l; i++)
        if (!c->v[i].gone)
            l = &c->v[i];
    if (!l || !match(c, RE_DATELINE, l->s, l->n, 0))
        return;
    size_t cut = ov(c)[1];
    const char *p = l->s + ov(c)[2];
    size_t pn = ov(c)[3] - ov(c)[2];
    struct span part[DL_MAX_PARTS];
    bool place[DL_MAX_PARTS];
    size_t np = 0, outlets = 0, places = 0;
    size_t i = 0;
    while (i < pn) {
        size_t j = i;
        bool paren = p[i] == '(';
        if (paren) {
            const char *close = memchr(p + i, ')', pn - i);
            if (!close)
                return;
            j = (size_t)(close - p) + 1;
        } else {
            while (j < pn && p[j] != ',' && p[j] != '(')
                j++;
        }
        char *s = (char *)p + i;
        size_t n = j - i;
        trim(&s, &n);
        if (n > 0) {
            if (np == DL_MAX_PARTS)
                return;
            if (is_day_month(s, n)) {
                /* "Bandung, 12/3 (ANTARA)": the date is not the place */
            } else if (paren || is_domain(s, n) || is_outlet(c, s, n)) {
                outlets++;
            } else if (is_place(s, n)) {
                part[np].s = s;
                part[np].n = n;
                place[np++] = true;
                places++;
            } else {
                return;
            }
        }
        i = j < pn && p[j] == ',' ? j + 1 : j;
    }
    if (outlets == 0) {
        /* "BANDUNG –" alone, or "BANDUNG, Pikiran Rakyat –": the place is
         * the all-caps part, the other one the outlet. */
        size_t caps = 0, at = 0;
        for (size_t k = 0; k < np; k++)
            if (all_caps(part[k].s, part[k].n)) {
                caps++;
                at = k;
            }
        /* "Jakarta -" alone on the first line (detik sets the place in
         * <strong> before the first <p>) is a dateline in any case. */
        if (np == 1 && cut == l->n && title_case(part[0].s, part[0].n))
            caps = 1, at = 0;
        if (caps != 1 || np > 2)
            return;
        for (size_t k = 0; k < np; k++)
            place[k] = k == at;
    }
    if (places > 0) {
        char buf[128];
        size_t o = 0;
        for (size_t k = 0; k < np; k++) {
            if (!place[k] || o + part[k].n + 3 > sizeof buf)
                continue;
            if (o) {
                memcpy(buf + o, ", ", 2);
                o += 2;
            }
            memcpy(buf + o, part[k].s, part[k].n);
            o += part[k].n;
        }
        buf[o] = '\0';
        if (o)
            set_field(c, WARTA_F_DATELINE, buf);
    }
    l->s += cut;
    l->n -= cut;
    line_trim(l);
}

/* Remove inline ad residue; a full ad block becomes a paragraph break. */
static char *drop_inline_ads(struct cleaner *c, const char *s, size_t n)
{
    char *out = arena_alloc(c->arena, n + 1);
    if (!out)
        return NULL;
    size_t o = 0, pos = 0;
    while (pos < n && match(c, RE_AD_INLINE, s, n, pos)) {
        size_t ms = ov(c)[0], me = ov(c)[1];
        bool block = ov(c)[2] != PCRE2_UNSET;
        memcpy(out + o, s + pos, ms - pos);
        o += ms - pos;
        if (block && me - ms >= 2) {
            memcpy(out + o, "\n\n", 2);
            o += 2;
        }
        pos = me > ms ? me : ms + 1;
    }
    if (pos < n) {
        memcpy(out + o, s + pos, n - pos);
        o += n - pos;
    }
    out[o] = '\0';
    return out;
}

static int split_lines(struct cleaner *c, char *s)
{
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == '\n';
    c->v = arena_alloc(c->arena, n * sizeof *c->v);
    if (!c->v)
        return W_NOMEM;
    c->n = 0;
    for (char *p = s;;) {
        char *nl = strchr(p, '\n');
        struct line *l = &c->v[c->n++];
        l->s = p;
        l->n = nl ? (size_t)(nl - p) : strlen(p);
        l->gone = false;
        if (nl)
            *nl = '\0';
        line_trim(l);
        if (!nl)
            break;
        p = nl + 1;
    }
    return W_OK;
}

static char *join_lines(struct cleaner *c)
{
    size_t total = 1;
    for (size_t i = 0; i < c->n; i++)
        total += c->v[i].n + 2;
    char *out = arena_alloc(c->arena, total);
    if (!out)
        return NULL;
    size_t o = 0;
    bool brk = false;
    for (size_t i = 0; i < c->n; i++) {
        const struct line *l = &c->v[i];
        if (l->gone) {
            brk = true;
            continue;
        }
        if (o) {
            memcpy(out + o, brk ? "\n\n" : "\n", brk ? 2 : 1);
            o += brk ? 2 : 1;
        }
        memcpy(out + o, l->s, l->n);
        o += l->n;
        brk = false;
    }
    out[o] = '\0';
    return out;
}

char *clean_text(const struct warta_page *pg, const char *text,
                 unsigned flags, struct warta_record *rec)
{
    if (!pg || !pg->core || !text)
        return NULL;
    struct arena *a = &pg->core->arena;
    size_t n = strlen(text);
    if (n > CLEAN_MAX_TEXT) {
        W_WARN("clean: text of %zu bytes left as is (limit %zu)", n,
               CLEAN_MAX_TEXT);
        return arena_strndup(a, text, n);
    }
    pthread_once(&re_once, re_compile_all);
    struct cleaner c = {.pg = pg, .arena = a, .rec = rec};
    char *out = NULL;
    c.md = pcre2_match_data_create(4, NULL);
    if (!c.md)
        return NULL;
    char *s = (flags & WARTA_CLEAN_ADS) ? drop_inline_ads(&c, text, n)
                                        : arena_strndup(a, text, n);
    if (!s || split_lines(&c, s))
        goto out;
    if (flags & WARTA_CLEAN_TRAILER)
        drop_trailers(&c);
    if (flags & WARTA_CLEAN_ADS)
        drop_ads(&c);
    if (flags & WARTA_CLEAN_RELATED)
        drop_related(&c);
    /* Credits and sign-offs can stack in either order at the end. */
    for (int round = 0; round < 2; round++) {
        if (flags & WARTA_CLEAN_CREDITS)
            drop_credits(&c);
        if (flags & WARTA_CLEAN_SIGNOFF)
            drop_signoffs(&c);
    }
    if (flags & WARTA_CLEAN_DATELINE)
        drop_dateline(&c);
    if (!c.err)
        out = join_lines(&c);
out:
    pcre2_match_data_free(c.md);
    return out;
}
