/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the extraction files (core/extract*.c,
 * core/gazetteer.c): the token view of a text, word maps built from the
 * rule set's word lists, and the per-text state the finders fill in turn
 * (places, organisations, officials, agreements). Not a public API: only
 * core/extract.h is.
 *
 * Why tokens: officials, organisations and parties are sequences of
 * capitalised words framed by word lists (titles, prefixes, honorifics),
 * which a token walk with longest-match lookups handles in linear time,
 * while the phrase-level cues (agreement words, stages, aliases,
 * boilerplate) are PCRE2 rules of core/rules.h. Offsets are bytes inside;
 * they become code points only when the JSON is written.
 */
#ifndef WARTA_EXTRACT_INT_H
#define WARTA_EXTRACT_INT_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "arena.h"
#include "dates.h"
#include "rules.h"

/* Bounds on what one text can produce (SPEC: bounded output). */
#define X_MAX_OFFICIALS 256
#define X_MAX_AGREEMENTS 128
#define X_MAX_ORGS 512
#define X_MAX_PLACES 1024
#define X_MAX_MENTIONS 256   /* spans per entity */
#define X_MAX_EVIDENCE 64    /* evidence spans per agreement */
#define X_MAX_PARTIES 8      /* parties per agreement */
#define X_MAX_NAME 160       /* bytes of a name or canonical string */
#define X_MAX_HITS 200000    /* place/org hits per text */
#define X_MAX_PHRASE 16      /* words of one word-list key */

/* Token flags. */
enum {
    XT_WORD = 1 << 0,   /* letters and digits */
    XT_CAP = 1 << 1,    /* starts with an upper-case letter */
    XT_UPPER = 1 << 2,  /* two or more letters, all upper case */
    XT_NUM = 1 << 3,    /* starts with a digit */
    XT_PUNCT = 1 << 4,  /* one punctuation character */
    XT_LINE = 1 << 5,   /* first token of a line */
    XT_PARA = 1 << 6,   /* first token after a blank line */
    XT_QUOTE = 1 << 7,  /* inside quoted speech */
    XT_MASK = 1 << 8,   /* boilerplate: Baca juga, credits, sign-off */
    XT_LOWER = 1 << 9,  /* starts with a lower-case letter */
    XT_SPACE = 1 << 10, /* white space right before it */
};

struct xtok {
    uint32_t s, e;  /* bytes, end exclusive */
    uint32_t sent;  /* sentence index */
    uint32_t h;     /* hash of the ASCII-folded bytes, as xmap keys */
    uint16_t f;     /* XT_* */
};

struct xsent {
    uint32_t t0, t1; /* tokens [t0, t1) */
    uint32_t para;   /* paragraph index */
};

struct xtext {
    const char *s;
    size_t len;
    struct xtok *t;
    size_t nt;
    struct xsent *sent;
    size_t nsent;
    uint32_t *cpk; /* code points before every 64th byte */
    size_t ncpk;
};

/* Build the token, sentence and quote view of s[0..len) (valid UTF-8).
 * Memory comes from a. Returns W_OK, W_NOMEM or W_TOOBIG. */
int xtext_init(struct xtext *x, struct arena *a, const char *s, size_t len);
/* Code-point offset of byte offset b. */
size_t xtext_cp(const struct xtext *x, size_t b);
/* The SPEC span [start, end] in code points of bytes [b0, b1): a new
 * reference, or NULL when out of memory. */
json_t *xspan_json(const struct xtext *x, size_t b0, size_t b1);
/* A JSON string of s, or null when s is NULL (NULL if out of memory). */
json_t *xjson_str(const char *s);
/* The object {key1: val1, ...} of n pairs (const char *key, json_t *val:
 * a new reference, released here in any case). NULL when out of memory
 * or when a value is NULL. */
json_t *xjson_obj(size_t n, ...);
/* Mark tokens overlapping bytes [b0, b1) with flag f. */
void xtext_flag_bytes(struct xtext *x, size_t b0, size_t b1, uint16_t f);
/* Index of the first token starting at or after byte b (nt when none). */
size_t xtext_tok_at(const struct xtext *x, size_t b);
/* 1 when token i is the punctuation character c (ASCII). Inline: the
 * passes ask it of most tokens. */
static inline int xtok_is(const struct xtext *x, size_t i, char c)
{
    return i < x->nt && (x->t[i].f & XT_PUNCT) &&
           x->t[i].e - x->t[i].s == 1 && x->s[x->t[i].s] == c;
}
/* 1 when token i is one of the quote characters (“ ” " ‘ ’ «»). */
int xtok_is_quote(const struct xtext *x, size_t i);
/* Token i equals word w, ASCII case-insensitive. Inline, and without
 * strlen: most calls fail on the first letter. */
static inline int xtok_eq(const struct xtext *x, size_t i, const char *w)
{
    if (i >= x->nt)
        return 0;
    const char *p = x->s + x->t[i].s;
    size_t n = x->t[i].e - x->t[i].s;
    for (size_t k = 0; k < n; k++) {
        char a = p[k], b = w[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (char)(b + 32);
        if (a != b || !b)
            return 0;
    }
    return w[n] == '\0';
}
/* Copy token i folded (ASCII lower case) into out; returns length. */
size_t xtok_fold(const struct xtext *x, size_t i, char *out, size_t outsz);

/*
 * A map from folded word sequences ("wali kota") to values, with the
 * longest-match walk over tokens. Keys are folded to ASCII lower case,
 * words separated by one space, dots that close an abbreviation dropped.
 */
struct xmap_ent {
    char *key;
    const char *surface; /* the key as the list writes it */
    void *val;
    uint32_t hash;
    uint8_t full; /* 1: a key; 0: only the first words of longer keys */
};
struct xmap {
    struct xmap_ent *v;
    size_t cap, n;
    unsigned maxw; /* words in the longest key */
    /* Bit (hash % 4096) of every word that starts a key: most words of a
     * text start none, and this says so without touching the table. */
    uint64_t first[64];
};

/* Fold phrase s into out (see above); returns the number of words, 0 when
 * s holds none or does not fit. */
unsigned xfold_phrase(const char *s, char *out, size_t outsz);
/* Add a phrase (folded here). Returns W_OK, W_NOMEM, or 1 when the key was
 * already there (the first value stays). */
int xmap_put(struct xmap *m, struct arena *a, const char *phrase,
             void *val);
/* Exact lookup of a folded key; NULL when absent. */
struct xmap_ent *xmap_get(const struct xmap *m, const char *key);
/*
 * Longest key matching the words starting at token i, within i's
 * sentence. Returns the entry and sets *end to the token after the match
 * (a dot closing the last word is not included), or NULL.
 */
struct xmap_ent *xmap_match(const struct xmap *m, const struct xtext *x,
                            size_t i, size_t *end);
/* Same, for the words ending at token j (inclusive), walking backwards;
 * *start gets the first token of the match. */
struct xmap_ent *xmap_match_back(const struct xmap *m,
                                 const struct xtext *x, size_t j,
                                 size_t *start);
/* 1 when the tokens [t0, t1) have the capitalisation of surface: every
 * word that starts with an upper-case letter there does in the text. */
int xcase_ok(const struct xtext *x, size_t t0, size_t t1,
             const char *surface, int exact);

/* Fill a map from word list `list` of rs: key → row index + 1 as value.
 * Returns W_OK or W_NOMEM; a missing list leaves the map empty. */
int xmap_from_list(struct xmap *m, struct arena *a, const struct rules *rs,
                   const char *list);
/* Column col of the row a xmap_from_list value points at ("" when absent). */
const char *xlist_col(const struct rules *rs, const char *list, void *val,
                      unsigned col);

/* Copy the text of tokens [t0, t1) with single spaces between words
 * (none before , . ) and after ( ) into out. Returns the length. */
size_t xtext_span_str(const struct xtext *x, size_t t0, size_t t1, char *out,
                      size_t outsz);

/* ---- shared per-text state ---- */

struct gazetteer;
struct gaz_entry;

/* A place found in the text (core/extract_places.c). */
struct xplace {
    uint32_t t0, t1;      /* whole mention, prefix included */
    const struct gaz_entry *e; /* NULL for an unknown "Kota X" */
    char name[X_MAX_NAME]; /* canonical */
    unsigned type;         /* GAZ_* */
    uint8_t gov, prefixed; /* "Pemkot Bandung"; any prefix */
    uint8_t party;         /* may be an agreement party here */
    uint8_t qualifier;     /* "..., Malaysia" after a place */
    int16_t owner;         /* official or org whose span holds it, or -1 */
};

/* An organisation found in the text (core/extract_orgs.c). */
struct xorg {
    uint32_t t0, t1;
    char name[X_MAX_NAME];
    char party[X_MAX_NAME]; /* the party it acts for: its jurisdiction for
                             * a dinas, itself for a university */
    const char *type;       /* "government", "agency", "university", ... */
};

/* An official (core/extract_officials.c). */
struct xofficial {
    char name[X_MAX_NAME];
    char title[X_MAX_NAME];
    char org[X_MAX_NAME];
    char party[X_MAX_NAME];
    char aliases[4][48];
    unsigned naliases;
    uint32_t ms[X_MAX_MENTIONS][2]; /* byte spans */
    unsigned nms;
    uint32_t intro_t0, intro_t1;    /* tokens of the introduction */
};

/* One mention of an official, in text order. */
struct xmention {
    uint32_t t0, t1;
    int16_t who;
};

struct xacr {
    char acr[24];
    char full[X_MAX_NAME];
};

struct xstate {
    const struct extract *ex;
    struct arena *a;
    struct xtext x;
    const char *published; /* YYYY-MM-DD or NULL */
    struct dates_list dates;
    struct xplace *places;
    size_t nplaces;
    struct xorg *orgs;
    size_t norgs;
    struct xofficial *off;
    size_t noff, capoff;
    struct xmention *men;
    size_t nmen, capmen;
    struct xacr acr[64]; /* acronyms the article spells out */
    size_t nacr;
    char home[X_MAX_NAME]; /* the article's main jurisdiction, or "" */
    char home_party[X_MAX_NAME]; /* the same among the places that act
                                  * (not "di Surabaya"): the other party
                                  * of a one-party agreement sentence */
    int32_t *own; /* per token: official (index) or body (1000 + index)
                   * whose span holds it, else -1; set by
                   * xplaces_context */
};

/* The loaded rule set and the maps built from it (core/extract.c). */
struct extract {
    struct rules *rs;
    struct gazetteer *gaz;
    struct arena mem;
    struct xmap titles, modifiers, honorifics, degrees, connectors;
    struct xmap stops, months, weekdays;
    struct xmap fields, acronyms, ministries, heads, universities;
    struct xmap univ_full; /* full names of orgs/universities */
    struct xmap sectors, pctx, cameo;
};

/* The finders, called in this order by extract_run. Each returns W_OK or
 * W_NOMEM and never fails on input. */
int xplaces_find(struct xstate *st);
int xorgs_find(struct xstate *st);
int xofficials_find(struct xstate *st);
int xplaces_context(struct xstate *st);
int xagreements_find(struct xstate *st, json_t *out);
/* JSON writers. */
json_t *xplaces_json(struct xstate *st);
json_t *xorgs_json(struct xstate *st);
json_t *xofficials_json(struct xstate *st);

/*
 * Parse an organisation starting at token i (core/extract_orgs.c), for a
 * title's org or a party. implied: a body the title itself names ("Dinas
 * Pendidikan" for Kadisdik) whose field and jurisdiction follow, or NULL.
 * head_hint: "Dinas" or "Badan" when the title implies the head word
 * ("Kepala Dinas KUMKM": the org starts at KUMKM). Fills o and returns the
 * token after it, or i when there is no organisation there.
 */
size_t xorg_parse(struct xstate *st, size_t i, const char *implied,
                  const char *head_hint, struct xorg *o);
/* 1 when token i may be part of a person's name (capitalised, not a stop
 * word, title, month or weekday). */
int xname_word(const struct xstate *st, size_t i);
/* Honorific at token i: returns the token after it (and its dot), or i. */
size_t xskip_honorific(const struct xstate *st, size_t i, int *alias);

/* Role of the word before token i for a party (agreements/party-context):
 * 'l' locative ("di Solo"), 'i' introducer ("dengan X", sentence start),
 * 'm' modifier ("pasar Indonesia"). */
char xcontext_role(const struct xstate *st, size_t i);

/* Helpers */
void xstrlcpy(char *dst, const char *src, size_t n);
/* out = a sep b, cut to n bytes at a character boundary. */
void xjoin(char *out, size_t n, const char *a, const char *sep,
           const char *b);
int xstate_add_mention(struct xstate *st, uint32_t t0, uint32_t t1,
                       int who);
#endif
