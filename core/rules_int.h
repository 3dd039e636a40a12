/* SPDX-License-Identifier: MIT */
/*
 * Private to the rule engine (the contract is rules.h): the structures of
 * a loaded rule set and the helpers its files share. rules.c loads a set
 * (files, rule syntax, compiling, categories), rules_lists.c reads word
 * lists and expands {NAME} references, rules_text.c checks and cleans
 * UTF-8, rules_scan.c runs a set over a text, rules_examples.c checks the
 * rules' inline examples.
 */
#ifndef WARTA_RULES_INT_H
#define WARTA_RULES_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"
#include "arena.h"
#include "buf.h"
#include "rules_gate.h"
#include <pcre2.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define RULES_MAX_DEPTH 8           /* directory nesting under the root */
#define RULES_MAX_KEY_CP 256        /* code points of one word-list key */
#define RULES_MAX_EXPAND 32         /* nesting of {NAME} references */
#define RULES_MAX_CELLS 64          /* cells per word-list row */
#define RULES_PARENS_NEST 2000      /* tries nest one group per branch point */
#define RULES_CACHE_TEXT (4u << 20) /* bytes of text whose lines are kept */

/* ---- word lists ------------------------------------------------------ */

struct rlist {
    char *name; /* path under the root without .tsv: "words/months" */
    char *base; /* file name without .tsv: "months" */
    char *file; /* path for messages */
    int base_unique;
    size_t nrows;
    char ***rows; /* rows[i][0..ncols[i]) */
    size_t *ncols;
    size_t *slots; /* open addressing: row index + 1, 0 = empty */
    size_t nslots; /* power of two */
};

/* ---- rules ----------------------------------------------------------- */

enum rval_type { RV_LITERAL, RV_GROUP, RV_LOOKUP };

struct rval {
    enum rval_type type;
    char *text; /* literal, or the group name */
    const struct rlist *list;
    unsigned col; /* lookup column, 1-based */
    int *groups;  /* group numbers of the name (DUPNAMES) */
    size_t ngroups;
    int in_prefix; /* the group is in the rule's prefix pattern */
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
    struct buf pattern; /* as written */
    struct buf prefix;  /* as written; empty when none */
    unsigned prefix_line;
    size_t window;           /* bytes the prefix may reach back */
    char *expanded;          /* the pattern after {NAME} expansion */
    char **lits;             /* required literals (rules_literals), or NULL */
    size_t maxpre;           /* bytes before a literal, SIZE_MAX: unbounded */
    size_t lit_min, lit_max; /* shortest and longest literal */
    int gate_bit;            /* bit in the set's gate, or -1 */
    pcre2_code *code;
    pcre2_code *pcode; /* "(?:PREFIX)\z", or NULL */
    /* Rules of a category whose patterns are the same after expansion
     * (they differ in prefix, kind or fields) share one pass over the
     * text: the first is the leader, the others hang off `next_same`. */
    const struct rule *leader;
    struct rule *next_same;
    struct rfield fields[RULES_MAX_FIELDS];
    size_t nfields;
    char *require[RULES_MAX_FIELDS];        /* `require` and `forbid` fields */
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

/* ---- helpers shared by the rule engine's files ----------------------- */

static inline int is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

static inline int lower_ascii(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* "file:line: message" into err (rules.c). */
void rules_seterr(char *err, size_t errsz, const char *file, unsigned line,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Grow an array held in the set to hold n + 1 elements, bounded by max:
 * W_OK, W_TOOBIG or W_NOMEM (rules.c). */
int rules_grow(void *pv, size_t *cap, size_t n, size_t elem, size_t max);
/* A file under the set's root, whole and NUL-terminated (rules.c). */
int rules_read_file(struct rules *rs, const char *rel, char **out, size_t *len,
                    char *err, size_t errsz);
/* The next line of *cur, cut in place; NULL at the end (rules.c). */
char *rules_next_line(char **cur);
/* Word lists (rules_lists.c): load one file; find one by name; look a
 * folded key up (row index or -1). */
int rules_load_list(struct rules *rs, const char *rel, char *err, size_t errsz);
const struct rlist *rules_find_list(const struct rules *rs, const char *name,
                                    size_t n);
long rules_list_lookup(const struct rlist *l, const char *key, size_t n);
/* {NAME} expansion (rules_lists.c): a character of a name; a define by
 * name; src expanded into b. */
int rules_name_char(int c, int first);
struct rdefine *rules_find_define(const struct rules *rs, const char *name,
                                  size_t n);
int rules_expand(struct rules *rs, const char *src, struct buf *b, int depth,
                 const char *file, unsigned line, char *err, size_t errsz);

#endif
