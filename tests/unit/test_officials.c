/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for officials (core/extract_officials.c with the orgs and
 * places it needs), through extract_run and the shipped rules/: every
 * order of title, jurisdiction and name news uses, canonical titles,
 * honorifics and academic suffixes stripped, orgs (dinas with acronyms
 * expanded, ministries, universities), nicknames, later short mentions
 * with code-point offsets, and the article's staff never taken.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "extract_helpers.h"

static void expect(json_t *e, const char *name, const char *title,
                   const char *org)
{
    json_t *o = find(e, "officials", "name", name);
    if (!o) {
        char *s = json_dumps(json_object_get(e, "officials"), 0);
        fprintf(stderr, "no official %s in %s\n", name, s);
        free(s);
    }
    assert_non_null(o);
    assert_string_equal(str(o, "title"), title);
    if (org)
        assert_string_equal(str(o, "org"), org);
    else
        assert_true(json_is_null(json_object_get(o, "org")));
}

static void test_title_then_name(void **state)
{
    (void)state;
    json_t *e = run("Wali Kota Bandung Yana Mulyana menginginkan produk "
                    "UMKM bisa melebarkan sayap.",
                    "2022-08-08");
    expect(e, "Yana Mulyana", "Wali Kota", "Kota Bandung");
    assert_int_equal(count(e, "officials"), 1);
    json_decref(e);
    e = run("Hal ini terungkap saat Wali Kota Bandung, Yana Mulyana menerima "
            "Wali Kota Petaling Jaya, Mohamad Azhan di Balai Kota Bandung.",
            NULL);
    expect(e, "Yana Mulyana", "Wali Kota", "Kota Bandung");
    expect(e, "Mohamad Azhan", "Wali Kota", "Kota Petaling Jaya");
    json_decref(e);
    /* A qualifier between the jurisdiction and the name. */
    e = run("Sementara itu, Wakil Wali Kota Petaling Jaya Malaysia Sharipah "
            "Marhaini mengaku tertarik.",
            NULL);
    expect(e, "Sharipah Marhaini", "Wakil Wali Kota", "Kota Petaling Jaya");
    json_decref(e);
}

static void test_canonical_titles(void **state)
{
    (void)state;
    json_t *e = run("jelas Wakil Walikota Bandung Yana Mulyana saat "
                    "pelatihan. Walikota Cimahi Ngatiyana hadir. Wawali "
                    "Surabaya Armuji dan Wabup Garut Helmi Budiman juga. "
                    "Sekda Jabar Setiawan Wangsaatmaja membuka acara. Mayor "
                    "of Chandler Kevin Hartke mengirim salam.",
                    NULL);
    expect(e, "Yana Mulyana", "Wakil Wali Kota", "Kota Bandung");
    expect(e, "Ngatiyana", "Wali Kota", "Kota Cimahi");
    expect(e, "Armuji", "Wakil Wali Kota", "Kota Surabaya");
    expect(e, "Helmi Budiman", "Wakil Bupati", "Kabupaten Garut");
    expect(e, "Setiawan Wangsaatmaja", "Sekretaris Daerah",
           "Provinsi Jawa Barat");
    expect(e, "Kevin Hartke", "Wali Kota", "Kota Chandler");
    json_decref(e);
    e = run("Pj Wali Kota Bandung Bambang Tirtoyuliono dan Plt. Bupati "
            "Bogor Iwan Setiawan menghadiri rapat.",
            NULL);
    expect(e, "Bambang Tirtoyuliono", "Penjabat Wali Kota", "Kota Bandung");
    expect(e, "Iwan Setiawan", "Pelaksana Tugas Bupati", "Kabupaten Bogor");
    json_decref(e);
}

static void test_name_then_title(void **state)
{
    (void)state;
    json_t *e = run("\"Kota Solo ini potensinya bagus,\" ujar Usman Karyana, "
                    "Kepala Bidang Pemberdayaan dan Pengembangan usaha mikro "
                    "Dinkop dan UMKM Kab Bandung.",
                    NULL);
    expect(e, "Usman Karyana", "Kepala Bidang",
           "Dinas Koperasi dan UMKM Kabupaten Bandung");
    json_decref(e);
    e = run("Pertemuan dengan Kevin Hartke, perwakilan Kota Chandler "
            "dilakukan di Pendopo.",
            NULL);
    expect(e, "Kevin Hartke", "Perwakilan", "Kota Chandler");
    json_decref(e);
    e = run("Yana Mulyana selaku Wali Kota Bandung membuka acara. Atet Dedi "
            "Handiman (Kepala Dinas KUMKM Kota Bandung) turut hadir.",
            NULL);
    expect(e, "Yana Mulyana", "Wali Kota", "Kota Bandung");
    expect(e, "Atet Dedi Handiman", "Kepala Dinas",
           "Dinas Koperasi dan Usaha Mikro Kecil dan Menengah Kota Bandung");
    json_decref(e);
}

static void test_honorifics_and_degrees(void **state)
{
    (void)state;
    json_t *e = run("Bupati Bandung H. Dadang Supriatna, S.Sos., M.Si. "
                    "meresmikan pasar. Rektor ITB Prof. Dr. Ir. Reini "
                    "Wirahadikusumah, MSCE, Ph.D. hadir. Dr. H. Nur Haryani, "
                    "S.E., M.M., Kepala Dinas Koperasi dan UMKM Kota "
                    "Surakarta, menyambut. Gubernur Jawa Barat Kang Emil "
                    "menyapa warga. Dubes Malaysia untuk Indonesia Dato' "
                    "Syed Mohamad Hasrin memberi sambutan.",
                    NULL);
    expect(e, "Dadang Supriatna", "Bupati", "Kabupaten Bandung");
    expect(e, "Reini Wirahadikusumah", "Rektor", "Institut Teknologi Bandung");
    expect(e, "Nur Haryani", "Kepala Dinas",
           "Dinas Koperasi dan UMKM Kota Surakarta");
    expect(e, "Emil", "Gubernur", "Provinsi Jawa Barat");
    expect(e, "Syed Mohamad Hasrin", "Duta Besar", "Malaysia");
    json_decref(e);
}

static void test_ministers_and_bodies(void **state)
{
    (void)state;
    json_t *e = run("Menteri Luar Negeri Retno Marsudi dan Menparekraf "
                    "Sandiaga Uno bertemu Presiden Joko Widodo. Ketua DPRD "
                    "Kota Bandung Tedy Rusmawan dan Kadisdagin Kota Bandung "
                    "Elly Wasliah hadir.",
                    NULL);
    expect(e, "Retno Marsudi", "Menteri", "Kementerian Luar Negeri");
    expect(e, "Sandiaga Uno", "Menteri",
           "Kementerian Pariwisata dan Ekonomi Kreatif");
    expect(e, "Joko Widodo", "Presiden", NULL);
    expect(e, "Tedy Rusmawan", "Ketua DPRD", "DPRD Kota Bandung");
    expect(e, "Elly Wasliah", "Kepala Dinas",
           "Dinas Perdagangan dan Perindustrian Kota Bandung");
    json_decref(e);
}

static void test_dinas_without_jurisdiction(void **state)
{
    (void)state;
    /* The article's own jurisdiction completes the dinas, and an acronym
     * the article spells out is used as written. */
    json_t *e = run("Kota Bandung terus membina UMKM. Pemkot Bandung hadir. "
                    "Kepala Dinas Koperasi dan Usaha Mikro Kecil dan Menengah "
                    "(KUMKM), Atet Dedi Handiman menjelaskan program.",
                    NULL);
    expect(e, "Atet Dedi Handiman", "Kepala Dinas",
           "Dinas Koperasi dan Usaha Mikro Kecil dan Menengah Kota Bandung");
    json_decref(e);
}

static void test_aliases_and_mentions(void **state)
{
    (void)state;
    /* "é" before the official checks that offsets are code points. */
    const char *t = "Café ini dibuka Wali Kota Bandung Ridwan Kamil. Kota "
                    "Bandung, dijelaskan pria yang akrab disapa Emil ini, "
                    "kota kreatif. \"Kami siap,\" tukas Emil. Ridwan menutup "
                    "acara.";
    json_t *e = run(t, NULL);
    json_t *o = find(e, "officials", "name", "Ridwan Kamil");
    assert_non_null(o);
    json_t *al = json_object_get(o, "aliases");
    assert_string_equal(json_string_value(json_array_get(al, 0)), "Emil");
    json_t *ms = json_object_get(o, "mentions");
    /* Introduction, alias in "disapa Emil", "tukas Emil", "Ridwan". */
    assert_int_equal(json_array_size(ms), 4);
    json_t *m0 = json_array_get(ms, 0);
    assert_int_equal(json_integer_value(json_array_get(m0, 0)), 16);
    assert_int_equal(json_integer_value(json_array_get(m0, 1)), 46);
    json_t *m3 = json_array_get(ms, 3);
    size_t s = (size_t)json_integer_value(json_array_get(m3, 0));
    /* The 4th mention is "Ridwan": count code points to it. */
    const char *p = strstr(t, "Ridwan menutup");
    size_t cp = 0;
    for (const char *q = t; q < p; q++)
        cp += ((unsigned char)*q & 0xC0) != 0x80;
    assert_int_equal(s, cp);
    json_decref(e);
}

static void test_staff_and_related_not_taken(void **state)
{
    (void)state;
    json_t *e = run("Bupati Garut Rudy Gunawan meninjau banjir.\n\n"
                    "Baca juga: Wali Kota Bandung Yana Mulyana tinjau pasar\n\n"
                    "Bantuan sudah disalurkan. (Arum)\n\n(wd)\n\n"
                    "Pewarta: Bagus Ahmad Rizaldi\nEditor : Yuniardi Ferdinan\n"
                    "COPYRIGHT © ANTARA News Jawa Barat 2022",
                    NULL);
    assert_int_equal(count(e, "officials"), 1);
    expect(e, "Rudy Gunawan", "Bupati", "Kabupaten Garut");
    json_decref(e);
    /* Private persons are no officials; neither are former ones. */
    e = run("Menurut Asep Sunandar, pelaku UMKM asal Cimahi, omzet naik. "
            "Mantan Gubernur Jawa Barat Ahmad Heryawan hadir.",
            NULL);
    assert_int_equal(count(e, "officials"), 0);
    json_decref(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_then_name),
        cmocka_unit_test(test_canonical_titles),
        cmocka_unit_test(test_name_then_title),
        cmocka_unit_test(test_honorifics_and_degrees),
        cmocka_unit_test(test_ministers_and_bodies),
        cmocka_unit_test(test_dinas_without_jurisdiction),
        cmocka_unit_test(test_aliases_and_mentions),
        cmocka_unit_test(test_staff_and_related_not_taken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
