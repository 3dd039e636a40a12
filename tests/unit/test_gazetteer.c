/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the gazetteer (core/gazetteer.c) over the shipped
 * rules/gazetteer files: the generated rows are there, prefixes pick the
 * type (Pemkab Bandung is a different place from Kota Bandung), bare
 * names prefer the kota, aliases (Solo, Jakarta, AS) work with their
 * case rules, common-word bases only count after a prefix, unknown names
 * after a prefix are kept, and a broken alias file is refused with the
 * list and row named.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "arena.h"
#include "extract_int.h"
#include "gazetteer.h"
#include "rules.h"
#include "warta/plugin.h"

static struct rules *rs;
static struct gazetteer *gaz;

static const char *rules_path(void)
{
    static char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/rules",
             top && *top ? top : WARTA_SRC_TOPDIR);
    return path;
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    if (rules_load(rules_path(), &rs, err, sizeof err) != W_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (gazetteer_new(rs, &gaz, err, sizeof err) != W_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gazetteer_free(gaz);
    rules_unref(rs);
    return 0;
}

/* Match at the first token of text; returns the canonical or NULL, and
 * the hit for details. */
static const char *at(const char *text, unsigned want, struct gaz_hit *h)
{
    static char out[256];
    struct arena a;
    arena_init(&a, 0);
    struct xtext x;
    assert_int_equal(xtext_init(&x, &a, text, strlen(text)), W_OK);
    int ok = gazetteer_match(gaz, &x, 0, want, h);
    const char *r = NULL;
    if (ok && !h->block) {
        snprintf(out, sizeof out, "%s", gaz_hit_name(h));
        r = out;
    } else if (ok) {
        r = "(block)";
    }
    arena_cleanup(&a);
    return r;
}

static void test_generated_rows(void **state)
{
    (void)state;
    assert_true(gazetteer_size(gaz) > 1500);
    const struct gaz_entry *e = gazetteer_find(gaz, "Kota Bandung");
    assert_non_null(e);
    assert_int_equal(e->type, GAZ_CITY);
    assert_string_equal(e->parent, "Provinsi Jawa Barat");
    assert_string_equal(e->code, "32.73");
    e = gazetteer_find(gaz, "kabupaten bandung");
    assert_non_null(e);
    assert_int_equal(e->type, GAZ_REGENCY);
    e = gazetteer_find(gaz, "Provinsi DKI Jakarta");
    assert_non_null(e);
    assert_int_equal(e->type, GAZ_PROVINCE);
    e = gazetteer_find(gaz, "Amerika Serikat");
    assert_non_null(e);
    assert_int_equal(e->type, GAZ_COUNTRY);
    e = gazetteer_find(gaz, "Selangor");
    assert_non_null(e);
    assert_string_equal(e->country, "Malaysia");
    e = gazetteer_find(gaz, "Kota Petaling Jaya");
    assert_non_null(e);
    assert_string_equal(e->parent, "Selangor");
    assert_null(gazetteer_find(gaz, "Kota Atlantis"));
}

static void test_prefixes(void **state)
{
    (void)state;
    struct gaz_hit h;
    assert_string_equal(at("Pemkab Bandung melakukan", GAZ_ANY, &h),
                        "Kabupaten Bandung");
    assert_true(h.gov);
    assert_string_equal(at("Pemkot Bandung", GAZ_ANY, &h), "Kota Bandung");
    assert_true(h.gov);
    assert_string_equal(
        at("Pemerintah Kota (Pemkot) Bandung menilai", GAZ_ANY, &h),
        "Kota Bandung");
    assert_int_equal(h.t1, 6);
    assert_string_equal(at("Pemerintah Kabupaten (Pemkab) Bandung", GAZ_ANY,
                           &h),
                        "Kabupaten Bandung");
    assert_string_equal(at("Kab. Bandung Barat", GAZ_ANY, &h),
                        "Kabupaten Bandung Barat");
    assert_string_equal(at("Kab Bandung.", GAZ_ANY, &h), "Kabupaten Bandung");
    assert_false(h.gov);
    assert_string_equal(at("Kota Bandung", GAZ_ANY, &h), "Kota Bandung");
    assert_true(h.prefixed);
    assert_string_equal(at("kota Bandung", GAZ_ANY, &h), "Kota Bandung");
    assert_string_equal(at("Pemprov Jabar", GAZ_ANY, &h),
                        "Provinsi Jawa Barat");
    assert_string_equal(at("Negara Bagian Arizona", GAZ_ANY, &h), "Arizona");
    assert_string_equal(at("Pemerintah Negara Bagian Sarawak", GAZ_ANY, &h),
                        "Sarawak");
    assert_string_equal(at("Pemerintah Malaysia", GAZ_ANY, &h), "Malaysia");
    assert_string_equal(at("Ibu Kota Jawa Barat", GAZ_ANY, &h), "(block)");
    assert_int_equal(h.t1, 2);
}

static void test_bare_and_aliases(void **state)
{
    (void)state;
    struct gaz_hit h;
    /* Bandung alone is the kota (GUIDE), Solo is Kota Surakarta. */
    assert_string_equal(at("Bandung", GAZ_ANY, &h), "Kota Bandung");
    assert_false(h.prefixed);
    assert_string_equal(at("Solo", GAZ_ANY, &h), "Kota Surakarta");
    assert_string_equal(at("Kota Solo", GAZ_ANY, &h), "Kota Surakarta");
    assert_string_equal(at("Jakarta", GAZ_ANY, &h), "Provinsi DKI Jakarta");
    assert_string_equal(at("Yogyakarta", GAZ_ANY, &h), "Kota Yogyakarta");
    assert_string_equal(at("Provinsi Yogyakarta", GAZ_ANY, &h),
                        "Provinsi Daerah Istimewa Yogyakarta");
    assert_string_equal(at("Jogja", GAZ_ANY, &h), "Kota Yogyakarta");
    assert_string_equal(at("Petaling Jaya Malaysia", GAZ_ANY, &h),
                        "Kota Petaling Jaya");
    assert_int_equal(h.t1, 2);
    assert_string_equal(at("Kota Kinabalu", GAZ_ANY, &h), "Kota Kinabalu");
    assert_string_equal(at("AS", GAZ_ANY, &h), "Amerika Serikat");
    assert_null(at("As", GAZ_ANY, &h));
    assert_string_equal(at("China", GAZ_ANY, &h), "Tiongkok");
    /* Capitalisation: "bandung" is no place. */
    assert_null(at("bandung", GAZ_ANY, &h));
    /* Common words and names only after a prefix. */
    assert_null(at("Batu", GAZ_ANY, &h));
    assert_string_equal(at("Kota Batu", GAZ_ANY, &h), "Kota Batu");
    assert_null(at("Bima Arya", GAZ_ANY, &h));
    assert_string_equal(at("Kabupaten Bima", GAZ_ANY, &h), "Kabupaten Bima");
    /* A wanted type. */
    assert_string_equal(at("Bandung", GAZ_REGENCY, &h), "Kabupaten Bandung");
    assert_null(at("Malaysia", GAZ_CITY, &h));
}

static void test_unknown_after_prefix(void **state)
{
    (void)state;
    struct gaz_hit h;
    assert_string_equal(at("Kota Kotor, Montenegro", GAZ_ANY, &h),
                        "Kota Kotor");
    assert_null(h.e);
    assert_int_equal(h.t1, 2);
    /* Two words when exactly two follow; a third is someone's name. */
    assert_string_equal(at("Kota Fort Lauderdale, Florida", GAZ_ANY, &h),
                        "Kota Fort Lauderdale");
    assert_string_equal(at("Kota Tsukuba Tatsuo Igarashi", GAZ_ANY, &h),
                        "Kota Tsukuba");
    /* Not for a province prefix, nor a lower-case prefix, nor a place of
     * another type ("Kota Jawa Barat"). */
    assert_null(at("Provinsi Atlantis", GAZ_ANY, &h));
    assert_null(at("kota Atlantis", GAZ_ANY, &h));
    assert_null(at("Kota Malaysia", GAZ_ANY, &h));
}

static void write_file(const char *path, const char *body)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
}

static void test_bad_alias_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/warta-gaz-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[4200], path[4300];
    snprintf(sub, sizeof sub, "%s/gazetteer", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(path, sizeof path, "%s/id-regions.tsv", sub);
    write_file(path, "Kota Bandung\tBandung\tcity\tIndonesia\t\t32.73\n");
    snprintf(path, sizeof path, "%s/aliases.tsv", sub);
    write_file(path, "# header\nSolo\tKota Surakarta\n");
    struct rules *r = NULL;
    char err[512];
    assert_int_equal(rules_load(dir, &r, err, sizeof err), W_OK);
    struct gazetteer *g = NULL;
    assert_int_equal(gazetteer_new(r, &g, err, sizeof err), W_PARSE);
    assert_null(g);
    assert_non_null(strstr(err, "gazetteer/aliases: row 1"));
    assert_non_null(strstr(err, "Kota Surakarta"));
    rules_unref(r);
    /* A bad place type is refused too. */
    snprintf(path, sizeof path, "%s/aliases.tsv", sub);
    write_file(path, "Solo\tKota Bandung\n");
    snprintf(path, sizeof path, "%s/id-regions.tsv", sub);
    write_file(path, "Kota Bandung\tBandung\ttown\tIndonesia\t\t\n");
    assert_int_equal(rules_load(dir, &r, err, sizeof err), W_OK);
    assert_int_equal(gazetteer_new(r, &g, err, sizeof err), W_PARSE);
    assert_non_null(strstr(err, "unknown place type 'town'"));
    rules_unref(r);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_rows),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_bare_and_aliases),
        cmocka_unit_test(test_unknown_after_prefix),
        cmocka_unit_test(test_bad_alias_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
