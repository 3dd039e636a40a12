/* SPDX-License-Identifier: MIT */
/*
 * Required literals of a rule pattern: strings one of which every match
 * of the pattern contains. rules_gate runs a rule only over the lines of
 * a text that hold one of them, which is what keeps forty rules over one
 * article cheap (docs/RULES.md, "How a scan is narrowed").
 */
#ifndef WARTA_RULES_LITERALS_H
#define WARTA_RULES_LITERALS_H

#include "arena.h"
#include <stddef.h>

#define LIT_MAX_SET 128 /* literals one pattern may need */
#define LIT_MAX_LEN 32  /* bytes of one literal (longer ones are cut) */

/* The byte a literal holds for text byte c: ASCII letters folded to lower
 * case, every ASCII digit as '0'. The literal reader writes literals so
 * and the gate (rules_gate.c) reads text so: one definition for both. */
static inline int rules_lit_fold(int c)
{
    if (c >= '0' && c <= '9')
        return '0';
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * Reads pattern (PCRE2 syntax, after {NAME} expansion, len bytes) and
 * finds a set of lowercase ASCII strings at least one of which every
 * match contains, compared with ASCII letters case-folded (so it holds
 * for caseless and case-sensitive patterns alike) and every ASCII digit
 * written '0' (standing for any digit). Returns the number of
 * literals written to *out (a NULL-terminated array of arena strings,
 * allocated from a), or 0 when no useful set can be proved: the pattern
 * has a branch that needs no literal, uses syntax the reader leaves alone
 * ((?x), \Q, \K), or its literals are too short to narrow anything.
 * *maxpre gets the most bytes a match may have before the start of the
 * literal it holds, or SIZE_MAX when that is not bounded (a "\s+" or a
 * "\w*" before it). Never fails on any input; -1 only when a runs out of
 * memory.
 */
int rules_literals(const char *pattern, size_t len, struct arena *a,
                   char ***out, size_t *maxpre);

#endif
