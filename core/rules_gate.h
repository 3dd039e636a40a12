/* SPDX-License-Identifier: MIT */
/*
 * The gate of a rule category: which lines of a text hold a required
 * literal (rules_literals.h) of which rule. One pass of an Aho-Corasick
 * automaton over the text replaces a pass of every rule's regex over
 * lines that cannot match it.
 */
#ifndef WARTA_RULES_GATE_H
#define WARTA_RULES_GATE_H

#include "arena.h"
#include <stddef.h>
#include <stdint.h>

#define RULES_GATE_RULES 64 /* rules one gate tells apart */

struct rules_gate;

/* A line (start to end, its '\n' included) and the rules it may match:
 * bit i for rule i of rules_gate_new. */
struct rules_line {
    uint32_t start, end;
    uint64_t rules;
};

/*
 * Builds the gate of n rules (n <= RULES_GATE_RULES): lits[i] is rule i's
 * NULL-terminated list of lowercase literals, or NULL for a rule that is
 * not gated (it never appears in a line's bits; its caller scans it
 * everywhere). Returns W_OK and *out (free with rules_gate_free; NULL when
 * no rule has literals), W_TOOBIG when the literals make too many states,
 * or W_NOMEM.
 */
int rules_gate_new(char *const *const *lits, size_t n,
                   struct rules_gate **out);
void rules_gate_free(struct rules_gate *g);

/*
 * Finds the lines of text (len bytes) that hold a literal of a gated
 * rule. Returns the number of such lines, stored in *lines (allocated
 * from a, in text order), 0 when there is none, or -1 when the text
 * cannot be gated: it holds a character that caseless matching equates
 * with an ASCII letter (KELVIN SIGN, LONG S), or memory ran out. With
 * -1 the caller scans every rule over the whole text.
 */
long rules_gate_lines(const struct rules_gate *g, const char *text,
                      size_t len, struct arena *a, struct rules_line **lines);

#endif
