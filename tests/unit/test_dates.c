/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/dates.c with the shipped rules/: every date case of
 * gold/GUIDE.md "Dates" and of the issue (each its own test, so the TAP
 * output names the case), each month spelling, each thing that must not
 * be a date, phrasings beyond the seed articles, the seed articles
 * themselves against the gold values (tests/fixtures/seeds/), the
 * publication-date normaliser, and hostile inputs with bounded output.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include "mem.h"
#include "rules.h"
#include "warta/plugin.h"

static struct rules *g_rules;

static const char *top_srcdir(void)
{
    const char *top = getenv("top_srcdir");
    return top && *top ? top : WARTA_SRC_TOPDIR;
}

static int setup(void **st)
{
    char dir[4096], err[512];
    snprintf(dir, sizeof dir, "%s/rules", top_srcdir());
    if (rules_load(dir, &g_rules, err, sizeof err) != W_OK) {
        fprintf(stderr, "rules_load: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **st)
{
    rules_unref(g_rules);
    g_rules = NULL;
    return 0;
}

/* ---- table of cases -------------------------------------------------- */

#define NOPUB "-"

struct dcase {
    const char *text;
    const char *published; /* NOPUB for NULL */
    const char *want;      /* "value/precision ..." in text order; "" none */
    const char *first;     /* text of the first item, or NULL */
    const char *datetime;  /* datetime of the first item, or NULL */
};

static const struct dcase cases[] = {
    /* GUIDE "Dates": full and numeric dates. */
    {"di Balai Kota Bandung, Rabu 1 Februari 2023.", "2023-02-01",
     "2023-02-01/day", "Rabu 1 Februari 2023", NULL},
    {"ditandatangani pada 27 November 2015 untuk", "2023-02-01",
     "2015-11-27/day", "27 November 2015", NULL},
    {"dengan Dinas Koperasi, Kamis (22/3/2018).", "2018-03-23",
     "2018-03-22/day", "Kamis (22/3/2018)", NULL},
    {"New Normal di Kota Bandung, Selasa (23/03/2021).", "2021-03-23",
     "2021-03-23/day", "Selasa (23/03/2021)", NULL},
    {"tanggal 1.2.2023 dan 2023-02-01", "2023-02-01",
     "2023-02-01/day 2023-02-01/day", "1.2.2023", NULL},
    /* Without a year: the publication year, or the year before. */
    {"di Ruang Rapat, kemarin (27/9).", "2016-09-28", "2016-09-27/day",
     "kemarin (27/9)", NULL},
    {"pada (27/9) lalu", "2016-09-28", "2016-09-27/day", "(27/9)", NULL},
    {"pada (27/12) lalu", "2017-01-05", "2016-12-27/day", NULL, NULL},
    {"paparnya, Kamis (22/3).", "2018-03-23", "2018-03-22/day",
     "Kamis (22/3)", NULL},
    {"upacara 17 Agustus", "2023-02-01", "2022-08-17/day", "17 Agustus",
     NULL},
    {"(27/9)", NOPUB, "", NULL, NULL},
    /* Weekdays alone: the latest such day on or before publication. */
    {"kata Yana di Balai Kota Bandung, Jawa Barat, Senin.", "2022-08-08",
     "2022-08-08/day", "Senin", NULL},
    {"rapat digelar Jumat.", "2023-02-01", "2023-01-27/day", NULL, NULL},
    {"pada hari Rabu", "2023-02-01", "2023-02-01/day", "hari Rabu", NULL},
    {"Senin lalu", "2022-08-08", "2022-08-01/day", NULL, NULL},
    {"Senin depan", "2022-08-08", "2022-08-15/day", NULL, NULL},
    {"Jum'at", "2023-02-01", "2023-01-27/day", NULL, NULL},
    {"Ahad", "2023-02-01", "2023-01-29/day", NULL, NULL},
    /* Relative days. */
    {"ditemui kemarin", "2023-02-01", "2023-01-31/day", "kemarin", NULL},
    {"hari ini", "2023-02-01", "2023-02-01/day", NULL, NULL},
    {"besok pagi", "2023-02-01", "2023-02-02/day", "besok", NULL},
    {"lusa", "2023-02-01", "2023-02-03/day", NULL, NULL},
    {"kemarin lusa", "2023-02-01", "2023-01-30/day", "kemarin lusa", NULL},
    {"yang baru saja diresmikan", "2023-02-01", "2023-02-01/day",
     "baru saja", NULL},
    {"hari ini", "2023-02-01T23:30:00+07:00", "2023-02-01/day", NULL, NULL},
    {"kemarin", NOPUB, "", NULL, NULL},
    /* N hari/minggu/bulan/tahun (yang) lalu. */
    {"3 hari lalu", "2023-02-01", "2023-01-29/day", "3 hari lalu", NULL},
    {"tiga hari yang lalu", "2023-02-01", "2023-01-29/day", NULL, NULL},
    {"3 minggu yang lalu", "2023-02-01", "2023-01-11/day", NULL, NULL},
    {"dua pekan lalu", "2023-02-01", "2023-01-18/day", NULL, NULL},
    {"seminggu lalu", "2023-02-01", "2023-01-25/day", NULL, NULL},
    {"2 bulan lalu", "2023-02-01", "2022-12/month", NULL, NULL},
    {"tiga tahun yang lalu", "2023-02-01", "2020/year", NULL, NULL},
    {"dua puluh tahun silam", "2023-02-01", "2003/year", NULL, NULL},
    {"sebulan yang lalu", "2023-02-01", "2023-01/month",
     "sebulan yang lalu", NULL},
    {"setahun lalu", "2023-02-01", "2022/year", NULL, NULL},
    {"5 tahun lagi", "2023-02-01", "2028/year", NULL, NULL},
    {"bulan depan", "2023-02-01", "2023-03/month", NULL, NULL},
    {"bulan lalu", "2023-01-15", "2022-12/month", NULL, NULL},
    {"tahun ini", "2023-02-01", "2023/year", NULL, NULL},
    {"tahun depan", "2023-02-01", "2024/year", NULL, NULL},
    {"tahun lalu", "2023-02-01", "2022/year", NULL, NULL},
    {"tahun mendatang", "2023-02-01", "2024/year", NULL, NULL},
    {"3 hari lalu", NOPUB, "", NULL, NULL},
    /* Months. */
    {"pada Maret 2021 lalu", "2023-02-01", "2021-03/month",
     "pada Maret 2021", NULL},
    {"bulan Desember 2019", "2023-02-01", "2019-12/month", NULL, NULL},
    {"sejak Maret lalu", "2023-02-01", "2022-03/month", NULL, NULL},
    {"pada bulan Januari", "2023-02-01", "2023-01/month", NULL, NULL},
    {"akhir Oktober mendatang", "2023-02-01", "2023-10/month", NULL, NULL},
    {"Maret - Mei 2021", "2023-02-01", "2021-03/month 2021-05/month", NULL,
     NULL},
    /* Years. */
    {"telah terjalin sejak 2015.", "2022-08-08", "2015/year", "sejak 2015",
     NULL},
    {"\"Tahun 2019 kita pernah", "2022-08-08", "2019/year", "Tahun 2019",
     NULL},
    {"Sehingga pada 2018 lalu, Petaling Jaya", "2023-02-01", "2018/year",
     "pada 2018 lalu", NULL},
    {"Untuk kerjasama di tahun 2022, menurutnya", "2022-08-08", "2022/year",
     "di tahun 2022", NULL},
    {"periode 2021-2026", "2023-02-01", "2021/year 2026/year", NULL, NULL},
    {"hingga 2030", NOPUB, "2030/year", NULL, NULL},
    {"gempa 2018 lalu", NOPUB, "2018/year", "2018 lalu", NULL},
    /* Month spellings, old and new, abbreviated, English. */
    {"10 Pebruari 2020", NOPUB, "2020-02-10/day", NULL, NULL},
    {"10 Februari 2020", NOPUB, "2020-02-10/day", NULL, NULL},
    {"10 Feb 2020", NOPUB, "2020-02-10/day", NULL, NULL},
    {"10 Peb 2020", NOPUB, "2020-02-10/day", NULL, NULL},
    {"3 Nopember 2020", NOPUB, "2020-11-03/day", NULL, NULL},
    {"3 Nop 2020", NOPUB, "2020-11-03/day", NULL, NULL},
    {"3 Nov 2020", NOPUB, "2020-11-03/day", NULL, NULL},
    {"17 Agu 2020", NOPUB, "2020-08-17/day", NULL, NULL},
    {"17 Agt 2020", NOPUB, "2020-08-17/day", NULL, NULL},
    {"17 Ags 2020", NOPUB, "2020-08-17/day", NULL, NULL},
    {"17 Agustus 2020", NOPUB, "2020-08-17/day", NULL, NULL},
    {"9 Mrt 2020", NOPUB, "2020-03-09/day", NULL, NULL},
    {"9 Mar 2020", NOPUB, "2020-03-09/day", NULL, NULL},
    {"24 Des 2020", NOPUB, "2020-12-24/day", NULL, NULL},
    {"24 Desember 2020", NOPUB, "2020-12-24/day", NULL, NULL},
    {"9 Sept 2021", NOPUB, "2021-09-09/day", NULL, NULL},
    {"9 Sep. 2021", NOPUB, "2021-09-09/day", NULL, NULL},
    {"1 Januari 2020", NOPUB, "2020-01-01/day", NULL, NULL},
    {"1 Jan 2020", NOPUB, "2020-01-01/day", NULL, NULL},
    {"1 April 2020", NOPUB, "2020-04-01/day", NULL, NULL},
    {"1 Mei 2020", NOPUB, "2020-05-01/day", NULL, NULL},
    {"1 Juni 2020", NOPUB, "2020-06-01/day", NULL, NULL},
    {"1 Juli 2020", NOPUB, "2020-07-01/day", NULL, NULL},
    {"1 Oktober 2020", NOPUB, "2020-10-01/day", NULL, NULL},
    {"1 Okt 2020", NOPUB, "2020-10-01/day", NULL, NULL},
    {"1 January 2020", NOPUB, "2020-01-01/day", NULL, NULL},
    {"1 February 2020", NOPUB, "2020-02-01/day", NULL, NULL},
    {"1 March 2020", NOPUB, "2020-03-01/day", NULL, NULL},
    {"1 May 2020", NOPUB, "2020-05-01/day", NULL, NULL},
    {"1 June 2020", NOPUB, "2020-06-01/day", NULL, NULL},
    {"1 July 2020", NOPUB, "2020-07-01/day", NULL, NULL},
    {"1 August 2020", NOPUB, "2020-08-01/day", NULL, NULL},
    {"1 October 2020", NOPUB, "2020-10-01/day", NULL, NULL},
    {"1 December 2020", NOPUB, "2020-12-01/day", NULL, NULL},
    {"1 Dec 2020", NOPUB, "2020-12-01/day", NULL, NULL},
    {"March 15, 2020", NOPUB, "2020-03-15/day", NULL, NULL},
    /* Ranges give both ends. */
    {"pameran 3 - 5 September 2025 di", NOPUB,
     "2025-09-03/day 2025-09-05/day", "3 - 5 September 2025", NULL},
    {"3 September - 5 Oktober 2025", NOPUB, "2025-09-03/day 2025-10-05/day",
     NULL, NULL},
    {"30 Desember 2024 hingga 2 Januari 2025", NOPUB,
     "2024-12-30/day 2025-01-02/day", NULL, NULL},
    {"30 Desember hingga 2 Januari 2025", NOPUB,
     "2024-12-30/day 2025-01-02/day", NULL, NULL},
    {"10 s.d. 12 Oktober", "2023-11-01", "2023-10-10/day 2023-10-12/day",
     NULL, NULL},
    {"digelar Sabtu-Minggu (4-5/2) di Bandung", "2023-02-03",
     "2023-02-04/day 2023-02-05/day", "Sabtu-Minggu (4-5/2)", NULL},
    {"digelar (4-5/2) di Bandung", "2023-02-03",
     "2022-02-04/day 2022-02-05/day", "(4-5/2)", NULL},
    {"pameran Sabtu (4/2) mendatang", "2023-02-03", "2023-02-04/day",
     "Sabtu (4/2)", NULL},
    {"pameran (4/2)", "2023-02-03", "2022-02-04/day", NULL, NULL},
    {"Sabtu (6/1)", "2023-12-30", "2024-01-06/day", NULL, NULL},
    /* Times: WIB, WITA, WIT. */
    {"23 Maret 2018 09:37 WIB", "2018-03-23", "2018-03-23/day",
     "23 Maret 2018 09:37 WIB", "2018-03-23T09:37:00+07:00"},
    {"Senin, 15 Mei 2017 pukul 18.43 WITA", NOPUB, "2017-05-15/day", NULL,
     "2017-05-15T18:43:00+08:00"},
    {"Sabtu (1/10/2022) pukul 09.00 WIT", NOPUB, "2022-10-01/day", NULL,
     "2022-10-01T09:00:00+09:00"},
    {"Senin, 12 Mei 2025 17:33", NOPUB, "2025-05-12/day", NULL,
     "2025-05-12T17:33:00+07:00"},
    /* Not dates. */
    {"Undang-Undang Nomor 9 Tahun 2015 tentang", "2023-02-01", "", NULL,
     NULL},
    {"sesuai UU No. 23 Tahun 2014", "2023-02-01", "", NULL, NULL},
    {"Perda Kota Bandung Nomor 5 Tahun 2019", "2023-02-01", "", NULL, NULL},
    {"Peraturan Daerah Provinsi Jawa Barat Tahun 2010", "2023-02-01", "",
     NULL, NULL},
    {"menuju Indonesia Emas 2045", "2023-02-01", "", NULL, NULL},
    {"pameran TEI 2025 lalu", "2023-02-01", "", NULL, NULL},
    {"Piala Dunia 2026", "2023-02-01", "", NULL, NULL},
    {"untuk jangka waktu 5 tahun", "2023-02-01", "", NULL, NULL},
    {"dalam waktu enam bulan", "2023-02-01", "", NULL, NULL},
    {"selama 3 tahun", "2023-02-01", "", NULL, NULL},
    {"Minggu depan, kami akan", "2023-02-01", "", NULL, NULL},
    {"minggu lalu", "2023-02-01", "", NULL, NULL},
    {"pekan lalu", "2023-02-01", "", NULL, NULL},
    {"pekan depan", "2023-02-01", "", NULL, NULL},
    {"beberapa hari lalu", "2023-02-01", "", NULL, NULL},
    {"beberapa tahun yang lalu", "2023-02-01", "", NULL, NULL},
    {"bertahun-tahun lalu", "2023-02-01", "", NULL, NULL},
    {"pria berusia 45 tahun", "2023-02-01", "", NULL, NULL},
    {"dalam 3 tahun mendatang", "2023-02-01", "", NULL, NULL},
    {"selama lima tahun terakhir", "2023-02-01", "", NULL, NULL},
    {"dua bulan ke depan", "2023-02-01", "", NULL, NULL},
    {"puluhan tahun silam", "2023-02-01", "", NULL, NULL},
    {"pukul 10.00 WIB", "2023-02-01", "", NULL, NULL},
    {"© 2022", "2023-02-01", "", NULL, NULL},
    {"COPYRIGHT © ANTARA 2022", "2023-02-01", "", NULL, NULL},
    {"COPYRIGHT © ANTARA News Jawa Barat 2022", "2023-02-01", "", NULL,
     NULL},
    {"sebanyak 2015 orang", "2023-02-01", "", NULL, NULL},
    {"sejak 2015 orang datang", "2023-02-01", "", NULL, NULL},
    {"kepada 2015 peserta", "2023-02-01", "", NULL, NULL},
    {"tahun 2000-an", "2023-02-01", "", NULL, NULL},
    {"harga Rp 1.250.000", "2023-02-01", "", NULL, NULL},
    {"skor 3-1", "2023-02-01", "", NULL, NULL},
    {"31 Februari 2023", "2023-02-01", "", NULL, NULL},
    {"dalam satu minggu", "2023-02-01", "", NULL, NULL},
    {"pada Mei Ling", "2023-02-01", "", NULL, NULL},
    /* Phrasings beyond the seeds. */
    {"Sabtu, 2 September pukul 08.00 WIB", "2023-10-01", "2023-09-02/day",
     NULL, "2023-09-02T08:00:00+07:00"},
    {"proklamasi 17 Agustus 1945", NOPUB, "1945-08-17/day", NULL, NULL},
    {"Minggu (5/2)", "2023-02-06", "2023-02-05/day", "Minggu (5/2)", NULL},
    {"diumumkan Senin (30/1) dan berlaku Rabu (1/2/2023)", "2023-02-01",
     "2023-01-30/day 2023-02-01/day", NULL, NULL},
    {"KAMIS (22/3/2018)", NOPUB, "2018-03-22/day", "(22/3/2018)", NULL},
    {"pada 5-7 Mei", "2023-06-01", "2023-05-05/day 2023-05-07/day", NULL,
     NULL},
    {"mulai tahun 2016 hingga 2020", NOPUB, "2016/year 2020/year", NULL,
     NULL},
    {"Awal Juni lalu", "2023-02-01", "2022-06/month", NULL, NULL},
    {"tahun 2019 dan tahun 2020", NOPUB, "2019/year 2020/year", NULL, NULL},
    {"Kunjungan itu, Selasa lalu, diikuti", "2023-02-01", "2023-01-31/day",
     "Selasa lalu", NULL},
    {"akan digelar pada 29 April mendatang", "2023-02-03", "2023-04-29/day",
     "29 April mendatang", NULL},
    {"diteken pada 10 Januari lalu", "2023-02-03", "2023-01-10/day", NULL,
     NULL},
    {"Sabtu, 4 Februari 2023, pukul 09.00-12.00 WIB di Gedung Sate", NOPUB,
     "2023-02-04/day", "Sabtu, 4 Februari 2023, pukul 09.00-12.00 WIB",
     "2023-02-04T09:00:00+07:00"},
    {"rapat Rabu pekan lalu", "2023-02-03", "2023-01-25/day",
     "Rabu pekan lalu", NULL},
    {"Jumat minggu depan", "2023-02-01", "2023-02-10/day", NULL, NULL},
    {"Senin pekan ini", "2023-02-01", "2023-01-30/day", NULL, NULL},
};

static void run_case(void **st)
{
    const struct dcase *c = *st;
    struct dates_list l;
    dates_list_init(&l);
    const char *pub = strcmp(c->published, NOPUB) ? c->published : NULL;
    assert_int_equal(dates_find(g_rules, c->text, strlen(c->text), pub, &l),
                     W_OK);
    char got[1024] = "";
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s%s/%s",
                              i ? " " : "", l.v[i].value, l.v[i].precision);
    if (strcmp(got, c->want))
        print_error("\"%s\" (published %s): got \"%s\", want \"%s\"\n",
                    c->text, c->published, got, c->want);
    assert_string_equal(got, c->want);
    if (c->first)
        assert_string_equal(l.v[0].text, c->first);
    if (c->datetime)
        assert_string_equal(l.v[0].datetime, c->datetime);
    /* Offsets are code points and cover the text of the item. */
    for (size_t i = 0; i < l.n; i++) {
        assert_true(l.v[i].start < l.v[i].end);
        assert_int_equal(l.v[i].end - l.v[i].start,
                         rules_cp_offset(l.v[i].text, strlen(l.v[i].text)));
        assert_memory_equal(c->text + l.v[i].bstart, l.v[i].text,
                            l.v[i].bend - l.v[i].bstart);
    }
    dates_list_cleanup(&l);
}

/* ---- date_normalise -------------------------------------------------- */

static void test_normalise(void **st)
{
    static const char *const io[][2] = {
        {"Sun, 15 Mar 2020 15:51:04 +0700", "2020-03-15T15:51:04+07:00"},
        {"Sun, 15 Mar 2020 08:51:04 GMT", "2020-03-15T08:51:04+00:00"},
        {"Mon, 02 Jan 2023 10:00:00 -0500", "2023-01-02T10:00:00-05:00"},
        {"2020-03-15T15:51:04+07:00", "2020-03-15T15:51:04+07:00"},
        {"2020-03-15T08:51:04Z", "2020-03-15T08:51:04+00:00"},
        {"2020-03-15T08:51:04.123+0800", "2020-03-15T08:51:04+08:00"},
        {"2020-03-15 15:51", "2020-03-15T15:51:00+07:00"},
        {"2020-03-15", "2020-03-15"},
        {"  2018-03-23T09:37+07:00 ", "2018-03-23T09:37:00+07:00"},
        {"Senin, 15 Mei 2017 18:43 WIB", "2017-05-15T18:43:00+07:00"},
        {"23 Maret 2018 09:37 WIB", "2018-03-23T09:37:00+07:00"},
        {"Senin, 12 Mei 2025 17:33", "2025-05-12T17:33:00+07:00"},
        {"Rabu, 1 Februari 2023 - 10:15 WITA", "2023-02-01T10:15:00+08:00"},
        {"Jumat, 3 Nopember 2023 | 08.30 WIT", "2023-11-03T08:30:00+09:00"},
        {"15/05/2017 18:43", "2017-05-15T18:43:00+07:00"},
        {"15-05-2017", "2017-05-15"},
        {"15.05.2017", "2017-05-15"},
        {"2017/05/15", "2017-05-15"},
        {"May 15, 2017", "2017-05-15"},
        {"May 15, 2017 3:04 PM", "2017-05-15T15:04:00+07:00"},
        {"Kamis, 22 Agt 2019", "2019-08-22"},
        {"Diperbarui 2 Desember 2022, 10.30 WIB", "2022-12-02T10:30:00+07:00"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof io / sizeof *io; i++) {
        int rc = date_normalise(io[i][0], out, sizeof out);
        if (rc != W_OK || strcmp(out, io[i][1]))
            print_error("date_normalise(\"%s\") = %d \"%s\", want \"%s\"\n",
                        io[i][0], rc, out, io[i][1]);
        assert_int_equal(rc, W_OK);
        assert_string_equal(out, io[i][1]);
    }
    static const char *const bad[] = {
        "", "kemarin", "2 jam yang lalu", "31 Februari 2023", "2023-13-01",
        "pukul 10.00 WIB", "Senin", "12345", NULL,
    };
    for (size_t i = 0; bad[i]; i++) {
        assert_int_equal(date_normalise(bad[i], out, sizeof out), W_NOTFOUND);
        assert_string_equal(out, "");
    }
    assert_int_equal(date_normalise(NULL, out, sizeof out), W_NOTFOUND);
    char small[8];
    assert_int_equal(date_normalise("2020-03-15", small, sizeof small),
                     W_TOOBIG);
    assert_string_equal(small, "");
}

static void test_calendar(void **st)
{
    assert_int_equal(dates_to_days(1970, 1, 1), 0);
    assert_int_equal(dates_to_days(2000, 3, 1), 11017);
    int y, m, d;
    dates_from_days(dates_to_days(2024, 2, 29) + 1, &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 20240301);
    assert_int_equal(dates_weekday(2023, 2, 1), 3);
    assert_int_equal(dates_weekday(2022, 8, 8), 1);
    assert_true(dates_valid(2024, 2, 29));
    assert_false(dates_valid(2023, 2, 29));
    assert_false(dates_valid(2023, 0, 1));
    for (long z = -719000; z < 2900000; z += 997) {
        dates_from_days(z, &y, &m, &d);
        assert_true(dates_valid(y, m, d));
        assert_int_equal(dates_to_days(y, m, d), z);
    }
}

/* ---- the seed articles ----------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    size_t k;
    while ((k = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2)
            p = realloc(p, cap *= 2);
    }
    fclose(f);
    p[n] = '\0';
    *len = n;
    return p;
}

static int has_value(json_t *arr, const char *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        const char *s = json_string_value(json_object_get(x, "value"));
        if (s && strcmp(s, v) == 0)
            return 1;
    }
    return 0;
}

/* GUIDE: scoring compares the set of distinct values per article. */
static void test_seeds(void **st)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/seeds/dev.jsonl",
             top_srcdir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[65536];
    int articles = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t je;
        json_t *g = json_loads(line, 0, &je);
        assert_non_null(g);
        const char *file = json_string_value(json_object_get(g, "file"));
        const char *pub = json_string_value(json_object_get(g, "published"));
        json_t *want = json_object_get(g, "dates");
        const char *base = strrchr(file, '/');
        snprintf(path, sizeof path, "%s/tests/fixtures/seeds/%s",
                 top_srcdir(), base ? base + 1 : file);
        size_t len;
        char *text = slurp(path, &len);
        assert_non_null(text);
        struct dates_list l;
        dates_list_init(&l);
        assert_int_equal(dates_find(g_rules, text, len, pub, &l), W_OK);
        /* Every found value is in the gold, every gold value is found. */
        for (size_t i = 0; i < l.n; i++) {
            if (!has_value(want, l.v[i].value))
                print_error("%s: extra date \"%s\" = %s\n", file,
                            l.v[i].text, l.v[i].value);
            assert_true(has_value(want, l.v[i].value));
        }
        size_t i;
        json_t *x;
        json_array_foreach(want, i, x)
        {
            const char *v = json_string_value(json_object_get(x, "value"));
            int found = 0;
            for (size_t j = 0; j < l.n; j++)
                found |= strcmp(l.v[j].value, v) == 0;
            if (!found)
                print_error("%s: missing date %s\n", file, v);
            assert_true(found);
        }
        dates_list_cleanup(&l);
        free(text);
        json_decref(g);
        articles++;
    }
    fclose(f);
    assert_int_equal(articles, 5);
}

/* ---- hostile inputs: bounded answers --------------------------------- */

static void find_bounded(const char *text, size_t len, size_t max_items)
{
    struct dates_list l;
    dates_list_init(&l);
    assert_int_equal(dates_find(g_rules, text, len, "2023-02-01", &l), W_OK);
    assert_true(l.n <= max_items);
    assert_true(l.n <= DATES_MAX);
    dates_list_cleanup(&l);
}

static void test_empty_and_invalid(void **st)
{
    struct dates_list l;
    dates_list_init(&l);
    assert_int_equal(dates_find(g_rules, "", 0, "2023-02-01", &l), W_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(dates_find(g_rules, NULL, 0, NULL, &l), W_OK);
    assert_int_equal(dates_find(NULL, "kemarin", 7, "2023-02-01", &l), W_OK);
    assert_int_equal(l.n, 0);
    /* Invalid UTF-8 around a date: found, offsets in the sanitised text
     * (each bad byte is one U+FFFD, one code point). */
    const char *bad = "\xff\xfe Rabu 1 Februari 2023 \xc3";
    assert_int_equal(dates_find(g_rules, bad, strlen(bad), NULL, &l), W_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].value, "2023-02-01");
    assert_int_equal(l.v[0].start, 3);
    assert_int_equal(l.v[0].end, 23);
    dates_list_cleanup(&l);
    /* NUL bytes inside the text. */
    const char nul[] = "kemarin\0besok";
    dates_list_init(&l);
    assert_int_equal(dates_find(g_rules, nul, sizeof nul - 1, "2023-02-01",
                                &l),
                     W_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[1].start, 8);
    dates_list_cleanup(&l);
    /* Garbage published dates are "no publication date". */
    dates_list_init(&l);
    assert_int_equal(dates_find(g_rules, "kemarin, 1 Mei 2020", 19,
                                "kapan-kapan", &l),
                     W_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].value, "2020-05-01");
    dates_list_cleanup(&l);
}

static char *repeat(const char *unit, size_t total, size_t *len)
{
    size_t u = strlen(unit), n = 0;
    char *p = malloc(total + u + 1);
    while (n < total) {
        memcpy(p + n, unit, u);
        n += u;
    }
    p[n] = '\0';
    *len = n;
    return p;
}

static void test_ten_megabytes(void **st)
{
    char path[4096];
    snprintf(path, sizeof path,
             "%s/tests/fixtures/seeds/001_73e28596bbca1563.txt",
             top_srcdir());
    size_t len;
    char *seed = slurp(path, &len);
    assert_non_null(seed);
    size_t n;
    char *big = repeat(seed, 10u << 20, &n);
    struct dates_list l;
    dates_list_init(&l);
    assert_int_equal(dates_find(g_rules, big, n, "2023-02-01", &l), W_OK);
    assert_int_equal(l.n, DATES_MAX); /* three per copy: cut at the bound */
    assert_int_equal(l.truncated, 1);
    assert_string_equal(l.v[0].value, "2023-02-01");
    dates_list_cleanup(&l);
    free(big);
    free(seed);
}

static void test_adversarial(void **st)
{
    size_t n;
    char *p;
    /* Long runs of capitalised words, months and weekdays among them. */
    p = repeat("Senin Maret Kota Bandung Nomor Tahun ", 2u << 20, &n);
    find_bounded(p, n, DATES_MAX);
    free(p);
    /* 100k digits, and digits with separators. */
    p = repeat("0123456789", 100000, &n);
    find_bounded(p, n, 0);
    free(p);
    p = repeat("12/3/2020/", 1u << 20, &n);
    find_bounded(p, n, DATES_MAX);
    free(p);
    p = repeat("1.", 1u << 20, &n);
    find_bounded(p, n, 0);
    free(p);
    /* 1 MB of "(((", and deeply nested parentheses around a date. */
    p = repeat("(", 1u << 20, &n);
    find_bounded(p, n, 0);
    free(p);
    size_t depth = 100000;
    char *nest = malloc(2 * depth + 16);
    memset(nest, '(', depth);
    memcpy(nest + depth, "27/9", 4);
    memset(nest + depth + 4, ')', depth);
    find_bounded(nest, 2 * depth + 4, 1);
    free(nest);
    /* Spaces between the parts of a would-be date. */
    p = repeat("1          ", 1u << 20, &n);
    find_bounded(p, n, 0);
    free(p);
    p = repeat("tahun ", 1u << 20, &n);
    find_bounded(p, n, 0);
    free(p);
    p = repeat("3 hari ", 1u << 20, &n);
    find_bounded(p, n, 0);
    free(p);
}

/* Every allocation failing in turn: W_NOMEM, nothing leaked. */
static void test_out_of_memory(void **st)
{
    const char *text = "Rabu 1 Februari 2023, kemarin (27/9), sejak 2015 "
                       "dan 3 - 5 September 2025";
    long n;
    for (n = 0; n < 10000; n++) {
        struct dates_list l;
        dates_list_init(&l);
        mem_fail_after(n);
        int rc = dates_find(g_rules, text, strlen(text), "2023-02-01", &l);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_int_equal(l.n, 5);
            dates_list_cleanup(&l);
            break;
        }
        assert_int_equal(rc, W_NOMEM);
        dates_list_cleanup(&l);
    }
    assert_true(n > 3);
}

int main(void)
{
    size_t nc = sizeof cases / sizeof *cases;
    struct CMUnitTest *t = calloc(nc + 8, sizeof *t);
    char (*names)[96] = calloc(nc, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < nc; i++) {
        snprintf(names[i], sizeof names[i], "date: %s", cases[i].text);
        t[k].name = names[i];
        t[k].test_func = run_case;
        t[k].initial_state = (void *)&cases[i];
        k++;
    }
    struct CMUnitTest more[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_empty_and_invalid),
        cmocka_unit_test(test_ten_megabytes),
        cmocka_unit_test(test_adversarial),
        cmocka_unit_test(test_out_of_memory),
    };
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        t[k++] = more[i];
    int rc = _cmocka_run_group_tests("dates", t, k, setup, teardown);
    free(names);
    free(t);
    return rc;
}
