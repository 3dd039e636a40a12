/* SPDX-License-Identifier: MIT */
/*
 * The DOM helpers plugins get through the host table: the selector subset
 * (every form, groups in document order, ancestors outside the scope,
 * malformed selectors), drop(), attr(), and the text rules of text() and
 * line().
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

static struct page pg;
static const struct warta_page *P = &pg.pub;

static void load(const char *html)
{
    assert_int_equal(page_open(&pg, "https://example.com/x", NULL, html,
                               strlen(html)),
                     W_OK);
}

static int teardown(void **st)
{
    page_close(&pg);
    return 0;
}

/* Append s to the NUL-ended buffer dst of size n (truncating). */
static void append(char *dst, size_t n, const char *s)
{
    size_t k = strlen(dst);
    snprintf(dst + k, n - k, "%s", s);
}

/* ids of the matches, space-separated, into an arena string */
static const char *ids(const char *sel, const GumboNode *scope)
{
    const GumboNode **v;
    size_t n = dom_select_all(P, scope, sel, &v);
    char buf[512] = "";
    for (size_t i = 0; i < n; i++) {
        const char *id = dom_attr(v[i], "id");
        if (i)
            append(buf, sizeof buf, " ");
        append(buf, sizeof buf, id ? id : "?");
    }
    return arena_strdup(&pg.core.arena, buf);
}

static const char *doc =
    "<html><body>"
    "<div id=d1 class='post  content-main'>"
    "  <h1 id=h class=title>Judul</h1>"
    "  <p id=p1 class=lead data-x='a b'>satu</p>"
    "  <section id=s1><p id=p2>dua</p>"
    "    <div id=d2><p id=p3 lang=ID-id>tiga</p></div></section>"
    "  <a id=a1 href='https://example.com/berita/1/a-b'>x</a>"
    "  <a id=a2 href='/tag/umkm' rel=Next>y</a>"
    "  <amp-img id=c1 src=x.jpg></amp-img>"
    "</div>"
    "<div id=d3 class='share'><p id=p4>empat</p></div>"
    "<template id=t1><p id=p5>lima</p></template>"
    "</body></html>";

static void test_select_basic(void **st)
{
    load(doc);
    assert_string_equal(ids("p", NULL), "p1 p2 p3 p4");
    assert_string_equal(ids("#p2", NULL), "p2");
    assert_string_equal(ids(".content-main", NULL), "d1");
    assert_string_equal(ids("div.post.content-main", NULL), "d1");
    assert_string_equal(ids(".post.share", NULL), "");
    assert_string_equal(ids("*[id^=p]", NULL), "p1 p2 p3 p4");
    assert_string_equal(ids("[data-x]", NULL), "p1");
    assert_string_equal(ids("[data-x='a b']", NULL), "p1");
    assert_string_equal(ids("[data-x~=b]", NULL), "p1");
    assert_string_equal(ids("a[href*=\"/berita/\"]", NULL), "a1");
    assert_string_equal(ids("a[href^=https]", NULL), "a1");
    assert_string_equal(ids("a[href$=umkm]", NULL), "a2");
    assert_string_equal(ids("a[href$='']", NULL), "");
    assert_string_equal(ids("a[rel=next]", NULL), "a2"); /* rel: any case */
    assert_string_equal(ids("[lang|=id]", NULL), "p3");
    assert_string_equal(ids("[class=TITLE i]", NULL), "h");
    assert_string_equal(ids("P#P1", NULL), ""); /* ids are case-sensitive */
    assert_string_equal(ids("P#p1", NULL), "p1"); /* tags are not */
    assert_string_equal(ids("amp-img", NULL), "c1");
    assert_string_equal(ids("div amp-img[src]", NULL), "c1");
    assert_string_equal(ids("unknown-el", NULL), "");
}

static void test_select_combinators(void **st)
{
    load(doc);
    assert_string_equal(ids("div p", NULL), "p1 p2 p3 p4");
    assert_string_equal(ids("div > p", NULL), "p1 p3 p4");
    assert_string_equal(ids("#d1 > p", NULL), "p1");
    assert_string_equal(ids("#d1>section>p", NULL), "p2");
    assert_string_equal(ids("#d1 section div p", NULL), "p3");
    assert_string_equal(ids("body > div div > p", NULL), "p3");
    assert_string_equal(ids("section > div > p, h1", NULL), "h p3");
    assert_string_equal(ids("#p4, #p1 ,#h", NULL), "h p1 p4"); /* doc order */
    assert_string_equal(ids("html body div section div p", NULL), "p3");
    assert_string_equal(ids("section > p > p", NULL), "");
}

static void test_scope(void **st)
{
    load(doc);
    const GumboNode *s1 = dom_select_one(P, NULL, "#s1");
    assert_non_null(s1);
    /* Descendants only, but ancestors outside the scope take part. */
    assert_string_equal(ids("p", s1), "p2 p3");
    assert_string_equal(ids("#d1 p", s1), "p2 p3");
    assert_string_equal(ids("#d1 > section > p", s1), "p2");
    assert_string_equal(ids("section", s1), "");
    assert_string_equal(ids("#d3 p", s1), "");
    /* Template content is inert. */
    assert_string_equal(ids("#p5", NULL), "");
    assert_string_equal(ids("template", NULL), "t1");
    assert_ptr_equal(dom_select_one(P, NULL, "p"),
                     dom_select_one(P, NULL, "#p1"));
    assert_null(dom_select_one(P, NULL, "table"));
}

static void test_malformed(void **st)
{
    load(doc);
    const char *bad[] = {"",        " ",        "p,",      ",p",
                         "p >",     "> p",      "p + q",   "p ~ q",
                         "a:hover", "[href",    "[=x]",    "[a^x]",
                         "[a='x]",  "#",        ".",       "p..x",
                         "p,,q",    "a[b=]",    "div!",    "[a=b c]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const GumboNode **v = (const GumboNode **)1;
        assert_int_equal(dom_select_all(P, NULL, bad[i], &v), 0);
        assert_null(v);
        assert_null(dom_select_one(P, NULL, bad[i]));
        assert_int_equal(dom_drop(P, NULL, bad[i]), 0);
    }
    assert_null(dom_select_one(P, NULL, NULL));
    char *longsel = malloc(DOM_SEL_MAX_LEN + 10);
    memset(longsel, 'p', DOM_SEL_MAX_LEN + 9);
    longsel[DOM_SEL_MAX_LEN + 9] = '\0';
    assert_null(dom_select_one(P, NULL, longsel));
    free(longsel);
    /* Too many groups or compounds are refused, not truncated. */
    char many[512] = "p";
    for (int i = 0; i < 40; i++)
        append(many, sizeof many, " p");
    assert_null(dom_select_one(P, NULL, many));
    /* Escapes and pathological-but-valid input. */
    assert_string_equal(ids("#p\\31", NULL), "p1");
}

static void test_attr(void **st)
{
    load(doc);
    const GumboNode *a = dom_select_one(P, NULL, "#a1");
    assert_string_equal(dom_attr(a, "HREF"),
                        "https://example.com/berita/1/a-b");
    assert_null(dom_attr(a, "title"));
    assert_null(dom_attr(NULL, "x"));
    const GumboNode *txt = a->v.element.children.data[0];
    assert_null(dom_attr(txt, "x"));
    /* No page: nothing, and no crash. */
    const GumboNode **v = (const GumboNode **)1;
    assert_null(dom_select_one(NULL, NULL, "p"));
    assert_int_equal(dom_select_all(NULL, NULL, "p", &v), 0);
    assert_null(v);
    assert_int_equal(dom_drop(NULL, NULL, "p"), 0);
    assert_null(dom_text(NULL, a));
}

static void test_drop(void **st)
{
    load(doc);
    assert_int_equal(dom_drop(P, NULL, "section"), 1);
    assert_string_equal(ids("p", NULL), "p1 p4");
    /* Nested matches are counted once; the scope itself is not dropped. */
    const GumboNode *d1 = dom_select_one(P, NULL, "#d1");
    assert_int_equal(dom_drop(P, d1, "div, a"), 2);
    assert_string_equal(ids("a, div", NULL), "d1 d3");
    assert_string_equal(dom_line(P, d1), "Judul satu");
    /* A dropped node's own text is gone, and selects under it find
     * nothing. */
    const GumboNode *s1 = NULL;
    for (unsigned i = 0; i < d1->v.element.children.length; i++)
        if (dom_is(d1->v.element.children.data[i], GUMBO_TAG_SECTION))
            s1 = d1->v.element.children.data[i];
    assert_non_null(s1);
    assert_true(dom_is_marked(P, s1));
    assert_string_equal(dom_text(P, s1), "");
    assert_int_equal(dom_select_all(P, s1, "p", NULL), 0);
    assert_true(dom_in_dropped(P, dom_select_one(P, NULL, "#h")) == 0);
    assert_int_equal(dom_drop(P, NULL, "#nothing"), 0);
}

static void test_text_blocks(void **st)
{
    load("<div id=a>  Satu <b>dua</b>\n  tiga.<p>Empat&nbsp;&nbsp; lima"
         "</p><p></p><p> \xc2\xa0 </p><ul><li>a</li><li>b<br>c</li></ul>"
         "<h2>Sub</h2>enam<table><tr><td>x</td><td>y</td></tr>"
         "<tr><td>z</td></tr></table><span>tu</span><span>juh</span>"
         "</div>");
    const GumboNode *a = dom_select_one(P, NULL, "#a");
    assert_string_equal(dom_text(P, a),
                        "Satu dua tiga.\n\nEmpat lima\n\na\n\nb\nc\n\n"
                        "Sub\n\nenam\n\nx y\n\nz\n\ntujuh");
    assert_string_equal(dom_line(P, a),
                        "Satu dua tiga. Empat lima a b c Sub enam x y z "
                        "tujuh");
}

static void test_text_br(void **st)
{
    load("<div id=a>Paragraf satu, panjang.<br><br>Paragraf dua."
         "<br> \n <br />Paragraf tiga<br>baris<br>&nbsp;<br>empat"
         "<br><br><br><br></div>");
    assert_string_equal(dom_text(P, dom_select_one(P, NULL, "#a")),
                        "Paragraf satu, panjang.\n\nParagraf dua.\n\n"
                        "Paragraf tiga\nbaris\n\nempat");
}

static void test_text_skipped(void **st)
{
    load("<div id=a>A<script>var x = '<p>no</p>';</script>"
         "<style>p{}</style><noscript>no</noscript>"
         "<ins class=adsbygoogle>iklan</ins><iframe>f</iframe>"
         "<template>t</template><svg><text>s</text></svg>"
         "<button>Bagikan</button><select><option>o</option></select>"
         "<input value=v><textarea>ta</textarea>"
         "<span hidden>h</span><span style='DISPLAY : none'>h2</span>"
         "<!-- comment -->B\xe2\x80\x8b" "C\xc2\xad" "D\xef\xbb\xbf"
         "<form><label>E</label></form><video>vid</video></div>"
         "<script id=s>{\"a\": 1}</script>");
    assert_string_equal(dom_text(P, dom_select_one(P, NULL, "#a")),
                        "ABCD\n\nE");
    /* The node asked for is read even when its kind is skipped. */
    assert_string_equal(dom_text(P, dom_select_one(P, NULL, "#s")),
                        "{\"a\": 1}");
    assert_string_equal(dom_line(P, dom_select_one(P, NULL, "title")), "");
}

static void test_text_misc(void **st)
{
    load("<html><head><title> Judul  Berita | Situs </title></head>"
         "<body><pre id=pre>a  b\nc</pre><p id=u>\xe3\x80\x80x\xe2\x80\x89y"
         "</p></body></html>");
    assert_string_equal(dom_line(P, dom_select_one(P, NULL, "title")),
                        "Judul Berita | Situs");
    assert_string_equal(dom_text(P, dom_select_one(P, NULL, "#pre")),
                        "a b\nc");
    assert_string_equal(dom_text(P, dom_select_one(P, NULL, "#u")), "x y");
    /* Whole document: head is left out. */
    assert_string_equal(dom_text(P, pg.pub.doc->document), "a b\nc\n\nx y");
    assert_string_equal(dom_text(P, NULL), "");
    /* A text node on its own. */
    const GumboNode *u = dom_select_one(P, NULL, "#u");
    assert_string_equal(dom_text(P, u->v.element.children.data[0]), "x y");
}

static void test_walk(void **st)
{
    load("<div><p>a</p><p>b<i>c</i></p></div>");
    struct dom_walk w;
    const GumboNode *n;
    enum dom_event ev;
    char seq[128] = "";
    dom_walk_init(&w, dom_select_one(P, NULL, "div"));
    while (dom_walk_next(&w, &n, &ev)) {
        char name[16];
        dom_tag_name(n, name, sizeof name);
        if (n->type == GUMBO_NODE_TEXT)
            append(seq, sizeof seq, n->v.text.text);
        else {
            append(seq, sizeof seq, ev == DOM_ENTER ? "<" : "</");
            append(seq, sizeof seq, name);
            append(seq, sizeof seq, ">");
            if (ev == DOM_ENTER && dom_is(n, GUMBO_TAG_I))
                dom_walk_skip(&w);
        }
    }
    dom_walk_cleanup(&w);
    assert_string_equal(seq, "<div><p>a</p><p>b<i></i></p></div>");
}

/* dom_attrs() answers what dom_attr() would for each name; a walk's user
 * word is 0 at DOM_ENTER and comes back at the node's DOM_LEAVE. */
static void test_attrs_and_user(void **st)
{
    load("<div id=d CLASS='A b' data-x=1 Hidden style='display : none'>"
         "<p id=p1 class=c>a<i id=i1>b</i></p><p id=p2>c</p></div>");
    static const char *const names[] = {"class", "id",    "hidden",
                                        "style", "data-x", "itemprop",
                                        "Data-X"};
    const size_t k = sizeof names / sizeof *names;
    const char *a[sizeof names / sizeof *names];
    const GumboNode **all;
    size_t n = dom_select_all(P, NULL, "*", &all);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++) {
        dom_attrs(all[i], names, k, a);
        for (size_t j = 0; j < k; j++)
            assert_ptr_equal(a[j], dom_attr(all[i], names[j]));
    }
    const GumboNode *div = dom_select_one(P, NULL, "div");
    dom_attrs(div, names, k, a);
    assert_string_equal(a[0], "A b");
    assert_string_equal(a[4], "1");
    assert_string_equal(a[6], "1");
    assert_null(a[5]);
    assert_true(dom_hidden_by(a[2], NULL));
    assert_true(dom_hidden_by(NULL, a[3]));
    assert_false(dom_hidden_by(NULL, "color: red"));
    dom_attrs(NULL, names, k, a);
    for (size_t j = 0; j < k; j++)
        assert_null(a[j]);
    /* A text node: no attributes. */
    const GumboNode *p1 = dom_select_one(P, NULL, "#p1");
    dom_attrs(p1->v.element.children.data[0], names, k, a);
    assert_null(a[1]);

    struct dom_walk w;
    const GumboNode *node;
    enum dom_event ev;
    unsigned int tag = 1, leaves = 0;
    dom_walk_init(&w, div);
    while (dom_walk_next(&w, &node, &ev)) {
        unsigned int *u = dom_walk_user(&w);
        if (ev == DOM_ENTER) {
            assert_int_equal(*u, 0);
            *u = tag++ * 1000 + (unsigned int)dom_walk_depth(&w);
            if (dom_is(node, GUMBO_TAG_I))
                dom_walk_skip(&w);
            continue;
        }
        /* DOM_LEAVE: the node's own word, whatever was entered since. */
        assert_int_equal(*u % 1000, dom_walk_depth(&w));
        if (node == div)
            assert_int_equal(*u, 1000);
        leaves++;
    }
    dom_walk_cleanup(&w);
    assert_int_equal(leaves, 4); /* div, p1, i (skipped), p2 */
}

static void test_many_marks(void **st)
{
    /* Thousands of drops exercise the hash set's growth. */
    size_t n = 5000;
    char *s = malloc(n * 16 + 64);
    size_t k = 5;
    memcpy(s, "<div>", 5);
    for (size_t i = 0; i < n; i++, k += 16)
        memcpy(s + k, "<p>x</p><i>y</i>", 16);
    memcpy(s + k, "</div>", 7);
    load(s);
    free(s);
    assert_int_equal(dom_drop(P, NULL, "i"), n);
    assert_int_equal(dom_select_all(P, NULL, "i", NULL), 0);
    assert_int_equal(dom_select_all(P, NULL, "p", NULL), n);
    char *t = dom_line(P, dom_select_one(P, NULL, "div"));
    assert_int_equal(strlen(t), 2 * n - 1);
}

static void test_oom(void **st)
{
    load(doc);
    for (long i = 0; i < 8; i++) {
        mem_fail_after(i);
        const GumboNode **v;
        size_t n = dom_select_all(P, NULL, "div p, a", &v);
        char *t = dom_text(P, pg.pub.doc->root);
        mem_fail_after(-1);
        assert_true(n == 0 || n == 6);
        assert_true(t == NULL || strlen(t) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_select_basic, teardown),
        cmocka_unit_test_teardown(test_select_combinators, teardown),
        cmocka_unit_test_teardown(test_scope, teardown),
        cmocka_unit_test_teardown(test_malformed, teardown),
        cmocka_unit_test_teardown(test_attr, teardown),
        cmocka_unit_test_teardown(test_drop, teardown),
        cmocka_unit_test_teardown(test_text_blocks, teardown),
        cmocka_unit_test_teardown(test_text_br, teardown),
        cmocka_unit_test_teardown(test_text_skipped, teardown),
        cmocka_unit_test_teardown(test_text_misc, teardown),
        cmocka_unit_test_teardown(test_walk, teardown),
        cmocka_unit_test_teardown(test_attrs_and_user, teardown),
        cmocka_unit_test_teardown(test_many_marks, teardown),
        cmocka_unit_test_teardown(test_oom, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
