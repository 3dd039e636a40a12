/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the rule engine (core/rules.c): the shipped rule files
 * and their inline examples, the file format and its errors ("file:line:
 * message", nothing replaced), word lists, prefixes, overlaps and stop
 * rules, PCRE2 limits, UTF-8 handling and bounded output.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mem.h"
#include "rules.h"
#include "warta/plugin.h"

/* ---- helpers --------------------------------------------------------- */

static const char *shipped_dir(void)
{
    static char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/rules",
             top && *top ? top : WARTA_SRC_TOPDIR);
    return path;
}

static void write_file(const char *dir, const char *rel, const char *body,
                       size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    /* Create the directories on the way. */
    for (char *p = path + strlen(dir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(body, 1, len, f), len);
    fclose(f);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    return remove(path);
}

static void rm_rf(const char *dir)
{
    assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* A fresh directory holding files[] ({path, body} pairs, NULL-ended). */
static char *make_rules(const char *const files[][2])
{
    char tmpl[] = "/tmp/warta-rules-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    for (size_t i = 0; files[i][0]; i++)
        write_file(d, files[i][0], files[i][1], strlen(files[i][1]));
    return strdup(d);
}

static struct rules *load_ok(const char *dir)
{
    char err[512] = "";
    struct rules *rs = NULL;
    int rc = rules_load(dir, &rs, err, sizeof err);
    if (rc)
        print_error("rules_load(%s): %s\n", dir, err);
    assert_int_equal(rc, W_OK);
    assert_non_null(rs);
    return rs;
}

static struct rules *load_files(const char *const files[][2], char **dir)
{
    *dir = make_rules(files);
    return load_ok(*dir);
}

static void done(struct rules *rs, char *dir)
{
    rules_unref(rs);
    rm_rf(dir);
    free(dir);
}

/* ---- the shipped rules ----------------------------------------------- */

static void test_shipped_examples(void **st)
{
    struct rules *rs = load_ok(shipped_dir());
    size_t checked = 0, failed = 0;
    char err[1024] = "";
    int rc = rules_check_examples(rs, &checked, &failed, err, sizeof err);
    if (rc)
        print_error("%zu of %zu examples failed, first: %s\n", failed,
                    checked, err);
    assert_int_equal(rc, W_OK);
    assert_int_equal(failed, 0);
    assert_true(checked > 100);
    assert_true(rules_count(rs, "dates") >= 20);
    assert_true(rules_count(rs, "money") >= 4);
    assert_true(rules_has_category(rs, "dates"));
    assert_false(rules_has_category(rs, "no-such-category"));
    assert_string_equal(rules_word(rs, "months", "pebruari", 2), "2");
    assert_string_equal(rules_word(rs, "words/months", "NOPEMBER", 2), "11");
    rules_unref(rs);
}

/* ---- errors: file:line, nothing replaced ----------------------------- */

struct err_case {
    const char *name;
    const char *files[4][2];
    int rc;
    const char *want; /* err must start with this */
};

static const struct err_case err_cases[] = {
    {"unknown keyword",
     {{"c/x.rules", "rule a\n  pattern a\n  kind k\n  bogus 1\n"}},
     W_PARSE, "c/x.rules:4: unknown keyword 'bogus'"},
    {"pattern does not compile",
     {{"c/x.rules", "# comment\nrule a\n  pattern (abc\n  kind k\n"}},
     W_PARSE, "c/x.rules:3: pattern of rule a does not compile"},
    {"unknown list",
     {{"c/x.rules", "rule a\n  pattern x{nolist}\n  kind k\n"}},
     W_PARSE, "c/x.rules:2: unknown {nolist}"},
    {"unknown lookup list",
     {{"c/x.rules",
       "rule a\n  pattern (?<g>x)\n  kind k\n  field f @nolist($g)\n"}},
     W_PARSE, "c/x.rules:4: unknown word list @nolist"},
    {"field names no group",
     {{"c/x.rules", "rule a\n  pattern (?<g>x)\n  kind k\n  field f $h\n"}},
     W_PARSE, "c/x.rules:2: field f uses $h"},
    {"duplicate id",
     {{"c/a.rules", "rule same\n  pattern a\n  kind k\n"},
      {"c/b.rules", "\nrule same\n  pattern b\n  kind k\n"}},
     W_PARSE, "c/b.rules:2: duplicate rule id same (first in c/a.rules:1)"},
    {"no kind",
     {{"c/x.rules", "rule a\n  pattern a\n"}},
     W_PARSE, "c/x.rules:1: rule a has neither kind nor stop"},
    {"no pattern",
     {{"c/x.rules", "rule a\n  kind k\nrule b\n  pattern b\n  kind k\n"}},
     W_PARSE, "c/x.rules:1: rule a has no pattern"},
    {"example without =>",
     {{"c/x.rules", "rule a\n  pattern a\n  kind k\n  example a\n"}},
     W_PARSE, "c/x.rules:4: example needs"},
    {"outside a rule",
     {{"c/x.rules", "pattern a\n"}},
     W_PARSE, "c/x.rules:1: 'pattern' outside a rule"},
    {"define cycle",
     {{"c/x.rules",
       "define A x{B}\ndefine B y{A}\nrule a\n  pattern {A}\n  kind k\n"}},
     W_PARSE, "c/x.rules:4: {A} refers to itself"},
    {"bad prefix",
     {{"c/x.rules", "rule a\n  prefix (x\n  pattern a\n  kind k\n"}},
     W_PARSE, "c/x.rules:2: prefix of rule a does not compile"},
    {"invalid UTF-8",
     {{"c/x.rules", "rule a\n  pattern a\n  kind k\n  example \xff => none\n"}},
     W_PARSE, "c/x.rules:4: not valid UTF-8"},
    {"bad flag",
     {{"c/x.rules", "rule a\n  flags caseless loud\n  pattern a\n  kind k\n"}},
     W_PARSE, "c/x.rules:2: unknown flag 'loud'"},
    {"stop with a kind",
     {{"c/x.rules", "rule a\n  pattern a\n  stop\n  kind k\n"}},
     W_PARSE, "c/x.rules:1: stop rule a cannot have a kind"},
    {"empty key in list",
     {{"words/w.tsv", "a\t1\n\t2\n"}},
     W_PARSE, "words/w.tsv:2: empty key"},
    {"require names no field",
     {{"c/x.rules", "rule a\n  pattern a\n  kind k\n  require f\n"}},
     W_PARSE, "c/x.rules:1: require f names no field"},
};

static void test_load_errors(void **st)
{
    for (size_t i = 0; i < sizeof err_cases / sizeof *err_cases; i++) {
        const struct err_case *c = &err_cases[i];
        const char *files[5][2] = {{NULL, NULL}};
        for (size_t j = 0; j < 4 && c->files[j][0]; j++) {
            files[j][0] = c->files[j][0];
            files[j][1] = c->files[j][1];
        }
        char *dir = make_rules(files);
        struct rules *sentinel = (struct rules *)&err_cases[i];
        struct rules *rs = sentinel;
        char err[512] = "";
        int rc = rules_load(dir, &rs, err, sizeof err);
        if (rc != c->rc || strncmp(err, c->want, strlen(c->want)) != 0)
            print_error("case '%s': rc %d err '%s', want '%s'\n", c->name,
                        rc, err, c->want);
        assert_int_equal(rc, c->rc);
        assert_memory_equal(err, c->want, strlen(c->want));
        assert_ptr_equal(rs, sentinel); /* nothing replaced */
        rm_rf(dir);
        free(dir);
    }
}

static void test_missing_dir(void **st)
{
    struct rules *rs = NULL;
    char err[512];
    assert_int_equal(rules_load("/nonexistent/warta-rules", &rs, err,
                                sizeof err),
                     W_IO);
    assert_null(rs);
    assert_non_null(strstr(err, "cannot open rules directory"));
}

/* A failed reload keeps the set in force (SPEC "Rules"). */
static void test_reload_keeps_rules(void **st)
{
    static const char *const good[][2] = {
        {"c/x.rules", "rule a\n  pattern a+\n  kind k\n"}, {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(good, &dir);
    struct rules *before = rs;
    const char *bad = "rule b\n  pattern (\n  kind k\n";
    write_file(dir, "c/y.rules", bad, strlen(bad));
    char err[512];
    assert_int_equal(rules_load(dir, &rs, err, sizeof err), W_PARSE);
    assert_ptr_equal(rs, before);
    assert_string_equal(err, "c/y.rules:2: pattern of rule b does not "
                             "compile at offset 1 (near \"(\"): missing "
                             "closing parenthesis");
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", "xaay", 4, 0, &res), W_OK);
    assert_int_equal(res.n, 1);
    assert_int_equal(res.v[0].start, 1);
    assert_int_equal(res.v[0].end, 3);
    rules_result_cleanup(&res);
    /* References: the set lives until its last reference goes. */
    struct rules *ref = rules_ref(rs);
    rules_unref(rs);
    assert_int_equal(rules_count(ref, "c"), 1);
    done(ref, dir);
}

/* ---- word lists ------------------------------------------------------ */

static void test_word_lists(void **st)
{
    static const char *const files[][2] = {
        {"words/places.tsv", "# places\n"
                             "Kota\tcity\n"
                             "Kota Bandung\tKota Bandung\textra\n"
                             "Kota  Bandung Barat\tKBB\n"
                             "A.B\tdotted\n"
                             "x+y\tplus\n"
                             "Ünïcode\tuni\n"
                             "Kota\tsecond row loses\n"},
        {"gaz/places.tsv", "Solo\tKota Surakarta\n"},
        {"c/x.rules",
         "rule p\n"
         "  pattern (?<![\\p{L}])(?<p>{words/places})(?![\\p{L}])\n"
         "  kind place\n"
         "  field canon @words/places($p) | $p\n"
         "  field third @words/places:3($p)\n"
         "  field key @words/places:1($p)\n"},
        {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    const char *text = "di Kota  Bandung\nBarat, Kota Bandung, Kota, "
                       "A.B, AxB, x+y, Ünïcode";
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, strlen(text), 0, &res), W_OK);
    assert_int_equal(res.n, 6);
    /* Longest key first, blanks in keys match any run of blanks. */
    assert_string_equal(rules_match_get(&res.v[0], "canon"), "KBB");
    assert_null(rules_match_get(&res.v[0], "third"));
    assert_string_equal(rules_match_get(&res.v[1], "canon"), "Kota Bandung");
    assert_string_equal(rules_match_get(&res.v[1], "third"), "extra");
    assert_string_equal(rules_match_get(&res.v[2], "canon"), "city");
    assert_string_equal(rules_match_get(&res.v[2], "key"), "Kota");
    assert_string_equal(rules_match_get(&res.v[3], "canon"), "dotted");
    assert_string_equal(rules_match_get(&res.v[4], "canon"), "plus");
    assert_string_equal(rules_match_get(&res.v[5], "canon"), "uni");
    const struct rules_field *f = rules_match_field(&res.v[1], "canon");
    assert_int_equal(f->start, res.v[1].start);
    rules_result_cleanup(&res);
    /* The two lists named "places": only full names are unambiguous. */
    assert_null(rules_word(rs, "places", "Solo", 2));
    assert_string_equal(rules_word(rs, "gaz/places", "solo", 2),
                        "Kota Surakarta");
    assert_string_equal(rules_word(rs, "words/places", " kota   BANDUNG ", 2),
                        "Kota Bandung");
    assert_null(rules_word(rs, "words/places", "Kota Bandun", 2));
    assert_int_equal(rules_list_rows(rs, "words/places"), 7);
    size_t nc = 0;
    const char *const *row = rules_list_row(rs, "words/places", 1, &nc);
    assert_int_equal(nc, 3);
    assert_string_equal(row[2], "extra");
    assert_null(rules_list_row(rs, "words/places", 99, &nc));
    done(rs, dir);
}

static void test_big_list(void **st)
{
    /* A gazetteer-sized list stays one compact trie alternation. */
    char tmpl[] = "/tmp/warta-rules-XXXXXX";
    char *dir = strdup(mkdtemp(tmpl));
    size_t cap = 1 << 20, n = 0;
    char *body = malloc(cap);
    for (int i = 0; i < 5000; i++)
        n += (size_t)snprintf(body + n, cap - n, "Desa Nomor%d\t%d\n", i, i);
    write_file(dir, "words/desa.tsv", body, n);
    free(body);
    const char *rule = "rule d\n  pattern \\b(?<d>{desa})\\b\n  kind k\n"
                       "  field v @desa($d)\n";
    write_file(dir, "c/x.rules", rule, strlen(rule));
    struct rules *rs = load_ok(dir);
    const char *text = "ke Desa Nomor4999 dan Desa Nomor12 lalu Desa Nomor";
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, strlen(text), 0, &res), W_OK);
    assert_int_equal(res.n, 2);
    assert_string_equal(rules_match_get(&res.v[0], "v"), "4999");
    assert_string_equal(rules_match_get(&res.v[1], "v"), "12");
    rules_result_cleanup(&res);
    done(rs, dir);
}

/* ---- overlaps, stop rules, prefixes ---------------------------------- */

static void test_overlaps(void **st)
{
    static const char *const files[][2] = {
        {"c/x.rules", "rule long\n  pattern abc def\n  kind k\n"
                      "rule short\n  pattern def\n  kind k\n"
                      "rule stop1\n  pattern xyz def\n  stop\n"
                      "rule hi\n  priority 5\n  pattern c d\n  kind k\n"
                      "rule later\n  pattern ghi\n  kind k\n"},
        {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    const char *text = "abc def xyz def def ghi";
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, strlen(text), 0, &res), W_OK);
    /* "c d" has the priority; "def" after the stop span is free. */
    assert_int_equal(res.n, 3);
    assert_string_equal(res.v[0].rule, "hi");
    assert_int_equal(res.v[0].start, 2);
    assert_string_equal(res.v[1].rule, "short");
    assert_int_equal(res.v[1].start, 16);
    assert_string_equal(res.v[2].rule, "later");
    rules_result_cleanup(&res);
    /* RULES_SCAN_ALL: everything, stop rules included, by position. */
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, strlen(text), RULES_SCAN_ALL,
                                &res),
                     W_OK);
    assert_int_equal(res.n, 7);
    assert_string_equal(res.v[0].rule, "long");
    assert_string_equal(res.v[2].rule, "short");
    int stops = 0;
    for (size_t i = 0; i < res.n; i++)
        stops += strcmp(res.v[i].kind, "stop") == 0;
    assert_int_equal(stops, 1);
    /* Appending: a second scan adds to the same result. */
    assert_int_equal(rules_scan(rs, "c", "def", 3, 0, &res), W_OK);
    assert_int_equal(res.n, 8);
    rules_result_cleanup(&res);
    /* Unknown category, NULL set, empty text: nothing, no error. */
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "nope", text, strlen(text), 0, &res),
                     W_OK);
    assert_int_equal(rules_scan(NULL, "c", text, strlen(text), 0, &res),
                     W_OK);
    assert_int_equal(rules_scan(rs, "c", "", 0, 0, &res), W_OK);
    assert_int_equal(res.n, 0);
    rules_result_cleanup(&res);
    done(rs, dir);
}

static void test_prefix_and_require(void **st)
{
    static const char *const files[][2] = {
        {"words/cues.tsv", "sejak\tsince\npada\tat\n"},
        {"c/x.rules",
         "rule year\n"
         "  prefix (?<![\\p{L}])(?<cue>(?i:{cues}))\\s+\n"
         "  pattern (?<y>(?:19|20)[0-9]{2})(?![0-9])\n"
         "  kind year\n"
         "  field year $y\n"
         "  field cue @cues($cue)\n"
         "  example sejak 2015 => text=\"sejak 2015\" year=2015 cue=since\n"
         "  example kepada 2015 => none\n"
         "rule opt\n"
         "  prefix (?:(?<w>Rabu),?\\s+)?\n"
         "  pattern \\b(?<d>[0-9]{1,2}) Mei\n"
         "  kind date\n"
         "  field day $d\n"
         "  field wd $w\n"
         "  example Rabu, 1 Mei => text=\"Rabu, 1 Mei\" wd=Rabu day=1\n"
         "  example Kamis 1 Mei => text=\"1 Mei\" wd=-\n"
         "rule req\n"
         "  pattern \\b(?<c>[A-Z][a-z]+)\\b\n"
         "  kind place\n"
         "  field place @cues:2($c)\n"
         "  require place\n"
         "  category other\n"
         "  example Bandung itu => none\n"},
        {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    size_t checked = 0, failed = 0;
    char err[512];
    assert_int_equal(rules_check_examples(rs, &checked, &failed, err,
                                          sizeof err),
                     W_OK);
    assert_int_equal(checked, 5);
    assert_int_equal(failed, 0);
    struct rules_result res;
    rules_result_init(&res);
    const char *text = "Pada 1999 dan sejak\n2001 tetapi 2002";
    assert_int_equal(rules_scan(rs, "c", text, strlen(text), 0, &res), W_OK);
    assert_int_equal(res.n, 2);
    assert_int_equal(res.v[0].start, 0);
    assert_int_equal(res.v[0].end, 9);
    assert_string_equal(rules_match_get(&res.v[0], "cue"), "at");
    const struct rules_field *f = rules_match_field(&res.v[0], "cue");
    assert_int_equal(f->start, 0);
    assert_int_equal(f->end, 4);
    assert_int_equal(res.v[1].start, 14);
    rules_result_cleanup(&res);
    /* require: a word the list does not know gives no match. */
    rules_result_init(&res);
    text = "Pada Bandung";
    assert_int_equal(rules_scan(rs, "other", text, strlen(text), 0, &res),
                     W_OK);
    assert_int_equal(res.n, 1);
    assert_string_equal(rules_match_get(&res.v[0], "place"), "at");
    assert_int_equal(res.v[0].end, 4);
    rules_result_cleanup(&res);
    done(rs, dir);
}

static void test_failing_example(void **st)
{
    static const char *const files[][2] = {
        {"c/x.rules", "rule a\n  pattern (?<n>[0-9]+)\n  kind k\n"
                      "  field n $n\n"
                      "  example ada 12 => n=12\n"
                      "  example ada 12 => n=13\n"
                      "  example ada 12 => none\n"
                      "  example ada 12 => n=12 text=\"ada\"\n"
                      "  example ada 12 => n=-\n"},
        {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    size_t checked = 0, failed = 0;
    char err[512] = "";
    assert_int_equal(rules_check_examples(rs, &checked, &failed, err,
                                          sizeof err),
                     W_PARSE);
    assert_int_equal(checked, 5);
    assert_int_equal(failed, 4);
    assert_string_equal(err, "c/x.rules:6: example \"ada 12\": expected "
                             "n=13 from rule a, found [a text=\"12\" "
                             "n=12]");
    done(rs, dir);
}

/* ---- limits and bounded output --------------------------------------- */

static void test_match_limit(void **st)
{
    /* Catastrophic backtracking: (a|aa)+ then b or c, on a long run of
     * a's (no required character PCRE2 could check up front). */
    static const char *const files[][2] = {
        {"c/x.rules", "rule bad\n  pattern (?:a|aa)+(?:b|c)\n  kind k\n"
                      "rule good\n  pattern z\n  kind k\n"},
        {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    size_t n = 200000;
    char *text = malloc(n + 2);
    memset(text, 'a', n);
    text[n] = 'z';
    text[n + 1] = '\0';
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, n + 1, 0, &res), W_OK);
    assert_true(res.limit_hits > 0);
    assert_true(res.limit_hits <= 2 * RULES_MAX_LIMIT_HITS);
    assert_int_equal(res.n, 1); /* the other rule still ran */
    assert_string_equal(res.v[0].rule, "good");
    rules_result_cleanup(&res);
    free(text);
    done(rs, dir);
}

/* Without JIT (platforms that lack it): the same examples pass, and the
 * interpreter's limits stop runaway patterns too. */
static void test_interpreter(void **st)
{
    setenv("WARTA_RULES_NO_JIT", "1", 1);
    struct rules *rs = load_ok(shipped_dir());
    size_t checked = 0, failed = 0;
    char err[1024] = "";
    int rc = rules_check_examples(rs, &checked, &failed, err, sizeof err);
    if (rc)
        print_error("without JIT: %s\n", err);
    assert_int_equal(rc, W_OK);
    rules_unref(rs);
    static const char *const files[][2] = {
        {"c/x.rules", "rule bad\n  pattern (?:a|aa)+(?:b|c)\n  kind k\n"},
        {NULL, NULL}};
    char *dir;
    rs = load_files(files, &dir);
    unsetenv("WARTA_RULES_NO_JIT");
    size_t n = 100000;
    char *text = malloc(n);
    memset(text, 'a', n);
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, n, 0, &res), W_OK);
    assert_true(res.limit_hits > 0);
    assert_int_equal(res.n, 0);
    rules_result_cleanup(&res);
    free(text);
    done(rs, dir);
}

static void test_truncation(void **st)
{
    static const char *const files[][2] = {
        {"c/x.rules", "rule a\n  pattern a\n  kind k\n"}, {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    size_t n = RULES_MAX_MATCHES + 5000;
    char *text = malloc(n);
    memset(text, 'a', n);
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", text, n, 0, &res), W_OK);
    assert_int_equal(res.truncated, 1);
    assert_int_equal(res.n, RULES_MAX_MATCHES);
    rules_result_cleanup(&res);
    free(text);
    done(rs, dir);
}

/* ---- UTF-8 ------------------------------------------------------------ */

struct san_case {
    const char *in;
    size_t len;
    const char *out; /* what Python's bytes.decode("utf-8", "replace")
                      * gives, re-encoded */
};

#define R "\xEF\xBF\xBD"
static const struct san_case san_cases[] = {
    {"abc", 3, "abc"},
    {"caf\xC3\xA9", 5, "caf\xC3\xA9"},
    {"\xFF", 1, R},
    {"a\xE2\x82z", 4, "a" R "z"},          /* truncated 3-byte sequence */
    {"\xF0\x80\x80", 3, R R R},            /* overlong lead: each byte */
    {"\xED\xA0\x80", 3, R R R},            /* surrogate */
    {"\xF4\x90\x80\x80", 4, R R R R},      /* past U+10FFFF */
    {"\xC0\xAF", 2, R R},                  /* overlong '/' */
    {"\xE2\x82\xAC\xE2\x82", 5, "\xE2\x82\xAC" R},
    {"x\0y", 3, "x" R "y"},                /* NUL */
    {"\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80"},
};

static void test_utf8(void **st)
{
    for (size_t i = 0; i < sizeof san_cases / sizeof *san_cases; i++) {
        const struct san_case *c = &san_cases[i];
        size_t n = 0;
        char *o = rules_sanitize(c->in, c->len, &n);
        assert_non_null(o);
        assert_int_equal(n, strlen(c->out));
        assert_memory_equal(o, c->out, n);
        assert_int_equal(o[n], '\0');
        assert_true(rules_utf8_valid(o, n));
        w_free(o);
    }
    assert_true(rules_utf8_valid("", 0));
    assert_false(rules_utf8_valid("ab\xC3", 3));
    assert_false(rules_utf8_valid("0123456789abcdef\x80", 17));
    /* Scans refuse text they cannot trust. */
    static const char *const files[][2] = {
        {"c/x.rules", "rule a\n  pattern b\n  kind k\n"}, {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    struct rules_result res;
    rules_result_init(&res);
    assert_int_equal(rules_scan(rs, "c", "ab\xFF", 3, 0, &res), W_PARSE);
    assert_int_equal(res.n, 0);
    rules_result_cleanup(&res);
    done(rs, dir);
}

static void test_cpmap(void **st)
{
    const char *t = "Rp “2” é€😀 x"; /* multi-byte characters of each size */
    size_t len = strlen(t);
    struct rules_cpmap m;
    rules_cpmap_init(&m, t, len);
    assert_int_equal(rules_cpmap_get(&m, 0), 0);
    assert_int_equal(rules_cpmap_get(&m, 3), 3);       /* before “ */
    assert_int_equal(rules_cpmap_get(&m, 6), 4);       /* after “ */
    assert_int_equal(rules_cpmap_get(&m, len), 12);
    assert_int_equal(rules_cpmap_get(&m, 7), 5);       /* backwards */
    assert_int_equal(rules_cpmap_get(&m, len + 10), 12); /* clamped */
    assert_int_equal(rules_cp_offset(t, len), 12);
}

/* ---- threads ---------------------------------------------------------- */

struct thr {
    const struct rules *rs;
    size_t found;
};

static void *scan_thread(void *p)
{
    struct thr *t = p;
    const char *text = "aa b aaa b a";
    for (int i = 0; i < 200; i++) {
        struct rules_result res;
        rules_result_init(&res);
        if (rules_scan(t->rs, "c", text, strlen(text), 0, &res) == W_OK)
            t->found += res.n;
        rules_result_cleanup(&res);
    }
    return NULL;
}

static void test_threads(void **st)
{
    static const char *const files[][2] = {
        {"c/x.rules", "rule a\n  pattern a+\n  kind k\n"}, {NULL, NULL}};
    char *dir;
    struct rules *rs = load_files(files, &dir);
    pthread_t th[4];
    struct thr t[4];
    for (int i = 0; i < 4; i++) {
        t[i].rs = rs;
        t[i].found = 0;
        assert_int_equal(pthread_create(&th[i], NULL, scan_thread, &t[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(t[i].found, 600);
    }
    done(rs, dir);
}

/* ---- out of memory: every allocation failing in turn ----------------- */

static void test_out_of_memory(void **st)
{
    static const char *const files[][2] = {
        {"words/cues.tsv", "sejak\tsince\npada\tat\n"},
        {"c/x.rules",
         "category c\n"
         "define Y (?:19|20)[0-9]{2}\n"
         "rule year\n"
         "  prefix (?<![\\p{L}])(?<cue>(?i:{cues}))\\s+\n"
         "  pattern (?<y>{Y})(?![0-9])\n"
         "  kind year\n"
         "  field year $y\n"
         "  field cue @cues($cue) | none\n"
         "  example sejak 2015 => year=2015 cue=since\n"
         "rule stop\n"
         "  category c\n"
         "  pattern Nomor [0-9]+ Tahun {Y}\n"
         "  stop\n"},
        {NULL, NULL}};
    char *dir = make_rules(files);
    struct rules *sentinel = (struct rules *)files;
    struct rules *rs = NULL;
    long n;
    for (n = 0; n < 5000; n++) {
        struct rules *got = sentinel;
        char err[256] = "";
        mem_fail_after(n);
        int rc = rules_load(dir, &got, err, sizeof err);
        mem_fail_after(-1);
        if (rc == W_OK) {
            rs = got;
            break;
        }
        assert_ptr_equal(got, sentinel);
        if (rc != W_NOMEM || !strstr(err, "out of memory"))
            print_error("allocation %ld failing: %d %s\n", n, rc, err);
        assert_int_equal(rc, W_NOMEM);
        assert_non_null(strstr(err, "out of memory"));
    }
    assert_non_null(rs);
    assert_true(n > 10);
    const char *text = "sejak 2015, Nomor 9 Tahun 2015, pada 2020";
    for (n = 0; n < 5000; n++) {
        struct rules_result res;
        rules_result_init(&res);
        mem_fail_after(n);
        int rc = rules_scan(rs, "c", text, strlen(text), 0, &res);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_int_equal(res.n, 2);
            rules_result_cleanup(&res);
            break;
        }
        assert_int_equal(rc, W_NOMEM);
        rules_result_cleanup(&res);
    }
    size_t checked, failed;
    char err[256];
    assert_int_equal(rules_check_examples(rs, &checked, &failed, err,
                                          sizeof err),
                     W_OK);
    done(rs, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_examples),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_reload_keeps_rules),
        cmocka_unit_test(test_word_lists),
        cmocka_unit_test(test_big_list),
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_prefix_and_require),
        cmocka_unit_test(test_failing_example),
        cmocka_unit_test(test_match_limit),
        cmocka_unit_test(test_interpreter),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_cpmap),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
