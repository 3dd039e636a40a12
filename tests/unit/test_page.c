/* SPDX-License-Identifier: MIT */
/*
 * page_open(): charset detection in its documented order, conversion with
 * U+FFFD for bad bytes, HTML versus XML, refusal of empty, binary, too
 * large and too deep input, and a 10,000-level document that must parse.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "charset.h"
#include "dom.h"
#include "mem.h"
#include "page.h"

static int open_str(struct page *pg, const char *ct, const char *s)
{
    return page_open(pg, "https://example.com/a", ct, s, strlen(s));
}

/* Text of the first <p>, on one line. */
static const char *first_p(struct page *pg)
{
    const GumboNode *p = dom_select_one(&pg->pub, NULL, "p");
    assert_non_null(p);
    return dom_line(&pg->pub, p);
}

static void test_utf8_default(void **st)
{
    struct page pg;
    assert_int_equal(
        open_str(&pg, NULL, "<p>Wali Kota \xe2\x80\x9cYana\xe2\x80\x9d</p>"),
        W_OK);
    assert_string_equal(pg.charset, "UTF-8");
    assert_string_equal(first_p(&pg), "Wali Kota \xe2\x80\x9cYana\xe2\x80\x9d");
    assert_non_null(pg.pub.doc);
    assert_string_equal(pg.pub.content_type, "text/html");
    assert_string_equal(pg.pub.url, "https://example.com/a");
    assert_ptr_equal(pg.pub.core, &pg.core);
    assert_int_equal(pg.pub.len, strlen(pg.pub.body));
    page_close(&pg);
}

static void test_bom(void **st)
{
    struct page pg;
    /* UTF-8 BOM wins over a contradicting header. */
    assert_int_equal(open_str(&pg, "text/html; charset=iso-8859-1",
                              "\xef\xbb\xbf<p>caf\xc3\xa9</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "UTF-8");
    assert_string_equal(first_p(&pg), "caf\xc3\xa9");
    assert_int_equal(pg.pub.body[0], '<'); /* BOM removed */
    page_close(&pg);
    /* UTF-16LE with BOM. */
    const char u16[] = "\xff\xfe<\0p\0>\0A\0\xe9\0<\0/\0p\0>\0";
    assert_int_equal(page_open(&pg, NULL, NULL, u16, sizeof u16 - 1), W_OK);
    assert_string_equal(pg.charset, "UTF-16LE");
    assert_string_equal(first_p(&pg), "A\xc3\xa9");
    page_close(&pg);
    const char u16be[] = "\xfe\xff\0<\0p\0>\0B\0<\0/\0p\0>";
    assert_int_equal(page_open(&pg, NULL, NULL, u16be, sizeof u16be - 1),
                     W_OK);
    assert_string_equal(first_p(&pg), "B");
    page_close(&pg);
}

static void test_http_charset(void **st)
{
    struct page pg;
    /* The header beats <meta>; 0xE9 is é in windows-1252. */
    assert_int_equal(open_str(&pg, "text/html; charset=\"windows-1252\"",
                              "<meta charset=utf-8><p>caf\xe9</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "WINDOWS-1252");
    assert_string_equal(first_p(&pg), "caf\xc3\xa9");
    assert_string_equal(pg.pub.content_type,
                        "text/html; charset=\"windows-1252\"");
    page_close(&pg);
    /* ISO-8859-1 means windows-1252: 0x93/0x94 are curly quotes. */
    assert_int_equal(open_str(&pg, "text/html;charset=ISO-8859-1",
                              "<p>\x93kerja sama\x94</p>"),
                     W_OK);
    assert_string_equal(first_p(&pg),
                        "\xe2\x80\x9ckerja sama\xe2\x80\x9d");
    page_close(&pg);
}

static void test_meta_charset(void **st)
{
    struct page pg;
    assert_int_equal(open_str(&pg, "text/html",
                              "<!-- <meta charset=koi8-r> -->"
                              "<html><head><meta charset='iso-8859-15'>"
                              "</head><p>\xa4</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "ISO-8859-15");
    assert_string_equal(first_p(&pg), "\xe2\x82\xac"); /* euro sign */
    page_close(&pg);
    assert_int_equal(
        open_str(&pg, NULL,
                 "<head><title a=\"<meta charset=koi8-r>\">t</title>"
                 "<META HTTP-EQUIV=\"Content-Type\" "
                 "CONTENT=\"text/html; charset=windows-1252\">"
                 "<p>Rp 5\x96 10 juta</p>"),
        W_OK);
    assert_string_equal(pg.charset, "WINDOWS-1252");
    assert_string_equal(first_p(&pg), "Rp 5\xe2\x80\x93 10 juta");
    page_close(&pg);
    /* A meta-declared UTF-16 on ASCII bytes is UTF-8. */
    assert_int_equal(open_str(&pg, NULL,
                              "<meta charset=utf-16><p>ok \xc3\xa9</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "UTF-8");
    page_close(&pg);
}

static void test_prescan_limit(void **st)
{
    char out[CHARSET_NAME_MAX];
    char *s = malloc(CHARSET_PRESCAN + 64);
    memset(s, ' ', CHARSET_PRESCAN);
    memcpy(s + CHARSET_PRESCAN, "<meta charset=windows-1252>", 28);
    assert_int_equal(charset_prescan((unsigned char *)s, strlen(s), out,
                                     sizeof out),
                     W_NOTFOUND);
    memcpy(s + 10, "<meta charset=windows-1252>", 27);
    assert_int_equal(charset_prescan((unsigned char *)s, strlen(s), out,
                                     sizeof out),
                     W_OK);
    assert_string_equal(out, "WINDOWS-1252");
    free(s);
    assert_int_equal(charset_label("x-unknown-thing", 15, out, sizeof out),
                     W_NOTFOUND);
    assert_int_equal(charset_label(" UTF8 ", 6, out, sizeof out), W_OK);
    assert_string_equal(out, "UTF-8");
    assert_int_equal(charset_label("utf-8\"; x", 9, out, sizeof out),
                     W_NOTFOUND);
}

static void test_sniff_windows1252(void **st)
{
    struct page pg;
    /* No label, invalid UTF-8 everywhere: windows-1252. */
    assert_int_equal(open_str(&pg, NULL,
                              "<p>Kota \x93Kembang\x94 dan caf\xe9 \x96 "
                              "M\xfcnchen</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "WINDOWS-1252");
    assert_string_equal(first_p(&pg),
                        "Kota \xe2\x80\x9cKembang\xe2\x80\x9d dan "
                        "caf\xc3\xa9 \xe2\x80\x93 M\xc3\xbcnchen");
    page_close(&pg);
    /* Mostly valid UTF-8 with one stray byte: UTF-8 with U+FFFD. */
    assert_int_equal(open_str(&pg, NULL,
                              "<p>\xc3\xa9\xc3\xa9\xc3\xa9 x\xff y</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "UTF-8");
    assert_string_equal(first_p(&pg),
                        "\xc3\xa9\xc3\xa9\xc3\xa9 x\xef\xbf\xbd y");
    page_close(&pg);
}

static void test_mislabelled(void **st)
{
    struct page pg;
    /* Labelled UTF-8, bytes are windows-1252 only. */
    assert_int_equal(open_str(&pg, "text/html; charset=utf-8",
                              "<p>\x93Halo\x94</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "WINDOWS-1252");
    page_close(&pg);
    /* Labelled ISO-8859-1, bytes are UTF-8. */
    assert_int_equal(open_str(&pg, "text/html; charset=iso-8859-1",
                              "<p>\xe2\x80\x9cHalo\xe2\x80\x9d</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "UTF-8");
    assert_string_equal(first_p(&pg), "\xe2\x80\x9cHalo\xe2\x80\x9d");
    page_close(&pg);
}

static void test_invalid_bytes(void **st)
{
    struct page pg;
    /* Truncated and overlong sequences, surrogates, a NUL. */
    const char s[] = "<p>\xc3\xa9 a\xe2\x82 b\xc0\xaf c\xed\xa0\x80 d\0e</p>";
    assert_int_equal(page_open(&pg, NULL, "text/html; charset=utf-8", s,
                               sizeof s - 1),
                     W_OK);
    size_t multi = 0;
    assert_int_equal(charset_utf8_errors((unsigned char *)pg.pub.body,
                                         pg.pub.len, &multi),
                     0);
    assert_null(memchr(pg.pub.body, 0, pg.pub.len));
    assert_string_equal(first_p(&pg),
                        "\xc3\xa9 a\xef\xbf\xbd b\xef\xbf\xbd\xef\xbf\xbd "
                        "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                        "d\xef\xbf\xbd" "e");
    page_close(&pg);
    /* iconv path: undefined windows-1252 byte 0x81 and a bad label. */
    assert_int_equal(open_str(&pg, "text/html; charset=windows-1252",
                              "<p>a\x81 b</p>"),
                     W_OK);
    assert_string_equal(first_p(&pg), "a\xef\xbf\xbd b");
    page_close(&pg);
    assert_int_equal(open_str(&pg, "text/html; charset=bogus-42",
                              "<p>ok</p>"),
                     W_OK);
    assert_string_equal(pg.charset, "UTF-8");
    page_close(&pg);
    /* Truncated UTF-16: the odd byte at the end. */
    const char u16[] = "\xff\xfe<\0p\0>\0A\0B";
    assert_int_equal(page_open(&pg, NULL, NULL, u16, sizeof u16 - 1), W_OK);
    assert_string_equal(first_p(&pg), "A\xef\xbf\xbd");
    page_close(&pg);
}

/* The byte checks cross ASCII a chunk (8 or 16 bytes) at a time: an odd
 * byte must be found at every offset, in the middle of a chunk, at its
 * edges and in the short tail after the last whole chunk. */
static void test_chunk_edges(void **st)
{
    static const struct {
        const char *seq, *out;
        size_t bad, multi;
    } odd[] = {
        {"\0", "\xef\xbf\xbd", 0, 0},          /* NUL: ASCII, replaced */
        {"\xff", "\xef\xbf\xbd", 1, 0},        /* never valid */
        {"\xc3\xa9", "\xc3\xa9", 0, 1},        /* e acute, kept */
        {"\xe2\x82", "\xef\xbf\xbd", 1, 0},   /* truncated: one U+FFFD */
        {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", 0, 1},
    };
    unsigned char in[80], out[3 * 80], want[3 * 80];
    for (size_t k = 0; k < sizeof odd / sizeof *odd; k++) {
        size_t sl = odd[k].seq[0] ? strlen(odd[k].seq) : 1;
        size_t ol = strlen(odd[k].out);
        for (size_t n = sl; n <= 70; n++)
            for (size_t at = 0; at + sl <= n; at++) {
                memset(in, 'a', n);
                memcpy(in + at, odd[k].seq, sl);
                memset(want, 'a', at);
                memcpy(want + at, odd[k].out, ol);
                memset(want + at + ol, 'a', n - at - sl);
                size_t len = charset_utf8_sanitize(in, n, out);
                assert_int_equal(len, n - sl + ol);
                assert_memory_equal(out, want, len);
                size_t multi = 9;
                assert_int_equal(charset_utf8_errors(in, n, &multi),
                                 odd[k].bad);
                assert_int_equal(multi, odd[k].multi);
                char *conv = NULL;
                size_t clen = 0;
                assert_int_equal(charset_to_utf8("UTF-8", in, n, 1000,
                                                 &conv, &clen),
                                 W_OK);
                assert_int_equal(clen, len);
                assert_memory_equal(conv, want, len);
                w_free(conv);
            }
    }
    /* Binary: more than 5% control bytes (here 6 in 100) wherever they
     * are; whitespace 0x09-0x0d is no control byte. */
    static const unsigned char ctrl[] = {0x01, 0x08, 0x0e, 0x1f, 0x7f, 0x00};
    unsigned char page[100];
    for (size_t at = 0; at + 6 <= sizeof page; at++) {
        memset(page, 'a', sizeof page);
        memcpy(page + at, "\t\n\v\f\r\t", 6);
        assert_false(charset_is_binary(page, sizeof page));
        for (size_t i = 0; i < 5; i++)
            page[(at + 17 * i) % sizeof page] = ctrl[i];
        assert_false(charset_is_binary(page, sizeof page));
        page[(at + 85) % sizeof page] = ctrl[5];
        assert_true(charset_is_binary(page, sizeof page));
    }
    /* Only the first 64 kB are looked at. */
    size_t big = 65536 + 40;
    unsigned char *b = malloc(big);
    assert_non_null(b);
    memset(b, 'a', big);
    memset(b + 65536, 0x01, 40);
    assert_false(charset_is_binary(b, big));
    memset(b + 65536 - 40, 0x01, 40);
    assert_false(charset_is_binary(b, big)); /* 40 in 65536 */
    memset(b + 65536 - 4000, 0x02, 4000);
    assert_true(charset_is_binary(b, big));
    free(b);
}

static void test_xml(void **st)
{
    struct page pg;
    assert_int_equal(open_str(&pg, NULL,
                              "\n  <?xml version=\"1.0\" "
                              "encoding=\"ISO-8859-1\"?><rss><channel>"
                              "<title>caf\xe9</title></channel></rss>"),
                     W_OK);
    assert_null(pg.pub.doc);
    assert_string_equal(pg.charset, "WINDOWS-1252");
    assert_string_equal(pg.pub.content_type, "application/xml");
    assert_non_null(strstr(pg.pub.body, "caf\xc3\xa9"));
    page_close(&pg);
    const char *xml[] = {
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
        "<sitemapindex>",
        "\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">",
        "<?xml version='1.0'?><!-- c --><?xml-stylesheet href='a'?>"
        "<rss version='2.0'>",
        "<?xml version='1.0'?><note>x</note>",
    };
    for (size_t i = 0; i < sizeof xml / sizeof *xml; i++) {
        assert_int_equal(open_str(&pg, NULL, xml[i]), W_OK);
        assert_null(pg.pub.doc);
        page_close(&pg);
    }
    /* XML content type, or an XHTML page with an XML declaration. */
    assert_int_equal(open_str(&pg, "application/rss+xml", "<channel/>"), W_OK);
    assert_null(pg.pub.doc);
    page_close(&pg);
    const char *html[] = {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC "
        "\"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\"><html><p>a</p></html>",
        "<?xml version=\"1.0\"?><html><p>a</p></html>",
        "<p>about <rss> feeds</p>",
    };
    for (size_t i = 0; i < sizeof html / sizeof *html; i++) {
        assert_int_equal(open_str(&pg, NULL, html[i]), W_OK);
        assert_non_null(pg.pub.doc);
        page_close(&pg);
    }
    assert_int_equal(open_str(&pg, "text/xml", "<!DOCTYPE html><p>x</p>"),
                     W_OK);
    assert_non_null(pg.pub.doc);
    page_close(&pg);
    assert_int_equal(open_str(&pg, "application/xhtml+xml", "<html/>"), W_OK);
    assert_non_null(pg.pub.doc);
    page_close(&pg);
}

static void test_refusals(void **st)
{
    struct page pg;
    assert_int_equal(page_open(&pg, NULL, NULL, "", 0), W_PARSE);
    assert_int_equal(page_open(&pg, NULL, NULL, NULL, 0), W_PARSE);
    assert_int_equal(open_str(&pg, NULL, " \r\n\t "), W_PARSE);
    assert_int_equal(open_str(&pg, NULL, "\xef\xbb\xbf  "), W_PARSE);
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_int_equal(page_open(&pg, NULL, "text/html", png, sizeof png - 1),
                     W_PARSE);
    unsigned char bin[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (unsigned char)(x >> 16);
    }
    assert_int_equal(page_open(&pg, NULL, NULL, bin, sizeof bin), W_PARSE);
    /* A few stray NULs in a text page are not binary. */
    char txt[2048];
    memset(txt, 'a', sizeof txt);
    memcpy(txt, "<p>", 3);
    txt[1000] = '\0';
    assert_int_equal(page_open(&pg, NULL, NULL, txt, sizeof txt), W_OK);
    page_close(&pg);
    /* Over the limit: refused before anything is read. */
    size_t big = PAGE_MAX_BYTES + 1;
    char *p = malloc(big);
    assert_non_null(p);
    memset(p, 'a', big);
    assert_int_equal(page_open(&pg, NULL, NULL, p, big), W_TOOBIG);
    free(p);
    page_close(&pg); /* harmless on a closed page */
    page_close(NULL);
}

static char *nested(const char *open, const char *text, const char *close,
                    int n, size_t *len)
{
    size_t lo = strlen(open), lc = strlen(close), lt = strlen(text);
    char *s = malloc((size_t)n * (lo + lc) + lt + 1);
    size_t k = 0;
    for (int i = 0; i < n; i++, k += lo)
        memcpy(s + k, open, lo);
    memcpy(s + k, text, lt);
    k += lt;
    for (int i = 0; i < n; i++, k += lc)
        memcpy(s + k, close, lc);
    s[k] = '\0';
    *len = k;
    return s;
}

static void test_deep(void **st)
{
    struct page pg;
    size_t len;
    char *s = nested("<div>", "<p>dalam sekali</p>", "</div>", 10000, &len);
    assert_int_equal(page_open(&pg, NULL, NULL, s, len), W_OK);
    assert_string_equal(first_p(&pg), "dalam sekali");
    assert_string_equal(dom_text(&pg.pub, pg.pub.doc->root), "dalam sekali");
    const GumboNode **all;
    assert_int_equal(dom_select_all(&pg.pub, NULL, "div div > p", &all), 1);
    assert_int_equal(dom_select_all(&pg.pub, NULL, "div", NULL), 10000);
    assert_int_equal(dom_drop(&pg.pub, NULL, "div"), 1);
    assert_string_equal(dom_text(&pg.pub, pg.pub.doc->root), "");
    page_close(&pg);
    free(s);
    /* Unclosed formatting elements nest too. */
    s = nested("<b>", "x", "", 10000, &len);
    assert_int_equal(page_open(&pg, NULL, NULL, s, len), W_OK);
    assert_string_equal(dom_text(&pg.pub, pg.pub.doc->root), "x");
    page_close(&pg);
    free(s);
    /* Far too deep: refused instead of spending seconds in gumbo. */
    s = nested("<div>", "x", "", PAGE_MAX_DEPTH + 10, &len);
    assert_int_equal(page_open(&pg, NULL, NULL, s, len), W_PARSE);
    free(s);
    /* Many siblings are not depth. */
    s = nested("<p>a", "", "</p>", 50000, &len);
    assert_true(page_depth_estimate(s, len, PAGE_MAX_DEPTH) < 3);
    free(s);
}

static void test_depth_estimate(void **st)
{
    const char *s = "<html><body><div><img src=a><br/><p>x<p>y"
                    "<script>if (a<b) { '<div>' }</script>"
                    "<!-- <div><div><div> --><span a='>'>z</span>"
                    "<custom-el/></div></body></html>";
    assert_int_equal(page_depth_estimate(s, strlen(s), 100), 4);
    assert_int_equal(page_depth_estimate("</div></div><div>", 17, 100), 1);
}

static void test_set_url(void **st)
{
    struct page pg;
    assert_int_equal(page_open(&pg, NULL, NULL, "<p>x</p>", 8), W_OK);
    assert_string_equal(pg.pub.url, "");
    assert_int_equal(page_set_url(&pg, "https://example.com/b"), W_OK);
    assert_string_equal(pg.pub.url, "https://example.com/b");
    page_close(&pg);
}

static void test_oom(void **st)
{
    /* Every allocation failing in turn must give W_NOMEM, never a crash
     * or a leak (gumbo's own allocations are not counted). */
    const char *s = "<meta charset=windows-1252><p>caf\xe9</p>";
    for (long i = 0; i < 12; i++) {
        struct page pg;
        mem_fail_after(i);
        int rc = open_str(&pg, NULL, s);
        mem_fail_after(-1);
        assert_true(rc == W_OK || rc == W_NOMEM);
        if (rc == W_OK)
            page_close(&pg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_default),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_http_charset),
        cmocka_unit_test(test_meta_charset),
        cmocka_unit_test(test_prescan_limit),
        cmocka_unit_test(test_sniff_windows1252),
        cmocka_unit_test(test_mislabelled),
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_chunk_edges),
        cmocka_unit_test(test_xml),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_depth_estimate),
        cmocka_unit_test(test_set_url),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
