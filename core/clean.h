/* SPDX-License-Identifier: MIT */
/*
 * Boilerplate removal shared by every outlet plugin (host->clean_text).
 * Indonesian news pages wrap the article in the same families of noise:
 * "Baca juga:" links, credit lines ("Pewarta: X", "Editor : Y",
 * "COPYRIGHT © ANTARA 2022"), ad residue, sign-offs ("(rls/red)",
 * "(Arum)" "(wd)", "Rls"), a dateline ("BANDUNG, Prolite – ") and page
 * trailers ("Tinggalkan Balasan", "Baca Selanjutnya"). The rules live here
 * once, so that five plugins do not carry five copies that drift apart.
 */
#ifndef WARTA_CLEAN_H
#define WARTA_CLEAN_H
#include "warta/plugin.h"

/* Texts longer than this are returned unchanged (as an arena copy). */
#define CLEAN_MAX_TEXT ((size_t)8 << 20)

/*
 * Remove the boilerplate families named in flags (enum warta_clean) from
 * text, whose paragraphs are separated by blank lines. Credit lines and
 * sign-offs put the names they carry into rec (AUTHORS, EDITORS; rec may
 * be NULL to discard them); a dateline goes to rec's DATELINE. Outlet
 * markers in a dateline are recognised by pg->url's host, the plugin's
 * name, a domain form or parentheses ("(ANTARA)").
 * Returns the cleaned text, paragraphs joined by "\n\n", allocated from
 * pg's arena (the caller frees nothing), or NULL when memory is exhausted.
 * text NULL gives NULL.
 */
char *clean_text(const struct warta_page *pg, const char *text,
                 unsigned flags, struct warta_record *rec);
#endif
