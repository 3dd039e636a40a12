/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the pieces of core/backfill.c that need no network: the
 * URL-list reader (comments, blank lines, bad lines with their numbers,
 * duplicates by canonical form), the window test on ISO 8601 dates and
 * the date validator. The jobs themselves are tested end to end by the
 * scripts in this directory.
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
#include "backfill.h"
#include "log.h"

static char *write_tmp(const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/test_backfill.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_read_urls(void **st)
{
    const char *text =
        "# a list\n"
        "\n"
        "https://jabar.antaranews.com/berita/1/satu\n"
        "   https://example.com/a?utm_source=x   # tracking dropped\n"
        "ftp://example.com/file\n"
        "\t# indented comment\n"
        "https://example.com/b#section\n"
        "two words here\n"
        "HTTPS://EXAMPLE.COM/a\n" /* the same as line 4, canonically */
        "https://example.com/c\r\n";
    char *path = write_tmp(text);
    struct backfill_list l;
    char err[256];
    assert_int_equal(backfill_read_urls(path, &l, err, sizeof err), W_OK);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.bad, 2);
    assert_string_equal(l.v[0].url,
                        "https://jabar.antaranews.com/berita/1/satu");
    assert_int_equal(l.v[0].line, 3);
    assert_string_equal(l.v[1].url, "https://example.com/a");
    assert_int_equal(l.v[1].line, 4);
    assert_string_equal(l.v[2].url, "https://example.com/b");
    assert_int_equal(l.v[2].line, 7);
    assert_string_equal(l.v[3].url, "https://example.com/c");
    assert_int_equal(l.v[3].line, 10);
    backfill_list_cleanup(&l);
    remove(path);
}

static void test_read_urls_errors(void **st)
{
    struct backfill_list l;
    char err[256] = "";
    assert_int_equal(backfill_read_urls("/nonexistent/urls.txt", &l, err,
                                        sizeof err),
                     W_IO);
    assert_non_null(strstr(err, "/nonexistent/urls.txt"));
    assert_int_equal(l.n, 0);
    char *path = write_tmp("");
    assert_int_equal(backfill_read_urls(path, &l, err, sizeof err), W_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.bad, 0);
    backfill_list_cleanup(&l);
    remove(path);
}

static void test_window(void **st)
{
    assert_int_equal(backfill_in_window("2024-06-30T23:59:00+07:00",
                                        "2024-01-01", "2024-06-30"),
                     1);
    assert_int_equal(backfill_in_window("2024-07-01T00:00:00+07:00",
                                        "2024-01-01", "2024-06-30"),
                     0);
    assert_int_equal(backfill_in_window("2023-12-31T23:59:00+07:00",
                                        "2024-01-01", "2024-06-30"),
                     0);
    assert_int_equal(backfill_in_window("2024-01-01", "2024-01-01", NULL),
                     1);
    assert_int_equal(backfill_in_window("2030-01-01", NULL, NULL), 1);
    assert_int_equal(backfill_in_window(NULL, "2024-01-01", NULL), -1);
    assert_int_equal(backfill_in_window("kemarin", NULL, NULL), -1);
    assert_int_equal(backfill_in_window("2024-13-01", NULL, NULL), -1);
}

static void test_valid_date(void **st)
{
    assert_true(backfill_valid_date("2024-02-29"));
    assert_false(backfill_valid_date("2023-02-29"));
    assert_true(backfill_valid_date("2000-02-29"));
    assert_false(backfill_valid_date("1900-02-29"));
    assert_false(backfill_valid_date("2024-04-31"));
    assert_false(backfill_valid_date("2024-4-1"));
    assert_false(backfill_valid_date("2024-01-01T00"));
    assert_false(backfill_valid_date(NULL));
    assert_false(backfill_valid_date("abcd-ef-gh"));
}

int main(void)
{
    log_setup(WARTA_LOG_ERR, LOG_TEXT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_urls),
        cmocka_unit_test(test_read_urls_errors),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_valid_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
