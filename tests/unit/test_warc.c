/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the WARC reader (core/warc.c). Every WARC file here is
 * written by the test itself with the small writer below, in three
 * layouts (plain, one gzip member per record as CC-NEWS ships it, one
 * gzip member for the whole file), with records of every type, HTML and
 * non-HTML payloads, gzip/deflate/chunked payloads, a truncated final
 * record, garbage between records, oversized records and a gzip bomb. A
 * last test cuts and corrupts a file at many points to check that the
 * reader always ends, never crashes, and reports what it skipped.
 */
#include "config.h"
#include <zlib.h> /* first: it defines unistd.h's W_OK, dropped below */
#undef W_OK
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mem.h"
#include "warc.h"
#include "warta/plugin.h"

/* ---- a small WARC writer --------------------------------------------- */

struct bytes {
    unsigned char *p;
    size_t n, cap;
};

static void add(struct bytes *b, const void *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void adds(struct bytes *b, const char *s) { add(b, s, strlen(s)); }

static void addf(struct bytes *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void addf(struct bytes *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof tmp);
    add(b, tmp, (size_t)n);
}

/* Compress with zlib: wbits 31 = gzip, 15 = zlib, -15 = raw deflate. */
static struct bytes zip(const void *p, size_t n, int wbits)
{
    struct bytes o = {0};
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, wbits, 8,
                                  Z_DEFAULT_STRATEGY),
                     Z_OK);
    size_t cap = deflateBound(&zs, (uLong)n) + 64;
    o.p = malloc(cap);
    assert_non_null(o.p);
    o.cap = cap;
    zs.next_in = (unsigned char *)(uintptr_t)p;
    zs.avail_in = (uInt)n;
    zs.next_out = o.p;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    o.n = cap - zs.avail_out;
    deflateEnd(&zs);
    return o;
}

/* One WARC record: version, type, uri (may be NULL), block. */
static void record(struct bytes *out, const char *version, const char *type,
                   const char *uri, const char *ctype, const void *block,
                   size_t len)
{
    static unsigned seq;
    addf(out, "%s\r\nWARC-Type: %s\r\n", version, type);
    if (uri)
        addf(out, "WARC-Target-URI: %s\r\n", uri);
    addf(out, "WARC-Date: 2023-02-01T10:00:%02uZ\r\n", seq % 60);
    addf(out, "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012u>\r\n",
         seq++);
    if (ctype)
        addf(out, "Content-Type: %s\r\n", ctype);
    addf(out, "Content-Length: %zu\r\n\r\n", len);
    add(out, block, len);
    adds(out, "\r\n\r\n");
}

/* An HTTP response block. enc: NULL, "gzip", "deflate", "rawdeflate",
 * "chunked". */
static struct bytes http(int status, const char *ctype, const char *enc,
                         const char *body, size_t blen)
{
    struct bytes b = {0};
    addf(&b, "HTTP/1.1 %d OK\r\nServer: test\r\n", status);
    if (ctype)
        addf(&b, "Content-Type: %s\r\n", ctype);
    if (enc && strcmp(enc, "chunked") == 0) {
        adds(&b, "Transfer-Encoding: chunked\r\n\r\n");
        size_t off = 0;
        while (off < blen) {
            size_t n = blen - off > 100 ? 100 : blen - off;
            addf(&b, "%zx\r\n", n);
            add(&b, body + off, n);
            adds(&b, "\r\n");
            off += n;
        }
        adds(&b, "0\r\n\r\n");
        return b;
    }
    if (enc) {
        int wbits = strcmp(enc, "gzip") == 0      ? 31
                    : strcmp(enc, "deflate") == 0 ? 15
                                                  : -15;
        struct bytes z = zip(body, blen, wbits);
        addf(&b, "Content-Encoding: %s\r\nContent-Length: %zu\r\n\r\n",
             wbits == -15 ? "deflate" : enc, z.n);
        add(&b, z.p, z.n);
        free(z.p);
        return b;
    }
    addf(&b, "Content-Length: %zu\r\n\r\n", blen);
    add(&b, body, blen);
    return b;
}

enum layout { PLAIN, GZ_RECORD, GZ_FILE };

/* The records of a file, each kept apart so the layouts can differ. */
struct warc {
    struct bytes rec[2000];
    size_t n;
};

static char *html_body(unsigned i)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "<!doctype html><html><head><title>Artikel %u</title></head>"
             "<body><p>Kerja sama Kota Bandung nomor %u.</p></body></html>",
             i, i);
    return buf;
}

/*
 * The standard test corpus: warcinfo, then for i in [0, n): a request and
 * a response (HTML, plain, gzip, deflate, raw deflate or chunked
 * payloads; every 7th a JPEG), a metadata record every 5th and a revisit
 * every 11th. Returns the number of HTML responses written.
 */
static unsigned corpus(struct warc *w, unsigned n)
{
    unsigned html = 0;
    w->n = 0;
    const char *info = "software: test_warc\r\nformat: WARC 1.1\r\n";
    record(&w->rec[w->n++], "WARC/1.1", "warcinfo", NULL,
           "application/warc-fields", info, strlen(info));
    const char *encs[] = {NULL, "gzip", "deflate", "rawdeflate", "chunked"};
    for (unsigned i = 0; i < n; i++) {
        char uri[128];
        snprintf(uri, sizeof uri, "https://example.com/berita/%u/artikel", i);
        char req[256];
        snprintf(req, sizeof req, "GET /berita/%u/artikel HTTP/1.1\r\n"
                                  "Host: example.com\r\n\r\n", i);
        record(&w->rec[w->n++], "WARC/1.1", "request", uri,
               "application/http; msgtype=request", req, strlen(req));
        struct bytes h;
        if (i % 7 == 6) {
            char jpeg[300];
            memset(jpeg, 0xff, sizeof jpeg);
            jpeg[1] = (char)0xd8;
            h = http(200, "image/jpeg", NULL, jpeg, sizeof jpeg);
        } else {
            const char *body = html_body(i);
            h = http(200, "text/html; charset=utf-8", encs[i % 5], body,
                     strlen(body));
            html++;
        }
        /* WARC 1.0 wrote the URI in angle brackets. */
        char uri10[140];
        snprintf(uri10, sizeof uri10, "<%s>", uri);
        record(&w->rec[w->n++], i % 2 ? "WARC/1.0" : "WARC/1.1", "response",
               i % 2 ? uri10 : uri, "application/http; msgtype=response",
               h.p, h.n);
        free(h.p);
        if (i % 5 == 0) {
            const char *meta = "fetchTimeMs: 12\r\n";
            record(&w->rec[w->n++], "WARC/1.1", "metadata", uri,
                   "application/warc-fields",
                   meta, strlen(meta));
        }
        if (i % 11 == 0) {
            const char *rv = "HTTP/1.1 200 OK\r\n\r\n";
            record(&w->rec[w->n++], "WARC/1.1", "revisit", uri,
                   "application/http; msgtype=response", rv, strlen(rv));
        }
    }
    return html;
}

static void warc_free(struct warc *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->rec[i].p);
    w->n = 0;
}

/* Serialise in a layout; cut bytes off the end. Returns the bytes. */
static struct bytes serialise(const struct warc *w, enum layout lay,
                              size_t cut)
{
    struct bytes all = {0};
    if (lay == PLAIN || lay == GZ_FILE) {
        for (size_t i = 0; i < w->n; i++)
            add(&all, w->rec[i].p, w->rec[i].n);
        if (lay == GZ_FILE) {
            struct bytes z = zip(all.p, all.n, 31);
            free(all.p);
            all = z;
        }
    } else {
        for (size_t i = 0; i < w->n; i++) {
            struct bytes z = zip(w->rec[i].p, w->rec[i].n, 31);
            add(&all, z.p, z.n);
            free(z.p);
        }
    }
    assert_true(cut <= all.n);
    all.n -= cut;
    return all;
}

static char tmpdir[256];

static char *write_file(const char *name, const struct bytes *b)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (b->n)
        assert_int_equal(fwrite(b->p, 1, b->n, f), b->n);
    fclose(f);
    return path;
}

/* Reading a whole file: counts of what came out. */
struct result {
    unsigned ok, html, parse, toobig, other;
    uint64_t last_err_off;
    char last_err[1024];
    char last_err_uri[256];
};

static struct result read_all(const char *path, const struct warc_limits *lim)
{
    struct result res;
    memset(&res, 0, sizeof res);
    struct warc_reader *r = NULL;
    char err[256];
    assert_int_equal(warc_reader_open(&r, path, lim, err, sizeof err), W_OK);
    struct warc_response resp;
    int rc;
    unsigned guard = 0;
    while ((rc = warc_next(r, &resp)) != W_NOTFOUND) {
        assert_true(++guard < 100000);
        if (rc == W_OK) {
            res.ok++;
            if (resp.content_type &&
                strncmp(resp.content_type, "text/html", 9) == 0) {
                res.html++;
                /* The payload is the HTML we wrote, decoded. */
                assert_true(resp.body_len > 20);
                assert_memory_equal(resp.body, "<!doctype html>", 15);
                assert_int_equal(resp.status, 200);
                assert_non_null(resp.uri);
                assert_int_equal(strncmp(resp.uri, "https://", 8), 0);
            }
            continue;
        }
        if (rc == W_PARSE)
            res.parse++;
        else if (rc == W_TOOBIG)
            res.toobig++;
        else {
            res.other++;
            break;
        }
        res.last_err_off = resp.offset;
        snprintf(res.last_err, sizeof res.last_err, "%s", warc_error(r));
        snprintf(res.last_err_uri, sizeof res.last_err_uri, "%s",
                 resp.uri ? resp.uri : "");
    }
    warc_reader_free(r);
    return res;
}

/* ---- tests ------------------------------------------------------------ */

static void check_layout(enum layout lay)
{
    struct warc *w = calloc(1, sizeof *w);
    assert_non_null(w);
    unsigned html = corpus(w, 400);
    struct bytes b = serialise(w, lay, 0);
    const char *path = write_file("all.warc", &b);
    struct result res = read_all(path, NULL);
    assert_int_equal(res.ok, 400);
    assert_int_equal(res.html, html);
    assert_int_equal(res.parse + res.toobig + res.other, 0);
    free(b.p);
    warc_free(w);
    free(w);
}

static void test_plain(void **st) { check_layout(PLAIN); }
static void test_gzip_per_record(void **st) { check_layout(GZ_RECORD); }
static void test_gzip_whole_file(void **st) { check_layout(GZ_FILE); }

/* The last record loses its end: it is reported with its offset and URI,
 * and every record before it is delivered. */
static void check_truncated(enum layout lay, size_t cut)
{
    struct warc *w = calloc(1, sizeof *w);
    assert_non_null(w);
    corpus(w, 300);
    /* Make the last record a response we know. */
    const char *body = html_body(9999);
    struct bytes h = http(200, "text/html", NULL, body, strlen(body));
    record(&w->rec[w->n++], "WARC/1.1", "response",
           "https://example.com/terakhir", "application/http; "
           "msgtype=response", h.p, h.n);
    free(h.p);
    struct bytes b = serialise(w, lay, cut);
    const char *path = write_file("trunc.warc", &b);
    struct result res = read_all(path, NULL);
    assert_int_equal(res.ok, 300);
    assert_int_equal(res.parse, 1);
    assert_int_equal(res.other, 0);
    assert_non_null(strstr(res.last_err, "offset"));
    /* The record's header survived the cut: it is named. */
    assert_string_equal(res.last_err_uri, "https://example.com/terakhir");
    assert_non_null(strstr(res.last_err, "https://example.com/terakhir"));
    assert_non_null(strstr(res.last_err, "truncated"));
    if (lay == PLAIN) {
        /* The offset is where the last record starts. */
        size_t start = b.n + cut - w->rec[w->n - 1].n;
        assert_int_equal(res.last_err_off, start);
    }
    if (lay == GZ_RECORD) {
        /* The offset is the start of the last gzip member. */
        assert_true(res.last_err_off > 0 && res.last_err_off < b.n);
    }
    free(b.p);
    warc_free(w);
    free(w);
}

static void test_truncated_plain(void **st)
{
    check_truncated(PLAIN, 40);  /* inside the HTML */
    check_truncated(PLAIN, 190); /* inside the WARC header */
}
/* Only the last gzip member's trailer is lost: the record itself is
 * whole and delivered; the damaged member is still reported. */
static void check_trailer_lost(void)
{
    struct warc *w = calloc(1, sizeof *w);
    assert_non_null(w);
    corpus(w, 50);
    struct bytes b = serialise(w, GZ_RECORD, 4);
    const char *path = write_file("trunc.warc", &b);
    struct result res = read_all(path, NULL);
    assert_int_equal(res.ok, 50);
    assert_int_equal(res.parse, 1);
    assert_non_null(strstr(res.last_err, "gzip"));
    free(b.p);
    warc_free(w);
    free(w);
}

static void test_truncated_gzip(void **st)
{
    check_trailer_lost();
    check_truncated(GZ_RECORD, 30);
    check_truncated(GZ_RECORD, 12); /* the trailer and the last CRLFs */
}

/* Garbage between records: an error naming the offset, then the rest. */
static void test_garbage(void **st)
{
    struct warc *w = calloc(1, sizeof *w);
    assert_non_null(w);
    corpus(w, 50);
    size_t at = 20;
    struct bytes b = {0};
    size_t garbage_off = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (i == at) {
            garbage_off = b.n;
            adds(&b, "this is not a WARC record\r\n\x01\x02\x03 junk\n");
        }
        add(&b, w->rec[i].p, w->rec[i].n);
    }
    const char *path = write_file("garbage.warc", &b);
    struct result res = read_all(path, NULL);
    assert_int_equal(res.ok, 50);
    assert_int_equal(res.parse, 1);
    assert_int_equal(res.last_err_off, garbage_off);
    assert_non_null(strstr(res.last_err, "garbage"));
    free(b.p);

    /* The same between gzip members. */
    b = (struct bytes){0};
    for (size_t i = 0; i < w->n; i++) {
        if (i == at) {
            garbage_off = b.n;
            adds(&b, "GARBAGE GARBAGE\x1f\x8b GARBAGE");
        }
        struct bytes z = zip(w->rec[i].p, w->rec[i].n, 31);
        add(&b, z.p, z.n);
        free(z.p);
    }
    /* And trailing zeros after the last member. */
    add(&b, "\0\0\0\0\0\0\0\0", 8);
    path = write_file("garbage.warc.gz", &b);
    res = read_all(path, NULL);
    assert_int_equal(res.ok, 50);
    assert_int_equal(res.parse, 2);
    free(b.p);
    warc_free(w);
    free(w);
}

/* Positions let a second reader continue after any record. */
static void check_resume(enum layout lay)
{
    struct warc *w = calloc(1, sizeof *w);
    assert_non_null(w);
    corpus(w, 120);
    struct bytes b = serialise(w, lay, 0);
    const char *path = write_file("resume.warc", &b);
    char err[256];
    struct warc_reader *r = NULL;
    assert_int_equal(warc_reader_open(&r, path, NULL, err, sizeof err), W_OK);
    struct warc_response resp;
    struct warc_pos pos[200];
    char ids[200][80];
    unsigned n = 0;
    while (warc_next(r, &resp) == W_OK) {
        assert_true(n < 200);
        pos[n] = resp.pos;
        snprintf(ids[n], sizeof ids[n], "%s", resp.record_id);
        if (lay != GZ_FILE && resp.pos.skip != 0)
            fail_msg("layout %d record %u: skip %llu", (int)lay, n,
                     (unsigned long long)resp.pos.skip);
        n++;
    }
    assert_int_equal(n, 120);
    warc_reader_free(r);
    for (unsigned k = 0; k + 1 < n; k += 17) {
        assert_int_equal(warc_reader_open(&r, path, NULL, err, sizeof err),
                         W_OK);
        struct warc_pos p = pos[k];
        p.skip++; /* everything up to and including record k is done */
        assert_int_equal(warc_reader_seek(r, &p), W_OK);
        assert_int_equal(warc_next(r, &resp), W_OK);
        assert_string_equal(resp.record_id, ids[k + 1]);
        unsigned rest = 1;
        while (warc_next(r, &resp) == W_OK)
            rest++;
        assert_int_equal(rest, n - k - 1);
        warc_reader_free(r);
    }
    free(b.p);
    warc_free(w);
    free(w);
}

static void test_resume(void **st)
{
    check_resume(PLAIN);
    check_resume(GZ_RECORD);
    check_resume(GZ_FILE);
}

/* Bounds: a record over record_max, a payload inflating past payload_max
 * (a gzip bomb), a header over header_max; each skipped and reported. */
static void test_limits(void **st)
{
    struct bytes b = {0};
    char *big = malloc(200000);
    assert_non_null(big);
    memset(big, 'a', 200000);
    memcpy(big, "<!doctype html>", 15);
    struct bytes h = http(200, "text/html", NULL, big, 200000);
    record(&b, "WARC/1.1", "response", "https://example.com/big",
           "application/http; msgtype=response", h.p, h.n);
    free(h.p);
    h = http(200, "text/html", "gzip", big, 200000); /* compresses well */
    record(&b, "WARC/1.1", "response", "https://example.com/bomb",
           "application/http; msgtype=response", h.p, h.n);
    free(h.p);
    struct bytes hdr = {0};
    adds(&hdr, "WARC/1.1\r\nWARC-Type: response\r\nX-Long: ");
    for (int i = 0; i < 5000; i++)
        adds(&hdr, "xxxxxxxxxx");
    adds(&hdr, "\r\nContent-Length: 0\r\n\r\n\r\n\r\n");
    add(&b, hdr.p, hdr.n);
    free(hdr.p);
    const char *small = html_body(1);
    h = http(200, "text/html", NULL, small, strlen(small));
    record(&b, "WARC/1.1", "response", "https://example.com/ok",
           "application/http; msgtype=response", h.p, h.n);
    free(h.p);
    free(big);
    const char *path = write_file("limits.warc", &b);
    struct warc_limits lim = {.header_max = 16384, .record_max = 100000,
                              .payload_max = 50000};
    struct result res = read_all(path, &lim);
    assert_int_equal(res.ok, 1);
    assert_int_equal(res.html, 1);
    assert_int_equal(res.toobig, 2);
    assert_int_equal(res.parse, 1);
    /* With the defaults the two large ones pass; the long header passes
     * too, but its empty block is no HTTP response. */
    res = read_all(path, NULL);
    assert_int_equal(res.ok, 3);
    assert_int_equal(res.parse, 1);
    assert_non_null(strstr(res.last_err, "not an HTTP response"));
    free(b.p);
}

/* Responses whose HTTP part is broken are reported; framing continues. */
static void test_bad_http(void **st)
{
    struct bytes b = {0};
    const char *notttp = "this is not http";
    record(&b, "WARC/1.1", "response", "https://example.com/a",
           "application/http; msgtype=response", notttp, strlen(notttp));
    const char *br = "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxxxx";
    record(&b, "WARC/1.1", "response", "https://example.com/b",
           "application/http; msgtype=response", br, strlen(br));
    const char *nolen = "WARC/1.1\r\nWARC-Type: response\r\n\r\n";
    adds(&b, nolen);
    const char *body = html_body(2);
    struct bytes h = http(404, "text/html", NULL, body, strlen(body));
    record(&b, "WARC/1.1", "response", "https://example.com/c",
           "application/http; msgtype=response", h.p, h.n);
    free(h.p);
    /* A dns: response is not HTTP and is skipped quietly. */
    const char *dns = "20230201100000\nexample.com. 300 IN A 1.2.3.4\n";
    record(&b, "WARC/1.1", "response", "dns:example.com", "text/dns", dns,
           strlen(dns));
    const char *path = write_file("badhttp.warc", &b);
    struct warc_reader *r = NULL;
    char err[256];
    assert_int_equal(warc_reader_open(&r, path, NULL, err, sizeof err), W_OK);
    struct warc_response resp;
    assert_int_equal(warc_next(r, &resp), W_PARSE);
    assert_non_null(strstr(warc_error(r), "https://example.com/a"));
    assert_int_equal(warc_next(r, &resp), W_PARSE);
    assert_non_null(strstr(warc_error(r), "decode"));
    assert_int_equal(warc_next(r, &resp), W_PARSE);
    assert_non_null(strstr(warc_error(r), "Content-Length"));
    assert_int_equal(warc_next(r, &resp), W_OK);
    assert_int_equal(resp.status, 404);
    assert_string_equal(resp.uri, "https://example.com/c");
    assert_int_equal(warc_next(r, &resp), W_NOTFOUND);
    assert_int_equal(warc_reader_stats(r)->skipped, 1);
    warc_reader_free(r);
    free(b.p);
}

static void test_open_errors(void **st)
{
    struct warc_reader *r = NULL;
    char err[256];
    char path[512];
    snprintf(path, sizeof path, "%s/does-not-exist.warc", tmpdir);
    assert_int_equal(warc_reader_open(&r, path, NULL, err, sizeof err), W_IO);
    assert_null(r);
    assert_non_null(strstr(err, "does-not-exist.warc"));
    struct bytes empty = {0};
    const char *p = write_file("empty.warc", &empty);
    assert_int_equal(warc_reader_open(&r, p, NULL, err, sizeof err), W_OK);
    struct warc_response resp;
    assert_int_equal(warc_next(r, &resp), W_NOTFOUND);
    assert_int_equal(warc_next(r, &resp), W_NOTFOUND);
    warc_reader_free(r);
    warc_reader_free(NULL);
}

static void test_http_decode(void **st)
{
    char *out = NULL;
    size_t n = 0;
    const char *ch = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    assert_int_equal(warc_http_decode(ch, strlen(ch), 1, NULL, 100, &out, &n),
                     W_OK);
    assert_int_equal(n, 11);
    assert_memory_equal(out, "hello world", 11);
    w_free(out);
    assert_int_equal(warc_http_decode(ch, strlen(ch), 1, NULL, 5, &out, &n),
                     W_TOOBIG);
    assert_null(out);
    const char *badch = "zz\r\nhello\r\n";
    assert_int_equal(
        warc_http_decode(badch, strlen(badch), 1, NULL, 100, &out, &n),
        W_PARSE);
    const char *text = "kerja sama kerja sama kerja sama";
    struct bytes z = zip(text, strlen(text), -15);
    assert_int_equal(warc_http_decode((char *)z.p, z.n, 0, "deflate", 100,
                                      &out, &n),
                     W_OK);
    assert_memory_equal(out, text, strlen(text));
    w_free(out);
    free(z.p);
    z = zip(text, strlen(text), 31);
    assert_int_equal(
        warc_http_decode((char *)z.p, z.n, 0, "x-gzip", 100, &out, &n), W_OK);
    assert_int_equal(n, strlen(text));
    w_free(out);
    assert_int_equal(
        warc_http_decode((char *)z.p, z.n, 0, "br", 100, &out, &n), W_PARSE);
    assert_int_equal(
        warc_http_decode("\x1f\x8bxxxx", 6, 0, "gzip", 100, &out, &n),
        W_PARSE);
    free(z.p);
}

/* Cut and corrupt a file at many points: the reader always ends and
 * delivers only well-formed payloads. */
static void test_damage(void **st)
{
    struct warc *w = calloc(1, sizeof *w);
    assert_non_null(w);
    corpus(w, 12);
    for (int lay = PLAIN; lay <= GZ_FILE; lay++) {
        struct bytes b = serialise(w, (enum layout)lay, 0);
        unsigned seed = 12345;
        for (size_t cut = 1; cut < b.n; cut += 1 + b.n / 97) {
            struct bytes c = b;
            c.n = b.n - cut;
            const char *path = write_file("cut.warc", &c);
            struct result res = read_all(path, NULL);
            assert_int_equal(res.other, 0);
            assert_true(res.ok <= 12);
        }
        for (int k = 0; k < 60; k++) {
            unsigned char *copy = malloc(b.n);
            assert_non_null(copy);
            memcpy(copy, b.p, b.n);
            for (int j = 0; j < 4; j++) {
                seed = seed * 1103515245u + 12345u;
                copy[(seed >> 8) % b.n] ^= (unsigned char)(seed >> 3);
            }
            struct bytes c = {copy, b.n, b.n};
            const char *path = write_file("flip.warc", &c);
            struct warc_reader *r = NULL;
            char err[256];
            assert_int_equal(warc_reader_open(&r, path, NULL, err, sizeof err),
                             W_OK);
            struct warc_response resp;
            int rc;
            unsigned guard = 0;
            while ((rc = warc_next(r, &resp)) != W_NOTFOUND && rc != W_IO) {
                assert_true(++guard < 100000);
                assert_true(rc == W_OK || rc == W_PARSE || rc == W_TOOBIG);
                if (rc != W_OK)
                    assert_true(strlen(warc_error(r)) > 0);
            }
            warc_reader_free(r);
            free(copy);
        }
        free(b.p);
    }
    warc_free(w);
    free(w);
}

static int setup(void **st)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/test_warc.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **st)
{
    const char *names[] = {"all.warc", "trunc.warc", "garbage.warc",
                           "garbage.warc.gz", "resume.warc", "limits.warc",
                           "badhttp.warc", "empty.warc", "cut.warc",
                           "flip.warc"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        remove(path);
    }
    remove(tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip_per_record),
        cmocka_unit_test(test_gzip_whole_file),
        cmocka_unit_test(test_truncated_plain),
        cmocka_unit_test(test_truncated_gzip),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_resume),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_bad_http),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_http_decode),
        cmocka_unit_test(test_damage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
