/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/numbers.c with the shipped rules/money: Indonesian
 * number parsing (exact decimal scaling), money in its prefix and suffix
 * forms with ISO 4217 codes, percentages, and hostile inputs.
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
#include "mem.h"
#include "numbers.h"
#include "rules.h"
#include "warta/plugin.h"

static struct rules *g_rules;

static int setup(void **st)
{
    char dir[4096], err[512];
    const char *top = getenv("top_srcdir");
    snprintf(dir, sizeof dir, "%s/rules",
             top && *top ? top : WARTA_SRC_TOPDIR);
    if (rules_load(dir, &g_rules, err, sizeof err) != W_OK) {
        fprintf(stderr, "rules_load: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **st)
{
    rules_unref(g_rules);
    return 0;
}

static void test_parse(void **st)
{
    static const struct {
        const char *in;
        unsigned e;
        const char *out;
    } ok[] = {
        {"2", 12, "2000000000000"},
        {"2,5", 9, "2500000000"},
        {"500", 6, "500000000"},
        {"150.000", 0, "150000"},
        {"1.250.000", 0, "1250000"},
        {"1.250,75", 0, "1250.75"},
        {"1,250.75", 0, "1250.75"},
        {"1,000,000", 0, "1000000"},
        {"3.5", 6, "3500000"},
        {"12,5", 0, "12.5"},
        {"0,5", 0, "0.5"},
        {"007", 0, "7"},
        {"2,50", 0, "2.5"},
        {"1,234567", 3, "1234.567"},
        {"0", 12, "0"},
        {"999999999999", 12, "999999999999000000000000"},
    };
    char out[48];
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        int rc = numbers_parse(ok[i].in, strlen(ok[i].in), ok[i].e, out,
                               sizeof out);
        if (rc || strcmp(out, ok[i].out))
            print_error("numbers_parse(%s, %u) = %d %s, want %s\n", ok[i].in,
                        ok[i].e, rc, out, ok[i].out);
        assert_int_equal(rc, W_OK);
        assert_string_equal(out, ok[i].out);
    }
    static const char *const bad[] = {"", "abc", ",5", "5,", "1.2.3,4,5",
                                      "1e5", "-3", NULL};
    for (size_t i = 0; bad[i]; i++)
        assert_int_equal(numbers_parse(bad[i], strlen(bad[i]), 0, out,
                                       sizeof out),
                         W_PARSE);
    char digits[64];
    memset(digits, '9', 41);
    assert_int_equal(numbers_parse(digits, 41, 0, out, sizeof out),
                     W_TOOBIG);
    char tiny[4];
    assert_int_equal(numbers_parse("12345", 5, 0, tiny, sizeof tiny),
                     W_TOOBIG);
}

struct mcase {
    const char *text;
    const char *want; /* "amount/currency ..." then "| value% ..." */
    const char *first;
};

static const struct mcase cases[] = {
    {"Nilai investasinya mencapai Rp 2 triliun,", "2000000000000/IDR",
     "Rp 2 triliun"},
    {"anggaran Rp2,5 miliar", "2500000000/IDR", "Rp2,5 miliar"},
    {"modal di bawah 500 juta rupiah dihilangkan", "500000000/IDR",
     "500 juta rupiah"},
    {"harga Rp 150.000,- per paket", "150000/IDR", "Rp 150.000,-"},
    {"Rp. 1.250.000", "1250000/IDR", NULL},
    {"senilai US$ 3 juta", "3000000/USD", "US$ 3 juta"},
    {"sekitar RM 10 ribu", "10000/MYR", "RM 10 ribu"},
    {"3,5 juta dolar AS", "3500000/USD", "3,5 juta dolar AS"},
    {"2 miliar dolar Singapura", "2000000000/SGD", NULL},
    {"10 ribu ringgit Malaysia", "10000/MYR", "10 ribu ringgit Malaysia"},
    {"IDR 5 Juta", "5000000/IDR", NULL},
    {"€ 20 juta", "20000000/EUR", NULL},
    {"Rp 1,5 T", "1500000000000/IDR", "Rp 1,5 T"},
    {"Rp2 M untuk", "2000000000/IDR", "Rp2 M"},
    {"anggaran Rp 300 jutaan", "300000000/IDR", "Rp 300 jutaan"},
    {"sebesar Rp2.500.000,00 per bulan", "2500000/IDR", NULL},
    {"US$1.2 million", "1200000/USD", NULL},
    {"ekonomi sebesar 8 persen.", "| 8", "8 persen"},
    {"naik 12,5% dari", "| 12.5", "12,5%"},
    {"delapan persen", "| 8", "delapan persen"},
    {"Rp 2 triliun atau 8 persen", "2000000000000/IDR | 8", NULL},
    {"2,3 juta penduduk", "", NULL},
    {"30 ribu usahawan", "", NULL},
    {"8.662 UMKM", "", NULL},
    {"ARM 10", "", NULL},
};

static void run_case(void **st)
{
    const struct mcase *c = *st;
    struct numbers_list l;
    numbers_list_init(&l);
    assert_int_equal(numbers_find(g_rules, c->text, strlen(c->text), &l),
                     W_OK);
    char got[512] = "";
    size_t n = 0;
    for (size_t i = 0; i < l.n_money; i++)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s%s/%s",
                              i ? " " : "", l.money[i].amount,
                              l.money[i].currency);
    if (l.n_percent)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s|",
                              l.n_money ? " " : "");
    for (size_t i = 0; i < l.n_percent; i++)
        n += (size_t)snprintf(got + n, sizeof got - n, " %s",
                              l.percent[i].value);
    if (strcmp(got, c->want))
        print_error("\"%s\": got \"%s\", want \"%s\"\n", c->text, got,
                    c->want);
    assert_string_equal(got, c->want);
    if (c->first) {
        const char *t = l.n_money ? l.money[0].text : l.percent[0].text;
        assert_string_equal(t, c->first);
    }
    for (size_t i = 0; i < l.n_money; i++)
        assert_int_equal(l.money[i].end - l.money[i].start,
                         rules_cp_offset(l.money[i].text,
                                         strlen(l.money[i].text)));
    numbers_list_cleanup(&l);
}

static void test_offsets_and_hostile(void **st)
{
    struct numbers_list l;
    numbers_list_init(&l);
    const char *t = "“Ada” \xff Rp 2 triliun";
    assert_int_equal(numbers_find(g_rules, t, strlen(t), &l), W_OK);
    assert_int_equal(l.n_money, 1);
    assert_int_equal(l.money[0].start, 8);
    assert_int_equal(l.money[0].end, 20);
    numbers_list_cleanup(&l);
    /* Hostile inputs: bounded lists, no error. */
    size_t n = 1u << 20;
    char *p = malloc(n + 1);
    memset(p, '9', n);
    p[n] = '\0';
    numbers_list_init(&l);
    assert_int_equal(numbers_find(g_rules, p, n, &l), W_OK);
    assert_int_equal(l.n_money + l.n_percent, 0);
    numbers_list_cleanup(&l);
    for (size_t i = 0; i + 6 <= n; i += 6)
        memcpy(p + i, "Rp 1 ", 5), p[i + 5] = '%';
    numbers_list_init(&l);
    assert_int_equal(numbers_find(g_rules, p, n, &l), W_OK);
    assert_true(l.n_money <= NUMBERS_MAX && l.n_percent <= NUMBERS_MAX);
    assert_int_equal(l.truncated, 1);
    numbers_list_cleanup(&l);
    memset(p, '.', n);
    numbers_list_init(&l);
    assert_int_equal(numbers_find(g_rules, p, n, &l), W_OK);
    assert_int_equal(l.n_money + l.n_percent, 0);
    numbers_list_cleanup(&l);
    free(p);
    numbers_list_init(&l);
    assert_int_equal(numbers_find(g_rules, "", 0, &l), W_OK);
    assert_int_equal(numbers_find(NULL, "Rp 2", 4, &l), W_OK);
    assert_int_equal(l.n_money, 0);
    numbers_list_cleanup(&l);
}

/* Every allocation failing in turn: W_NOMEM, nothing leaked. */
static void test_out_of_memory(void **st)
{
    const char *text = "Rp 2 triliun, 500 juta rupiah dan 8 persen";
    long n;
    for (n = 0; n < 10000; n++) {
        struct numbers_list l;
        numbers_list_init(&l);
        mem_fail_after(n);
        int rc = numbers_find(g_rules, text, strlen(text), &l);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_int_equal(l.n_money, 2);
            assert_int_equal(l.n_percent, 1);
            numbers_list_cleanup(&l);
            break;
        }
        assert_int_equal(rc, W_NOMEM);
        numbers_list_cleanup(&l);
    }
    assert_true(n > 3);
}

int main(void)
{
    size_t nc = sizeof cases / sizeof *cases;
    struct CMUnitTest *t = calloc(nc + 4, sizeof *t);
    char (*names)[96] = calloc(nc, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < nc; i++) {
        snprintf(names[i], sizeof names[i], "money: %s", cases[i].text);
        t[k].name = names[i];
        t[k].test_func = run_case;
        t[k].initial_state = (void *)&cases[i];
        k++;
    }
    struct CMUnitTest more[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_offsets_and_hostile),
        cmocka_unit_test(test_out_of_memory),
    };
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        t[k++] = more[i];
    int rc = _cmocka_run_group_tests("numbers", t, k, setup, teardown);
    free(names);
    free(t);
    return rc;
}
