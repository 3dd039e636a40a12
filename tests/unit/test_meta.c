/* SPDX-License-Identifier: MIT */
/*
 * meta_read(): JSON-LD in its many shapes (@graph, arrays, nested, broken
 * but repairable), OpenGraph and CMS meta names, the order of trust
 * between sources, fill-only-empty, title suffixes, canonical URLs,
 * languages and dates through date_normalise.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "mem.h"
#include "meta.h"
#include "page.h"
#include "record.h"

static struct page pg;
static struct warta_record rec;

static void read_page(const char *url, const char *html)
{
    assert_int_equal(page_open(&pg, url, NULL, html, strlen(html)), W_OK);
    record_init(&rec);
    assert_int_equal(meta_read(&pg.pub, &rec), W_OK);
}

static int teardown(void **st)
{
    record_cleanup(&rec);
    page_close(&pg);
    return 0;
}

static const char *get(enum warta_field f) { return record_get(&rec, f); }

static size_t count(enum warta_field f) { return record_list(&rec, f)->n; }

static const char *item(enum warta_field f, size_t i)
{
    return record_list(&rec, f)->v[i];
}

static void test_jsonld_graph(void **st)
{
    read_page(
        "https://kabar.example/2021/06/a",
        "<html lang=id-ID><head><title>Judul lain | Kabar</title>"
        "<meta property=og:title content='Judul OG - Kabar'>"
        "<meta property=article:published_time "
        "content='2020-01-01T00:00:00+07:00'>"
        "<script type='application/ld+json'>{\"@context\":"
        "\"https://schema.org\",\"@graph\":[{\"@type\":\"WebPage\","
        "\"name\":\"Halaman\",\"datePublished\":\"2019-01-01\"},"
        "{\"@type\":[\"NewsArticle\"],\"headline\":\"Kota Bogor &amp; "
        "Saint-Omer  Bahas\\nBudaya\",\"datePublished\":"
        "\"2021-06-03T09:30:00+07:00\",\"dateModified\":"
        "\"2021-06-03 11:00\",\"author\":[{\"@type\":\"Person\",\"name\":"
        "\"Dewi Lestari\"},{\"@type\":\"Organization\",\"name\":"
        "\"Redaksi\"},\"Fajar Nugraha\",{\"name\":"
        "\"https://kabar.example/author/x\"}],\"articleSection\":"
        "[\"Pemerintahan\",\"Budaya\"],\"keywords\":\"sister city, "
        "Saint-Omer,,Editor:Budi\",\"articleBody\":\"Paragraf satu.\\n\\n"
        "Paragraf &quot;dua&quot;.\\nParagraf <b>tiga</b>.\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Kabar\"}}]}"
        "</script></head><body></body></html>");
    assert_string_equal(get(WARTA_F_TITLE),
                        "Kota Bogor & Saint-Omer Bahas Budaya");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2021-06-03T09:30:00+07:00");
    assert_string_equal(get(WARTA_F_MODIFIED), "2021-06-03T11:00:00+07:00");
    assert_int_equal(count(WARTA_F_AUTHORS), 2);
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Dewi Lestari");
    assert_string_equal(item(WARTA_F_AUTHORS, 1), "Fajar Nugraha");
    assert_string_equal(get(WARTA_F_SECTION), "Pemerintahan");
    assert_int_equal(count(WARTA_F_TAGS), 2);
    assert_string_equal(item(WARTA_F_TAGS, 0), "sister city");
    assert_string_equal(item(WARTA_F_TAGS, 1), "Saint-Omer");
    assert_string_equal(get(WARTA_F_LANG), "id");
    assert_string_equal(get(WARTA_F_TEXT),
                        "Paragraf satu.\n\nParagraf \"dua\".\n\n"
                        "Paragraf tiga.");
    assert_null(get(WARTA_F_CANONICAL_URL));
}

static void test_jsonld_shapes(void **st)
{
    /* Two scripts, one broken beyond repair, one needing repair: CDATA
     * wrapper, raw newline in a string, trailing commas. Article (rank
     * 2) in a top-level array; keywords as an array. */
    read_page(
        "https://x.example/a",
        "<script type=application/ld+json>{\"@type\": \"NewsArticle\", "
        "\"headline\": </script>"
        "<script type=\"application/ld+json\">//<![CDATA[\n"
        "[{\"@type\":\"BreadcrumbList\",\"itemListElement\":[]},"
        "{\"@type\":\"http://schema.org/Article\",\"headline\":\"Baris\n"
        "dua\",\"keywords\":[\"a, b\",\"c\",],\"author\":{\"name\":"
        "\"Ani\"},\"datePublished\":\"Senin, 15 Mei 2017 18:43 WIB\",}]\n"
        "//]]></script>");
    assert_string_equal(get(WARTA_F_TITLE), "Baris dua");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2017-05-15T18:43:00+07:00");
    assert_int_equal(count(WARTA_F_TAGS), 3);
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Ani");
}

static void test_rank_order(void **st)
{
    /* NewsArticle wins over an earlier BlogPosting, which still fills
     * what the NewsArticle lacks; a nested NewsArticle is found. */
    read_page("https://x.example/a",
              "<script type=application/ld+json>{\"@type\":\"BlogPosting\","
              "\"headline\":\"Blog\",\"articleSection\":\"Opini\"}</script>"
              "<script type=application/ld+json>{\"@type\":\"WebPage\","
              "\"mainEntity\":{\"@type\":\"ReportageNewsArticle\","
              "\"headline\":\"Berita\"}}</script>");
    assert_string_equal(get(WARTA_F_TITLE), "Berita");
    assert_string_equal(get(WARTA_F_SECTION), "Opini");
}

static void test_opengraph(void **st)
{
    read_page(
        "https://www.antaranews.com/berita/629369/x?utm_source=a",
        "<html lang=in><head>"
        "<title>Judul title - ANTARA News</title>"
        "<meta property=\"og:site_name\" content=\"ANTARA News\">"
        "<meta property=\"og:title\" content=\"Saat pengadilan pertemukan "
        "Brotoseno - ANTARA News\">"
        "<meta name=publishdate content='2017/05/15 18:43:56'>"
        "<meta property=article:published_time content='2017-05-15T18:43:56"
        "+07:00'>"
        "<meta property=article:modified_time content='2017-05-16T08:00:00Z'>"
        "<meta property=article:section content='Hukum'>"
        "<meta property=article:tag content='KPK'>"
        "<meta property=article:tag content='Angelina Sondakh'>"
        "<meta name=news_keywords content='x, y'>"
        "<meta name=author content='Desca Lidya Natalia'>"
        "<meta property=og:url content='https://www.antaranews.com/og'>"
        "<link rel='canonical' href='/berita/629369/saat-pengadilan'>"
        "</head><body><time datetime='2000-01-01'>x</time></body></html>");
    assert_string_equal(get(WARTA_F_TITLE),
                        "Saat pengadilan pertemukan Brotoseno");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2017-05-15T18:43:56+07:00");
    assert_string_equal(get(WARTA_F_MODIFIED), "2017-05-16T08:00:00+00:00");
    assert_string_equal(get(WARTA_F_SECTION), "Hukum");
    assert_int_equal(count(WARTA_F_TAGS), 2);
    assert_string_equal(item(WARTA_F_TAGS, 1), "Angelina Sondakh");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Desca Lidya Natalia");
    assert_string_equal(get(WARTA_F_CANONICAL_URL),
                        "https://www.antaranews.com/berita/629369/"
                        "saat-pengadilan");
    assert_string_equal(get(WARTA_F_LANG), "id");
    assert_null(get(WARTA_F_TEXT));
}

static void test_cms_meta(void **st)
{
    /* Indonesian CMS conventions, microdata, <time>, og:url. */
    read_page("file:///tmp/page.html",
              "<head><meta name='content_PublishedDate' "
              "content='2019-07-25 16:42:10'>"
              "<meta name=keywords content='spam, seo'>"
              "<meta name=news_keywords content='Medan; Penang, sister city'>"
              "<meta property=og:url content='https://regional.example/r/1'>"
              "<meta property=og:locale content=id_ID>"
              "<title>Kerja Sama Medan-Penang</title></head>"
              "<body><h1 itemprop=headline>Judul Mikrodata</h1>"
              "<span itemprop=author itemscope><span itemprop=name>Mei "
              "Leandha</span></span>"
              "<time itemprop=dateModified "
              "datetime='2019-07-26T10:00:00+07:00'>"
              "</time></body>");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2019-07-25T16:42:10+07:00");
    assert_string_equal(get(WARTA_F_MODIFIED), "2019-07-26T10:00:00+07:00");
    assert_string_equal(get(WARTA_F_TITLE), "Judul Mikrodata");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Mei Leandha");
    assert_int_equal(count(WARTA_F_TAGS), 3);
    assert_string_equal(get(WARTA_F_CANONICAL_URL),
                        "https://regional.example/r/1");
    assert_string_equal(get(WARTA_F_LANG), "id");
}

static void test_time_and_title(void **st)
{
    read_page("https://x.example/a",
              "<html lang=en-GB><head><title>Kabar | Judul Berita</title>"
              "<meta name=application-name content=Kabar></head><body>"
              "<header><time datetime='2024-01-01'>hari ini</time></header>"
              "<article><time class='entry-date published' "
              "datetime='2023-02-01T10:15:00+07:00'>1 Feb</time></article>"
              "<link rel=canonical href='ftp://x.example/a'></body></html>");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2023-02-01T10:15:00+07:00");
    assert_string_equal(get(WARTA_F_TITLE), "Judul Berita");
    assert_string_equal(get(WARTA_F_LANG), "en");
    assert_null(get(WARTA_F_CANONICAL_URL)); /* not http(s) */
}

static void test_suffix_needs_site_name(void **st)
{
    /* Without a site name, separators in titles are kept. */
    read_page("https://x.example/a",
              "<title>Wali Kota Bandung - Petaling Jaya Teken MoU</title>"
              "<time datetime='kemarin'></time>");
    assert_string_equal(get(WARTA_F_TITLE),
                        "Wali Kota Bandung - Petaling Jaya Teken MoU");
    assert_null(get(WARTA_F_PUBLISHED)); /* no date in "kemarin" */
    assert_null(get(WARTA_F_LANG));
}

static void test_page_fallbacks(void **st)
{
    /* No meta at all: hCard byline (not the commenter's), a short
     * class="date" element after the h1 (not the header's "today"), and
     * the title cut to the heading it contains. */
    read_page("https://x.example/a",
              "<title>Kabar Desa: Desa Kami Dapat Kunjungan Mahasiswa"
              "</title><body><div class='date-today'>Jumat, 1 Maret 2024"
              "</div><div class=date>Rabu, 2 Februari 2022</div>"
              "<h3 class='post-title entry-title'>Desa Kami Dapat Kunjungan "
              "Mahasiswa</h3><div class=tanggal>Senin, 15 Mei 2017 18:43 WIB"
              "</div><span class='author vcard'><a class='url fn n'>Rina "
              "Marlina</a></span><div class='comment-author vcard'><b "
              "class=fn>Asep</b></div></body>");
    assert_string_equal(get(WARTA_F_TITLE),
                        "Desa Kami Dapat Kunjungan Mahasiswa");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Rina Marlina");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2017-05-15T18:43:00+07:00");
}

static void test_rel_author_and_logo_h1(void **st)
{
    /* A logo <h1> is not the headline; rel=author is a byline. */
    read_page("https://x.example/a",
              "<title>Jalan Tol Cisumdawu Ditutup Sementara - Kabar</title>"
              "<h1 class=logo>Kabar</h1><article><h2>x</h2><p>Oleh <a "
              "rel=author href=/u/1>Dedi</a></p><div class=date>bukan "
              "tanggal sama sekali, hanya teks yang panjang</div></article>");
    assert_string_equal(get(WARTA_F_TITLE),
                        "Jalan Tol Cisumdawu Ditutup Sementara - Kabar");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Dedi");
    assert_null(get(WARTA_F_PUBLISHED));
}

static void test_author_label(void **st)
{
    /* An itemprop=author "Oleh : NAME" is the name; a company in meta
     * author is the outlet, not a reporter; itemprop=keywords are tags. */
    (void)st;
    read_page("http://life.viva.co.id/showbiz/read/1-a",
              "<meta name=author content='PT. VIVA MEDIA BARU - VIVA.co.id'>"
              "<div itemscope itemtype=http://schema.org/NewsArticle><h1 "
              "itemprop=headline>Judul</h1><div itemprop=author "
              "class=author>Oleh : <b>Maya Sofia</b></div><span "
              "itemprop=keywords style=display:none>joey alexander, "
              "grammy</span></div>");
    assert_int_equal(count(WARTA_F_AUTHORS), 1);
    assert_int_equal(count(WARTA_F_TAGS), 2);
    assert_string_equal(item(WARTA_F_TAGS, 1), "grammy");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Maya Sofia");
    teardown(NULL);
    read_page("https://x.example/a",
              "<meta name=author content='By Jane Doe'>"
              "<meta name=twitter:creator content='Byron Kelly'>");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Jane Doe");
    teardown(NULL);
    /* "A dan B" are two reporters; a degree after a comma is no name. */
    read_page("https://x.example/a",
              "<div itemscope><span itemprop=author>Budisantoso Budiman dan "
              "Agus S</span></div>");
    assert_int_equal(count(WARTA_F_AUTHORS), 2);
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Budisantoso Budiman");
    assert_string_equal(item(WARTA_F_AUTHORS, 1), "Agus S");
    teardown(NULL);
    read_page("https://x.example/a",
              "<meta name=author content='Budi Santoso, S.Sos'>");
    assert_int_equal(count(WARTA_F_AUTHORS), 1);
    teardown(NULL);
    read_page("https://x.example/a",
              "<meta name=author content='Ana Sari, Budi Utomo & Dan Brown'>");
    assert_int_equal(count(WARTA_F_AUTHORS), 3);
    assert_string_equal(item(WARTA_F_AUTHORS, 2), "Dan Brown");
}

static void test_titled_headline(void **st)
{
    /* No <h1>: the headline is a div titled "judul-konten"; the linked
     * copy in a carousel and the sidebar's dates of the same day are
     * not it. */
    (void)st;
    read_page("http://en.tempo.co/read/news/2015/11/04/055715684/x",
              "<title>Peatland Fire Case: Pratikno | National | Tempo.Co"
              "</title><meta property=og:title content='Peatland Fire Case:"
              " Pratikno'><div class=bintang-judul><a href=/a>Peatland Fire"
              " Case: Pratikno</a></div><div class=kolom><div class=tanggal>"
              "Wednesday, 04 November 2015 | 19:14 </div><div><a href=/b>"
              "Jakarta Turns to Software</a></div></div><p>x</p><p>x</p><p>"
              "x</p><p>x</p><p>x</p><p>x</p><p>x</p><p>x</p><p>x</p><p>x</p>"
              "<p>x</p><p>x</p><p>x</p><p>x</p><p>x</p><p>x</p><p>x</p><p>x"
              "</p><p>x</p><p>x</p><div class=tanggal>Wednesday, 04 "
              "November, 2015 |  07:28 WIB</div><div class=judul-konten>"
              "Peatland Fire Case: Pratikno</div><div class=tubuh-berita><p>"
              "Indonesia could learn from Finland.</p></div>");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2015-11-04T07:28:00+07:00");
    teardown(NULL);
    /* Bootstrap's class "h5" styles a div as a heading. */
    read_page("http://www.ihram.co.id/berita/17/02/17/oli9fp396-jamaah",
              "<title>Jamaah Haji Ikuti Pemeriksaan | ihram.co.id</title>"
              "<meta property=og:title content='Jamaah Haji Ikuti "
              "Pemeriksaan'><div class='h5 global-detail'>Jamaah Haji Ikuti"
              " Pemeriksaan</div><div class=date-detail><!-- d -->Jumat , 17"
              " February 2017, 13:16 WIB</div><p>Isi.</p>");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2017-02-17T13:16:00+07:00");
}

static void test_fill_only_empty(void **st)
{
    const char *html = "<html lang=id><title>T</title>"
                       "<meta property=article:tag content=A>"
                       "<meta name=author content=B>";
    assert_int_equal(page_open(&pg, "https://x.example/a", NULL, html,
                               strlen(html)),
                     W_OK);
    record_init(&rec);
    assert_int_equal(record_set(&rec, WARTA_F_TITLE, "Plugin"), W_OK);
    assert_int_equal(record_set(&rec, WARTA_F_TAGS, "Mine"), W_OK);
    assert_int_equal(record_set(&rec, WARTA_F_LANG, "en"), W_OK);
    assert_int_equal(meta_read(&pg.pub, &rec), W_OK);
    assert_string_equal(get(WARTA_F_TITLE), "Plugin");
    assert_int_equal(count(WARTA_F_TAGS), 1);
    assert_string_equal(get(WARTA_F_LANG), "en");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "B");
}

/* Page conventions around the headline (kompas 2015): a bare date line
 * under an unclassed <h2>, a credit table, the company as meta author, a
 * host-named title suffix; a sidebar date in class "w-date" is another
 * day than the permalink's and must lose. */
static void test_headline_neighbours(void **st)
{
    read_page(
        "http://regional.kompas.com/read/2015/11/04/21040031/Polres",
        "<html><head><meta name=author content='Kompas Cyber Media'>"
        "<meta property=og:site_name content='KOMPAS.com'>"
        "<meta property=og:title content='Polres Serahkan Anggota ke "
        "Kejaksaan - Kompas.com Regional'></head><body>"
        "<div class=msmall>Rabu, 4 November 2015</div><h1>Regional</h1>"
        "<h2>Polres Serahkan Anggota ke Kejaksaan</h2>"
        "<div class=grey>Rabu, 4 November 2015 | 21:04 WIB</div>"
        "<div class=text><p>Isi berita yang cukup panjang di sini.</p></div>"
        "<table><tr><td>Penulis</td><td>: Kontributor Lhokseumawe, "
        "Masriadi</td></tr><tr><td>Editor</td><td>: Ervan Hardoko</td>"
        "</tr></table><div class=w-date>Rabu, 7 Oktober 2015</div>"
        "<div class=comments><p>Editor: Bukan Editor</p></div>"
        "</body></html>");
    assert_string_equal(get(WARTA_F_TITLE),
                        "Polres Serahkan Anggota ke Kejaksaan");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2015-11-04T21:04:00+07:00");
    assert_int_equal(count(WARTA_F_AUTHORS), 1);
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Masriadi");
    assert_int_equal(count(WARTA_F_EDITORS), 1);
    assert_string_equal(item(WARTA_F_EDITORS, 0), "Ervan Hardoko");
    teardown(st);
    /* A date without a time is completed by the headline's; a byline
     * element gives the reporter without the outlet; a sidebar date of
     * another day is not taken when the permalink says otherwise. */
    read_page(
        "http://inet.detik.com/read/2015/11/05/100026/3062623/323/x",
        "<html><head><title>Google Umbar Kelemahan Galaxy S6 Edge</title>"
        "<meta name=pubdate content='2015-11-05 T10:08:58Z'>"
        "<meta itemprop=articleSection content='inet.detik.com'></head>"
        "<body><h1>Google Umbar Kelemahan Galaxy S6 Edge</h1>"
        "<div class=author><strong>Fino Yurio Kristo</strong> - detikinet"
        "</div><div class=date>Kamis, 05/11/2015 10:08 WIB</div>"
        "<p>Isi.</p></body></html>");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2015-11-05T10:08:00+07:00");
    assert_int_equal(count(WARTA_F_AUTHORS), 1);
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Fino Yurio Kristo");
    assert_null(get(WARTA_F_SECTION));
    teardown(st);
    /* okezone: <time> without datetime above the <h1>, the reporter
     * with a role word; the sidebar's dates are further away. */
    read_page(
        "http://lifestyle.okezone.com/read/2015/11/05/481/1244264/x",
        "<html><head><title>Sering Depresi Berat, Hati-Hati Diabetes! - "
        "Health :: Okezone Lifestyle</title></head>"
        "<body><div class=meta-post><time class=tgl>Kamis, 5 "
        "November 2015 - 15:56 wib</time></div><div class=titles><h1>"
        "Sering Depresi Berat, Hati-Hati Diabetes!</h1></div>"
        "<div class=autor><div class=nmreporter><div>Dewi Kania</div>"
        "<span>Jurnalis</span></div></div><p>Isi.</p></body></html>");
    assert_string_equal(get(WARTA_F_PUBLISHED), "2015-11-05T15:56:00+07:00");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Dewi Kania");
    teardown(st);
    /* republika: the label in bold, the name beside it in the cell. */
    read_page("http://nasional.republika.co.id/berita/15/11/05/x",
              "<html><head><title>Judul Berita Republika</title></head>"
              "<body><h1>Judul Berita Republika</h1><p>Isi.</p><table><tr>"
              "<td><strong>Reporter :</strong> Issha Harruma</td></tr><tr>"
              "<td><strong>Redaktur :</strong>  Bilal Ramadhan</td></tr>"
              "</table></body></html>");
    assert_string_equal(item(WARTA_F_AUTHORS, 0), "Issha Harruma");
    assert_string_equal(item(WARTA_F_EDITORS, 0), "Bilal Ramadhan");
    teardown(st);
    /* A guessed date on another day than the permalink's is dropped. */
    read_page("https://x.example/berita/2023/01/12/judul",
              "<html><head><title>Judul Berita Hari Ini</title></head>"
              "<body><h1>Judul Berita Hari Ini</h1>"
              "<span class=date>Senin, 9 Januari 2023 08:00 WIB</span>"
              "</body></html>");
    assert_null(get(WARTA_F_PUBLISHED));
}

static void test_xml_and_errors(void **st)
{
    read_page(NULL, "<?xml version='1.0'?><rss><channel/></rss>");
    assert_null(get(WARTA_F_TITLE));
    assert_int_equal(meta_read(NULL, &rec), W_ERR);
    assert_int_equal(meta_read(&pg.pub, NULL), W_ERR);
    assert_null(meta_article_body(&pg.pub));
}

static void test_oom(void **st)
{
    const char *html =
        "<html lang=id><title>A - S</title><meta property=og:site_name "
        "content=S><script type=application/ld+json>{\"@type\":"
        "\"NewsArticle\",\"headline\":\"H &amp; I\",\"author\":\"X\"}"
        "</script><link rel=canonical href=/b>";
    for (long i = 0; i < 40; i++) {
        assert_int_equal(page_open(&pg, "https://x.example/a", NULL, html,
                                   strlen(html)),
                         W_OK);
        record_init(&rec);
        mem_fail_after(i);
        int rc = meta_read(&pg.pub, &rec);
        mem_fail_after(-1);
        assert_true(rc == W_OK || rc == W_NOMEM);
        /* A failed selector allocation only loses that source. */
        const char *t = get(WARTA_F_TITLE);
        assert_true(rc != W_OK || !t || strcmp(t, "H & I") == 0 ||
                    strcmp(t, "A") == 0);
        record_cleanup(&rec);
        page_close(&pg);
    }
    record_init(&rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_jsonld_graph, teardown),
        cmocka_unit_test_teardown(test_jsonld_shapes, teardown),
        cmocka_unit_test_teardown(test_rank_order, teardown),
        cmocka_unit_test_teardown(test_opengraph, teardown),
        cmocka_unit_test_teardown(test_cms_meta, teardown),
        cmocka_unit_test_teardown(test_time_and_title, teardown),
        cmocka_unit_test_teardown(test_suffix_needs_site_name, teardown),
        cmocka_unit_test_teardown(test_page_fallbacks, teardown),
        cmocka_unit_test_teardown(test_rel_author_and_logo_h1, teardown),
        cmocka_unit_test_teardown(test_author_label, teardown),
        cmocka_unit_test_teardown(test_titled_headline, teardown),
        cmocka_unit_test_teardown(test_fill_only_empty, teardown),
        cmocka_unit_test_teardown(test_headline_neighbours, teardown),
        cmocka_unit_test_teardown(test_xml_and_errors, teardown),
        cmocka_unit_test_teardown(test_oom, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
