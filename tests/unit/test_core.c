/* SPDX-License-Identifier: MIT */
/* Unit tests for the core foundations: arena, buf, record, host routing. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "arena.h"
#include "buf.h"
#include "mem.h"
#include "plugins.h"
#include "record.h"

static void test_arena_limits(void **st)
{
    struct arena a;
    arena_init(&a, 1024);
    char *s = arena_strdup(&a, "hello");
    assert_string_equal(s, "hello");
    assert_null(arena_alloc(&a, 4096)); /* past the limit */
    char *p = arena_printf(&a, "%d-%s", 7, "x");
    assert_string_equal(p, "7-x");
    arena_cleanup(&a);
    arena_init(&a, 0);
    for (int i = 0; i < 1000; i++)
        assert_non_null(arena_alloc(&a, 1000)); /* many blocks */
    assert_non_null(arena_alloc(&a, 1 << 20));  /* a large block */
    arena_cleanup(&a);
}

static void test_buf_toobig(void **st)
{
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_adds(&b, "1234"), W_OK);
    assert_int_equal(buf_printf(&b, "%s", "5678"), W_OK);
    assert_string_equal(buf_str(&b), "12345678");
    assert_int_equal(buf_addc(&b, '9'), W_TOOBIG);
    assert_string_equal(buf_str(&b), ""); /* freed past the maximum */
    buf_cleanup(&b);
}

static void test_record_json(void **st)
{
    struct warta_record r;
    record_init(&r);
    assert_int_equal(record_set(&r, WARTA_F_TITLE, "Judul"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_AUTHORS, "A"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_AUTHORS, "A"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_AUTHORS, "B"), W_OK);
    assert_int_equal(record_set(&r, WARTA_F_CANONICAL_URL,
                                "https://example.com/a"),
                     W_OK);
    assert_int_equal(record_finish(&r), W_OK);
    assert_int_equal(strlen(r.id), 20);
    json_t *o = record_to_json(&r);
    assert_int_equal(json_array_size(json_object_get(o, "authors")), 2);
    assert_true(json_is_null(json_object_get(o, "published")));
    struct warta_record back;
    record_init(&back);
    assert_int_equal(record_from_json(&back, o), W_OK);
    assert_string_equal(record_get(&back, WARTA_F_TITLE), "Judul");
    assert_string_equal(back.id, r.id);
    json_decref(o);
    record_cleanup(&back);
    record_cleanup(&r);
}

static void test_record_oom(void **st)
{
    /* Every allocation failing in turn must give W_NOMEM, never a crash. */
    for (long n = 0; n < 20; n++) {
        struct warta_record r;
        record_init(&r);
        mem_fail_after(n);
        int rc = record_set(&r, WARTA_F_TAGS, "x");
        if (rc == W_OK)
            rc = record_finish(&r);
        mem_fail_after(-1);
        assert_true(rc == W_OK || rc == W_NOMEM);
        record_cleanup(&r);
    }
}

static void test_host_match(void **st)
{
    assert_true(plugins_host_matches("*.antaranews.com",
                                     "jabar.antaranews.com"));
    assert_false(plugins_host_matches("*.antaranews.com", "antaranews.com"));
    assert_false(plugins_host_matches("*.antaranews.com",
                                      "evilantaranews.com"));
    assert_true(plugins_host_matches("Solotrust.com", "solotrust.com"));
    assert_true(plugins_host_matches("*", "anything.example"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_limits),
        cmocka_unit_test(test_buf_toobig),
        cmocka_unit_test(test_record_json),
        cmocka_unit_test(test_record_oom),
        cmocka_unit_test(test_host_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
