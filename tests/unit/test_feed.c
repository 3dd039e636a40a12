/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/feed.c over the fixtures in tests/fixtures/feeds
 * (a real ANTARA RSS feed and hand-written Atom, RDF, WordPress RSS,
 * sitemap index, urlset, Google News, gzip, windows-1252, malformed,
 * billion-laughs and XXE files), plus generated inputs: a 50,000-URL
 * sitemap (plain and gzip) that must parse with a fixed handful of
 * allocations, a gzip bomb, the link cap and out-of-memory runs.
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
#include <zlib.h>
#undef W_OK /* <unistd.h>'s, via zlib.h; ours comes from plugin.h */
#include "feed.h"
#include "mem.h"
#include "warta/plugin.h"

#define MAX_GOT 64

struct got {
    size_t n;      /* links delivered */
    size_t kept;   /* of which stored below */
    int kind[MAX_GOT];
    char *url[MAX_GOT], *published[MAX_GOT], *title[MAX_GOT];
    size_t stop_after; /* return 1 from the callback at this link; 0 never */
    char last[256];    /* the last URL seen */
};

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int collect(void *ud, enum warta_link_kind kind, const char *url,
                   const char *published, const char *title)
{
    struct got *g = ud;
    assert_non_null(url);
    if (g->kept < MAX_GOT) {
        g->kind[g->kept] = kind;
        g->url[g->kept] = strdup(url);
        g->published[g->kept] = dup_or_null(published);
        g->title[g->kept] = dup_or_null(title);
        g->kept++;
    }
    snprintf(g->last, sizeof g->last, "%s", url);
    g->n++;
    return g->stop_after && g->n == g->stop_after ? 1 : 0;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->kept; i++) {
        free(g->url[i]);
        free(g->published[i]);
        free(g->title[i]);
    }
    memset(g, 0, sizeof *g);
}

static char *slurp(const char *name, size_t *n)
{
    const char *top = getenv("top_srcdir");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/feeds/%s",
             top ? top : "..", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *p = NULL;
    size_t cap = 0, len = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            p = realloc(p, cap);
            assert_non_null(p);
        }
        size_t r = fread(p + len, 1, cap - len, f);
        len += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *n = len;
    return p;
}

static int parse_file(const char *name, struct got *g)
{
    size_t n = 0;
    char *data = slurp(name, &n);
    int rc = feed_parse(data, n, collect, g);
    free(data);
    return rc;
}

static void link_is(const struct got *g, size_t i, int kind, const char *url,
                    const char *published, const char *title)
{
    if (i >= g->kept)
        fail_msg("link %zu missing (got %zu)", i, g->kept);
    assert_int_equal(g->kind[i], kind);
    assert_string_equal(g->url[i], url);
    if (published)
        assert_string_equal(g->published[i] ? g->published[i] : "(null)",
                            published);
    else if (g->published[i])
        fail_msg("link %zu: published \"%s\", want NULL", i,
                 g->published[i]);
    if (title)
        assert_string_equal(g->title[i] ? g->title[i] : "(null)", title);
    else if (g->title[i])
        fail_msg("link %zu: title \"%s\", want NULL", i, g->title[i]);
}

static void test_antara_rss(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("antara-rss-2015-11-05.xml", &g), W_OK);
    assert_int_equal(g.n, 20); /* items only, not the channel link */
    link_is(&g, 0, WARTA_LINK_ARTICLE,
            "http://www.antaranews.com/berita/527615/"
            "29-penerbangan-bandara-internasional-lombok-dibatalkan",
            "2015-11-05T14:56:43+07:00",
            "29 penerbangan Bandara Internasional Lombok dibatalkan");
    link_is(&g, 19, WARTA_LINK_ARTICLE,
            "http://www.antaranews.com/berita/527596/"
            "murid-smp-turunkan-spanduk-iklan-rokok",
            "2015-11-05T13:13:11+07:00",
            "Murid SMP turunkan spanduk iklan rokok");
    got_free(&g);
}

static void test_wordpress_rss(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("wordpress-rss.xml", &g), W_OK);
    assert_int_equal(g.n, 4);
    link_is(&g, 0, WARTA_LINK_ARTICLE,
            "https://prolite.example/pemkot-bandung-jalin-kerja-sama/",
            "2023-02-01T02:15:00+00:00", "Pemkot Bandung Jalin Kerja Sama");
    link_is(&g, 1, WARTA_LINK_ARTICLE, "https://prolite.example/hanya-guid/",
            "2023-01-31T20:00:00+07:00", "Hanya guid");
    /* "Guid bukan permalink" has no URL to offer: skipped. */
    link_is(&g, 2, WARTA_LINK_ARTICLE, "https://prolite.example/asli/",
            "2023-01-31T09:00:00+00:00", "Lewat FeedBurner");
    link_is(&g, 3, WARTA_LINK_ARTICLE, "https://prolite.example/atom-saja/",
            NULL, "Atom link saja");
    got_free(&g);
}

static void test_atom(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("atom.xml", &g), W_OK);
    assert_int_equal(g.n, 4);
    link_is(&g, 0, WARTA_LINK_ARTICLE,
            "https://berita.example.id/2023/02/01/mou",
            "2023-02-01T09:30:00+07:00",
            "Bandung & Petaling Jaya teken <b>MoU</b>");
    /* Relative href as written: the caller resolves it. */
    link_is(&g, 1, WARTA_LINK_ARTICLE, "/2023/01/31/sister-city",
            "2023-01-31T08:00:00+00:00", "Kerja sama sister city");
    link_is(&g, 2, WARTA_LINK_ARTICLE,
            "https://berita.example.id/2023/01/30/hanya-id", "2023-01-30",
            "Hanya id");
    /* The entry's own link, not its <source>'s; a bad date is NULL. */
    link_is(&g, 3, WARTA_LINK_ARTICLE,
            "https://berita.example.id/2023/01/29/lima", NULL,
            "Judul dengan spasi");
    got_free(&g);
}

static void test_rdf(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("rdf.xml", &g), W_OK);
    assert_int_equal(g.n, 2);
    link_is(&g, 0, WARTA_LINK_ARTICLE, "https://rdf.example/a",
            "2020-03-15T15:51:04+07:00", "Satu");
    link_is(&g, 1, WARTA_LINK_ARTICLE, "https://rdf.example/b", NULL, "Dua");
    got_free(&g);
}

static void test_sitemaps(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("sitemap-index.xml", &g), W_OK);
    assert_int_equal(g.n, 3);
    link_is(&g, 0, WARTA_LINK_INDEX,
            "https://www.antaranews.example/sitemap/2023-01.xml",
            "2023-01-31T23:59:59+07:00", NULL);
    link_is(&g, 1, WARTA_LINK_INDEX,
            "https://www.antaranews.example/sitemap/2023-02.xml.gz",
            "2023-02-01", NULL);
    link_is(&g, 2, WARTA_LINK_INDEX,
            "https://www.antaranews.example/sitemap/news.xml", NULL, NULL);
    got_free(&g);

    assert_int_equal(parse_file("urlset.xml", &g), W_OK);
    assert_int_equal(g.n, 3); /* never image:loc or xhtml:link */
    link_is(&g, 0, WARTA_LINK_ARTICLE,
            "https://pelita.example/erwin-sebut-soal-rasa-umkm.html",
            "2021-03-23T10:15:00+07:00", NULL);
    link_is(&g, 1, WARTA_LINK_ARTICLE,
            "https://pelita.example/kerja-sama-daerah.html", NULL, NULL);
    link_is(&g, 2, WARTA_LINK_ARTICLE,
            "https://pelita.example/tanggal-lokal.html",
            "2021-03-20T08:00:00+07:00", NULL);
    got_free(&g);

    assert_int_equal(parse_file("urlset.xml.gz", &g), W_OK);
    assert_int_equal(g.n, 3);
    link_is(&g, 2, WARTA_LINK_ARTICLE,
            "https://pelita.example/tanggal-lokal.html",
            "2021-03-20T08:00:00+07:00", NULL);
    got_free(&g);

    assert_int_equal(parse_file("news-sitemap.xml", &g), W_OK);
    assert_int_equal(g.n, 2);
    link_is(&g, 0, WARTA_LINK_ARTICLE,
            "https://jabar.antaranews.example/berita/398245/"
            "wali-kota-ingin-umkm-asal-bandung-lebarkan-sayap",
            "2022-08-08T14:20:00+07:00",
            "Wali Kota ingin UMKM asal Bandung lebarkan sayap sampai "
            "Malaysia");
    link_is(&g, 1, WARTA_LINK_ARTICLE,
            "https://jabar.antaranews.example/berita/398246/kedua",
            "2022-08-08", "Kedua");
    got_free(&g);
}

static void test_encoding(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("windows-1252.xml", &g), W_OK);
    assert_int_equal(g.n, 1);
    link_is(&g, 0, WARTA_LINK_ARTICLE, "https://cp.example/a", NULL,
            "\xe2\x80\x9cKerja sama\xe2\x80\x9d caf\xc3\xa9 \xe2\x82\xac"
            "100");
    got_free(&g);
    /* The declaration is overridden when the caller already converted
     * the text to UTF-8. */
    const char *utf8 = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>"
                       "<rss><channel><item><title>caf\xc3\xa9</title>"
                       "<link>https://cp.example/b</link></item></channel>"
                       "</rss>";
    struct feed_opts o = {.encoding = "UTF-8"};
    assert_int_equal(feed_parse_opts(utf8, strlen(utf8), &o, collect, &g),
                     W_OK);
    link_is(&g, 0, WARTA_LINK_ARTICLE, "https://cp.example/b", NULL,
            "caf\xc3\xa9");
    got_free(&g);
    /* An encoding nobody knows: malformed, no crash. */
    const char *odd = "<?xml version=\"1.0\" encoding=\"x-no-such\"?><rss/>";
    assert_int_equal(feed_parse(odd, strlen(odd), collect, &g), W_DECLINED);
    assert_int_equal(g.n, 0);
}

static void test_refusals(void **st)
{
    struct got g = {0};
    assert_int_equal(parse_file("malformed.xml", &g), W_PARSE);
    assert_int_equal(g.n, 2); /* the links before the error */
    link_is(&g, 1, WARTA_LINK_ARTICLE, "https://rusak.example/2", NULL,
            "Dua");
    got_free(&g);
    assert_int_equal(parse_file("billion-laughs.xml", &g), W_PARSE);
    assert_int_equal(g.n, 0);
    assert_int_equal(parse_file("xxe.xml", &g), W_PARSE);
    assert_int_equal(g.n, 0);
    assert_int_equal(parse_file("not-a-feed.html", &g), W_DECLINED);
    assert_int_equal(g.n, 0);
    const char *inputs[] = {
        "plain text, no markup",
        "{\"json\": true}",
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "<html><body><a href=\"https://x.example/\">x</a></body></html>",
        "<urlset xmlns=\"http://example.com/not-sitemaps\"><url><loc>"
        "https://x.example/</loc></url></urlset>",
        "   ",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        int rc = feed_parse(inputs[i], strlen(inputs[i]), collect, &g);
        if (rc != W_DECLINED)
            fail_msg("input %zu gave %d", i, rc);
    }
    assert_int_equal(feed_parse(NULL, 0, collect, &g), W_DECLINED);
    assert_int_equal(feed_parse("", 0, collect, &g), W_DECLINED);
    assert_int_equal(g.n, 0);
    /* Truncated gzip: a parse error after what was readable. */
    size_t n = 0;
    char *gz = slurp("urlset.xml.gz", &n);
    assert_int_equal(feed_parse(gz, n / 2, collect, &g), W_PARSE);
    gz[n / 2] ^= 0x55; /* corrupt */
    int rc = feed_parse(gz, n, collect, &g);
    assert_true(rc == W_PARSE);
    free(gz);
    got_free(&g);
    /* An overlong <loc> is not a URL; the other links still come. */
    size_t big = FEED_MAX_TEXT + 100;
    char *doc = malloc(big + 512);
    assert_non_null(doc);
    int o = snprintf(doc, 512, "<urlset><url><loc>https://x.example/");
    memset(doc + o, 'a', big);
    o += (int)big;
    snprintf(doc + o, 512,
             "</loc></url><url><loc>https://x.example/ok</loc></url>"
             "</urlset>");
    assert_int_equal(feed_parse(doc, strlen(doc), collect, &g), W_OK);
    assert_int_equal(g.n, 1);
    link_is(&g, 0, WARTA_LINK_ARTICLE, "https://x.example/ok", NULL, NULL);
    free(doc);
    got_free(&g);
}

static void test_callback_stops(void **st)
{
    struct got g = {.stop_after = 5};
    assert_int_equal(parse_file("antara-rss-2015-11-05.xml", &g), 1);
    assert_int_equal(g.n, 5);
    got_free(&g);
}

static void test_sniff(void **st)
{
    const char *yes[] = {
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
        "\xef\xbb\xbf<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"x\">",
        "<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?>"
        "<urlset xmlns=\"x\">",
        "<sitemapindex>",
        "<rdf:RDF xmlns:rdf=\"x\">",
        "\x1f\x8b\x08",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!feed_sniff(yes[i], strlen(yes[i])))
            fail_msg("sniff %zu: want 1", i);
    const char *no[] = {"<!DOCTYPE html><html>", "<html>", "text",
                        "<?xml version=\"1.0\"?><svg>", "<rssx>", ""};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (feed_sniff(no[i], strlen(no[i])))
            fail_msg("sniff %zu: want 0", i);
    assert_false(feed_sniff(NULL, 0));
}

/* A sitemap of n URLs in a malloc'd buffer. */
static char *make_sitemap(size_t n, size_t *len)
{
    size_t cap = n * 120 + 256;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t o = (size_t)snprintf(
        s, cap,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns="
        "\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o,
                              "<url><loc>https://big.example/berita/%zu/"
                              "judul</loc><lastmod>2024-01-02</lastmod>"
                              "</url>\n",
                              i);
    o += (size_t)snprintf(s + o, cap - o, "</urlset>\n");
    *len = o;
    return s;
}

static char *gzip_buf(const char *in, size_t n, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
                                  Z_DEFAULT_STRATEGY),
                     Z_OK);
    size_t cap = deflateBound(&z, n) + 64;
    char *out = malloc(cap);
    assert_non_null(out);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = (unsigned char *)out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *outlen = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

static void test_big_sitemap(void **st)
{
    size_t len = 0;
    char *s = make_sitemap(50000, &len);
    struct got g = {0};
    unsigned long before = mem_count();
    assert_int_equal(feed_parse(s, len, collect, &g), W_OK);
    unsigned long allocs = mem_count() - before;
    assert_int_equal(g.n, 50000);
    link_is(&g, 0, WARTA_LINK_ARTICLE, "https://big.example/berita/0/judul",
            "2024-01-02", NULL);
    assert_string_equal(g.last, "https://big.example/berita/49999/judul");
    /* Streaming: a fixed handful of allocations (parser, buffers), none
     * per link. */
    if (allocs > 100)
        fail_msg("%lu allocations for 50,000 links", allocs);
    got_free(&g);

    size_t gzlen = 0;
    char *gz = gzip_buf(s, len, &gzlen);
    before = mem_count();
    assert_int_equal(feed_parse(gz, gzlen, collect, &g), W_OK);
    allocs = mem_count() - before;
    assert_int_equal(g.n, 50000);
    assert_string_equal(g.last, "https://big.example/berita/49999/judul");
    if (allocs > 100)
        fail_msg("%lu allocations for 50,000 gzip'd links", allocs);
    got_free(&g);

    /* The link cap: the first max_links come, then W_TOOBIG. */
    struct feed_opts o = {.max_links = 1000};
    assert_int_equal(feed_parse_opts(s, len, &o, collect, &g), W_TOOBIG);
    assert_int_equal(g.n, 1000);
    assert_string_equal(g.last, "https://big.example/berita/999/judul");
    got_free(&g);
    /* Exactly max_links is fine. */
    o.max_links = 50000;
    assert_int_equal(feed_parse_opts(s, len, &o, collect, &g), W_OK);
    got_free(&g);
    /* The inflate cap. */
    o.max_links = 0;
    o.max_inflated = len - 1;
    assert_int_equal(feed_parse_opts(gz, gzlen, &o, collect, &g), W_TOOBIG);
    assert_true(g.n < 50000);
    got_free(&g);
    o.max_inflated = len;
    assert_int_equal(feed_parse_opts(gz, gzlen, &o, collect, &g), W_OK);
    got_free(&g);
    free(gz);
    free(s);
}

static void test_gzip_bomb(void **st)
{
    /* 80 MiB of blanks inside a urlset compress to about 80 kB; the
     * default cap (64 MiB) stops it. */
    size_t n = (size_t)80 << 20;
    char *s = malloc(n);
    assert_non_null(s);
    const char *head = "<urlset><url><loc>https://bomb.example/1</loc></url>";
    memcpy(s, head, strlen(head));
    memset(s + strlen(head), ' ', n - strlen(head));
    size_t gzlen = 0;
    char *gz = gzip_buf(s, n, &gzlen);
    free(s);
    assert_true(gzlen < n / 100);
    struct got g = {0};
    assert_int_equal(feed_parse(gz, gzlen, collect, &g), W_TOOBIG);
    assert_int_equal(g.n, 1);
    got_free(&g);
    /* Two gzip members are one document. */
    const char *a = "<urlset><url><loc>https://two.example/1</loc></url>";
    const char *b = "<url><loc>https://two.example/2</loc></url></urlset>";
    size_t la = 0, lb = 0;
    char *ga = gzip_buf(a, strlen(a), &la);
    char *gb = gzip_buf(b, strlen(b), &lb);
    char *both = malloc(la + lb);
    assert_non_null(both);
    memcpy(both, ga, la);
    memcpy(both + la, gb, lb);
    assert_int_equal(feed_parse(both, la + lb, collect, &g), W_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.last, "https://two.example/2");
    got_free(&g);
    free(both);
    free(ga);
    free(gb);
    free(gz);
}

static void test_oom(void **st)
{
    size_t n = 0;
    char *data = slurp("wordpress-rss.xml", &n);
    int done = 0;
    for (long k = 0; k < 200 && !done; k++) {
        struct got g = {0};
        mem_fail_after(k);
        int rc = feed_parse(data, n, collect, &g);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_int_equal(g.n, 4);
            done = 1;
        } else if (rc != W_NOMEM) {
            fail_msg("allocation %ld failing gave %d", k, rc);
        }
        got_free(&g);
    }
    assert_true(done);
    free(data);
    data = slurp("urlset.xml.gz", &n);
    done = 0;
    for (long k = 0; k < 200 && !done; k++) {
        struct got g = {0};
        mem_fail_after(k);
        int rc = feed_parse(data, n, collect, &g);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_int_equal(g.n, 3);
            done = 1;
        } else if (rc != W_NOMEM) {
            fail_msg("allocation %ld failing gave %d", k, rc);
        }
        got_free(&g);
    }
    assert_true(done);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_antara_rss),
        cmocka_unit_test(test_wordpress_rss),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_sitemaps),
        cmocka_unit_test(test_encoding),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_big_sitemap),
        cmocka_unit_test(test_gzip_bomb),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
