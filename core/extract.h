/* SPDX-License-Identifier: MIT */
/*
 * Entity extraction: article text → the entities object of SPEC.md
 * (officials, dates, agreements, organizations, places, money,
 * percentages). The rules are loaded once (extract_new) and reused for
 * every text; a loaded set is read-only, so a SIGHUP reload builds a new
 * one and swaps it in only when it compiled.
 *
 * (Contract written by the lead for core/ingest.c and core/runtime.c,
 * which call exactly these three functions; the extract helper owns the
 * file and may add to it.)
 *
 * What each entity means and how the rules are organised: docs/EXTRACT.md.
 * The code: extract.c (this API and the JSON), extract_text.c (tokens,
 * sentences, word maps), gazetteer.c, extract_places.c, extract_orgs.c,
 * extract_officials.c, extract_agreements.c; dates and money come from
 * dates.c and numbers.c.
 */
#ifndef WARTA_EXTRACT_H
#define WARTA_EXTRACT_H
#include <jansson.h>
#include <stddef.h>

struct extract;
struct rules;

/*
 * Load every rule file, word list and gazetteer under rules_dir. On
 * failure *out is NULL and err holds "file:line: message" (W_PARSE /
 * W_CONFIG: bad rule file, callers exit 2) or another sentence
 * (W_NOMEM, W_IO). The caller frees *out with extract_free.
 */
int extract_new(const char *rules_dir, struct extract **out, char *err,
                size_t errsz);
void extract_free(struct extract *ex);
/*
 * Extract from text (UTF-8; invalid bytes are tolerated). published is
 * the article's publication date or date-time (ISO 8601), or NULL:
 * relative dates are then skipped. On W_OK *entities is a new object the
 * caller owns (json_decref). Offsets are code points, end exclusive.
 */
int extract_run(const struct extract *ex, const char *text, size_t len,
                const char *published, json_t **entities);
/* The rule set behind ex (borrowed; lives as long as ex). */
const struct rules *extract_rules(const struct extract *ex);
#endif
