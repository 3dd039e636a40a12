/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/robots.c against RFC 9309: group selection by
 * product token, merged groups, longest match with Allow winning ties,
 * "*" and "$", percent-encoding, Crawl-delay, Sitemap lines, the size
 * cap and the status policy. The first file is the RFC's own example
 * (section 5.1).
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
#include "robots.h"
#include "warta/plugin.h"

static struct robots *parse(const char *txt, const char *agent)
{
    struct robots *r = NULL;
    assert_int_equal(robots_parse(txt, strlen(txt), agent, &r), W_OK);
    assert_non_null(r);
    return r;
}

static void expect(const struct robots *r, const char *path, int want)
{
    int got = robots_allowed(r, path);
    if (got != want)
        fail_msg("robots_allowed(\"%s\") = %d, want %d", path ? path : "NULL",
                 got, want);
}

static const char rfc_example[] =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

static void test_rfc_example(void **st)
{
    struct robots *r = parse(rfc_example, "foobot");
    expect(r, "/example/page.html", 1);
    expect(r, "/example/allowed.gif", 1);
    expect(r, "/example/other.html", 0);
    expect(r, "/", 0);
    expect(r, "/robots.txt", 1); /* always */
    robots_free(r);

    r = parse(rfc_example, "BazBot/1.2 (+https://example.com/bot)");
    expect(r, "/example/page.html", 0);
    expect(r, "/example/page.htmlx", 0);
    expect(r, "/example/other", 1); /* the "*" group does not apply */
    expect(r, "/x.gif", 1);
    robots_free(r);

    r = parse(rfc_example, "quxbot");
    expect(r, "/example/", 1); /* an empty group still selects it */
    assert_int_equal(robots_rule_count(r), 0);
    robots_free(r);

    r = parse(rfc_example, "warta/0.1 (+https://github.com/warta)");
    expect(r, "/example/x", 0);
    expect(r, "/publications/a", 1);
    expect(r, "/img/a.gif", 0);
    expect(r, "/img/a.gif?v=2", 1); /* "$" anchors the end */
    expect(r, "/img/a.GIF", 1);     /* paths are case-sensitive */
    expect(r, "/other", 1);
    expect(r, "", 1);
    expect(r, NULL, 1);
    assert_int_equal(robots_rule_count(r), 3);
    robots_free(r);
}

static void test_agent_matching(void **st)
{
    const char *txt = "User-agent: WARTA/2.0\n"
                      "Disallow: /a\n"
                      "User-agent: wartabot\n"
                      "Disallow: /b\n"
                      "User-agent: *\n"
                      "Disallow: /c\n";
    struct robots *r = parse(txt, "warta");
    expect(r, "/a", 0);
    expect(r, "/b", 1); /* another product */
    expect(r, "/c", 1); /* "*" only when no group names us */
    robots_free(r);
    r = parse(txt, "Wartabot/1");
    expect(r, "/a", 1);
    expect(r, "/b", 0);
    robots_free(r);
    r = parse(txt, "other");
    expect(r, "/c", 0);
    expect(r, "/a", 1);
    robots_free(r);
    /* No group at all for us and no "*": everything allowed. */
    r = parse("User-agent: googlebot\nDisallow: /\n", "warta");
    expect(r, "/", 1);
    robots_free(r);
}

static void test_groups_merge(void **st)
{
    /* Two groups for us are merged; a Sitemap line between user-agent
     * lines does not split a group; rules before any user-agent are
     * ignored. */
    const char *txt = "Disallow: /orphan\n"
                      "User-agent: warta\n"
                      "Disallow: /one\n"
                      "\n"
                      "User-agent: other\n"
                      "Sitemap: https://e.com/s1.xml\n"
                      "User-agent: warta\n"
                      "Disallow: /two\n"
                      "Crawl-delay: 7\n"
                      "user-agent: warta\n"
                      "crawl-delay: 3.5\n"
                      "ALLOW: /two/ok\n";
    struct robots *r = parse(txt, "warta");
    expect(r, "/orphan", 1);
    expect(r, "/one/x", 0);
    expect(r, "/two/x", 0);
    expect(r, "/two/ok/x", 1);
    assert_true(robots_crawl_delay(r) == 7.0);
    robots_free(r);
    r = parse(txt, "other");
    expect(r, "/two/x", 0); /* "other" shares the group with warta */
    expect(r, "/one", 1);
    robots_free(r);
}

static void test_longest_match(void **st)
{
    struct robots *r = parse("User-agent: *\nAllow: /p\nDisallow: /\n",
                             "warta");
    expect(r, "/page", 1);
    expect(r, "/q", 0);
    robots_free(r);
    /* Equal length: allow wins. */
    r = parse("User-agent: *\nAllow: /folder\nDisallow: /folder\n", "w");
    expect(r, "/folder/page", 1);
    robots_free(r);
    r = parse("User-agent: *\nDisallow: /folder\nAllow: /folder\n", "w");
    expect(r, "/folder/page", 1); /* order does not matter */
    robots_free(r);
    r = parse("User-agent: *\nAllow: /page\nDisallow: /*.htm\n", "w");
    expect(r, "/page.htm", 0);
    expect(r, "/page.html", 0);
    expect(r, "/page", 1);
    robots_free(r);
    r = parse("User-agent: *\nAllow: /$\nDisallow: /\n", "w");
    expect(r, "/", 1);
    expect(r, "/page.htm", 0);
    robots_free(r);
    /* "Disallow:" with no value allows everything. */
    r = parse("User-agent: *\nDisallow:\n", "w");
    expect(r, "/anything", 1);
    assert_int_equal(robots_rule_count(r), 0);
    robots_free(r);
}

static void test_wildcards(void **st)
{
    struct robots *r = parse("User-agent: *\n"
                             "Disallow: /*?\n"
                             "Disallow: /search*results$\n"
                             "Disallow: /**/private/\n"
                             "Disallow: /a$b\n"
                             "Disallow: tmp/\n",
                             "w");
    expect(r, "/berita/1?utm=1", 0);
    expect(r, "/berita/1", 1);
    expect(r, "/search/x/results", 0);
    expect(r, "/search/x/results/2", 1);
    expect(r, "/x/y/private/z", 0);
    expect(r, "/private/", 1); /* needs a segment before it */
    expect(r, "/a$b/c", 0);    /* '$' not at the end is a character */
    expect(r, "/ab", 1);
    expect(r, "/tmp/x", 0);    /* missing leading '/' read as "/tmp/" */
    robots_free(r);
    /* Many stars against a long path: still the right answer. */
    char path[2048];
    path[0] = '/';
    memset(path + 1, 'a', sizeof path - 2);
    path[sizeof path - 1] = '\0';
    r = parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*b\n"
              "Disallow: /*a*a*a*a*a*a*a*a*a\n",
              "w");
    expect(r, path, 0);
    robots_free(r);
    r = parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*b\n", "w");
    expect(r, path, 1);
    robots_free(r);
}

static void test_percent_encoding(void **st)
{
    struct robots *r = parse("User-agent: *\n"
                             "Disallow: /%7Euser\n"
                             "Disallow: /a%3cb\n"
                             "Disallow: /caf\xc3\xa9\n"
                             "Disallow: /sp ace\n",
                             "w");
    expect(r, "/~user/x", 0);
    expect(r, "/%7euser", 0);
    expect(r, "/a%3Cb", 0);
    expect(r, "/a%3cb", 0);
    expect(r, "/caf%C3%A9/x", 0);
    expect(r, "/caf%c3%a9", 0);
    expect(r, "/sp%20ace", 0);
    expect(r, "/cafe", 1);
    robots_free(r);
}

static void test_syntax_tolerance(void **st)
{
    const char *txt = "\xef\xbb\xbfUser-Agent : warta # our bot\r\n"
                      "Disallow : /a # comment\r"
                      "Useragent: x\n"
                      "Dissallow: /typo\n"
                      "garbage line without colon\n"
                      "Unknown-field: value\n"
                      "Crawl-delay: abc\n"
                      "Crawl-delay: -3\n"
                      "Sitemap: https://e.com/sitemap.xml # s\n"
                      "sitemap:https://e.com/news.xml\n"
                      "Sitemap:\n";
    struct robots *r = parse(txt, "warta");
    expect(r, "/a", 0);
    expect(r, "/typo", 1); /* "Useragent: x" started another group */
    assert_true(robots_crawl_delay(r) < 0);
    const char *const *sm = NULL;
    assert_int_equal(robots_sitemaps(r, &sm), 2);
    assert_string_equal(sm[0], "https://e.com/sitemap.xml");
    assert_string_equal(sm[1], "https://e.com/news.xml");
    robots_free(r);
    r = parse(txt, "x");
    expect(r, "/typo", 0);
    robots_free(r);
    /* Empty and binary input: allowed, no crash. */
    r = NULL;
    assert_int_equal(robots_parse(NULL, 0, "w", &r), W_OK);
    expect(r, "/x", 1);
    assert_int_equal(robots_sitemaps(r, &sm), 0);
    assert_null(sm);
    robots_free(r);
    static const char bin[] = "\0\xff\xfe:::\n\0Disallow: /\n";
    assert_int_equal(robots_parse(bin, sizeof bin, "w", &r), W_OK);
    expect(r, "/x", 1);
    robots_free(r);
}

static void test_size_cap(void **st)
{
    /* Rules past 500 KiB are not read. */
    size_t n = ROBOTS_MAX_BYTES + 4096;
    char *txt = malloc(n + 1);
    assert_non_null(txt);
    size_t o = 0;
    o += (size_t)snprintf(txt, n, "User-agent: *\nDisallow: /early\n");
    while (o < ROBOTS_MAX_BYTES - 10)
        txt[o++] = '#';
    txt[o++] = '\n';
    memcpy(txt + o, "Disallow: /late\n", 16);
    o += 16;
    struct robots *r = NULL;
    assert_int_equal(robots_parse(txt, o, "w", &r), W_OK);
    expect(r, "/early", 0);
    expect(r, "/late", 1);
    robots_free(r);
    free(txt);
    /* A line longer than ROBOTS_MAX_LINE is skipped, not truncated. */
    size_t ln = ROBOTS_MAX_LINE + 100;
    txt = malloc(ln + 64);
    assert_non_null(txt);
    o = (size_t)snprintf(txt, 64, "User-agent: *\nDisallow: /x");
    memset(txt + o, 'y', ln);
    o += ln;
    txt[o] = '\0';
    r = parse(txt, "w");
    expect(r, "/x", 1);
    robots_free(r);
    free(txt);
}

static void test_policy(void **st)
{
    assert_int_equal(robots_policy_for_status(200), ROBOTS_PARSE);
    assert_int_equal(robots_policy_for_status(204), ROBOTS_PARSE);
    assert_int_equal(robots_policy_for_status(404), ROBOTS_ALLOW_ALL);
    assert_int_equal(robots_policy_for_status(403), ROBOTS_ALLOW_ALL);
    assert_int_equal(robots_policy_for_status(410), ROBOTS_ALLOW_ALL);
    assert_int_equal(robots_policy_for_status(301), ROBOTS_ALLOW_ALL);
    assert_int_equal(robots_policy_for_status(429), ROBOTS_DISALLOW_ALL);
    assert_int_equal(robots_policy_for_status(500), ROBOTS_DISALLOW_ALL);
    assert_int_equal(robots_policy_for_status(503), ROBOTS_DISALLOW_ALL);
    assert_int_equal(robots_policy_for_status(0), ROBOTS_DISALLOW_ALL);
    assert_int_equal(robots_policy_for_status(100), ROBOTS_DISALLOW_ALL);
    struct robots *r = NULL;
    assert_int_equal(robots_new_policy(0, &r), W_OK);
    expect(r, "/x", 0);
    expect(r, "/robots.txt", 1);
    assert_true(robots_crawl_delay(r) < 0);
    robots_free(r);
    assert_int_equal(robots_new_policy(1, &r), W_OK);
    expect(r, "/x", 1);
    robots_free(r);
    robots_free(NULL);
}

static void test_oom(void **st)
{
    int done = 0;
    for (long n = 0; n < 200 && !done; n++) {
        struct robots *r = NULL;
        mem_fail_after(n);
        int rc = robots_parse(rfc_example, strlen(rfc_example), "foobot",
                              &r);
        mem_fail_after(-1);
        if (rc == W_OK) {
            expect(r, "/example/page.html", 1);
            expect(r, "/x", 0);
            robots_free(r);
            done = 1;
        } else {
            assert_int_equal(rc, W_NOMEM);
            assert_null(r);
        }
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc_example),
        cmocka_unit_test(test_agent_matching),
        cmocka_unit_test(test_groups_merge),
        cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_percent_encoding),
        cmocka_unit_test(test_syntax_tolerance),
        cmocka_unit_test(test_size_cap),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
