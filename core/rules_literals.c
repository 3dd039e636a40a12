/* SPDX-License-Identifier: MIT */
/*
 * Required literals of a PCRE2 pattern (see rules_literals.h).
 *
 * The pattern is read bottom-up, the way RE2's prefilter reasons: every
 * part knows either the exact, finite set of strings it matches ("exact",
 * e.g. {"be", "ber", ""} for "(?:be|ber)?") or a set of strings one of
 * which each of its matches contains ("req"). A sequence joins exact sets
 * by cross product while they stay small, and keeps the best required set
 * it met; an alternation unites its branches' sets, and has none as soon
 * as one branch has none. Short classes of ASCII characters ("[/.-]")
 * are exact sets; whatever else the reader does not model (\p, \d, \s,
 * negated or long classes, backreferences, recursion, verbs, non-ASCII
 * characters) counts as "any character", with the most bytes it can
 * take: that only weakens the answer, never falsifies it. Every part
 * also knows how far into its matches its required literal can start
 * (pre), which lets a scan try only the offsets just before each place
 * the literal occurs.
 * Syntax that would change what a literal is ((?x) comments and spaces,
 * \Q...\E) or where a match starts (\K) makes the whole answer "none".
 *
 * No library does this for PCRE2 syntax (PCRE2 itself only reports one
 * first and one last code unit), so it is written here.
 */
#include "config.h"
#include "rules_literals.h"
#include <stdint.h>
#include <string.h>

#define LIT_MAX_EXACT 32 /* strings in an exact set */
#define LIT_MAX_NEST 64  /* groups read inside each other */
#define UNB ((size_t)1 << 40) /* "no bound" for lengths */
#define CHAR_MAX_LEN 4   /* bytes of one UTF-8 character */

static size_t add_len(size_t a, size_t b)
{
    return a >= UNB || b >= UNB || a + b >= UNB ? UNB : a + b;
}

static size_t mul_len(size_t a, int times)
{
    if (times < 0)
        return a ? UNB : 0;
    return a >= UNB || (a && (size_t)times > UNB / a) ? UNB
                                                      : a * (size_t)times;
}

/* A set of strings; known = 0 means "nothing known". */
struct lset {
    int known;
    size_t n, cap;
    char **v;
};

struct info {
    struct lset exact; /* every string the part matches, or unknown */
    struct lset req;   /* one of these is in every match, or unknown */
    size_t pre;        /* bytes a match may have before the literal of
                        * req it holds (UNB: no bound) */
    size_t maxlen;     /* bytes the part may match at most, or UNB */
};

struct reader {
    const char *p, *end;
    struct arena *a;
    int depth;
    int fail;      /* 1: unsafe syntax, 2: out of memory */
    int anchored;  /* prefer literals at a bounded distance (score) */
};


/* An empty set with room for cap strings (the reader allocates many
 * small sets, so each gets only the room it can need). */
static int set_new(struct reader *r, struct lset *s, size_t cap)
{
    s->known = 1;
    s->n = 0;
    s->cap = cap ? cap : 1;
    s->v = arena_alloc(r->a, s->cap * sizeof *s->v);
    if (!s->v)
        r->fail = 2;
    return s->v ? 0 : -1;
}

static void set_unknown(struct lset *s)
{
    s->known = 0;
    s->n = s->cap = 0;
    s->v = NULL;
}

static int set_has(const struct lset *s, const char *str)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], str) == 0)
            return 1;
    return 0;
}

/* Adds the arena string str itself (sets share their strings, which
 * never change) unless present; -1 when the set is full. */
static int set_put(struct lset *s, char *str)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i][0] == str[0] && strcmp(s->v[i], str) == 0)
            return 0;
    if (s->n >= s->cap)
        return -1;
    s->v[s->n++] = str;
    return 0;
}

/* Adds a copy of str (len bytes) unless present; -1 when the set is
 * full. */
static int set_add(struct reader *r, struct lset *s, const char *str,
                   size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i][0] == (len ? str[0] : '\0') &&
            strncmp(s->v[i], str, len) == 0 && !s->v[i][len])
            return 0;
    if (s->n >= s->cap)
        return -1;
    char *c = arena_strndup(r->a, str, len);
    if (!c) {
        r->fail = 2;
        return -1;
    }
    s->v[s->n++] = c;
    return 0;
}

/* {str}: an exact set of one string. */
static void exact_one(struct reader *r, struct info *in, const char *str,
                      size_t len)
{
    set_unknown(&in->req);
    in->pre = 0;
    in->maxlen = len;
    if (set_new(r, &in->exact, 1) == 0)
        set_add(r, &in->exact, str, len);
}

/* A part the reader does not model, matching at most maxlen bytes. */
static void any(struct info *in, size_t maxlen)
{
    set_unknown(&in->exact);
    set_unknown(&in->req);
    in->pre = 0;
    in->maxlen = maxlen;
}

/* An exact set as a required one: unknown when it holds "" (the part
 * can match nothing at all); literals longer than LIT_MAX_LEN are cut,
 * which keeps them required. */
static struct lset as_req(struct reader *r, const struct lset *e)
{
    struct lset q;
    set_unknown(&q);
    if (!e->known || set_has(e, "") || set_new(r, &q, e->n))
        return q;
    for (size_t i = 0; i < e->n; i++) {
        size_t n = strlen(e->v[i]);
        if (n <= LIT_MAX_LEN ? set_put(&q, e->v[i])
                             : set_add(r, &q, e->v[i], LIT_MAX_LEN)) {
            set_unknown(&q);
            break;
        }
    }
    return q;
}

/* What a part requires, and *pre: how far into a match its literal may
 * start (an exact set's literals start with the part). */
static struct lset eff_req(struct reader *r, const struct info *in,
                           size_t *pre)
{
    *pre = in->req.known ? in->pre : 0;
    return in->req.known ? in->req : as_req(r, &in->exact);
}

/* A literal narrows a scan when it is not a short common word part. */
static int useful(const char *s)
{
    size_t n = strlen(s);
    if (n >= 3)
        return 1;
    for (; *s; s++)
        if (strchr("()[]/%$*@#&+=", *s))
            return 1;
    return 0;
}

/* How well a required set narrows a scan: 0 when it does not (unknown,
 * or a literal too short to help), else its shortest literal, with
 * punctuation counted as rarer than letters, and far more when the
 * literal is at a bounded distance from the match start: a scan can
 * then try just the few offsets before each place it occurs (rules.c)
 * instead of whole lines. */
static size_t score(const struct reader *r, const struct lset *s,
                    size_t pre)
{
    if (!s->known || !s->n)
        return 0;
    size_t best = (size_t)-1;
    for (size_t i = 0; i < s->n; i++) {
        if (!useful(s->v[i]))
            return 0;
        size_t w = 0;
        for (const char *c = s->v[i]; *c; c++)
            w += strchr("()[]/%$*@#&+=:;", *c) ? 3 : 1;
        if (w < best)
            best = w;
    }
    return best + (r->anchored && pre < UNB ? 100 : 0);
}

/* Keeps cand when it narrows better (score). */
static void keep_better(const struct reader *r, struct lset *best,
                        size_t *best_pre, const struct lset *cand,
                        size_t cand_pre)
{
    size_t a = score(r, best, *best_pre), b = score(r, cand, cand_pre);
    if (b > a || (b == a && b && cand->n < best->n)) {
        *best = *cand;
        *best_pre = cand_pre;
    }
}

/* a x b into out; -1 when the product is too big for an exact set. */
static int cross(struct reader *r, const struct lset *a, const struct lset *b,
                 struct lset *out)
{
    if (a->n * b->n > LIT_MAX_EXACT || set_new(r, out, a->n * b->n))
        return -1;
    char tmp[2 * LIT_MAX_LEN + 1];
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t la = strlen(a->v[i]), lb = strlen(b->v[j]);
            if (la + lb > LIT_MAX_LEN)
                return -1;
            memcpy(tmp, a->v[i], la);
            memcpy(tmp + la, b->v[j], lb);
            if (set_add(r, out, tmp, la + lb))
                return -1;
        }
    return 0;
}

/* a u b into out (max members); unknown when either is or it overflows. */
static void unite(struct reader *r, const struct lset *a,
                  const struct lset *b, struct lset *out, size_t max)
{
    set_unknown(out);
    if (!a->known || !b->known || a->n + b->n > max ||
        set_new(r, out, a->n + b->n))
        return;
    const struct lset *s[2] = {a, b};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < s[k]->n; i++)
            if (set_put(out, s[k]->v[i])) {
                set_unknown(out);
                return;
            }
}

/* ---- skipping what is not analysed ------------------------------------ */

static size_t utf8_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Skips {...}, <...> or '...' right after an escape letter, if present. */
static void skip_braced(struct reader *r)
{
    if (r->p >= r->end)
        return;
    char open = *r->p, close = open == '{'   ? '}'
                               : open == '<' ? '>'
                               : open == '\'' ? '\''
                                              : 0;
    if (!close)
        return;
    const char *q = memchr(r->p + 1, close, (size_t)(r->end - r->p - 1));
    r->p = q ? q + 1 : r->end;
}

/* Past a character class; r->p is just after '['. */
static void skip_class(struct reader *r)
{
    if (r->p < r->end && *r->p == '^')
        r->p++;
    if (r->p < r->end && *r->p == ']')
        r->p++;
    while (r->p < r->end && *r->p != ']') {
        if (*r->p == '\\') {
            if (r->p + 1 < r->end && r->p[1] == 'Q')
                r->fail = 1;
            r->p += 2;
        } else if (*r->p == '[' && r->p + 1 < r->end && r->p[1] == ':') {
            const char *q = r->p + 2;
            while (q + 1 < r->end && !(q[0] == ':' && q[1] == ']'))
                q++;
            r->p = q + 2;
        } else {
            r->p++;
        }
    }
    if (r->p < r->end)
        r->p++;
}

/* Past the ')' that closes the group r->p is inside. */
static void skip_group(struct reader *r)
{
    int open = 1;
    while (r->p < r->end && open) {
        char c = *r->p++;
        if (c == '\\') {
            if (r->p < r->end && (*r->p == 'Q' || *r->p == 'K'))
                r->fail = 1;
            r->p++;
        } else if (c == '[') {
            skip_class(r);
        } else if (c == '(') {
            open++;
        } else if (c == ')') {
            open--;
        }
    }
    if (r->p > r->end)
        r->p = r->end;
}

/* ---- the reader ---------------------------------------------------------- */

static void read_alt(struct reader *r, struct info *out);

/* Reads "(...)" from its '(' and fills in. */
static void read_group(struct reader *r, struct info *in)
{
    r->p++;
    int zero = 0; /* a lookaround: matches no characters */
    if (r->p < r->end && *r->p == '*') {
        skip_group(r); /* verbs and their long forms */
        any(in, UNB);
        return;
    }
    if (r->p < r->end && *r->p == '?') {
        r->p++;
        char c = r->p < r->end ? *r->p : ')';
        char d = r->p + 1 < r->end ? r->p[1] : 0;
        if (c == ':' || c == '|' || c == '>') {
            r->p++;
        } else if (c == '=' || c == '!') {
            r->p++;
            zero = 1;
        } else if (c == '<' && (d == '=' || d == '!')) {
            r->p += 2;
            zero = 1;
        } else if (c == '<' || c == '\'' || (c == 'P' && d == '<')) {
            r->p += c == 'P';
            const char *q = memchr(r->p + 1, c == '\'' ? '\'' : '>',
                                   (size_t)(r->end - r->p - 1));
            r->p = q ? q + 1 : r->end;
        } else if (c == '#') {
            const char *q = memchr(r->p, ')', (size_t)(r->end - r->p));
            r->p = q ? q + 1 : r->end;
            exact_one(r, in, "", 0);
            return;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   c == '-' || c == '^') {
            /* Options: "(?i)" sets them for the rest of the group,
             * "(?i:" opens a group. R, P=, P> (recursion, backreference)
             * start with letters too and are taken apart below. */
            int neg = 0;
            const char *q = r->p;
            for (; q < r->end && ((*q >= 'a' && *q <= 'z') ||
                                  (*q >= 'A' && *q <= 'Z') || *q == '-' ||
                                  *q == '^');
                 q++) {
                if (*q == '-')
                    neg = 1;
                else if (*q == 'x' && !neg)
                    r->fail = 1;
                else if (!strchr("imnsxJU^", *q))
                    break; /* not an option letter: recursion etc. */
            }
            if (q < r->end && *q == ')' && !r->fail) {
                r->p = q + 1;
                exact_one(r, in, "", 0);
                return;
            }
            if (q < r->end && *q == ':' && !r->fail) {
                r->p = q + 1;
            } else {
                skip_group(r);
                any(in, UNB);
                return;
            }
        } else {
            /* Conditionals, recursion, subroutine calls. */
            skip_group(r);
            any(in, UNB);
            return;
        }
    }
    if (r->depth >= LIT_MAX_NEST) {
        skip_group(r);
        any(in, UNB);
        return;
    }
    r->depth++;
    read_alt(r, in);
    r->depth--;
    if (r->p < r->end && *r->p == ')')
        r->p++;
    else if (!r->fail)
        r->fail = 1; /* unbalanced: PCRE2 would refuse it anyway */
    if (zero)
        exact_one(r, in, "", 0);
}

/* Reads the escape at r->p ('\\'). */
static void read_escape(struct reader *r, struct info *in)
{
    if (r->p + 1 >= r->end) {
        r->p = r->end;
        any(in, 0);
        return;
    }
    unsigned char c = (unsigned char)r->p[1];
    r->p += 2;
    if (strchr("bBAzZGE", c) && c) {
        exact_one(r, in, "", 0);
    } else if (c == 'K' || c == 'Q') {
        r->fail = 1;
        any(in, UNB);
    } else if (c >= 0x80) {
        r->p += utf8_len(c) - 1;
        any(in, CHAR_MAX_LEN);
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9')) {
        if (c == 'c') {
            r->p++;
        } else if (c >= '0' && c <= '9') {
            while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
                r->p++;
        } else if (c == 'g' && r->p < r->end &&
                   (*r->p == '-' || *r->p == '+' ||
                    (*r->p >= '0' && *r->p <= '9'))) {
            r->p++;
            while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
                r->p++;
        } else if (strchr("pPxoNgk", c)) {
            if (r->p < r->end && strchr("{<'", *r->p))
                skip_braced(r);
            else if (c == 'p' || c == 'P')
                r->p++; /* \pL */
            else if (c == 'x')
                for (int i = 0; i < 2 && r->p < r->end &&
                                strchr("0123456789abcdefABCDEF", *r->p);
                     i++)
                    r->p++;
        }
        /* Classes and controls are one character; references, \R
         * (CR LF) and \X (a grapheme cluster) may be more. */
        int one = !strchr("0123456789gkRX", c);
        any(in, one ? CHAR_MAX_LEN : c == 'R' ? 2 : UNB);
    } else {
        char ch = (char)c; /* an escaped punctuation character */
        exact_one(r, in, &ch, 1);
    }
}

#define CLASS_MAX 16 /* members of a class read as an exact set */

/* A class (r->p just after '['): when it lists a few ASCII characters
 * ("[/.-]", "[Ss]", "[0-9]"), the exact set of them as literals fold
 * them; anything else (negation, \s, \p, POSIX names, non-ASCII, long
 * ranges) is one unknown character. */
static void read_class(struct reader *r, struct info *in)
{
    const char *q = r->p;
    skip_class(r);
    const char *end = r->p - 1; /* the closing ']' */
    char m[CLASS_MAX];
    size_t n = 0;
    int ok = end > q && r->p <= r->end && *end == ']' && *q != '^';
    while (ok && q < end) {
        unsigned char c = (unsigned char)*q;
        int lo = -1, hi = -1;
        if (c == '\\') {
            unsigned char d = q + 1 < end ? (unsigned char)q[1] : 0;
            ok = d && d < 0x80 && !((d >= 'a' && d <= 'z') ||
                                    (d >= 'A' && d <= 'Z') ||
                                    (d >= '0' && d <= '9'));
            lo = hi = d;
            q += 2;
        } else if (c == '[' || c >= 0x80) {
            ok = 0;
        } else if (q + 2 < end && q[1] == '-') {
            lo = c;
            hi = (unsigned char)q[2];
            q += 3;
            int digits = lo >= '0' && hi <= '9' && lo <= hi;
            int letters =
                rules_lit_fold(lo) >= 'a' && rules_lit_fold(hi) <= 'z' &&
                rules_lit_fold(lo) <= rules_lit_fold(hi) && hi - lo < CLASS_MAX;
            ok = digits || letters;
            if (digits)
                lo = hi = '0';
        } else {
            lo = hi = c;
            q++;
        }
        for (int k = lo; ok && k <= hi; k++) {
            char f = (char)rules_lit_fold(k);
            if (!memchr(m, f, n)) {
                if (n == CLASS_MAX)
                    ok = 0;
                else
                    m[n++] = f;
            }
        }
    }
    if (!ok || !n) {
        any(in, CHAR_MAX_LEN);
        return;
    }
    set_unknown(&in->req);
    in->pre = 0;
    in->maxlen = 1;
    if (set_new(r, &in->exact, n) == 0)
        for (size_t i = 0; i < n; i++)
            set_add(r, &in->exact, &m[i], 1);
}

static void read_atom(struct reader *r, struct info *in)
{
    unsigned char c = (unsigned char)*r->p;
    if (c == '(') {
        read_group(r, in);
    } else if (c == '[') {
        r->p++;
        read_class(r, in);
    } else if (c == '\\') {
        read_escape(r, in);
    } else if (c == '^' || c == '$') {
        r->p++;
        exact_one(r, in, "", 0);
    } else if (c == '.' || c == '*' || c == '+' || c == '?') {
        r->p++;
        any(in, CHAR_MAX_LEN);
    } else if (c >= 0x80) {
        /* Caseless UTF matching folds non-ASCII letters the reader does
         * not model: any character. */
        r->p += utf8_len(c);
        if (r->p > r->end)
            r->p = r->end;
        any(in, CHAR_MAX_LEN);
    } else {
        char ch = (char)rules_lit_fold(c);
        r->p++;
        exact_one(r, in, &ch, 1);
    }
}

/* A quantifier at r->p: *min and *max (-1 = unbounded); 1, 1 if none. */
static void read_quant(struct reader *r, int *min, int *max)
{
    *min = *max = 1;
    if (r->p >= r->end)
        return;
    char c = *r->p;
    if (c == '?' || c == '*' || c == '+') {
        *min = c == '+';
        *max = c == '?' ? 1 : -1;
        r->p++;
    } else if (c == '{') {
        const char *q = r->p + 1;
        int lo = 0, hi, digits = 0;
        while (q < r->end && *q >= '0' && *q <= '9' && digits < 6) {
            lo = lo * 10 + (*q++ - '0');
            digits++;
        }
        if (!digits)
            return; /* "{" is a literal here */
        hi = lo;
        if (q < r->end && *q == ',') {
            q++;
            hi = -1;
            if (q < r->end && *q >= '0' && *q <= '9') {
                hi = 0;
                while (q < r->end && *q >= '0' && *q <= '9' && hi < 100000)
                    hi = hi * 10 + (*q++ - '0');
            }
        }
        if (q >= r->end || *q != '}')
            return;
        r->p = q + 1;
        *min = lo;
        *max = hi;
    } else {
        return;
    }
    if (r->p < r->end && (*r->p == '?' || *r->p == '+'))
        r->p++; /* lazy or possessive: the same strings */
}

static void quantify(struct reader *r, struct info *in, int min, int max)
{
    if (min == 1 && max == 1)
        return;
    size_t maxlen = mul_len(in->maxlen, max);
    if (min == 0) {
        if (max == 1 && in->exact.known) {
            struct lset e = in->exact, opt;
            if (set_new(r, &opt, 1) == 0) {
                opt.v[0] = "";
                opt.n = 1;
                unite(r, &e, &opt, &in->exact, LIT_MAX_EXACT);
            } else {
                set_unknown(&in->exact);
            }
            set_unknown(&in->req);
        } else {
            any(in, maxlen);
        }
        return;
    }
    /* Once or more: whatever one copy needs, every match has (in the
     * first copy, at the same distance from the start). */
    in->req = eff_req(r, in, &in->pre);
    set_unknown(&in->exact);
    in->maxlen = maxlen;
}

/* A sequence up to '|', ')' or the end. Runs of exact parts join into
 * one exact set; each run, and each part that is not exact, offers what
 * it requires, and the best offer is kept with its distance from the
 * sequence's start. */
static void read_seq(struct reader *r, struct info *out)
{
    struct lset run, best;
    size_t best_pre = UNB;
    set_unknown(&best);
    any(out, 0);
    if (set_new(r, &run, 1))
        return;
    run.v[run.n++] = "";
    size_t at_start = 0;  /* longest way to the current part */
    size_t run_start = 0; /* ... and to the run's start */
    int exact = 1;
    while (r->p < r->end && *r->p != '|' && *r->p != ')' && !r->fail) {
        struct info at;
        read_atom(r, &at);
        int min, max;
        read_quant(r, &min, &max);
        quantify(r, &at, min, max);
        if (r->fail)
            break;
        struct lset joined;
        if (at.exact.known && cross(r, &run, &at.exact, &joined) == 0) {
            run = joined;
            at_start = add_len(at_start, at.maxlen);
            continue;
        }
        /* The run of literals ends here: keep what it requires. */
        struct lset q = as_req(r, &run);
        keep_better(r, &best, &best_pre, &q, run_start);
        size_t pre;
        q = eff_req(r, &at, &pre);
        keep_better(r, &best, &best_pre, &q, add_len(at_start, pre));
        exact = 0;
        if (at.exact.known) {
            run = at.exact;
            run_start = at_start;
        } else if (set_new(r, &run, 1) == 0) {
            run.v[run.n++] = "";
            run_start = add_len(at_start, at.maxlen);
        } else {
            return;
        }
        at_start = add_len(at_start, at.maxlen);
    }
    struct lset q = as_req(r, &run);
    keep_better(r, &best, &best_pre, &q, run_start);
    if (exact)
        out->exact = run;
    else
        set_unknown(&out->exact);
    out->req = best;
    out->pre = best.known ? best_pre : 0;
    out->maxlen = at_start;
}

static void read_alt(struct reader *r, struct info *out)
{
    read_seq(r, out);
    while (!r->fail && r->p < r->end && *r->p == '|') {
        r->p++;
        struct info b;
        read_seq(r, &b);
        if (r->fail)
            return;
        size_t pa, pb;
        struct lset ea = out->exact, ra = eff_req(r, out, &pa),
                    rb = eff_req(r, &b, &pb);
        unite(r, &ea, &b.exact, &out->exact, LIT_MAX_EXACT);
        unite(r, &ra, &rb, &out->req, LIT_MAX_SET);
        out->pre = pa > pb ? pa : pb;
        if (b.maxlen > out->maxlen)
            out->maxlen = b.maxlen;
    }
}

/* Drops literals that hold another of the set: needing "kerja" is
 * implied by needing "bekerja". Returns how much further into a match
 * the kept literal may start than the dropped one did ("kerja" starts
 * 2 bytes into "bekerja"). */
static size_t minimise(struct lset *s)
{
    size_t k = 0, shift = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *in = NULL;
        for (size_t j = 0; j < s->n && !in; j++)
            if (j != i && (strcmp(s->v[i], s->v[j]) != 0 || j < i))
                in = strstr(s->v[i], s->v[j]);
        if (!in)
            s->v[k++] = s->v[i];
        else if ((size_t)(in - s->v[i]) > shift)
            shift = (size_t)(in - s->v[i]);
    }
    s->n = k;
    return shift;
}

/* One reading of the pattern: the literals it requires into a (see
 * rules_literals), preferring anchored ones or not. */
static int read_pattern(const char *pattern, size_t len, struct arena *a,
                        int anchored, char ***out, size_t *maxpre)
{
    *out = NULL;
    *maxpre = SIZE_MAX;
    struct arena tmp;
    arena_init(&tmp, 0);
    struct reader r = {.p = pattern, .end = pattern + len, .a = &tmp,
                       .anchored = anchored};
    struct info top;
    read_alt(&r, &top);
    int n = 0;
    if (r.fail == 2) {
        n = -1;
        goto out;
    }
    if (r.fail || r.p != r.end)
        goto out;
    size_t pre;
    struct lset q = eff_req(&r, &top, &pre);
    if (r.fail == 2) {
        n = -1;
        goto out;
    }
    if (!q.known || !q.n)
        goto out;
    pre = add_len(pre, minimise(&q));
    for (size_t i = 0; i < q.n; i++)
        if (!useful(q.v[i]))
            goto out;
    char **v = arena_alloc(a, (q.n + 1) * sizeof *v);
    if (!v) {
        n = -1;
        goto out;
    }
    for (size_t i = 0; i < q.n; i++)
        if (!(v[i] = arena_strdup(a, q.v[i]))) {
            n = -1;
            goto out;
        }
    v[q.n] = NULL;
    *out = v;
    *maxpre = pre < UNB ? pre : SIZE_MAX;
    n = (int)q.n;
out:
    arena_cleanup(&tmp);
    return n;
}

int rules_literals(const char *pattern, size_t len, struct arena *a,
                   char ***out, size_t *maxpre)
{
    /* Literals at a bounded distance from the match start are worth
     * having even when common; when the pattern has none, the rarest
     * (longest) ones are, since the scan then reads whole lines. */
    int n = read_pattern(pattern, len, a, 1, out, maxpre);
    if (n > 0 && *maxpre == SIZE_MAX)
        n = read_pattern(pattern, len, a, 0, out, maxpre);
    return n;
}
