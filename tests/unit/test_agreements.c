/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for agreements (core/extract_agreements.c) through
 * extract_run and the shipped rules/: kind and stage cues and their
 * order of strength, an old signing counted as active, parties by
 * context (locations and qualifiers are no parties, a dinas stands for
 * its jurisdiction, Pemkab and Pemkot Bandung differ), merging of
 * mentions, the home-jurisdiction pairing and its quote exception,
 * signed, duration, sectors, CAMEO and evidence; plus the shape of the
 * whole entities object and the bounds on hostile input.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "extract_helpers.h"
#include "mem.h"

static json_t *only(json_t *e)
{
    json_t *a = json_object_get(e, "agreements");
    if (json_array_size(a) != 1) {
        char *s = json_dumps(a, 0);
        fprintf(stderr, "agreements: %s\n", s);
        free(s);
    }
    assert_int_equal(json_array_size(a), 1);
    return json_array_get(a, 0);
}

static void parties(json_t *a, const char *p0, const char *p1)
{
    json_t *p = json_object_get(a, "parties");
    assert_int_equal(json_array_size(p), 2);
    assert_string_equal(json_string_value(json_array_get(p, 0)), p0);
    assert_string_equal(json_string_value(json_array_get(p, 1)), p1);
}

static void test_object_shape(void **state)
{
    (void)state;
    json_t *e = run("", NULL);
    const char *keys[] = {"officials", "dates",  "agreements", "organizations",
                          "places",    "money", "percentages"};
    const char *k;
    json_t *v;
    size_t i = 0;
    json_object_foreach(e, k, v)
    {
        assert_true(i < 7);
        assert_string_equal(k, keys[i]);
        assert_true(json_is_array(v));
        assert_int_equal(json_array_size(v), 0);
        i++;
    }
    assert_int_equal(i, 7);
    json_decref(e);
}

static void test_kinds(void **state)
{
    (void)state;
    json_t *e = run("Kota Bandung dan Petaling Jaya Malaysia telah "
                    "menandatangani Memorandum of Understanding (MoU) sister "
                    "city pada 27 November 2015 untuk jangka waktu 5 tahun.",
                    "2023-02-01");
    json_t *a = only(e);
    assert_string_equal(str(a, "kind"), "sister_city");
    /* An old signing: in force, with its date. */
    assert_string_equal(str(a, "stage"), "active");
    assert_string_equal(str(a, "signed"), "2015-11-27");
    assert_string_equal(str(a, "duration"), "P5Y");
    parties(a, "Kota Bandung", "Kota Petaling Jaya");
    json_decref(e);
    e = run("Pemkab Bogor dan IPB meneken perjanjian kerja sama, Senin "
            "(6/2/2023).",
            "2023-02-07");
    a = only(e);
    assert_string_equal(str(a, "kind"), "agreement");
    assert_string_equal(str(a, "stage"), "signed");
    assert_string_equal(str(a, "signed"), "2023-02-06");
    assert_string_equal(str(a, "cameo"), "057");
    parties(a, "Kabupaten Bogor", "Institut Pertanian Bogor");
    json_decref(e);
    e = run("Pemprov Bali dan Pemerintah Negara Bagian Victoria menandatangani "
            "letter of intent di bidang pariwisata.",
            NULL);
    a = only(e);
    assert_string_equal(str(a, "kind"), "loi");
    json_decref(e);
}

static void test_stages(void **state)
{
    (void)state;
    struct {
        const char *text, *stage;
    } c[] = {
        {"Pemkot Bogor menjajaki kerja sama dengan Kota Saint Louis.",
         "exploring"},
        {"Pemkot Bogor dan Kota Saint Louis akan menandatangani MoU.",
         "planned"},
        {"Pemkot Bogor dan Kota Saint Louis menandatangani MoU.", "signed"},
        {"Kerja sama Pemkot Bogor dengan Kota Saint Louis telah terjalin "
         "sejak 2010.",
         "active"},
        {"MoU Pemkot Bogor dengan Kota Saint Louis akan diperpanjang.",
         "renewal"},
        {"MoU Pemkot Bogor dengan Kota Saint Louis telah berakhir.", "ended"},
        {"MoU Pemkot Bogor dengan Kota Saint Louis tidak diperpanjang.",
         "ended"},
        {"Kerja sama Pemkot Bogor dengan Kota Saint Louis. MoU tersebut akan "
         "diperbarui.",
         "renewal"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        json_t *e = run(c[i].text, "2023-01-01");
        json_t *a = only(e);
        if (strcmp(str(a, "stage"), c[i].stage) != 0)
            fprintf(stderr, "case %zu: %s\n", i, c[i].text);
        assert_string_equal(str(a, "stage"), c[i].stage);
        parties(a, "Kota Bogor", "Kota Saint Louis");
        json_decref(e);
    }
}

static void test_parties_by_context(void **state)
{
    (void)state;
    /* seed 002: Pemkab Bandung and a dinas of Kota Surakarta. */
    json_t *e = run("Pemerintah Kabupaten (Pemkab) Bandung melakukan kontak "
                    "dagang dengan Dinas Koperasi dan UMKM Kota Surakarta. "
                    "Pemkab Bandung melakukan penjajakan pasar di Solo.",
                    NULL);
    json_t *a = only(e);
    parties(a, "Kabupaten Bandung", "Kota Surakarta");
    assert_string_equal(str(a, "stage"), "exploring");
    assert_string_equal(str(a, "cameo"), "036");
    json_decref(e);
    /* Locations and qualifiers are no parties. */
    e = run("Wali Kota Bandung Yana Mulyana ingin produk UMKM asal Ibu Kota "
            "Jawa Barat itu melebar hingga ke Malaysia setelah adanya kerja "
            "sama antara Pemerintah Kota Bandung dengan Pemerintah Kota "
            "Petaling Jaya, Malaysia.",
            NULL);
    a = only(e);
    parties(a, "Kota Bandung", "Kota Petaling Jaya");
    json_decref(e);
    /* "pasar Indonesia" qualifies a noun; in quotes the speaker is no
     * party and one party alone makes no agreement. */
    e = run("Kota Bandung membangun industri. \"Bukan untuk pasar Indonesia "
            "tetapi bekerja sama dengan Amerika Serikat,\" papar Wali Kota "
            "Bandung Ridwan Kamil.",
            NULL);
    assert_int_equal(count(e, "agreements"), 0);
    json_decref(e);
}

static void test_merge_and_home(void **state)
{
    (void)state;
    json_t *e = run("Bandung Jajaki Kerja Sama dengan Kota Chandler, Amerika "
                    "Serikat.\n\nKota Bandung kembali dilirik investor. Kali "
                    "ini, penjajakan kerja sama akan dilakukan dengan Kota "
                    "Chandler dari Negara Bagian Arizona, Amerika Serikat.\n\n"
                    "Wali Kota Bandung Ridwan Kamil memaparkan potensi kerja "
                    "sama antara kedua kota.",
                    "2016-09-28");
    json_t *a = only(e);
    parties(a, "Kota Bandung", "Kota Chandler");
    assert_string_equal(str(a, "kind"), "cooperation");
    assert_string_equal(str(a, "stage"), "exploring");
    assert_int_equal(json_array_size(json_object_get(a, "evidence")), 3);
    json_decref(e);
    /* Without a record to join, one party pairs with the article's home
     * jurisdiction. */
    e = run("Pemkot Semarang terus berbenah. Penjajakan kerja sama akan "
            "dilakukan dengan Kota Brisbane.",
            NULL);
    a = only(e);
    parties(a, "Kota Semarang", "Kota Brisbane");
    json_decref(e);
    /* Two relationships in one article stay apart. */
    e = run("Pemkot Surabaya memperpanjang kerja sama dengan Kota Busan. "
            "Pemkot Surabaya juga menjajaki kerja sama dengan Kota Seattle.",
            NULL);
    assert_int_equal(count(e, "agreements"), 2);
    json_decref(e);
}

static void test_details(void **state)
{
    (void)state;
    json_t *e = run("Pemkot Bandung dan Kota Suwon menandatangani nota "
                    "kesepahaman di bidang pendidikan, perdagangan dan smart "
                    "city yang berlaku selama tiga tahun.",
                    NULL);
    json_t *a = only(e);
    assert_string_equal(str(a, "duration"), "P3Y");
    json_t *s = json_object_get(a, "sectors");
    assert_int_equal(json_array_size(s), 3);
    assert_string_equal(json_string_value(json_array_get(s, 2)),
                        "smart city");
    assert_true(json_is_null(json_object_get(a, "signed")));
    json_t *ev = json_array_get(json_object_get(a, "evidence"), 0);
    assert_int_equal(json_integer_value(json_array_get(ev, 0)), 0);
    json_decref(e);
    e = run("Pemkot Bandung dan Pemkot Cimahi telah lama bekerja sama di "
            "bidang perdagangan.",
            NULL);
    a = only(e);
    assert_string_equal(str(a, "stage"), "active");
    assert_string_equal(str(a, "cameo"), "061");
    json_decref(e);
}

static void test_hostile_input(void **state)
{
    (void)state;
    /* Invalid UTF-8 and NUL bytes are replaced, never fatal. */
    const char bad[] = "Wali Kota Bandung \xff\xfe Yana \xc0\xaf Mulyana\0x";
    json_t *e = NULL;
    assert_int_equal(extract_run(ex, bad, sizeof bad - 1, NULL, &e), W_OK);
    assert_non_null(e);
    json_decref(e);
    /* Long runs of capitalised words, digits and parentheses. */
    size_t n = 400000;
    char *t = w_malloc(n + 1);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = "Wali Kota Bandung Yana "[i % 23];
    t[n] = '\0';
    e = NULL;
    assert_int_equal(extract_run(ex, t, n, "2023-01-01", &e), W_OK);
    assert_true(count(e, "officials") <= 256);
    json_t *o = json_array_get(json_object_get(e, "officials"), 0);
    assert_true(json_array_size(json_object_get(o, "mentions")) <= 256);
    json_decref(e);
    for (size_t i = 0; i < n; i++)
        t[i] = (char)('0' + i % 10);
    assert_int_equal(extract_run(ex, t, n, NULL, &e), W_OK);
    json_decref(e);
    for (size_t i = 0; i < n; i++)
        t[i] = i < n / 2 ? '(' : ')';
    assert_int_equal(extract_run(ex, t, n, NULL, &e), W_OK);
    json_decref(e);
    for (size_t i = 0; i < n; i++)
        t[i] = "kerja sama antara Kota Bandung dan Kota Bogor. "[i % 47];
    assert_int_equal(extract_run(ex, t, n, NULL, &e), W_OK);
    assert_true(count(e, "agreements") <= 128);
    json_t *a = json_array_get(json_object_get(e, "agreements"), 0);
    assert_true(json_array_size(json_object_get(a, "evidence")) <= 64);
    json_decref(e);
    w_free(t);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    /* Every allocation may fail: the run reports W_NOMEM and leaks
     * nothing (the sanitizer build checks the leaks). */
    const char *t = "Wali Kota Bandung Yana Mulyana dan Wali Kota Petaling "
                    "Jaya, Mohamad Azhan, menandatangani MoU sister city, "
                    "Rabu (1/2/2023). Kerja sama Pemkot Bandung dengan Kota "
                    "Petaling Jaya telah terjalin sejak 2015. Baca juga: "
                    "Yana tinjau pasar\n\nKata Yana, UMKM siap.";
    unsigned long before = mem_count();
    json_t *e = run(t, "2023-02-01");
    json_decref(e);
    unsigned long n = mem_count() - before;
    assert_true(n > 0);
    unsigned long step = n / 60 + 1;
    for (unsigned long k = 0; k < n; k += step) {
        e = NULL;
        mem_fail_after((long)k);
        int rc = extract_run(ex, t, strlen(t), "2023-02-01", &e);
        mem_fail_after(-1);
        assert_true(rc == W_OK || rc == W_NOMEM);
        if (rc == W_OK)
            assert_non_null(e);
        else
            assert_null(e);
        json_decref(e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_shape),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_parties_by_context),
        cmocka_unit_test(test_merge_and_home),
        cmocka_unit_test(test_details),
        cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
