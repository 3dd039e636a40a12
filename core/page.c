/* SPDX-License-Identifier: MIT */
/*
 * page_open(): the single door every page goes through, whether it came
 * from HTTP, a file or a WARC record. It refuses what is not a text page
 * (empty, binary, too large, absurdly deep), converts the bytes to UTF-8
 * (charset.c), decides whether the page is HTML or XML (feeds and sitemaps
 * are left to the feed parser) and hands HTML to gumbo. Doing this once
 * here means plugins only ever see valid UTF-8 and a gumbo tree.
 */
#define _GNU_SOURCE
#include "config.h"
#include "page.h"
#include "charset.h"
#include "log.h"
#include "mem.h"
#include <string.h>
#include <strings.h>

/* Recorded parse errors per page: gumbo keeps a vector of them, useless
 * to us beyond a count, and a broken page can produce millions. */
#define PAGE_MAX_ERRORS 50

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int starts_ci(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    return n >= k && strncasecmp(s, pre, k) == 0;
}

/* s at a '<': is this the start of a tag named name (any case)? */
static int tag_is(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    if (n < k + 2 || s[0] != '<' || strncasecmp(s + 1, name, k) != 0)
        return 0;
    unsigned char c = (unsigned char)s[k + 1];
    return is_ws(c) || c == '>' || c == '/';
}

int page_sniff_xml(const char *content_type, const char *s, size_t n)
{
    size_t i = 0;
    if (n > 4096)
        n = 4096; /* the decision is made in the prologue */
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    int decl = starts_ci(s + i, n - i, "<?xml");
    /* Walk the prologue: declaration, PIs, comments, doctype. */
    while (i < n && s[i] == '<') {
        const char *p = s + i;
        size_t left = n - i;
        const char *end = NULL;
        size_t skip = 1;
        if (starts_ci(p, left, "<?")) {
            end = memmem(p, left, "?>", 2);
            skip = 2;
        } else if (starts_ci(p, left, "<!--")) {
            end = memmem(p, left, "-->", 3);
            skip = 3;
        } else if (starts_ci(p, left, "<!doctype")) {
            size_t k = 9;
            while (k < left && is_ws((unsigned char)p[k]))
                k++;
            if (starts_ci(p + k, left - k, "html"))
                return 0;
            end = memchr(p, '>', left);
        } else
            break;
        if (!end)
            break;
        i = (size_t)(end - s) + skip;
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
    }
    const char *p = s + i;
    size_t left = n - i;
    if (tag_is(p, left, "html") || tag_is(p, left, "head") ||
        tag_is(p, left, "body"))
        return 0;
    static const char *const roots[] = {"rss", "feed", "urlset",
                                        "sitemapindex", "rdf:RDF"};
    for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++)
        if (tag_is(p, left, roots[k]))
            return 1;
    if (decl && left > 1 && p[0] == '<' &&
        ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z'))
        return 1; /* some other XML vocabulary */
    if (content_type && strcasestr(content_type, "xml") &&
        !strcasestr(content_type, "html"))
        return 1;
    return 0;
}

/* Raw-text elements whose content the depth estimate skips. */
static const char *const rawtext[] = {"script", "style", "textarea", "title",
                                      "xmp", "iframe", "noembed", "noframes",
                                      "noscript"};
/* Elements that never nest: void elements and those an open one of the
 * same kind closes implicitly (<p>, <li>, <td>, ...). */
static const char *const flat[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
    "meta", "param", "source", "track", "wbr", "keygen", "basefont",
    "bgsound", "frame", "image", "p", "li", "dt", "dd", "tr", "td", "th",
    "option", "optgroup", "rb", "rt", "rp", "tbody", "thead", "tfoot",
    "colgroup", "caption", "a"};

static int in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/*
 * Does s hold more than cap '<' bytes? Nesting deeper than cap needs at
 * least cap start tags, so a page with fewer '<' (nearly every real page)
 * skips the tag-by-tag prescan: memchr runs at memory speed.
 */
static int lt_count_over(const char *s, size_t n, size_t cap)
{
    size_t count = 0;
    const char *p = s, *end = s + n;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (++count > cap)
            return 1;
        p++;
    }
    return 0;
}

size_t page_depth_estimate(const char *s, size_t n, size_t cap)
{
    size_t depth = 0, max = 0, i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (starts_ci(s + i, n - i, "<!--")) {
            const char *e = memmem(s + i + 4, n - i - 4, "-->", 3);
            i = e ? (size_t)(e - s) + 3 : n;
            continue;
        }
        int close = i + 1 < n && s[i + 1] == '/';
        size_t j = i + 1 + (size_t)close;
        if (j >= n || !((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z')) {
            i++;
            if (j < n && (s[j] == '!' || s[j] == '?')) {
                const char *e = memchr(s + j, '>', n - j);
                i = e ? (size_t)(e - s) + 1 : n;
            }
            continue;
        }
        char name[16];
        size_t k = 0;
        while (j < n && !is_ws((unsigned char)s[j]) && s[j] != '>' &&
               s[j] != '/') {
            if (k < sizeof name - 1)
                name[k++] = (char)((s[j] >= 'A' && s[j] <= 'Z') ? s[j] + 32
                                                                : s[j]);
            j++;
        }
        name[k] = '\0';
        /* Skip attributes, honouring quotes, to the closing '>'. */
        int selfclose = 0;
        char q = 0;
        while (j < n && (q || s[j] != '>')) {
            if (q) {
                if (s[j] == q)
                    q = 0;
            } else if (s[j] == '"' || s[j] == '\'') {
                if (j > 0 && s[j - 1] == '=')
                    q = s[j];
            }
            j++;
        }
        if (j < n && j > 0 && s[j - 1] == '/')
            selfclose = 1;
        i = j < n ? j + 1 : n;
        if (close) {
            if (depth && !in_list(name, flat, sizeof flat / sizeof *flat))
                depth--;
            continue;
        }
        if (in_list(name, rawtext, sizeof rawtext / sizeof *rawtext)) {
            /* Find "</name" case-insensitively. */
            size_t len = strlen(name);
            while (i < n) {
                const char *e = memchr(s + i, '<', n - i);
                if (!e) {
                    i = n;
                    break;
                }
                i = (size_t)(e - s) + 1;
                if (i + len < n && s[i] == '/' &&
                    strncasecmp(s + i + 1, name, len) == 0)
                    break;
            }
            continue;
        }
        if (strcmp(name, "plaintext") == 0)
            break;
        if (selfclose || in_list(name, flat, sizeof flat / sizeof *flat))
            continue;
        if (++depth > max) {
            max = depth;
            if (max > cap)
                return max;
        }
    }
    return max;
}

int page_open(struct page *pg, const char *url, const char *content_type,
              const void *bytes, size_t n)
{
    int rc = W_OK;
    const unsigned char *b = bytes;
    struct charset_guess cs;
    memset(pg, 0, sizeof *pg);
    arena_init(&pg->core.arena, 0);
    if (n > PAGE_MAX_BYTES) {
        W_WARN("%s: page of %zu bytes is over the limit of %zu",
               url ? url : "page", n, PAGE_MAX_BYTES);
        rc = W_TOOBIG;
        goto out;
    }
    if (!b || n == 0) {
        rc = W_PARSE;
        goto out;
    }
    int xml = page_sniff_xml(content_type, bytes, n);
    charset_detect(content_type, b, n, xml, &cs);
    if (strncmp(cs.name, "UTF-16", 6) != 0 && charset_is_binary(b, n)) {
        W_WARN("%s: binary content, not a text page", url ? url : "page");
        rc = W_PARSE;
        goto out;
    }
    rc = charset_to_utf8(cs.name, b, n, 4 * PAGE_MAX_BYTES, &pg->utf8,
                         &pg->utf8_len);
    if (rc == W_NOTFOUND) {
        /* iconv lost the charset between detection and now: read the
         * bytes as UTF-8 rather than refusing the page. */
        memcpy(cs.name, "UTF-8", 6);
        rc = charset_to_utf8(cs.name, b, n, 4 * PAGE_MAX_BYTES, &pg->utf8,
                             &pg->utf8_len);
    }
    if (rc)
        goto out;
    size_t i = 0;
    while (i < pg->utf8_len && is_ws((unsigned char)pg->utf8[i]))
        i++;
    if (i == pg->utf8_len) {
        rc = W_PARSE;
        goto out;
    }
    /* Decide again on the converted text: UTF-16 bytes could not be
     * sniffed before conversion. */
    if (!xml && cs.bom == 2)
        xml = page_sniff_xml(content_type, pg->utf8, pg->utf8_len);
    pg->charset = w_strdup(cs.name);
    pg->url = w_strdup(url ? url : "");
    if (!pg->charset || !pg->url) {
        rc = W_NOMEM;
        goto out;
    }
    if (content_type) {
        pg->content_type = w_strdup(content_type);
        if (!pg->content_type) {
            rc = W_NOMEM;
            goto out;
        }
    }
    if (!xml) {
        size_t depth = lt_count_over(pg->utf8, pg->utf8_len, PAGE_MAX_DEPTH)
                           ? page_depth_estimate(pg->utf8, pg->utf8_len,
                                                 PAGE_MAX_DEPTH)
                           : 0;
        if (depth > PAGE_MAX_DEPTH) {
            W_WARN("%s: elements nested over %d levels deep, refused",
                   pg->url, PAGE_MAX_DEPTH);
            rc = W_PARSE;
            goto out;
        }
        GumboOptions opt = kGumboDefaultOptions;
        opt.max_errors = PAGE_MAX_ERRORS;
        pg->gumbo = gumbo_parse_with_options(&opt, pg->utf8, pg->utf8_len);
        if (!pg->gumbo) {
            rc = W_NOMEM;
            goto out;
        }
    }
    pg->pub.url = pg->url;
    pg->pub.body = pg->utf8;
    pg->pub.len = pg->utf8_len;
    pg->pub.doc = pg->gumbo;
    pg->pub.content_type = pg->content_type
                               ? pg->content_type
                               : (xml ? "application/xml" : "text/html");
    pg->pub.core = &pg->core;
    if (cs.overridden)
        W_INFO("%s: charset label contradicted by the bytes, read as %s",
               pg->url, cs.name);
out:
    if (rc)
        page_close(pg);
    return rc;
}

void page_close(struct page *pg)
{
    if (!pg)
        return;
    if (pg->gumbo)
        gumbo_destroy_output(&kGumboDefaultOptions, pg->gumbo);
    arena_cleanup(&pg->core.arena);
    w_free(pg->utf8);
    w_free(pg->url);
    w_free(pg->content_type);
    w_free(pg->charset);
    memset(pg, 0, sizeof *pg);
}

int page_set_url(struct page *pg, const char *url)
{
    char *d = w_strdup(url ? url : "");
    if (!d)
        return W_NOMEM;
    w_free(pg->url);
    pg->url = d;
    pg->pub.url = d;
    return W_OK;
}
