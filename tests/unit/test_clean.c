/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/clean.c, the shared boilerplate cleaner. The texts
 * are the seed articles' own endings and openings (corpus/seeds, copied
 * here in part) plus the variants the outlets README documents: glued
 * ANTARA credits, the English edition's footer, the regional fragment's
 * empty "Editor :". Negative cases check that prose that merely looks
 * like boilerplate survives.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "clean.h"
#include "mem.h"
#include "page.h"
#include "record.h"

struct fx {
    struct warta_page_core core;
    struct warta_page pg;
    struct warta_record rec;
};

static struct fx *fx_new(const char *url, const char *plugin)
{
    struct fx *f = w_calloc(1, sizeof *f);
    arena_init(&f->core.arena, 0);
    f->core.plugin = plugin;
    f->pg.url = url;
    f->pg.core = &f->core;
    record_init(&f->rec);
    return f;
}

static int teardown(void **st)
{
    struct fx *f = *st;
    if (f) {
        record_cleanup(&f->rec);
        arena_cleanup(&f->core.arena);
        w_free(f);
    }
    *st = NULL;
    return 0;
}

static char *clean(void **st, const char *url, const char *plugin,
                   const char *text, unsigned flags)
{
    struct fx *f = fx_new(url, plugin);
    *st = f;
    return clean_text(&f->pg, text, flags, &f->rec);
}

static struct warta_record *rec_of(void **st)
{
    return &((struct fx *)*st)->rec;
}

static void assert_list(void **st, enum warta_field fld, const char *a,
                        const char *b)
{
    const struct strv *v = record_list(rec_of(st), fld);
    size_t want = (a != NULL) + (b != NULL);
    assert_int_equal(v->n, want);
    if (a)
        assert_string_equal(v->v[0], a);
    if (b)
        assert_string_equal(v->v[1], b);
}

static const char *dateline(void **st)
{
    return record_get(rec_of(st), WARTA_F_DATELINE);
}

/* Seed 000 (jabar.antaranews.com): "Baca juga" lines, the credit block
 * with "Editor :" and the regional copyright. */
static void test_antara_seed(void **st)
{
    const char *in =
        "\"Kami ingin belajar lebih dalam lagi,\" kata Sharipah.\n"
        "Adapun kerja sama Kota Petaling Jaya dengan Kota Bandung.\n\n"
        "Baca juga: Pemkot Bandung fasilitasi pendaftaran HKI untuk UMKM\n\n"
        "Untuk kerjasama di tahun 2022, menurutnya.\n\n"
        "Pewarta: Bagus Ahmad Rizaldi\n\n"
        "Editor : Yuniardi Ferdinan\n\n\n"
        "COPYRIGHT © ANTARA News Jawa Barat 2022";
    char *out = clean(st, "https://jabar.antaranews.com/berita/398245/x",
                      "antara", in, WARTA_CLEAN_ALL);
    assert_string_equal(
        out, "\"Kami ingin belajar lebih dalam lagi,\" kata Sharipah.\n"
             "Adapun kerja sama Kota Petaling Jaya dengan Kota Bandung.\n\n"
             "Untuk kerjasama di tahun 2022, menurutnya.");
    assert_list(st, WARTA_F_AUTHORS, "Bagus Ahmad Rizaldi", NULL);
    assert_list(st, WARTA_F_EDITORS, "Yuniardi Ferdinan", NULL);
    assert_null(dateline(st));
}

/* Credits glued without a separator, and "Pewarta :" with a space. */
static void test_antara_glued(void **st)
{
    char *out = clean(st, "https://www.antaranews.com/berita/1/x", "antara",
                      "Isi berita.\n\nPewarta: Putu Indah SavitriEditor: "
                      "Agus Salim Copyright © ANTARA 2026",
                      WARTA_CLEAN_CREDITS);
    assert_string_equal(out, "Isi berita.");
    assert_list(st, WARTA_F_AUTHORS, "Putu Indah Savitri", NULL);
    assert_list(st, WARTA_F_EDITORS, "Agus Salim", NULL);
}

static void test_antara_spaced(void **st)
{
    char *out = clean(st, "https://www.antaranews.com/berita/1/x", "antara",
                      "Isi.\n\nPewarta : Ahmad Fikri Editor: Faidin "
                      "COPYRIGHT © ANTARA 2026",
                      WARTA_CLEAN_CREDITS);
    assert_string_equal(out, "Isi.");
    assert_list(st, WARTA_F_AUTHORS, "Ahmad Fikri", NULL);
    assert_list(st, WARTA_F_EDITORS, "Faidin", NULL);
}

/* The regional 2022 fragment: one line per credit, empty editor. */
static void test_antara_empty_editor(void **st)
{
    char *out = clean(st, "https://banten.antaranews.com/berita/1/x",
                      "antara",
                      "Serang, Banten (ANTARA) - Dinas Lingkungan Hidup.\n\n"
                      "\"Sehingga kami,\" katanya.\n\n"
                      "Pewarta: Lukman Hakim\nEditor :\u00a0\n"
                      "COPYRIGHT © ANTARA 2023",
                      WARTA_CLEAN_ALL);
    assert_string_equal(out, "Dinas Lingkungan Hidup.\n\n"
                             "\"Sehingga kami,\" katanya.");
    assert_list(st, WARTA_F_AUTHORS, "Lukman Hakim", NULL);
    assert_list(st, WARTA_F_EDITORS, NULL, NULL);
    assert_string_equal(dateline(st), "Serang, Banten");
}

/* Legacy national layout: "Jakarta (ANTARA News) -", editor, (c) 2016. */
static void test_antara_legacy(void **st)
{
    char *out = clean(st, "http://otomotif.antaranews.com/berita/546646/p",
                      "antara",
                      "  Jakarta (ANTARA News) - PT Astra Otoparts Tbk "
                      "meluncurkan ban.\n\nAlessandro menambahkan.\n"
                      "Editor: B Kunto Wibisono\nCOPYRIGHT © 2016",
                      WARTA_CLEAN_ALL);
    assert_string_equal(out, "PT Astra Otoparts Tbk meluncurkan ban.\n\n"
                             "Alessandro menambahkan.");
    assert_string_equal(dateline(st), "Jakarta");
    assert_list(st, WARTA_F_EDITORS, "B Kunto Wibisono", NULL);
}

/* "Jakarta, KompasOtomotif –": the outlet's name joined to its desk. */
static void test_dateline_outlet_desk(void **st)
{
    char *out = clean(st, "http://otomotif.kompas.com/read/2016/02/23/1/x",
                      NULL,
                      "Jakarta, KompasOtomotif \xe2\x80\x93 Tahun depan, dua "
                      "produsen datang.",
                      WARTA_CLEAN_ALL);
    assert_string_equal(out, "Tahun depan, dua produsen datang.");
    assert_string_equal(dateline(st), "Jakarta");
    teardown(st);
    /* A two-word place starting with the host's name is no outlet. */
    out = clean(st, "https://www.bandung.go.id/berita/1", NULL,
                "Bandung Barat, Kota Baru \xe2\x80\x93 Warga datang.",
                WARTA_CLEAN_ALL);
    assert_null(dateline(st));
}

/* en.antaranews.com: "Related news:", translators, copyright. */
static void test_antara_english(void **st)
{
    char *out = clean(
        st, "https://en.antaranews.com/news/315033/x", "antara",
        "Jakarta (ANTARA) - President Joko Widodo will inaugurate the "
        "office.\n\nRelated news: ANTARA opens bureau\n\n"
        "The office is in Nusantara.\n\n"
        "Translator: Azis Kurmala, Resinta Sulistiyandari\n"
        "Editor: Rahmad Nasution\nCopyright © ANTARA 2024",
        WARTA_CLEAN_ALL);
    assert_string_equal(out, "President Joko Widodo will inaugurate the "
                             "office.\n\nThe office is in Nusantara.");
    assert_string_equal(dateline(st), "Jakarta");
    assert_list(st, WARTA_F_AUTHORS, "Azis Kurmala", "Resinta Sulistiyandari");
    assert_list(st, WARTA_F_EDITORS, "Rahmad Nasution", NULL);
}

/* Seed 001 (Prolite): dateline, "Baca Juga:", "(rls/red)", trailer. */
static void test_prolite_seed(void **st)
{
    char *out = clean(
        st, "https://prolitenews.com/sister-city/", "prolite",
        "\n\nBANDUNG, Prolite – Kerjasama Sister City antara Kota Bandung "
        "dengan Petaling Jaya Malaysia semakin erat.\n\n"
        "Baca Juga: [HARMONISASI PEMERINTAH KOTA BANDUNG](#)\n\n"
        "“Kami punya kegiatan Pasar Kreatif,” tuturnya.(rls/red)\n\n\n\n"
        "Baca Selanjutnya  \n[Melaney Ricardo Jalani Operasi](#)",
        WARTA_CLEAN_ALL);
    assert_string_equal(out, "Kerjasama Sister City antara Kota Bandung "
                             "dengan Petaling Jaya Malaysia semakin erat."
                             "\n\n“Kami punya kegiatan Pasar Kreatif,” "
                             "tuturnya.");
    assert_string_equal(dateline(st), "BANDUNG");
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL); /* rls/red: nobody */
    assert_list(st, WARTA_F_EDITORS, NULL, NULL);
}

/* 2025 Prolite: outlet only, no place. */
static void test_prolite_outlet_only(void **st)
{
    char *out = clean(st, "https://prolitenews.com/x/", "prolite",
                      "Prolite – Pemkot Bandung menggelar rapat.",
                      WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Pemkot Bandung menggelar rapat.");
    assert_null(dateline(st));
}

/* Seed 002 (solotrust): "(Arum)" reporter, "(wd)" editor. */
static void test_solotrust_seed(void **st)
{
    char *out = clean(
        st, "http://www.solotrust.com/read/4900/Pemkab-Bandung", "solotrust",
        "SOLO, solotrust.com- Pemerintah Kabupaten (Pemkab) Bandung "
        "melakukan kontak dagang.\n\n\n\n"
        "\"Harapan kita bisa memfasilitasi,\" ujarnya. (Arum)\n\n(wd)",
        WARTA_CLEAN_ALL);
    assert_string_equal(out, "Pemerintah Kabupaten (Pemkab) Bandung "
                             "melakukan kontak dagang.\n\n"
                             "\"Harapan kita bisa memfasilitasi,\" ujarnya.");
    assert_string_equal(dateline(st), "SOLO");
    assert_list(st, WARTA_F_AUTHORS, "Arum", NULL);
    assert_list(st, WARTA_F_EDITORS, "wd", NULL);
}

/* Seed 003 (Bandung Ekspres on jabarekspres.com): outlet first, then the
 * kecamatan; the comment form heading ends the text. */
static void test_jabarekspres_seed(void **st)
{
    char *out = clean(
        st, "https://jabarekspres.com/berita/2016/09/28/bandung-jajaki/",
        "jabarekspres",
        "bandungekspres.co.id, REGOL – Kota Bandung kembali dilirik "
        "investor mancanegara.\n\n”Kami dipenuhi,” tutur Emil.\n\n"
        "Tinggalkan Balasan\n\nEmail Anda tidak akan dipublikasikan.",
        WARTA_CLEAN_ALL);
    assert_string_equal(out, "Kota Bandung kembali dilirik investor "
                             "mancanegara.\n\n”Kami dipenuhi,” tutur Emil.");
    assert_string_equal(dateline(st), "REGOL");
}

/* Newer Jabar Ekspres: "JABAR EKSPRES –", "BACA JUGA:" glued, "(pan/ign)". */
static void test_jabarekspres_new(void **st)
{
    char *out = clean(st, "https://jabarekspres.com/berita/2025/x",
                      "jabarekspres",
                      "JABAR EKSPRES – Pemprov Jabar menjajaki kerja sama."
                      "\n\nBACA JUGA:Gubernur Jabar Tinjau Banjir\n\n"
                      "Kerja sama akan diteken bulan depan. (pan/ign)",
                      WARTA_CLEAN_ALL);
    assert_string_equal(out, "Pemprov Jabar menjajaki kerja sama.\n\n"
                             "Kerja sama akan diteken bulan depan.");
    assert_null(dateline(st));
    assert_list(st, WARTA_F_AUTHORS, "pan", NULL);
    assert_list(st, WARTA_F_EDITORS, "ign", NULL);
}

/* Seed 004 (PelitaJabar): ad residue as lines and inline, "Rls". */
static void test_pelitajabar_seed(void **st)
{
    char *out = clean(
        st, "https://pelitajabar.com/umkm-tahan-krisis.html", "pelitajabar",
        "BANDUNG, PelitaJabar – Pemkot Bandung menilai UMKM tahan krisis.\n"
        "Oleh karena itu, Pemkot terus mendorong.\n\nADVERTISEMENT\n\n"
        "SCROLL TO RESUME CONTENT\n\nYana terus mendorong. ADVERTISEMENT "
        "SCROLL TO RESUME CONTENT Selain itu, Pemkot membina.\n"
        "“Kolaborasi ini efektif,” pungkasnya. Rls",
        WARTA_CLEAN_ALL);
    assert_string_equal(out, "Pemkot Bandung menilai UMKM tahan krisis.\n"
                             "Oleh karena itu, Pemkot terus mendorong.\n\n"
                             "Yana terus mendorong.\n\n"
                             "Selain itu, Pemkot membina.\n"
                             "“Kolaborasi ini efektif,” pungkasnya.");
    assert_string_equal(dateline(st), "BANDUNG");
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL);
}

static void test_stars_and_adsbygoogle(void **st)
{
    char *out = clean(st, "https://pelitajabar.com/a.html", "pelitajabar",
                      "Isi pertama. (adsbygoogle = window.adsbygoogle || "
                      "[]).push({});\n\nIsi kedua.\n\n***",
                      WARTA_CLEAN_ALL);
    assert_string_equal(out, "Isi pertama.\n\nIsi kedua.");
}

/* A source credit in parentheses is removed but names nobody. */
static void test_signoff_institution(void **st)
{
    char *out = clean(st, "https://example.com/a", NULL,
                      "Isi berita. (Humas Pemkot Bandung)\n\n(***)",
                      WARTA_CLEAN_SIGNOFF);
    assert_string_equal(out, "Isi berita.");
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL);
    assert_list(st, WARTA_F_EDITORS, NULL, NULL);
}

/* Prose that looks like boilerplate must survive. */
static void test_negatives(void **st)
{
    const char *in =
        "Kota Bandung – yang dikenal kota kreatif – menjadi tuan rumah.\n\n"
        "Pewarta: kata ini di tengah tidak dihapus.\n\n"
        "Editor majalah itu hadir.\n\n"
        "Ia bicara tentang Usaha Mikro Kecil dan Menengah (UMKM)";
    char *out = clean(st, "https://example.com/a", "generic", in,
                      WARTA_CLEAN_ALL);
    assert_string_equal(out, in);
    assert_null(dateline(st));
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL);
}

/* "SOLO" is in the host solotrust.com but is the place, not the outlet;
 * an all-caps place alone is a dateline; a lone acronym sign-off too. */
static void test_dateline_forms(void **st)
{
    char *out = clean(st, "https://example.com/a", NULL,
                      "BANDUNG - Wali Kota hadir. (AR)", WARTA_CLEAN_ALL);
    assert_string_equal(out, "Wali Kota hadir.");
    assert_string_equal(dateline(st), "BANDUNG");
    assert_list(st, WARTA_F_AUTHORS, "AR", NULL);
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "BANDUNG, Pikiran Rakyat – Wali Kota hadir.",
                WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Wali Kota hadir.");
    assert_string_equal(dateline(st), "BANDUNG");
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "Bandung, 12/3 (ANTARA) - Wali Kota hadir.",
                WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Wali Kota hadir.");
    assert_string_equal(dateline(st), "Bandung");
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "BANDUNG, Kamis (23/3) - Wali Kota hadir.",
                WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Wali Kota hadir.");
    assert_string_equal(dateline(st), "BANDUNG");
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "Sukabumi-Bogor kini tersambung tol.", WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Sukabumi-Bogor kini tersambung tol.");
    assert_null(dateline(st));
    teardown(st);
    /* detik: "<strong>Jakarta</strong> - <p>...": the place alone. */
    out = clean(st, "https://inet.detik.com/read/1", NULL,
                "Jakarta -\n\nGalaxy S6 Edge adalah ponsel.",
                WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Galaxy S6 Edge adalah ponsel.");
    assert_string_equal(dateline(st), "Jakarta");
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "Harga naik -\n\nSemua bingung.", WARTA_CLEAN_DATELINE);
    assert_string_equal(out, "Harga naik -\n\nSemua bingung.");
    assert_null(dateline(st));
}

/* Tempo's sign-off: the reporter's name in capitals on the last line;
 * a heading in capitals is no name. */
static void test_caps_signoff(void **st)
{
    char *out = clean(st, "https://gaya.tempo.co/read/1", NULL,
                      "Isi berita.\n\nDINI TEJA", WARTA_CLEAN_ALL);
    assert_string_equal(out, "Isi berita.");
    assert_list(st, WARTA_F_AUTHORS, "Dini Teja", NULL);
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "Isi berita.\n\nBERITA TERKAIT", WARTA_CLEAN_SIGNOFF);
    assert_string_equal(out, "Isi berita.\n\nBERITA TERKAIT");
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL);
}

/* kapanlagi's "(kpl/pur/tch)": the outlet's code, reporter, editor. */
static void test_outlet_code_signoff(void **st)
{
    char *out = clean(st, "http://www.kapanlagi.com/showbiz/a.html", NULL,
                      "Isi berita.\n\n(kpl/pur/tch)", WARTA_CLEAN_ALL);
    assert_string_equal(out, "Isi berita.");
    assert_list(st, WARTA_F_AUTHORS, "pur", NULL);
    assert_list(st, WARTA_F_EDITORS, "tch", NULL);
    teardown(st);
    /* On another host the same letters are a reporter's initials. */
    out = clean(st, "https://example.com/a", NULL,
                "Isi berita.\n\n(kpl/pur)", WARTA_CLEAN_ALL);
    assert_list(st, WARTA_F_AUTHORS, "kpl", NULL);
}

/* A closing line of news agencies is a source, not a reporter. */
static void test_agency_signoff(void **st)
{
    char *out = clean(st, "http://en.tempo.co/read/1", NULL,
                      "Body text.\n\nANTARA", WARTA_CLEAN_ALL);
    assert_string_equal(out, "Body text.");
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL);
    teardown(st);
    out = clean(st, "https://example.com/a", NULL,
                "Isi berita.\n\nAP | REUTERS", WARTA_CLEAN_ALL);
    assert_string_equal(out, "Isi berita.");
    assert_list(st, WARTA_F_AUTHORS, NULL, NULL);
    teardown(st);
    /* Under it, a reporter in capitals still signs. */
    out = clean(st, "https://example.com/a", NULL,
                "Isi berita.\n\nDINI TEJA\n\nAntara/Reuters",
                WARTA_CLEAN_ALL);
    assert_string_equal(out, "Isi berita.");
    assert_list(st, WARTA_F_AUTHORS, "Dini Teja", NULL);
    teardown(st);
    /* A sentence naming an agency is text. */
    out = clean(st, "https://example.com/a", NULL,
                "Isi berita.\n\nMenurut Antara, AP dan Reuters.",
                WARTA_CLEAN_ALL);
    assert_string_equal(out, "Isi berita.\n\nMenurut Antara, AP dan Reuters.");
}

/* A credit line's role and place are no name. */
static void test_credit_role(void **st)
{
    char *out = clean(st, "https://regional.kompas.com/read/1", NULL,
                      "Isi.\n\nPenulis : Kontributor Lhokseumawe, Masriadi",
                      WARTA_CLEAN_CREDITS);
    assert_string_equal(out, "Isi.");
    assert_list(st, WARTA_F_AUTHORS, "Masriadi", NULL);
}

/* Each flag touches only its family; flags 0 only normalises spacing. */
static void test_flags(void **st)
{
    const char *in = "BANDUNG, Prolite – Isi.\n\nBaca Juga: X\n\n"
                     "Akhir.(rls/red)";
    char *out = clean(st, "https://prolitenews.com/a/", "prolite", in, 0);
    assert_string_equal(out, in);
    teardown(st);
    out = clean(st, "https://prolitenews.com/a/", "prolite", in,
                WARTA_CLEAN_RELATED);
    assert_string_equal(out, "BANDUNG, Prolite – Isi.\n\nAkhir.(rls/red)");
    assert_null(dateline(st));
}

/* "Baca juga:" alone on a line: its title is the next line. */
static void test_related_title_next_line(void **st)
{
    char *out = clean(st, "https://example.com/a", NULL,
                      "Satu.\n\nBaca juga:\nJudul lain\n\nDua.",
                      WARTA_CLEAN_RELATED);
    assert_string_equal(out, "Satu.\n\nDua.");
}

static void test_null_rec_and_args(void **st)
{
    struct fx *f = fx_new("https://prolitenews.com/a/", "prolite");
    *st = f;
    char *out = clean_text(&f->pg, "Akhir. (Arum)\n\n(wd)", WARTA_CLEAN_ALL,
                           NULL);
    assert_string_equal(out, "Akhir.");
    assert_null(clean_text(&f->pg, NULL, WARTA_CLEAN_ALL, NULL));
    assert_string_equal(clean_text(&f->pg, "", WARTA_CLEAN_ALL, NULL), "");
}

/* Every allocation failing in turn gives NULL or a right answer. */
static void test_nomem(void **st)
{
    const char *in = "SOLO, solotrust.com- Isi.\n\nAkhir. (Arum)\n\n(wd)";
    for (long n = 0; n < 40; n++) {
        struct fx *f = fx_new("http://www.solotrust.com/read/1/x",
                              "solotrust");
        mem_fail_after(n);
        char *out = clean_text(&f->pg, in, WARTA_CLEAN_ALL, &f->rec);
        mem_fail_after(-1);
        if (out)
            assert_string_equal(out, "Isi.\n\nAkhir.");
        record_cleanup(&f->rec);
        arena_cleanup(&f->core.arena);
        w_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_antara_seed, teardown),
        cmocka_unit_test_teardown(test_antara_glued, teardown),
        cmocka_unit_test_teardown(test_antara_spaced, teardown),
        cmocka_unit_test_teardown(test_antara_empty_editor, teardown),
        cmocka_unit_test_teardown(test_antara_legacy, teardown),
        cmocka_unit_test_teardown(test_antara_english, teardown),
        cmocka_unit_test_teardown(test_prolite_seed, teardown),
        cmocka_unit_test_teardown(test_prolite_outlet_only, teardown),
        cmocka_unit_test_teardown(test_solotrust_seed, teardown),
        cmocka_unit_test_teardown(test_jabarekspres_seed, teardown),
        cmocka_unit_test_teardown(test_jabarekspres_new, teardown),
        cmocka_unit_test_teardown(test_pelitajabar_seed, teardown),
        cmocka_unit_test_teardown(test_stars_and_adsbygoogle, teardown),
        cmocka_unit_test_teardown(test_signoff_institution, teardown),
        cmocka_unit_test_teardown(test_negatives, teardown),
        cmocka_unit_test_teardown(test_dateline_forms, teardown),
        cmocka_unit_test_teardown(test_credit_role, teardown),
        cmocka_unit_test_teardown(test_caps_signoff, teardown),
        cmocka_unit_test_teardown(test_outlet_code_signoff, teardown),
        cmocka_unit_test_teardown(test_agency_signoff, teardown),
        cmocka_unit_test_teardown(test_dateline_outlet_desk, teardown),
        cmocka_unit_test_teardown(test_flags, teardown),
        cmocka_unit_test_teardown(test_related_title_next_line, teardown),
        cmocka_unit_test_teardown(test_null_rec_and_args, teardown),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
