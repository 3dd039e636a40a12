/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for narrowing rule scans: the required literals a pattern
 * is read to have (core/rules_literals.c), the Aho-Corasick gate that
 * finds the lines holding them (core/rules_gate.c), and rules_scan giving
 * the same matches with the gate as without it, lookarounds across a
 * line's end included.
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
#include "rules.h"
#include "rules_gate.h"
#include "rules_literals.h"
#include "warta/plugin.h"

/* The literals of pattern joined by ',' in their order, or "-" for
 * none; then "@N" when a match starts at most N bytes before its
 * literal. */
static const char *lits_of(const char *pattern, char *out, size_t n)
{
    struct arena a;
    arena_init(&a, 0);
    char **v = NULL;
    size_t pre = 0;
    int k = rules_literals(pattern, strlen(pattern), &a, &v, &pre);
    assert_true(k >= 0);
    out[0] = '\0';
    if (!k)
        snprintf(out, n, "-");
    for (int i = 0; i < k; i++) {
        assert_non_null(v[i]);
        size_t l = strlen(out);
        snprintf(out + l, n - l, "%s%s", i ? "," : "", v[i]);
    }
    if (k)
        assert_null(v[k]);
    else
        assert_true(pre == SIZE_MAX);
    if (k && pre != SIZE_MAX) {
        size_t l = strlen(out);
        snprintf(out + l, n - l, "@%zu", pre);
    }
    arena_cleanup(&a);
    return out;
}

static void test_literals(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"abc", "abc@0"},
        /* A literal at a bounded distance from the start beats a longer
         * one after "\\s+"; with none, the longest run wins. */
        {"\\b(?:sister|kota)\\s+kembar\\b", "sister,kota@0"},
        {"\\s+(?:sister|kota)\\s+kembar\\b", "kembar"},
        {"(?:be|ber)?kerja[\\s-]*sama", "kerja@3"},
        /* Alternations unite; an optional tail keeps the shorter. */
        {"\\b(?:MoU|M\\.o\\.U\\.?|memorandum\\s+of)\\b",
         "mou,m.o.u,memorandum@0"},
        {"a?bcd", "bcd@1"},
        {"(?:akan|bakal)\\s+(?:di)?tandatangani", "akan,bakal@0"},
        {"\\w{1,3}(?:akan|bakal)", "akan,bakal@12"},
        {"[xy]{1,3}(?:akan|bakal)", "akan,bakal@3"},
        /* Short ASCII classes are sets; digits are all '0'. */
        {"[Kk]erja", "kerja@0"},
        {"(?:1[89][0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])", "0000@0"},
        {"[^k]erja", "erja@4"},
        {"\\w+\\s+(?:di)?tandatangani", "tandatangani"},
        /* Case-sensitive parts fold too: the text is folded. */
        {"(?-i:PKS)(?!\\s+fraksi)", "pks@0"},
        {"[abc]def", "adef,bdef,cdef@0"},
        {"x{2,}yzw", "yzw"},
        {"\\((?:a|b)\\)", "(a),(b)@0"},
        {"kata \xe2\x80\x9c\\p{Lu}", "kata @0"},
        {"(?<name>sepakat)\\s+\\w+", "sepakat@0"},
        {"(?i)(?:sejak|semenjak)\\s+\\d{4}", "sejak,semenjak@0"},
        /* No literal every match needs, or too short to help. */
        {"foo|\\d+", "-"},
        {"(?<=kata )\\p{Lu}\\w+", "-"},
        {"Rp\\s*\\d", "-"},
        {"\\d{4}", "-"}, /* \\d is Unicode digits too */
        {"(?:abc)?", "-"},
        {"(?:abc)*def?", "-"},
        {"", "-"},
        /* Syntax the reader refuses to guess about. */
        {"(?x) foo bar", "-"},
        {"foo\\Kbar", "-"},
        {"\\Qfoo\\E", "-"},
        {"(abc", "-"},
        {"abc)", "-"},
        {"(?(1)abc|abd)", "-"},
        {"(*MARK:x)abc", "abc"},
        {"(?:1|22)(?:x|y)", "-"},
    };
    char got[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        lits_of(cases[i][0], got, sizeof got);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i][0], got,
                     cases[i][1]);
    }
}

static void test_literals_bounded(void **state)
{
    (void)state;
    char got[2048];
    /* 6 x 6 x 2 strings overflow an exact set: the later run is kept. */
    lits_of("(?:a|b|c|d|e|f)(?:a|b|c|d|e|f)(?:g|h)xyz", got, sizeof got);
    assert_non_null(strstr(got, "@1"));
    *strchr(got, '@') = '\0';
    size_t n = 1;
    for (const char *c = got; *c; c++)
        n += *c == ',';
    assert_int_equal(n, 12);
    assert_non_null(strstr(got, "agxyz"));
    /* Groups nested past the reader's depth are "anything". */
    char deep[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(deep, "(");
    strcat(deep, "abc");
    for (int i = 0; i < 100; i++)
        strcat(deep, ")");
    assert_string_equal(lits_of(deep, got, sizeof got), "-");
    /* Long literals are cut, which keeps them required. */
    lits_of("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", got, sizeof got);
    assert_int_equal(strlen(got), LIT_MAX_LEN + 2); /* "@0" */
    /* Any bytes at all: never a crash, never past the end. */
    unsigned seed = 7;
    for (int k = 0; k < 2000; k++) {
        char p[64];
        size_t len = (size_t)(seed % 63);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            p[i] = "()[]{}\\|?*+.^$abcK:<=!#-,0123"[(seed >> 16) % 30];
        }
        struct arena a;
        arena_init(&a, 0);
        char **v;
        size_t pre;
        assert_true(rules_literals(p, len, &a, &v, &pre) >= 0);
        arena_cleanup(&a);
        seed = seed * 1103515245u + 12345u;
    }
}

static void test_gate_lines(void **state)
{
    (void)state;
    char *r0[] = {"kerja", NULL};
    char *r1[] = {"mou", "nota", NULL};
    char *r3[] = {"he", "she", "hers", NULL};
    char *r4[] = {"his", NULL};
    char *r70[] = {"seventy", NULL};
    char *const *lits[71] = {r0, r1, NULL, r3, r4};
    lits[70] = r70; /* a second word of bits */
    struct rules_gate *g = NULL;
    assert_int_equal(rules_gate_new(lits, 71, &g), W_OK);
    assert_non_null(g);
    const char *text = "a Kerja\nb MOU\nc\nnota kerjasama\nushers\n"
                       "SEVENTY\nthis";
    struct rules_lines l;
    rules_lines_init(&l);
    assert_int_equal(rules_gate_lines(g, text, strlen(text), &l), W_OK);
    assert_int_equal(l.n, 6);
    assert_int_equal(l.words, 2);
    assert_int_equal(l.start[0], 0);
    assert_int_equal(l.end[0], 8);
    assert_int_equal(l.bits[0], 1u);
    assert_int_equal(l.start[1], 8);
    assert_int_equal(l.bits[2], 2u);
    assert_int_equal(l.start[2], 16); /* "c\n" holds nothing */
    assert_int_equal(l.bits[4], 3u);
    assert_int_equal(l.bits[6], 8u); /* "ushers": she, he, hers */
    assert_true(rules_lines_has(&l, 4, 70));
    assert_false(rules_lines_has(&l, 4, 0));
    assert_int_equal(l.bits[10], 16u); /* "this": his, reached by a
                                        * failure link from "th" */
    assert_int_equal(l.end[5], strlen(text));
    /* The hits by rule, in text order: where each literal ends. */
    size_t nh = 0;
    const uint32_t *hits = rules_lines_hits(&l, 0, &nh);
    assert_int_equal(nh, 2);
    assert_int_equal(hits[0], strstr(text, "Kerja") - text + 4);
    assert_int_equal(hits[1], strstr(text, "kerjasama") - text + 4);
    /* "ushers": she and he end at one place, hers at the next. */
    hits = rules_lines_hits(&l, 3, &nh);
    assert_int_equal(nh, 2);
    assert_int_equal(hits[1], hits[0] + 2);
    hits = rules_lines_hits(&l, 70, &nh);
    assert_int_equal(nh, 1);
    assert_int_equal(hits[0], strstr(text, "SEVENTY") - text + 6);
    rules_lines_hits(&l, 2, &nh); /* not gated */
    assert_int_equal(nh, 0);
    /* A caseless look-alike of an ASCII letter: no gating at all. */
    const char *kelvin = "\xe2\x84\xaa"
                         "erja";
    assert_int_equal(rules_gate_lines(g, kelvin, strlen(kelvin), &l),
                     W_DECLINED);
    const char *quotes = "\xe2\x80\x9cmou\xe2\x80\x9d";
    assert_int_equal(rules_gate_lines(g, quotes, strlen(quotes), &l), W_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(rules_gate_lines(g, "", 0, &l), W_OK);
    assert_int_equal(l.n, 0);
    rules_lines_cleanup(&l);
    rules_gate_free(g);
    /* A literal's '0' is any digit. */
    char *year[] = {"0000", NULL};
    char *const *ylits[] = {year};
    assert_int_equal(rules_gate_new(ylits, 1, &g), W_OK);
    rules_lines_init(&l);
    const char *yt = "pada 2019\nno 123\n(1987)";
    assert_int_equal(rules_gate_lines(g, yt, strlen(yt), &l), W_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.start[1], 17);
    assert_int_equal(l.nhits, 2);
    assert_int_equal(l.hit_end[0], 8);
    assert_int_equal(l.hit_end[1], 21);
    rules_lines_cleanup(&l);
    rules_gate_free(g);
    /* Nothing to gate: no gate. */
    char *const *none[] = {NULL, NULL};
    assert_int_equal(rules_gate_new(none, 2, &g), W_OK);
    assert_null(g);
}

/* ---- rules_scan with and without the gate ----------------------------- */

static char dir[64];

static void write_rules(const char *body)
{
    snprintf(dir, sizeof dir, "/tmp/warta-gate-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/t.rules", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
}

static void remove_rules(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/t.rules", dir);
    unlink(path);
    rmdir(dir);
}

/* The matches of the set in dir over text as "kind@start-end;...". */
static void scan_all(const char *text, int gate, char *out, size_t n)
{
    if (gate)
        unsetenv("WARTA_RULES_NO_GATE");
    else
        setenv("WARTA_RULES_NO_GATE", "1", 1);
    struct rules *rs = NULL;
    char err[256];
    assert_int_equal(rules_load(dir, &rs, err, sizeof err), W_OK);
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, NULL, text, strlen(text), 0, &res),
                     W_OK);
    out[0] = '\0';
    for (size_t i = 0; i < res.n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, n - l, "%s@%zu-%zu;", res.v[i].kind,
                 res.v[i].start, res.v[i].end);
    }
    rules_result_cleanup(&res);
    rules_free(rs);
    unsetenv("WARTA_RULES_NO_GATE");
}

static void test_scan_same(void **state)
{
    (void)state;
    write_rules("category t\n\n"
                "rule t.coop\n"
                "    flags caseless\n"
                "    pattern \\b(?:be)?kerja\\s*sama(?=\\s+dengan)\n"
                "    kind coop\n\n"
                "rule t.ahead\n"
                "    pattern sepakat(?=\\s+menjalin)\n"
                "    kind ahead\n\n"
                "rule t.behind\n"
                "    pattern (?<=Wali Kota )Bandung\n"
                "    kind behind\n\n"
                "rule t.digits\n"
                "    pattern \\d{4}\n"
                "    kind year\n");
    /* Matches on the first and last lines, a lookahead that reads the
     * next line, a lookbehind that reads the previous one, lines with
     * nothing, and a rule without literals that runs everywhere. */
    const char *text = "Kerja sama dengan Kota A, 2019.\n"
                       "Tidak ada apa-apa di sini.\n"
                       "Mereka sepakat\nmenjalin bekerjasama dengan B.\n"
                       "Wali Kota \nBandung hadir. Wali Kota Bandung.\n"
                       "\n"
                       "Akhirnya kerja sama dengan C";
    char with[1024], without[1024];
    scan_all(text, 1, with, sizeof with);
    scan_all(text, 0, without, sizeof without);
    assert_string_equal(with, without);
    assert_non_null(strstr(with, "coop@0-10;"));
    assert_non_null(strstr(with, "ahead@"));
    assert_non_null(strstr(with, "year@26-30;"));
    /* The last line has no newline; its match still counts. */
    char last[64];
    size_t s = strlen(text) - strlen("kerja sama dengan C");
    snprintf(last, sizeof last, "coop@%zu-%zu;", s, s + 10);
    assert_non_null(strstr(with, last));
    /* The lines kept for one text never serve another of the same
     * length: the second has its literal on another line. */
    const char *t1 = "kerja sama dengan A\nxx";
    const char *t2 = "xx\nkerja sama dengan A";
    scan_all(t1, 1, with, sizeof with);
    assert_string_equal(with, "coop@0-10;");
    struct rules *rs = NULL;
    char err[256];
    assert_int_equal(rules_load(dir, &rs, err, sizeof err), W_OK);
    struct rules_result res;
    const char *texts[] = {t1, t2, t1, "xx\nxx", t2};
    const size_t want[] = {0, 3, 0, SIZE_MAX, 3};
    for (size_t i = 0; i < 5; i++) {
        rules_result_init(&res);
        assert_int_equal(
            rules_scan(rs, "t", texts[i], strlen(texts[i]), 0, &res), W_OK);
        if (want[i] == SIZE_MAX) {
            assert_int_equal(res.n, 0);
        } else {
            assert_int_equal(res.n, 1);
            assert_int_equal(res.v[0].start, want[i]);
        }
        rules_result_cleanup(&res);
    }
    rules_free(rs);
    remove_rules();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_literals_bounded),
        cmocka_unit_test(test_gate_lines),
        cmocka_unit_test(test_scan_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
