/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/politeness.c with a fake clock: per-host delay,
 * robots.txt Crawl-delay (capped) winning over a smaller delay, 429/503
 * slow-down with Retry-After, the in-flight limit, the robots.txt states
 * and status policy, and the backoff's jitter bounds.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "fetch.h"
#include "politeness.h"

static struct politeness *mk(void)
{
    struct politeness_opts o;
    politeness_opts_init(&o);
    o.agent = "warta/0.1 (+https://example.org/bot)";
    struct politeness *p = NULL;
    assert_int_equal(politeness_new(&p, &o), W_OK);
    return p;
}

static void test_backoff_bounds(void **st)
{
    (void)st;
    for (int i = 0; i < 200; i++) {
        long d1 = fetch_backoff_ms(1, 1000, 60000);
        assert_true(d1 >= 500 && d1 <= 1000);
        long d3 = fetch_backoff_ms(3, 1000, 60000);
        assert_true(d3 >= 2000 && d3 <= 4000);
        long dc = fetch_backoff_ms(30, 1000, 60000);
        assert_true(dc >= 30000 && dc <= 60000);
    }
    /* Jitter: not every value is the same. */
    long a = fetch_backoff_ms(5, 1000, 60000), diff = 0;
    for (int i = 0; i < 50; i++)
        diff |= fetch_backoff_ms(5, 1000, 60000) != a;
    assert_true(diff);
}

static void test_delay(void **st)
{
    (void)st;
    struct politeness *p = mk();
    int64_t t = 1000000;
    assert_int_equal(politeness_ready_at(p, "a.example", 2, t), t);
    assert_int_equal(politeness_start(p, "a.example", 5.0, t), W_OK);
    assert_int_equal(politeness_inflight(p, "a.example"), 1);
    assert_int_equal(politeness_ready_at(p, "a.example", 2, t), t + 5000);
    /* Another host is not affected. */
    assert_int_equal(politeness_ready_at(p, "b.example", 2, t), t);
    /* The in-flight limit: one allowed, one running → wait. */
    assert_true(politeness_ready_at(p, "a.example", 1, t + 6000) ==
                INT64_MAX);
    politeness_done(p, "a.example", FETCH_OK, -1, t + 100);
    assert_int_equal(politeness_inflight(p, "a.example"), 0);
    assert_int_equal(politeness_ready_at(p, "a.example", 1, t + 6000),
                     t + 6000);
    politeness_free(p);
}

static void test_crawl_delay(void **st)
{
    (void)st;
    struct politeness *p = mk();
    int64_t t = 5000000;
    const char *txt = "User-agent: *\nCrawl-delay: 7\nDisallow: /private\n";
    assert_int_equal(politeness_robots(p, "h", "/", t), POL_UNKNOWN);
    assert_int_equal(politeness_robots_fetching(p, "h"), W_OK);
    assert_int_equal(politeness_robots(p, "h", "/", t), POL_PENDING);
    assert_int_equal(politeness_robots_result(p, "h", 200, txt, strlen(txt),
                                              t),
                     W_OK);
    assert_int_equal(politeness_robots(p, "h", "/news/1", t), POL_ALLOWED);
    assert_int_equal(politeness_robots(p, "h", "/private/x", t),
                     POL_DISALLOWED);
    /* Crawl-delay 7 beats a configured 1 s. */
    politeness_start(p, "h", 1.0, t);
    assert_int_equal(politeness_ready_at(p, "h", 4, t), t + 7000);
    /* A configured delay larger than Crawl-delay wins. */
    politeness_start(p, "h", 9.0, t + 7000);
    assert_int_equal(politeness_ready_at(p, "h", 4, t), t + 16000);
    politeness_free(p);
}

static void test_crawl_delay_cap(void **st)
{
    (void)st;
    struct politeness_opts o;
    politeness_opts_init(&o);
    o.crawl_delay_cap = 10;
    struct politeness *p = NULL;
    assert_int_equal(politeness_new(&p, &o), W_OK);
    const char *txt = "User-agent: *\nCrawl-delay: 3600\n";
    politeness_robots_result(p, "h", 200, txt, strlen(txt), 0);
    politeness_start(p, "h", 0, 0);
    assert_int_equal(politeness_ready_at(p, "h", 4, 0), 10000);
    politeness_free(p);
}

static void test_robots_status_policy(void **st)
{
    (void)st;
    struct politeness *p = mk();
    int64_t t = 100000;
    /* 404: no robots.txt, everything allowed for robots_ttl. */
    politeness_robots_result(p, "four", 404, NULL, 0, t);
    assert_int_equal(politeness_robots(p, "four", "/x", t), POL_ALLOWED);
    /* 503 and no response: unreachable, nothing allowed for a while,
     * then asked again. */
    politeness_robots_result(p, "five", 503, NULL, 0, t);
    assert_int_equal(politeness_robots(p, "five", "/x", t), POL_UNREACHABLE);
    politeness_robots_result(p, "zero", 0, NULL, 0, t);
    assert_int_equal(politeness_robots(p, "zero", "/x", t), POL_UNREACHABLE);
    assert_int_equal(politeness_robots_until(p, "zero"), t + 600000);
    assert_int_equal(politeness_robots(p, "zero", "/x", t + 601000),
                     POL_UNKNOWN);
    /* The 4xx answer expires after a day. */
    assert_int_equal(politeness_robots(p, "four", "/x", t + 86401000),
                     POL_UNKNOWN);
    politeness_robots_flush(p);
    assert_int_equal(politeness_robots(p, "four", "/x", t), POL_UNKNOWN);
    politeness_free(p);
}

static void test_slow_down(void **st)
{
    (void)st;
    struct politeness *p = mk();
    int64_t t = 2000000;
    politeness_start(p, "h", 1.0, t);
    politeness_done(p, "h", FETCH_SLOW_DOWN, 30, t + 10);
    /* Retry-After 30 s beats the 5 s minimum slow-down. */
    assert_int_equal(politeness_ready_at(p, "h", 4, t + 10), t + 30010);
    assert_int_equal(politeness_slowdown_ms(p, "h"), 5000);
    /* A second 429 without Retry-After doubles the slow-down. */
    politeness_start(p, "h", 1.0, t + 30010);
    politeness_done(p, "h", FETCH_SLOW_DOWN, -1, t + 30020);
    assert_int_equal(politeness_slowdown_ms(p, "h"), 10000);
    assert_int_equal(politeness_ready_at(p, "h", 4, t + 30020),
                     t + 30010 + 1000 + 5000 > t + 30020 + 10000
                         ? t + 30010 + 1000 + 5000
                         : t + 30020 + 10000);
    /* The slow-down is added to the delay of later requests ... */
    politeness_start(p, "h", 1.0, t + 50000);
    assert_int_equal(politeness_ready_at(p, "h", 4, t + 50000),
                     t + 50000 + 1000 + 10000);
    /* ... and halves with each success until it is gone. */
    politeness_done(p, "h", FETCH_OK, -1, t + 50100);
    assert_int_equal(politeness_slowdown_ms(p, "h"), 5000);
    politeness_done(p, "h", FETCH_OK, -1, t + 50200);
    politeness_done(p, "h", FETCH_OK, -1, t + 50300);
    assert_int_equal(politeness_slowdown_ms(p, "h"), 0);
    /* Retry-After is capped by slow_max (1 h). */
    politeness_done(p, "h", FETCH_SLOW_DOWN, 999999, t + 60000);
    assert_int_equal(politeness_ready_at(p, "h", 4, t + 60000),
                     t + 60000 + 3600000);
    politeness_free(p);
}

static void test_defer(void **st)
{
    (void)st;
    struct politeness *p = mk();
    politeness_defer(p, "dns.example", 123456);
    assert_int_equal(politeness_ready_at(p, "dns.example", 2, 1000), 123456);
    assert_int_equal(politeness_hosts(p), 1);
    politeness_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff_bounds),
        cmocka_unit_test(test_delay),
        cmocka_unit_test(test_crawl_delay),
        cmocka_unit_test(test_crawl_delay_cap),
        cmocka_unit_test(test_robots_status_policy),
        cmocka_unit_test(test_slow_down),
        cmocka_unit_test(test_defer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
