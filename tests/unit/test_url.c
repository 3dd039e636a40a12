/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/url.c: canonical form (one string per article
 * whatever the spelling), resolution of references found in pages, host
 * and robots helpers, and the private-address policy the fetch engine
 * relies on to keep redirects away from internal networks.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include "mem.h"
#include "url.h"
#include "warta/plugin.h"

static void canon_is(const char *in, const char *want)
{
    char out[URL_MAX + 1];
    int rc = url_canonical(in, out, sizeof out);
    if (rc != W_OK || strcmp(out, want) != 0)
        fail_msg("url_canonical(\"%s\") = %d \"%s\", want \"%s\"", in, rc,
                 out, want);
}

static void canon_fails(const char *in, int want_rc)
{
    char out[URL_MAX + 1];
    int rc = url_canonical(in, out, sizeof out);
    if (rc != want_rc)
        fail_msg("url_canonical(\"%s\") = %d \"%s\", want %d", in, rc, out,
                 want_rc);
    assert_string_equal(out, "");
}

static void test_canonical_case_ports_fragment(void **st)
{
    canon_is("HTTPS://Jabar.AntaraNews.COM/berita/398245/x",
             "https://jabar.antaranews.com/berita/398245/x");
    canon_is("https://www.antaranews.com:443/berita/1#top",
             "https://www.antaranews.com/berita/1");
    canon_is("http://www.solotrust.com:80/read/4900/X",
             "http://www.solotrust.com/read/4900/X");
    /* Non-default ports stay; the path keeps its case. */
    canon_is("http://Example.com:8080/A/B", "http://example.com:8080/A/B");
    canon_is("https://example.com", "https://example.com/");
    canon_is("https://example.com./a", "https://example.com/a");
    canon_is("https://user:pw@example.com/a", "https://example.com/a");
    canon_is("  https://example.com/a\n ", "https://example.com/a");
    canon_is("https://exa\nmple.com/a\tb", "https://example.com/ab");
}

static void test_canonical_trackers(void **st)
{
    canon_is("https://prolitenews.com/a/?utm_source=fb&utm_medium=x",
             "https://prolitenews.com/a/");
    canon_is("https://e.com/a?id=5&fbclid=ABC&b=2",
             "https://e.com/a?id=5&b=2");
    canon_is("https://e.com/a?gclid=1&mc_cid=2&mc_eid=3&_ga=4&msclkid=5",
             "https://e.com/a");
    canon_is("https://e.com/a?", "https://e.com/a");
    canon_is("https://e.com/a?&&x=1&", "https://e.com/a?x=1");
    /* Only known trackers: "ref", "page", "p" and look-alikes stay. */
    canon_is("https://e.com/a?ref=home&page=all",
             "https://e.com/a?ref=home&page=all");
    canon_is("https://pelitajabar.com/?p=17736",
             "https://pelitajabar.com/?p=17736");
    canon_is("https://e.com/a?utm=1&xutm_source=2&fbclid_x=3",
             "https://e.com/a?utm=1&xutm_source=2&fbclid_x=3");
    /* An escaped name is the same name. */
    canon_is("https://e.com/a?utm%5Fsource=x&b=1", "https://e.com/a?b=1");
    /* Order of what remains is kept. */
    canon_is("https://e.com/a?z=1&a=2", "https://e.com/a?z=1&a=2");
}

static void test_canonical_path_encoding(void **st)
{
    canon_is("https://e.com/a/./b/../c", "https://e.com/a/c");
    canon_is("https://e.com/a/%2e%2E/c", "https://e.com/c");
    canon_is("https://e.com/%7Euser/%41b", "https://e.com/~user/Ab");
    canon_is("https://e.com/a%2fb%3f", "https://e.com/a%2Fb%3F");
    canon_is("https://e.com/a b", "https://e.com/a%20b");
    canon_is("https://e.com/caf\xc3\xa9", "https://e.com/caf%C3%A9");
    canon_is("https://e.com/100%", "https://e.com/100%25");
    canon_is("https://e.com/a%zz", "https://e.com/a%25zz");
    canon_is("https://e.com/a\\b", "https://e.com/a/b");
    canon_is("https://e.com/q?s=a%20b&t=%e2%82%ac",
             "https://e.com/q?s=a%20b&t=%E2%82%AC");
    /* solotrust's "--" slug is kept as is. */
    canon_is("http://www.solotrust.com/read/4900/Dinkop--UMKM-Kota-Solo",
             "http://www.solotrust.com/read/4900/Dinkop--UMKM-Kota-Solo");
    /* Spelling variants of one article give one string. */
    char a[URL_MAX], b[URL_MAX];
    assert_int_equal(url_canonical("HTTPS://E.com:443/x/%7ey?utm_term=1#f",
                                   a, sizeof a),
                     W_OK);
    assert_int_equal(url_canonical("https://e.com/x/~y", b, sizeof b), W_OK);
    assert_string_equal(a, b);
}

static void test_canonical_idn(void **st)
{
    /* Unicode hosts are refused (see url.h); the xn-- form is a host
     * like any other. */
    canon_fails("https://b\xc3\xbc" "cher.example/x", W_PARSE);
    canon_fails("https://\xff\xfe.example/x", W_PARSE);
    canon_is("https://XN--bcher-kva.example/x",
             "https://xn--bcher-kva.example/x");
    assert_null(url_resolve("https://e.com/", "//b\xc3\xbc" "cher.example/"));
}

static void test_canonical_refuses(void **st)
{
    canon_fails("ftp://e.com/a", W_PARSE);
    canon_fails("file:///etc/passwd", W_PARSE);
    canon_fails("javascript:alert(1)", W_PARSE);
    canon_fails("mailto:a@b.c", W_PARSE);
    canon_fails("/relative/path", W_PARSE);
    canon_fails("e.com/a", W_PARSE);
    canon_fails("", W_PARSE);
    canon_fails("https://", W_PARSE);
    canon_fails(NULL, W_PARSE);
    char big[URL_MAX + 100];
    memcpy(big, "https://e.com/", 14);
    memset(big + 14, 'a', sizeof big - 15);
    big[sizeof big - 1] = '\0';
    canon_fails(big, W_TOOBIG);
    char small[16];
    assert_int_equal(url_canonical("https://example.com/abc", small,
                                   sizeof small),
                     W_TOOBIG);
    assert_string_equal(small, "");
}

static void resolve_is(const char *base, const char *ref, const char *want)
{
    char *got = url_resolve(base, ref);
    if (!want) {
        if (got)
            fail_msg("url_resolve(%s, %s) = %s, want NULL",
                     base ? base : "NULL", ref ? ref : "NULL", got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("url_resolve(%s, %s) = %s, want %s", base ? base : "NULL",
                 ref ? ref : "NULL", got ? got : "NULL", want);
    w_free(got);
}

static void test_resolve(void **st)
{
    const char *base = "https://jabar.antaranews.com/terkini/2?x=1#f";
    resolve_is(base, "/berita/1/a", "https://jabar.antaranews.com/berita/1/a");
    resolve_is(base, "3", "https://jabar.antaranews.com/terkini/3");
    resolve_is(base, "../rss/terkini.xml",
               "https://jabar.antaranews.com/rss/terkini.xml");
    resolve_is(base, "?page=2",
               "https://jabar.antaranews.com/terkini/2?page=2");
    resolve_is(base, "//www.antaranews.com/a",
               "https://www.antaranews.com/a");
    resolve_is(base, "http://Other.COM/b#c", "http://other.com/b");
    resolve_is(base, "", "https://jabar.antaranews.com/terkini/2?x=1");
    resolve_is(base, "#frag", "https://jabar.antaranews.com/terkini/2?x=1");
    resolve_is(base, " /a b ", "https://jabar.antaranews.com/a%20b");
    resolve_is(base, "javascript:void(0)", NULL);
    resolve_is(base, "mailto:redaksi@antaranews.com", NULL);
    resolve_is(base, "ftp://e.com/x", NULL);
    resolve_is(NULL, "https://e.com/x", "https://e.com/x");
    resolve_is(NULL, "/x", NULL);
    resolve_is("not a url", "/x", NULL);
    resolve_is(base, NULL, NULL);
}

static void test_host_path_robots(void **st)
{
    char buf[URL_MAX];
    assert_int_equal(url_host("https://WWW.Antaranews.com:8443/x", buf,
                              sizeof buf),
                     W_OK);
    assert_string_equal(buf, "www.antaranews.com");
    assert_int_equal(url_host("http://[::1]:8080/", buf, sizeof buf), W_OK);
    assert_string_equal(buf, "::1");
    assert_int_equal(url_host("http://127.0.0.1/", buf, sizeof buf), W_OK);
    assert_string_equal(buf, "127.0.0.1");
    assert_int_equal(url_host("ftp://e.com/", buf, sizeof buf), W_PARSE);
    char tiny[4];
    assert_int_equal(url_host("http://example.com/", tiny, sizeof tiny),
                     W_TOOBIG);

    assert_int_equal(url_path_query("https://e.com/a/b?x=1&y#f", buf,
                                    sizeof buf),
                     W_OK);
    assert_string_equal(buf, "/a/b?x=1&y");
    assert_int_equal(url_path_query("https://e.com", buf, sizeof buf), W_OK);
    assert_string_equal(buf, "/");
    assert_int_equal(url_path_query("https://e.com/a", tiny, sizeof tiny),
                     W_OK);
    assert_int_equal(url_path_query("https://e.com/abcd", tiny, sizeof tiny),
                     W_TOOBIG);

    assert_int_equal(url_robots_txt("https://E.com:443/a/b?c#d", buf,
                                    sizeof buf),
                     W_OK);
    assert_string_equal(buf, "https://e.com/robots.txt");
    assert_int_equal(url_robots_txt("http://u:p@127.0.0.1:8080/x", buf,
                                    sizeof buf),
                     W_OK);
    assert_string_equal(buf, "http://127.0.0.1:8080/robots.txt");

    assert_true(url_is_http("http://e.com"));
    assert_false(url_is_http("gopher://e.com"));
    assert_false(url_is_http("x"));
}

static void test_private_host(void **st)
{
    const char *priv[] = {
        "127.0.0.1", "127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1",
        "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0",
        "0", "224.0.0.1", "255.255.255.255", "::1", "[::1]", "::",
        "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "FE80::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "[::ffff:169.254.169.254]",
        "64:ff9b::10.0.0.1", "localhost", "LOCALHOST", "a.localhost",
        "localhost.", "", NULL,
    };
    for (size_t i = 0; i < sizeof priv / sizeof priv[0]; i++)
        if (!url_is_private_host(priv[i]))
            fail_msg("%s should be private", priv[i] ? priv[i] : "NULL");
    const char *pub[] = {
        "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
        "100.63.255.255", "169.253.1.1", "::ffff:8.8.8.8", "2001:db8::1",
        "2606:4700::1111", "example.com", "jabar.antaranews.com",
        "localhost.example.com", "mylocalhost",
    };
    for (size_t i = 0; i < sizeof pub / sizeof pub[0]; i++)
        if (url_is_private_host(pub[i]))
            fail_msg("%s should be public", pub[i]);
}

static void test_private_addr(void **st)
{
    struct sockaddr_in s4;
    memset(&s4, 0, sizeof s4);
    s4.sin_family = AF_INET;
    inet_pton(AF_INET, "169.254.169.254", &s4.sin_addr);
    assert_true(url_is_private_addr((struct sockaddr *)&s4, sizeof s4));
    inet_pton(AF_INET, "127.0.0.1", &s4.sin_addr);
    assert_true(url_is_private_addr((struct sockaddr *)&s4, sizeof s4));
    inet_pton(AF_INET, "93.184.216.34", &s4.sin_addr);
    assert_false(url_is_private_addr((struct sockaddr *)&s4, sizeof s4));
    /* A truncated address is refused, not read past its end. */
    assert_true(url_is_private_addr((struct sockaddr *)&s4, 4));

    struct sockaddr_in6 s6;
    memset(&s6, 0, sizeof s6);
    s6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:192.168.0.1", &s6.sin6_addr);
    assert_true(url_is_private_addr((struct sockaddr *)&s6, sizeof s6));
    inet_pton(AF_INET6, "fd00::5", &s6.sin6_addr);
    assert_true(url_is_private_addr((struct sockaddr *)&s6, sizeof s6));
    inet_pton(AF_INET6, "2a00:1450::1", &s6.sin6_addr);
    assert_false(url_is_private_addr((struct sockaddr *)&s6, sizeof s6));

    struct sockaddr su;
    memset(&su, 0, sizeof su);
    su.sa_family = AF_UNIX;
    assert_true(url_is_private_addr(&su, sizeof su));
    assert_true(url_is_private_addr(NULL, 0));
}

static void test_oom(void **st)
{
    /* Failing each allocation in turn gives NULL or W_NOMEM, never a
     * crash or a leak (ASan checks the latter). */
    int done = 0;
    for (long n = 0; n < 40 && !done; n++) {
        mem_fail_after(n);
        char *r = url_resolve("https://e.com/a/b", "../c d?utm_x=1");
        mem_fail_after(-1);
        if (r) {
            assert_string_equal(r, "https://e.com/c%20d?utm_x=1");
            w_free(r);
            done = 1;
        }
    }
    assert_true(done);
    done = 0;
    for (long n = 0; n < 40 && !done; n++) {
        char out[URL_MAX];
        mem_fail_after(n);
        int rc = url_canonical("https://e.com/a b?utm_x=1&y=2", out,
                               sizeof out);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_string_equal(out, "https://e.com/a%20b?y=2");
            done = 1;
        } else {
            assert_int_equal(rc, W_NOMEM);
        }
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_case_ports_fragment),
        cmocka_unit_test(test_canonical_trackers),
        cmocka_unit_test(test_canonical_path_encoding),
        cmocka_unit_test(test_canonical_idn),
        cmocka_unit_test(test_canonical_refuses),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_host_path_robots),
        cmocka_unit_test(test_private_host),
        cmocka_unit_test(test_private_addr),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
