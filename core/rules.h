/* SPDX-License-Identifier: MIT */
/*
 * The rule engine: entity patterns live in data files under rules/, not in
 * C, so that a user adds a title, a month spelling or an agreement phrase
 * without recompiling (SPEC "Rules"). The file format is docs/RULES.md.
 *
 * A rule set is loaded from one directory tree: every `*.rules` file holds
 * rules (an id, a PCRE2 pattern with named groups, the kind it produces,
 * fields built from groups, word-list lookups or literals, and inline
 * examples); every `*.tsv` file is a word list (key<TAB>value<TAB>...)
 * that patterns reference as `{name}` (expanded into an escaped
 * alternation, longest keys first) and fields look up as `@name($group)`.
 * Patterns are compiled once with PCRE2_UTF|PCRE2_UCP (+ CASELESS when a
 * rule says so), JIT-compiled when the platform allows (the interpreter
 * otherwise, or when WARTA_RULES_NO_JIT=1 at load time), and always
 * matched under a match limit and a depth limit, so no input can make a
 * pattern backtrack for long: a limit hit is logged and that part of the
 * text skipped, never fatal. A rule may have a `prefix`: context that
 * must come right before the pattern's match and becomes part of it (so
 * patterns can start with a rare character and scan fast).
 *
 * Rules belong to a category ("dates", "money", "officials", ...: by
 * default the name of the directory right under the rules root that holds
 * the file). Callers scan a text for one category and get matches with
 * byte offsets; rules_cpmap turns byte offsets into the code-point
 * offsets records use.
 *
 * Thread safety: a loaded set is immutable. Any number of threads may
 * scan with it at once; each thread keeps its own match data (made at its
 * first scan, freed when the thread exits). Reload is
 * "load a new set, swap the pointer, unref the old one" (rules_ref /
 * rules_unref keep a set alive while a scan that started before the swap
 * is still running).
 */
#ifndef WARTA_RULES_H
#define WARTA_RULES_H
#include <stddef.h>
#include <stdint.h>

/* Bounds. Past them loading fails with "file:line: ... too ..." and a
 * scan stops collecting (see rules_scan). */
#define RULES_MAX_FILES 1024          /* *.rules + *.tsv files in a set */
#define RULES_MAX_FILE_BYTES (64u << 20) /* one file (gazetteers are big) */
#define RULES_MAX_RULES 4096          /* rules in a set */
#define RULES_MAX_FIELDS 32           /* fields per rule */
#define RULES_MAX_EXAMPLES 256        /* examples per rule */
#define RULES_MAX_PATTERN (1u << 20)  /* bytes of one pattern after {list}
                                       * expansion */
#define RULES_MAX_MATCHES 100000      /* matches one scan collects */
#define RULES_MAX_TEXT (256u << 20)   /* bytes of text one scan accepts */
#define RULES_PREFIX_WINDOW 64        /* bytes a `prefix` may reach back, */
#define RULES_PREFIX_WINDOW_MAX 4096  /* unless `prefix-window N` says */

/* Limits every pcre2_match call runs under (pcre2_set_match_limit,
 * pcre2_set_depth_limit, pcre2_set_heap_limit in KiB). */
#define RULES_MATCH_LIMIT 200000
#define RULES_DEPTH_LIMIT 2000
#define RULES_HEAP_LIMIT_KB 20480
/* A rule that hits a limit this many times in one scan is abandoned for
 * the rest of that text (logged once), which bounds the time of a scan. */
#define RULES_MAX_LIMIT_HITS 8

struct rules; /* opaque compiled set */

/*
 * Load and compile every *.rules and *.tsv file under dir (recursively,
 * in sorted path order, so rule order is stable).
 *
 * Returns W_OK and stores a new set (reference count 1) in *out, owned by
 * the caller (rules_unref). On any error returns W_PARSE (a rule or list
 * file is wrong: bad directive, pattern that does not compile, unknown
 * {list}, duplicate id, ...), W_IO (dir or a file unreadable), W_TOOBIG
 * (a bound above) or W_NOMEM; *out is left untouched, so a set already in
 * force stays in force, and err (when errsz > 0) holds one line
 * "FILE:LINE: message" (FILE relative to dir when possible; LINE 0 when
 * the error is not about one line). Callers print err and exit 2.
 */
int rules_load(const char *dir, struct rules **out, char *err, size_t errsz);

/* Take one more reference to rs (returns rs; NULL-safe). */
struct rules *rules_ref(struct rules *rs);
/* Drop a reference; the set is freed with the last one. NULL-safe. */
void rules_unref(struct rules *rs);
/* Same as rules_unref: for callers who think in _new/_free. */
void rules_free(struct rules *rs);

/* Number of rules in the set, and in one category (0 when unknown). */
size_t rules_count(const struct rules *rs, const char *category);
/* 1 when the set has at least one rule of this category. */
int rules_has_category(const struct rules *rs, const char *category);
/* Directory the set was loaded from (borrowed, lives as long as rs). */
const char *rules_dir(const struct rules *rs);

/*
 * Word lists, for C code that needs the data behind a pattern (canonical
 * titles, gazetteer rows). `list` is the list's name as patterns use it
 * ("months", "gazetteer/places"; see docs/RULES.md "Word lists").
 *
 * rules_word: the value in column col (1 = the key itself, 2 = the first
 * value, ...) of the row whose key equals key (ASCII case ignored, runs of
 * white space compared as one space). A row that has only its key gives
 * the key for column 2, so plain word lists work as sets. Returns a
 * borrowed string that lives as long as rs, or NULL when the list, the key
 * or the column is absent (an empty column gives "").
 */
const char *rules_word(const struct rules *rs, const char *list,
                       const char *key, unsigned col);
/* Row count of a list (0 when unknown), and the cells of one row: *ncols
 * gets the number of columns; the returned array (borrowed, lives as long
 * as rs) holds them, key first. NULL when list or row does not exist. */
size_t rules_list_rows(const struct rules *rs, const char *list);
const char *const *rules_list_row(const struct rules *rs, const char *list,
                                  size_t row, size_t *ncols);

/* One field of a match: name and value as the rule's `field` lines say. */
struct rules_field {
    const char *name;  /* field name (borrowed from the rule set) */
    const char *value; /* NUL-ended value (owned by the result) */
    size_t start, end; /* byte span in the text of the group the value
                        * came from; start == end == SIZE_MAX when the
                        * value is a literal */
};

/* One match. All pointers are borrowed: from the rule set (rule, category,
 * kind, field names) or from the result (values). */
struct rules_match {
    const char *rule;     /* rule id, "date.dmy" */
    const char *category; /* "dates" */
    const char *kind;     /* what the rule produces; "stop" for stop rules
                           * (they only appear with RULES_SCAN_ALL) */
    size_t start, end;    /* byte offsets in the text, end exclusive; the
                           * rule's prefix, when it has one, included */
    int priority;         /* the rule's priority */
    unsigned rule_index;  /* position of the rule in the set's order */
    size_t n_fields;
    const struct rules_field *fields;
};

/* A scan's matches, ordered by start offset (then longer first). */
struct rules_result {
    struct rules_match *v;
    size_t n;
    int truncated;     /* 1 when RULES_MAX_MATCHES was reached */
    size_t limit_hits; /* match/depth limit hits during the scan */
    /* private */
    size_t cap;
    struct rules_arena_ *mem_;
};

enum rules_scan_flags {
    /*
     * Default (0): resolve overlaps. All matches of all rules of the
     * category are collected, then taken best first: higher priority,
     * then longer, then earlier start, then earlier rule; a match that
     * overlaps one already taken is dropped. Stop rules take part and are
     * then removed, so they suppress what they overlap ("Nomor 9 Tahun
     * 2015" stops the year rule on "Tahun 2015").
     */
    RULES_SCAN_RESOLVE = 0,
    /* Every match of every rule, overlapping, stop rules included
     * (kind "stop"). Each rule's own matches never overlap each other. */
    RULES_SCAN_ALL = 1 << 0,
};

void rules_result_init(struct rules_result *res);
/* Frees everything the result holds; the result can be reused. */
void rules_result_cleanup(struct rules_result *res);

/*
 * Scan text[0..len) for the rules of `category` (NULL = every rule of the
 * set) and append the matches to res (initialised with
 * rules_result_init; previous contents are kept, the new matches are
 * sorted among themselves only).
 *
 * text must be valid UTF-8 (see rules_utf8_valid / rules_sanitize); it
 * need not be NUL-terminated. Returns W_OK (also when nothing matched, an
 * unknown category, or when RULES_MAX_MATCHES cut the list: res->truncated
 * is then 1), W_PARSE when text is not valid UTF-8, W_TOOBIG when len >
 * RULES_MAX_TEXT, W_NOMEM. A rule that hits the match or depth limit is
 * logged (W_WARN, once per rule and scan), the text around the hit is
 * skipped for that rule, and after RULES_MAX_LIMIT_HITS the rule is
 * abandoned for this text; the scan still returns W_OK.
 */
int rules_scan(const struct rules *rs, const char *category,
               const char *text, size_t len, unsigned flags,
               struct rules_result *res);

/* The value of field `name` of a match, or NULL when the match lacks it. */
const char *rules_match_get(const struct rules_match *m, const char *name);
/* The field itself (for its span), or NULL. */
const struct rules_field *rules_match_field(const struct rules_match *m,
                                            const char *name);

/*
 * Verify every inline example of every rule in rs (docs/RULES.md
 * "Examples"). Each failure is logged with W_ERROR as "FILE:LINE: ...";
 * the first one is also written to err. *n_checked (may be NULL) gets the
 * number of examples checked, *n_failed (may be NULL) the number that
 * failed. Returns W_OK when all pass, W_PARSE when one failed, W_NOMEM.
 * `make check` runs it over the shipped rules/ directory.
 */
int rules_check_examples(const struct rules *rs, size_t *n_checked,
                         size_t *n_failed, char *err, size_t errsz);

/* UTF-8 helpers. */

/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF), else 0. */
int rules_utf8_valid(const char *s, size_t len);
/*
 * Copy s[0..len) to a new NUL-ended buffer in which every ill-formed
 * sequence (each maximal subpart, as Unicode and Python's
 * errors="replace" define it) is replaced by U+FFFD, and NUL bytes by
 * U+FFFD too. Valid input without NUL bytes comes back byte-identical,
 * so offsets computed on the copy are offsets in the text the record
 * carries. Returns the
 * copy (caller frees with w_free; *outlen gets its length) or NULL on
 * exhausted memory or len > RULES_MAX_TEXT.
 */
char *rules_sanitize(const char *s, size_t len, size_t *outlen);

/*
 * Byte offset → code-point offset, for valid UTF-8. A map remembers the
 * last position, so converting offsets in increasing order costs O(text)
 * in total; going backwards restarts from the start of the text.
 */
struct rules_cpmap {
    const char *text;
    size_t len;
    size_t byte, cp; /* last position converted */
};
void rules_cpmap_init(struct rules_cpmap *m, const char *text, size_t len);
/* Code points in text[0..byte_off); byte_off past len is clamped. An
 * offset inside a multi-byte character counts that character. */
size_t rules_cpmap_get(struct rules_cpmap *m, size_t byte_off);
/* One-shot form of the above (O(byte_off)). */
size_t rules_cp_offset(const char *text, size_t byte_off);

#endif /* WARTA_RULES_H */
