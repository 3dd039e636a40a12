/* SPDX-License-Identifier: MIT */
/*
 * The readable-body heuristic on the pages in tests/fixtures/generic/.
 * Each NAME.html has a NAME.expect with one check per line:
 *   starts TEXT / ends TEXT   the body text starts or ends with TEXT
 *   paragraphs N              the body has N paragraphs
 *   + TEXT / - TEXT           TEXT is / is not in the body
 *   null                      the heuristic finds no body
 * Adding a page needs no C change beyond its name in the list below (the
 * list is also what `make distcheck` ships).
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
#include "dom.h"
#include "mem.h"
#include "page.h"
#include "readable.h"

static const char *const fixtures[] = {
    "wordpress-sidebar", "newscms-related",   "br-body",
    "jsonld-only",       "captions-bacajuga", "split-body",
    "blogspot-comments", "kompas-like",       "table-layout-font",
    "elementor",         "index-listing",     "related-siblings",
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t r;
    while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    s[n] = '\0';
    *len = n;
    return s;
}

static char *fixture_path(const char *name, const char *ext)
{
    const char *top = getenv("top_srcdir");
    if (!top)
        top = WARTA_SRC_TOPDIR;
    size_t n = strlen(top) + strlen(name) + 64;
    char *p = malloc(n);
    snprintf(p, n, "%s/tests/fixtures/generic/%s.%s", top, name, ext);
    return p;
}

static size_t count_paragraphs(const char *t)
{
    if (!*t)
        return 0;
    size_t n = 1;
    for (const char *p = t; (p = strstr(p, "\n\n")); p += 2)
        n++;
    return n;
}

/* Run one fixture; returns the number of failed checks. */
static int run_fixture(const char *name)
{
    size_t hlen, elen;
    char *hp = fixture_path(name, "html"), *ep = fixture_path(name, "expect");
    char *html = slurp(hp, &hlen), *exp = slurp(ep, &elen);
    int failed = 0;
    if (!html || !exp) {
        fprintf(stderr, "# cannot read %s or %s\n", hp, ep);
        failed = 1;
        goto out;
    }
    struct page pg;
    assert_int_equal(page_open(&pg, "https://example.com/berita/1", NULL,
                               html, hlen),
                     W_OK);
    const GumboNode *body = readable_guess(&pg.pub);
    const char *text = body ? dom_text(&pg.pub, body) : NULL;
    char *next = exp;
    while (next && *next) {
        char *line = next;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        int ok = 1;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (strcmp(line, "null") == 0)
            ok = body == NULL;
        else if (!text)
            ok = 0;
        else if (strncmp(line, "starts ", 7) == 0)
            ok = strncmp(text, line + 7, strlen(line + 7)) == 0;
        else if (strncmp(line, "ends ", 5) == 0) {
            size_t tl = strlen(text), sl = strlen(line + 5);
            ok = tl >= sl && strcmp(text + tl - sl, line + 5) == 0;
        } else if (strncmp(line, "paragraphs ", 11) == 0)
            ok = count_paragraphs(text) == strtoul(line + 11, NULL, 10);
        else if (line[0] == '+' && line[1] == ' ')
            ok = strstr(text, line + 2) != NULL;
        else if (line[0] == '-' && line[1] == ' ')
            ok = strstr(text, line + 2) == NULL;
        else {
            fprintf(stderr, "# %s: bad expect line: %s\n", name, line);
            ok = 0;
        }
        if (!ok) {
            fprintf(stderr, "# %s: failed: %s\n", name, line);
            failed++;
        }
    }
    if (failed)
        fprintf(stderr, "# %s: body text was:\n%s\n# ----\n", name,
                text ? text : "(no body)");
    page_close(&pg);
out:
    free(html);
    free(exp);
    free(hp);
    free(ep);
    return failed;
}

static void test_fixtures(void **st)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++)
        failed += run_fixture(fixtures[i]);
    assert_int_equal(failed, 0);
}

static const char *article =
    "<html><body><div id=nav><a href=/a>Satu</a> <a href=/b>Dua</a></div>"
    "<div id=story><p>Paragraf pertama yang cukup panjang, dengan koma, dan "
    "titik.</p><p>Paragraf kedua juga cukup panjang, dengan koma, dan "
    "titik.</p><p>Paragraf ketiga, sama panjangnya, dengan koma dan "
    "titik.</p><div class=iklan>Iklan</div></div>"
    "<div id=foot>Hak cipta dilindungi, semua isi milik redaksi.</div>"
    "</body></html>";

static void test_basics(void **st)
{
    struct page pg;
    assert_int_equal(page_open(&pg, NULL, NULL, article, strlen(article)),
                     W_OK);
    const GumboNode *b = readable_guess(&pg.pub);
    assert_non_null(b);
    assert_string_equal(dom_attr(b, "id"), "story");
    char *t = dom_text(&pg.pub, b);
    assert_int_equal(count_paragraphs(t), 3);
    assert_null(strstr(t, "Iklan"));
    /* A second call gives the same element and text. */
    assert_ptr_equal(readable_guess(&pg.pub), b);
    assert_string_equal(dom_text(&pg.pub, b), t);
    page_close(&pg);
    /* A plugin's drop is respected: drop the story, nothing is left. */
    assert_int_equal(page_open(&pg, NULL, NULL, article, strlen(article)),
                     W_OK);
    assert_int_equal(dom_drop(&pg.pub, NULL, "#story"), 1);
    assert_null(readable_guess(&pg.pub));
    page_close(&pg);
}

/* Tempo 2015: the date line sits in the article block between the <h1>
 * and the paragraphs, with no class a hint list knows; it is a date, so
 * it goes. */
static void test_date_line_in_body(void **st)
{
    static const char html[] =
        "<html><body><div class=artikel><h1>Judul</h1>"
        "<div class=blok>Kamis, 05 November 2015 | 11:13 WIB</div>"
        "<p>TEMPO.CO, Jakarta - Organisasi Kesehatan Dunia menyebutkan, "
        "kurangnya aktivitas fisik termasuk atribut peringkat keempat.<br>"
        "<br>Dokter spesialis olahraga menyebutkan ada delapan faktor, "
        "mengapa seseorang malas bergerak, dalam kampanye di Jakarta.<br>"
        "<br>Faktor cuaca dan takut cedera menjadi dua di antaranya, kata "
        "dia, dan lima faktor lainnya menyusul.</p></div></body></html>";
    struct page pg;
    (void)st;
    assert_int_equal(page_open(&pg, NULL, NULL, html, strlen(html)), W_OK);
    const GumboNode *b = readable_guess(&pg.pub);
    assert_non_null(b);
    char *t = dom_text(&pg.pub, b);
    assert_null(strstr(t, "11:13"));
    assert_non_null(strstr(t, "TEMPO.CO, Jakarta"));
    page_close(&pg);
}

/* kapanlagi 2015: "Jangan Lewatkan" and links alone on their lines at
 * the end of a <br> body; a link inside a sentence stays. */
static void test_link_lines(void **st)
{
    static const char html[] =
        "<html><body><div class=detail-news><b>Kapanlagi.com</b> - Brandon "
        "Salim, putra sulung <a href=/a>aktor Fery Salim yang terkenal</a>,"
        " makin mantap menekuni dunia hiburan tanah air.<p><p>\"Di sini "
        "sebagai Lido, teman baik dari Sivia yang berperan sebagai Lexa,\" "
        "jelasnya saat bertandang ke kantor, Rabu.<p><p>Film ini tentang "
        "persahabatan, kata dia, dan mulai tayang 12 November 2015.<p><p>"
        "<h2>Jangan Lewatkan</h2><a href=/x>'HEART BEAT' buat Brandon "
        "Terjebak Cinta</a><br /><a href=/y>Beri Pujian Buat Blink, Fedi "
        "Nuril Kangen</a><br /></div></body></html>";
    struct page pg;
    (void)st;
    assert_int_equal(page_open(&pg, NULL, NULL, html, strlen(html)), W_OK);
    const GumboNode *b = readable_guess(&pg.pub);
    assert_non_null(b);
    char *t = dom_text(&pg.pub, b);
    assert_null(strstr(t, "Jangan Lewatkan"));
    assert_null(strstr(t, "Terjebak Cinta"));
    assert_null(strstr(t, "Fedi Nuril"));
    assert_non_null(strstr(t, "aktor Fery Salim yang terkenal"));
    page_close(&pg);
}

/* Italic photo captions and embedded posts inside the body go; an
 * italic sentence without a photo credit stays. */
static void test_captions_embeds(void **st)
{
    static const char html[] =
        "<html><body><span itemprop=articleBody><strong>VIVA.co.id</strong>"
        " - Pianis cilik Indonesia, Joey Alexander, boleh saja gagal meraih"
        " piala Grammy Awards tahun ini, kata panitia kepada wartawan."
        "<div><br /></div><div>Dalam tayangan langsung, penyanyi Taylor "
        "Swift, Selena Gomez, dan Bruno Mars memberikan <em>standing "
        "ovation</em> kepada Joey.</div><div style='text-align:center'>"
        "<img src=/a.jpg></div><div style='text-align:center'><em>Taylor "
        "Swift memberikan standing ovation. Foto: Grammy</em></div>"
        "<div><em>Joey tampil tanpa partitur, seperti biasanya, dan "
        "penonton berdiri.</em></div>"
        "<div>\"Joey sangat luar biasa, hasrat musik telah membawa saya "
        "pada tahap ini,\" kata Portnow.</div><blockquote "
        "class=twitter-tweet><p>A standing ovation for 12-year-old <a "
        "href=/j>@_JoeyAlexander</a>!</p>&mdash; The GRAMMYs (@TheGRAMMYs)"
        " <a href=/s>February 16, 2016</a></blockquote></span></body></html>";
    struct page pg;
    (void)st;
    assert_int_equal(page_open(&pg, NULL, NULL, html, strlen(html)), W_OK);
    const GumboNode *b = readable_guess(&pg.pub);
    assert_non_null(b);
    char *t = dom_text(&pg.pub, b);
    assert_null(strstr(t, "Foto: Grammy"));
    assert_null(strstr(t, "TheGRAMMYs"));
    assert_non_null(strstr(t, "Joey tampil tanpa partitur"));
    assert_non_null(strstr(t, "kata Portnow."));
    page_close(&pg);
}

static void test_no_body(void **st)
{
    struct page pg;
    const char *cases[] = {
        "<p>Pendek.</p>",
        "<ul><li><a href=/1>Berita satu yang judulnya panjang sekali</a></li>"
        "<li><a href=/2>Berita dua yang judulnya panjang sekali juga</a></li>"
        "</ul>",
        "<?xml version='1.0'?><rss><channel><item><title>x</title></item>"
        "</channel></rss>",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(page_open(&pg, NULL, NULL, cases[i],
                                   strlen(cases[i])),
                         W_OK);
        assert_null(readable_guess(&pg.pub));
        page_close(&pg);
    }
    assert_null(readable_guess(NULL));
}

static void test_deep(void **st)
{
    /* 10,000 nested divs around the article: no recursion, no crash. */
    const char *inner = "<p>Isi berita yang cukup panjang, dengan koma, "
                        "dan titik di akhir kalimat.</p><p>Paragraf kedua "
                        "yang juga cukup panjang, dengan koma.</p>";
    size_t n = 10000, k = 0, len = n * 11 + strlen(inner) + 1;
    char *s = malloc(len);
    for (size_t i = 0; i < n; i++, k += 5)
        memcpy(s + k, "<div>", 5);
    memcpy(s + k, inner, strlen(inner));
    k += strlen(inner);
    for (size_t i = 0; i < n; i++, k += 6)
        memcpy(s + k, "</div>", 6);
    struct page pg;
    assert_int_equal(page_open(&pg, NULL, NULL, s, k), W_OK);
    const GumboNode *b = readable_guess(&pg.pub);
    assert_non_null(b);
    assert_int_equal(count_paragraphs(dom_text(&pg.pub, b)), 2);
    page_close(&pg);
    free(s);
}

static void test_oom(void **st)
{
    for (long i = 0; i < 10; i++) {
        struct page pg;
        assert_int_equal(page_open(&pg, NULL, NULL, article,
                                   strlen(article)),
                         W_OK);
        mem_fail_after(i);
        const GumboNode *b = readable_guess(&pg.pub);
        mem_fail_after(-1);
        assert_true(b == NULL || dom_is(b, GUMBO_TAG_DIV));
        page_close(&pg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_basics),
        cmocka_unit_test(test_date_line_in_body),
        cmocka_unit_test(test_link_lines),
        cmocka_unit_test(test_captions_embeds),
        cmocka_unit_test(test_no_body),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
