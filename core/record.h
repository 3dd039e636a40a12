/* SPDX-License-Identifier: MIT */
/*
 * The article record of SPEC.md: what plugins fill through host->set, plus
 * what the core adds (id, outlet, source, url, fetched, content_hash,
 * entities). record_to_json() is the one place that writes its JSON.
 */
#ifndef WARTA_RECORD_H
#define WARTA_RECORD_H
#include <jansson.h>
#include <stddef.h>
#include "warta/plugin.h"

#define RECORD_LIST_MAX 256            /* items per list field */
#define RECORD_FIELD_MAX (8u << 20)    /* bytes per field */

struct strv {
    char **v;
    size_t n, cap;
};

#define RECORD_N_SCALARS (WARTA_F_CONTINUATION + 1)
#define RECORD_N_LISTS (WARTA_F__COUNT - WARTA_F_AUTHORS)

struct warta_record {
    char *scalar[RECORD_N_SCALARS]; /* indexed by enum warta_field */
    struct strv list[RECORD_N_LISTS]; /* indexed by field - AUTHORS */
    /* Set by the core, not by plugins. */
    char *id;           /* from the canonical URL, see record_finish */
    char *outlet;       /* plugin name */
    char *source;       /* configured source or NULL */
    char *url;          /* URL fetched or given */
    char *fetched;      /* UTC ISO 8601 */
    char *content_hash; /* hex SHA-256 of the text */
    json_t *entities;   /* owned reference, or NULL */
};

void record_init(struct warta_record *r);
void record_cleanup(struct warta_record *r);
/* The host->set/get/warn implementations. */
int record_set(struct warta_record *r, enum warta_field f, const char *v);
const char *record_get(const struct warta_record *r, enum warta_field f);
int record_warn(struct warta_record *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const struct strv *record_list(const struct warta_record *r,
                               enum warta_field f);
/* Set a core field (id, outlet, ...): frees the old value, copies v. */
int record_core_set(char **field, const char *v);
/* Fill id (from canonical_url, else url), content_hash and fetched (when
 * unset; now). Returns W_OK or W_NOMEM. */
int record_finish(struct warta_record *r);
/* Hex SHA-256 of s into out (65 bytes). */
void record_sha256_hex(const char *s, size_t n, char out[65]);
/* New JSON object in SPEC order (caller owns the reference). */
json_t *record_to_json(const struct warta_record *r);
/* Fill r from an object made by record_to_json (the store's export). */
int record_from_json(struct warta_record *r, const json_t *o);
#endif
