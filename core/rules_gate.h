/* SPDX-License-Identifier: MIT */
/*
 * The gate of a rule category: which lines of a text hold a required
 * literal (rules_literals.h) of which rule. One pass of an Aho-Corasick
 * automaton over the text replaces a pass of every rule's regex over
 * lines that cannot match it.
 */
#ifndef WARTA_RULES_GATE_H
#define WARTA_RULES_GATE_H

#include <stddef.h>
#include <stdint.h>

struct rules_gate;

/* The lines of one text that hold a literal of some gated rule: line i
 * runs from start[i] to end[i] (its '\n' included) and bits[i * words +
 * k / 64] has bit k % 64 set when rule k may match there. */
struct rules_lines {
    size_t n, cap, words;
    uint32_t *start, *end;
    uint64_t *bits;
    /* Every place a literal ends: hit_end[h] is the offset of its last
     * byte, hit_state[h] the automaton state there. nhits is SIZE_MAX
     * when there were too many to keep. */
    size_t nhits, caphits;
    uint32_t *hit_end, *hit_state;
    /* The same per rule (rules_lines_hits): rule k's are
     * by_rule[first[k] .. first[k + 1]), offsets of last bytes. */
    size_t nrules, cap_first, cap_by_rule;
    uint32_t *first, *by_rule;
};

/*
 * Builds the gate of n rules: lits[i] is rule i's NULL-terminated list of
 * lowercase literals, every digit written '0' (any digit of the text
 * matches it), or NULL for a rule that is not gated (it never
 * appears in a line's bits; its caller scans it everywhere). Returns W_OK
 * and *out (free with rules_gate_free; NULL when no rule has literals),
 * W_TOOBIG when the literals make too many states, or W_NOMEM.
 */
int rules_gate_new(char *const *const *lits, size_t n,
                   struct rules_gate **out);
void rules_gate_free(struct rules_gate *g);

void rules_lines_init(struct rules_lines *l);
void rules_lines_cleanup(struct rules_lines *l);

/* Whether line i may hold a match of rule k. */
static inline int rules_lines_has(const struct rules_lines *l, size_t i,
                                  size_t k)
{
    return (l->bits[i * l->words + k / 64] >> (k % 64)) & 1;
}

/* The offsets where rule k's literals end (their last byte), in text
 * order; *n of them. Only when l->nhits is not SIZE_MAX. */
static inline const uint32_t *rules_lines_hits(const struct rules_lines *l,
                                               size_t k, size_t *n)
{
    *n = l->first[k + 1] - l->first[k];
    return l->by_rule + l->first[k];
}

/*
 * Finds the lines of text (len bytes) that hold a literal of a gated
 * rule, and the places where literals end, replacing what l held. Returns W_OK; W_DECLINED when the text
 * cannot be gated: it holds a character that caseless matching equates
 * with an ASCII letter (KELVIN SIGN, LONG S), and then the caller scans
 * every rule over the whole text; W_NOMEM (l is then empty).
 */
int rules_gate_lines(const struct rules_gate *g, const char *text,
                     size_t len, struct rules_lines *l);

#endif
