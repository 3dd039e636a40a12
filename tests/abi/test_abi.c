/* SPDX-License-Identifier: MIT */
/*
 * The loader refuses bad plugins with a sentence naming the file and the
 * reason, and keeps loading the good ones. The plugins are built by
 * mk/core.mk as check-only shared objects under tests/abi/.libs/.
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
#include "plugins.h"

static char dir[4096];

static int setup(void **st)
{
    const char *top = getenv("top_builddir");
    snprintf(dir, sizeof dir, "%s/tests/abi/.libs", top ? top : ".");
    return 0;
}

static const struct warta_host fake_host = {.size = sizeof fake_host,
                                            .abi = WARTA_PLUGIN_ABI};

static int load(struct plugin_set *set, const char *file, char *err,
                size_t errsz)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    err[0] = '\0';
    return plugins_load_file(set, path, NULL, NULL, err, errsz);
}

static void expect_refusal(const char *file, const char *reason)
{
    struct plugin_set set;
    plugins_init(&set, &fake_host);
    char err[1024];
    int rc = load(&set, file, err, sizeof err);
    assert_int_not_equal(rc, W_OK);
    assert_non_null(strstr(err, file));
    if (!strstr(err, reason))
        fail_msg("refusal of %s says \"%s\", expected \"%s\"", file, err,
                 reason);
    assert_int_equal(set.n, 0);
    plugins_cleanup(&set);
}

static void test_wrong_abi(void **st)
{
    expect_refusal("bad_abi.so", "built for ABI 2, this warta speaks ABI 1");
}

static void test_wrong_sig(void **st)
{
    expect_refusal("bad_sig.so", "not binary compatible");
}

static void test_missing_symbol(void **st)
{
    expect_refusal("no_symbol.so", "does not export the symbol");
}

static void test_missing_parse(void **st)
{
    expect_refusal("no_parse.so", "required parse hook");
}

static void test_not_a_shared_object(void **st)
{
    expect_refusal("does_not_exist.so", "cannot load it");
}

static void test_good_and_duplicates(void **st)
{
    struct plugin_set set;
    plugins_init(&set, &fake_host);
    char err[1024];
    assert_int_equal(load(&set, "good.so", err, sizeof err), W_OK);
    assert_int_not_equal(load(&set, "good.so", err, sizeof err), W_OK);
    assert_non_null(strstr(err, "already loaded"));
    assert_int_not_equal(load(&set, "dup_host.so", err, sizeof err), W_OK);
    assert_non_null(strstr(err, "already served by plugin good"));
    assert_int_equal(set.n, 1);
    assert_ptr_equal(plugins_for_host(&set, "x.good.example"), &set.v[0]);
    assert_ptr_equal(plugins_for_url(&set, "https://GOOD.example:8080/a"),
                     &set.v[0]);
    assert_null(plugins_for_host(&set, "elsewhere.example"));
    plugins_cleanup(&set);
}

static const struct warta_kv fail_opt[] = {{"fail", "1"}};
static const struct warta_kv *fail_conf(const char *name, size_t *n,
                                        void *ud)
{
    *n = 1;
    return fail_opt;
}

static void test_init_refused(void **st)
{
    struct plugin_set set;
    plugins_init(&set, &fake_host);
    char path[4200], err[1024];
    snprintf(path, sizeof path, "%s/good.so", dir);
    assert_int_not_equal(
        plugins_load_file(&set, path, fail_conf, NULL, err, sizeof err),
        W_OK);
    assert_non_null(strstr(err, "init failed"));
    assert_int_equal(set.n, 0);
    plugins_cleanup(&set);
}

static void test_dir_loads_good_ones(void **st)
{
    /* The directory holds four bad plugins and two good ones that claim
     * the same host: in name order dup_host.so loads, good.so is refused
     * for the clash, the bad ones for their defects. */
    struct plugin_set set;
    plugins_init(&set, &fake_host);
    int n = plugins_load_dir(&set, dir, NULL, NULL);
    assert_int_equal(n, 1);
    assert_non_null(plugins_by_name(&set, "dup_host"));
    assert_null(plugins_by_name(&set, "good"));
    plugins_cleanup(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrong_abi),
        cmocka_unit_test(test_wrong_sig),
        cmocka_unit_test(test_missing_symbol),
        cmocka_unit_test(test_missing_parse),
        cmocka_unit_test(test_not_a_shared_object),
        cmocka_unit_test(test_good_and_duplicates),
        cmocka_unit_test(test_init_refused),
        cmocka_unit_test(test_dir_loads_good_ones),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
