/* SPDX-License-Identifier: MIT */
/*
 * Gazetteer: canonical places from the word lists under rules/gazetteer/
 * (Indonesian provinces, kabupaten and kota generated from idn-area-data;
 * countries and subdivisions from iso-codes; foreign cities, aliases and
 * administrative prefixes kept by hand), and the lookup that recognises
 * them in a token stream: "Pemerintah Kota (Pemkot) Bandung", "Pemkab
 * Bandung", "Kab. Bandung", "Solo", "Petaling Jaya", "Kota Chandler".
 *
 * A bare name that is both a kota and a kabupaten is the kota (Bandung is
 * Kota Bandung); a prefix picks the type. The data format is described in
 * each file's header and docs/EXTRACT.md.
 */
#ifndef WARTA_GAZETTEER_H
#define WARTA_GAZETTEER_H
#include <stddef.h>

struct rules;
struct xtext;

enum gaz_type {
    GAZ_CITY = 1 << 0,     /* kota, and foreign cities */
    GAZ_REGENCY = 1 << 1,  /* kabupaten */
    GAZ_PROVINCE = 1 << 2, /* Indonesian provinces */
    GAZ_COUNTRY = 1 << 3,
    GAZ_SUBDIV = 1 << 4,   /* foreign states, prefectures, provinces */
    GAZ_REGION = 1 << 5,   /* anything else */
    GAZ_ANY = 0x3f,
};

struct gaz_entry {
    const char *canonical; /* "Kota Bandung", "Provinsi Jawa Barat" */
    const char *base;      /* "Bandung" */
    const char *country;   /* "Indonesia", "Malaysia" */
    const char *parent;    /* "Provinsi Jawa Barat", "Selangor", or "" */
    const char *code;      /* "32.73", "MY", "" */
    unsigned type;         /* one GAZ_* bit */
};

struct gazetteer;

/*
 * Build the gazetteer from the lists gazetteer/{id-regions, countries,
 * subdivisions, foreign-cities, aliases, prefixes} of rs (which must
 * outlive it). Returns W_OK and a new gazetteer in *out (free with
 * gazetteer_free), W_PARSE with "list:row: message" in err for an alias
 * naming an unknown canonical place or a bad type, W_NOMEM.
 */
int gazetteer_new(const struct rules *rs, struct gazetteer **out, char *err,
                  size_t errsz);
void gazetteer_free(struct gazetteer *g);

/* Entry by canonical name (case-insensitive), or NULL. Borrowed. */
const struct gaz_entry *gazetteer_find(const struct gazetteer *g,
                                       const char *canonical);
/* Number of entries. */
size_t gazetteer_size(const struct gazetteer *g);
/* "city", "regency", ... for one GAZ_* bit. */
const char *gazetteer_type_name(unsigned type);

/* A place recognised at a token. */
struct gaz_hit {
    const struct gaz_entry *e; /* NULL: unknown name after a prefix */
    size_t t0, t1;             /* tokens of the mention, prefix included */
    size_t b0;                 /* first token of the name after a prefix */
    unsigned type;             /* GAZ_* of the hit */
    int gov;                   /* the prefix names the government */
    int prefixed;              /* a prefix was there */
    int block;                 /* "Ibu Kota": words consumed, no place */
    char unknown[128];         /* canonical of an unknown name */
};

/*
 * Recognise a place starting at token i of x. want restricts the types
 * (GAZ_ANY for all). Returns 1 and fills h, or 0. A "block" prefix ("Ibu
 * Kota") returns 1 with h->block set and no place, so that callers skip
 * its words.
 */
int gazetteer_match(const struct gazetteer *g, const struct xtext *x,
                    size_t i, unsigned want, struct gaz_hit *h);
/* Canonical name of a hit ("Kota Chandler" for an unknown one). */
const char *gaz_hit_name(const struct gaz_hit *h);
#endif
