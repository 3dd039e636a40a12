/* SPDX-License-Identifier: MIT */
/*
 * The streaming WARC reader (see warc.h for the contract). It has two
 * layers. The source layer turns the file into decoded bytes in a 64 KiB
 * window: plain files are read as they are; gzip files go through zlib's
 * inflate with windowBits 15+32, reset at every member end, so that one
 * member per record (CC-NEWS) and one member per file both work. Each
 * window holds the output of one member only, which lets the record layer
 * know whether a record begins a member: such a record can be sought to
 * directly, which makes backfill resumable without re-reading the file.
 * The record layer reads the WARC header (bounded), then the block:
 * response blocks are held and parsed as HTTP, other blocks are skipped by
 * streaming through them. Errors carry the record's offset and URI, and
 * the reader resynchronises rather than giving up on the file.
 */
#include "config.h"
/* zlib.h pulls in <unistd.h>, whose W_OK (an access() mode, 2) would
 * silently replace warta's W_OK (0) in everything after it: include it
 * first and drop the macro, so the enum from warta/plugin.h wins. */
#include <zlib.h>
#undef W_OK
#include "warc.h"
#include "buf.h"
#include "mem.h"
#include "warta/plugin.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WIN 65536

enum { RESYNC_NONE = 0, RESYNC_LINE, RESYNC_MEMBER };

struct warc_reader {
    FILE *f;
    char *path;
    struct warc_limits lim;
    int gz;
    /* Source layer. */
    z_stream zs;
    int zs_live;
    unsigned char in[WIN];  /* gzip: compressed bytes; zs points here */
    size_t in_n;            /* bytes in in[] */
    uint64_t in_off;        /* file offset of in[0] */
    int in_eof;
    unsigned char out[WIN]; /* decoded window */
    size_t out_n, out_p;
    uint64_t out_off;       /* plain: file offset of out[0] */
    uint64_t member_off;    /* gzip: file offset of the member in out[] */
    int first_chunk;        /* gzip: out[0] is its member's first byte */
    int member_done;        /* gzip: the member ended; the next starts */
    int src_eof;            /* no more decoded bytes */
    int src_err;            /* W_PARSE (corrupt gzip) or W_IO, sticky
                             * until resynchronised */
    uint64_t src_err_off;
    int resync;             /* RESYNC_LINE or RESYNC_MEMBER pending */
    int pending;            /* r->hdr holds the next version line */
    uint64_t start_off;     /* offset of the record being read */
    int start_seekable;     /* it can be sought to directly */
    int started;            /* warc_next was called */
    /* Resume anchor: last seekable point and records read since it. */
    uint64_t anchor_off, anchor_skip;
    uint64_t starts;        /* records begun since open or seek */
    /* Record layer. */
    struct buf hdr;         /* WARC header of the current record */
    struct buf block;       /* response block */
    char *payload;          /* decoded body when it differs from block */
    char errmsg[1024];
    struct warc_stats stats;
};

static void seterr(struct warc_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void seterr(struct warc_reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
}

/* ---- source layer ---------------------------------------------------- */

static int read_in(struct warc_reader *r)
{
    /* Keep unconsumed input; compact to the front. */
    size_t keep = r->zs.avail_in;
    if (keep && r->zs.next_in != r->in)
        memmove(r->in, r->zs.next_in, keep);
    r->in_off += r->in_n - keep;
    size_t n = fread(r->in + keep, 1, WIN - keep, r->f);
    if (n == 0 && ferror(r->f))
        return W_IO;
    if (n == 0)
        r->in_eof = 1;
    r->in_n = keep + n;
    r->zs.next_in = r->in;
    r->zs.avail_in = (uInt)r->in_n;
    return W_OK;
}

/* Offset in the file of the next compressed byte to be consumed. */
static uint64_t gz_pos(const struct warc_reader *r)
{
    return r->in_off + (r->in_n - r->zs.avail_in);
}

static int fill_plain(struct warc_reader *r)
{
    r->out_off += r->out_n;
    r->out_p = 0;
    r->out_n = fread(r->out, 1, WIN, r->f);
    if (r->out_n == 0) {
        if (ferror(r->f)) {
            r->src_err = W_IO;
            r->src_err_off = r->out_off;
            return W_IO;
        }
        r->src_eof = 1;
    }
    return W_OK;
}

static int fill_gz(struct warc_reader *r)
{
    r->out_p = r->out_n = 0;
    if (!r->member_done)
        r->first_chunk = 0; /* a later window of the same member */
    for (;;) {
        if (r->member_done) {
            if (r->zs.avail_in == 0 && !r->in_eof && read_in(r))
                goto io;
            if (r->zs.avail_in == 0) {
                r->src_eof = 1;
                return W_OK;
            }
            inflateReset(&r->zs);
            r->member_off = gz_pos(r);
            r->member_done = 0;
            r->first_chunk = 1;
        }
        if (r->zs.avail_in == 0) {
            if (r->in_eof) {
                /* Input ended inside a member: deliver what it gave (the
                 * record's header names it in the report), then fail. */
                r->src_err = W_PARSE;
                r->src_err_off = r->member_off;
                r->src_eof = 1;
                return r->out_n ? W_OK : W_PARSE;
            }
            if (read_in(r))
                goto io;
            continue;
        }
        r->zs.next_out = r->out + r->out_n;
        r->zs.avail_out = (uInt)(WIN - r->out_n);
        int rc = inflate(&r->zs, Z_NO_FLUSH);
        r->out_n = WIN - r->zs.avail_out;
        if (rc == Z_STREAM_END) {
            r->member_done = 1;
            if (r->out_n)
                return W_OK;
            continue; /* an empty member */
        }
        if (rc == Z_OK || rc == Z_BUF_ERROR) {
            if (r->out_n == WIN)
                return W_OK;
            continue; /* needs more input */
        }
        /* Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR: not gzip here. */
        r->src_err = rc == Z_MEM_ERROR ? W_NOMEM : W_PARSE;
        r->src_err_off = r->out_n ? r->member_off : gz_pos(r);
        if (r->out_n) /* deliver what came before the damage */
            return W_OK;
        return r->src_err;
    }
io:
    r->src_err = W_IO;
    r->src_err_off = gz_pos(r);
    return W_IO;
}

/*
 * Make the window non-empty. Returns W_OK with bytes available, W_OK with
 * r->src_eof at the end, or the sticky source error.
 */
static int fill(struct warc_reader *r)
{
    if (r->out_p < r->out_n)
        return W_OK;
    if (r->src_err)
        return r->src_err;
    if (r->src_eof)
        return W_OK;
    return r->gz ? fill_gz(r) : fill_plain(r);
}

/* Next byte or -1 (end or error: see src_eof/src_err). */
static int peek_byte(struct warc_reader *r)
{
    if (fill(r) || r->out_p >= r->out_n)
        return -1;
    return r->out[r->out_p];
}

/* Read one line (with its "\n") into b, at most max bytes in b.
 * Returns W_OK, W_NOTFOUND (end before any byte), W_PARSE (end inside
 * the line), W_TOOBIG, or a source error. */
static int read_line(struct warc_reader *r, struct buf *b, size_t max)
{
    size_t got = 0;
    for (;;) {
        int rc = fill(r);
        if (rc)
            return rc;
        if (r->out_p >= r->out_n)
            return got ? W_PARSE : W_NOTFOUND;
        unsigned char *p = r->out + r->out_p;
        size_t avail = r->out_n - r->out_p;
        unsigned char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) + 1 : avail;
        if (b->n + take > max)
            return W_TOOBIG;
        rc = buf_add(b, p, take);
        if (rc)
            return rc;
        r->out_p += take;
        got += take;
        if (nl)
            return W_OK;
    }
}

/* Copy (b non-NULL) or skip n bytes. Returns W_OK, W_PARSE when the data
 * ends first, or a source error. */
static int read_bytes(struct warc_reader *r, struct buf *b, uint64_t n)
{
    while (n) {
        int rc = fill(r);
        if (rc)
            return rc;
        if (r->out_p >= r->out_n)
            return W_PARSE;
        size_t avail = r->out_n - r->out_p;
        size_t take = n < avail ? (size_t)n : avail;
        if (b) {
            rc = buf_add(b, r->out + r->out_p, take);
            if (rc)
                return rc;
        }
        r->out_p += take;
        n -= take;
    }
    return W_OK;
}

/* Consume the rest of a line without keeping it. Returns W_OK, or
 * W_NOTFOUND at the end (or a source error). */
static int skip_line(struct warc_reader *r)
{
    for (;;) {
        int rc = fill(r);
        if (rc)
            return rc;
        if (r->out_p >= r->out_n)
            return W_NOTFOUND;
        unsigned char *p = r->out + r->out_p;
        unsigned char *nl = memchr(p, '\n', r->out_n - r->out_p);
        if (nl) {
            r->out_p += (size_t)(nl - p) + 1;
            return W_OK;
        }
        r->out_p = r->out_n;
    }
}

/* Where the next record begins, and whether it can be sought to. */
static void mark_start(struct warc_reader *r)
{
    r->start_off = r->gz ? r->member_off : r->out_off + r->out_p;
    r->start_seekable = !r->gz || (r->first_chunk == 1 && r->out_p == 0);
}

/*
 * Find the gzip member after damage in a gzip file: drop decoded bytes
 * and search the compressed stream for 1f 8b 08 after the point of
 * failure.
 */
static int resync_member(struct warc_reader *r)
{
    r->out_p = r->out_n = 0;
    r->src_err = 0;
    r->src_eof = 0;
    int first = 1;
    for (;;) {
        if (r->zs.avail_in < 3 && !r->in_eof && read_in(r)) {
            r->src_err = W_IO;
            return W_IO;
        }
        if (first && r->zs.avail_in) {
            /* Never match where the failure was. */
            r->zs.next_in++;
            r->zs.avail_in--;
            first = 0;
        }
        unsigned char *p = r->zs.next_in;
        size_t n = r->zs.avail_in;
        size_t i = 0;
        while (i + 2 < n &&
               !(p[i] == 0x1f && p[i + 1] == 0x8b && p[i + 2] == 8))
            i++;
        if (i + 2 < n) {
            r->zs.next_in += i;
            r->zs.avail_in -= (uInt)i;
            r->member_done = 1;
            return W_OK;
        }
        if (r->in_eof) {
            r->zs.next_in += n;
            r->zs.avail_in = 0;
            r->member_done = 1;
            r->src_eof = 1;
            return W_OK;
        }
        /* Keep the last two bytes: a magic may straddle reads. */
        size_t drop = n > 2 ? n - 2 : 0;
        r->zs.next_in += drop;
        r->zs.avail_in -= (uInt)drop;
    }
}

/*
 * Find the next line that starts with "WARC/1." after damage in the
 * decoded bytes. The line found is kept in r->hdr as the next record's
 * version line (r->pending). Long garbage lines are read in bounded
 * pieces.
 */
static int resync_line(struct warc_reader *r)
{
    for (;;) {
        int c;
        while ((c = peek_byte(r)) == '\r' || c == '\n')
            r->out_p++;
        if (c < 0)
            return r->src_err == W_IO ? W_IO : W_OK;
        mark_start(r);
        buf_reset(&r->hdr);
        int rc = read_line(r, &r->hdr, r->lim.header_max);
        if (rc == W_OK && strncmp(buf_str(&r->hdr), "WARC/1.", 7) == 0) {
            r->pending = 1;
            return W_OK;
        }
        if (rc == W_TOOBIG) {
            rc = skip_line(r);
            if (rc == W_OK)
                continue;
        }
        if (rc == W_NOMEM || rc == W_IO)
            return rc;
        if (rc)
            return W_OK; /* the end, or a source error to report */
    }
}

/* ---- header parsing --------------------------------------------------- */

struct fields {
    const char *type, *uri, *date, *id, *ctype, *clen, *version;
};

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
                       end[-1] == '\r' || end[-1] == '\n'))
        end--;
    *end = '\0';
    return s;
}

/*
 * Split header lines at p (each ending "\n"; a line beginning with a
 * blank continues the one before) in place, and call fn for every
 * "Name: value". Values are trimmed and NUL-ended in place; p[n] must be
 * writable (struct buf keeps its NUL there).
 */
static void parse_header(char *p, size_t n,
                         void (*fn)(void *ud, const char *name, char *v),
                         void *ud)
{
    char *end = p + n;
    char *nl;
    while (p < end) {
        /* The logical line runs to a "\n" not followed by a blank. */
        char *q = p;
        for (;;) {
            nl = memchr(q, '\n', (size_t)(end - q));
            if (!nl) {
                nl = end;
                break;
            }
            if (nl + 1 < end && (nl[1] == ' ' || nl[1] == '\t')) {
                *nl = ' ';
                if (nl > q && nl[-1] == '\r')
                    nl[-1] = ' ';
                q = nl + 1;
                continue;
            }
            break;
        }
        char *colon = memchr(p, ':', (size_t)(nl - p));
        if (colon) {
            char *name = trim(p, colon);
            char *v = trim(colon + 1, nl);
            fn(ud, name, v);
        }
        p = nl < end ? nl + 1 : end;
    }
}

static void warc_field(void *ud, const char *name, char *v)
{
    struct fields *f = ud;
    if (strcasecmp(name, "WARC-Type") == 0)
        f->type = v;
    else if (strcasecmp(name, "WARC-Target-URI") == 0) {
        /* WARC 1.0's examples wrap the URI in <>; 1.1 does not. */
        size_t n = strlen(v);
        if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
            v[n - 1] = '\0';
            v++;
        }
        f->uri = v;
    } else if (strcasecmp(name, "WARC-Date") == 0)
        f->date = v;
    else if (strcasecmp(name, "WARC-Record-ID") == 0)
        f->id = v;
    else if (strcasecmp(name, "Content-Type") == 0)
        f->ctype = v;
    else if (strcasecmp(name, "Content-Length") == 0)
        f->clen = v;
}

struct http_fields {
    const char *ctype, *cenc, *tenc;
};

static void http_field(void *ud, const char *name, char *v)
{
    struct http_fields *f = ud;
    if (strcasecmp(name, "Content-Type") == 0)
        f->ctype = v;
    else if (strcasecmp(name, "Content-Encoding") == 0)
        f->cenc = v;
    else if (strcasecmp(name, "Transfer-Encoding") == 0)
        f->tenc = v;
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return W_PARSE;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return W_PARSE;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return W_OK;
}

/* ---- HTTP payload decoding ------------------------------------------- */

static int dechunk(const char *p, size_t n, size_t max, struct buf *o)
{
    const char *end = p + n;
    for (;;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return W_PARSE;
        uint64_t sz = 0;
        const char *q = p;
        int digits = 0;
        for (; q < nl; q++) {
            int d;
            if (*q >= '0' && *q <= '9')
                d = *q - '0';
            else if (*q >= 'a' && *q <= 'f')
                d = *q - 'a' + 10;
            else if (*q >= 'A' && *q <= 'F')
                d = *q - 'A' + 10;
            else
                break;
            if (sz > (UINT64_MAX >> 4))
                return W_PARSE;
            sz = sz << 4 | (uint64_t)d;
            digits++;
        }
        if (!digits)
            return W_PARSE;
        p = nl + 1;
        if (sz == 0)
            return W_OK; /* trailers are ignored */
        if (sz > (uint64_t)(end - p))
            return W_PARSE;
        if (o->n + sz > max)
            return W_TOOBIG;
        int rc = buf_add(o, p, (size_t)sz);
        if (rc)
            return rc;
        p += sz;
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n')
            p++;
    }
}

static int inflate_all(const char *p, size_t n, int wbits, size_t max,
                       struct buf *o)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, wbits) != Z_OK)
        return W_NOMEM;
    int rc = W_OK;
    unsigned char tmp[16384];
    zs.next_in = (unsigned char *)(uintptr_t)p;
    zs.avail_in = (uInt)n;
    for (;;) {
        zs.next_out = tmp;
        zs.avail_out = sizeof tmp;
        int zr = inflate(&zs, Z_NO_FLUSH);
        size_t got = sizeof tmp - zs.avail_out;
        if (got) {
            if (o->n + got > max) {
                rc = W_TOOBIG;
                break;
            }
            rc = buf_add(o, tmp, got);
            if (rc)
                break;
        }
        if (zr == Z_STREAM_END) {
            /* Another gzip member may follow (concatenated gzip). */
            if (zs.avail_in && wbits > 15 && zs.next_in[0] == 0x1f) {
                inflateReset(&zs);
                continue;
            }
            break;
        }
        if (zr == Z_BUF_ERROR && zs.avail_in == 0) {
            /* Truncated stream: keep what was decoded, as browsers do,
             * but only when something was. */
            rc = o->n ? W_OK : W_PARSE;
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            rc = zr == Z_MEM_ERROR ? W_NOMEM : W_PARSE;
            break;
        }
    }
    inflateEnd(&zs);
    return rc;
}

int warc_http_decode(const char *body, size_t len, int chunked,
                     const char *encoding, size_t max, char **out,
                     size_t *outlen)
{
    struct buf a, b;
    buf_init(&a, 0);
    buf_init(&b, 0);
    int rc = W_OK;
    *out = NULL;
    *outlen = 0;
    if (chunked) {
        rc = dechunk(body, len, max, &a);
        if (rc)
            goto out;
        body = buf_str(&a);
        len = a.n;
    }
    if (encoding && (strcasecmp(encoding, "gzip") == 0 ||
                     strcasecmp(encoding, "x-gzip") == 0)) {
        rc = inflate_all(body, len, 15 + 32, max, &b);
    } else if (encoding && strcasecmp(encoding, "deflate") == 0) {
        /* "deflate" is zlib-wrapped by the RFC, raw by many servers. */
        rc = inflate_all(body, len, 15, max, &b);
        if (rc == W_PARSE) {
            buf_reset(&b);
            rc = inflate_all(body, len, -15, max, &b);
        }
    } else if (!encoding || !*encoding ||
               strcasecmp(encoding, "identity") == 0 ||
               strcasecmp(encoding, "none") == 0) {
        if (len > max)
            rc = W_TOOBIG;
        else
            rc = buf_add(&b, body, len);
    } else {
        rc = W_PARSE; /* br, zstd, compress: no decoder here */
    }
    if (rc)
        goto out;
    *out = buf_take(&b, outlen);
    if (!*out)
        rc = W_NOMEM;
out:
    buf_cleanup(&a);
    buf_cleanup(&b);
    return rc;
}

/* ---- reader ----------------------------------------------------------- */

int warc_reader_open(struct warc_reader **out, const char *path,
                     const struct warc_limits *lim, char *errmsg,
                     size_t errsz)
{
    *out = NULL;
    struct warc_reader *r = w_calloc(1, sizeof *r);
    if (!r)
        return W_NOMEM;
    r->path = w_strdup(path);
    if (!r->path) {
        w_free(r);
        return W_NOMEM;
    }
    if (lim)
        r->lim = *lim;
    if (!r->lim.header_max)
        r->lim.header_max = WARC_HEADER_MAX;
    if (!r->lim.record_max)
        r->lim.record_max = WARC_RECORD_MAX;
    if (!r->lim.payload_max)
        r->lim.payload_max = WARC_PAYLOAD_MAX;
    buf_init(&r->hdr, r->lim.header_max + 1);
    buf_init(&r->block, r->lim.record_max + 1);
    r->f = fopen(path, "rb");
    if (!r->f) {
        snprintf(errmsg, errsz, "%s: cannot open: %s", path,
                 strerror(errno));
        warc_reader_free(r);
        return W_IO;
    }
    unsigned char magic[2] = {0, 0};
    size_t n = fread(magic, 1, 2, r->f);
    r->gz = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    rewind(r->f);
    if (r->gz) {
        if (inflateInit2(&r->zs, 15 + 32) != Z_OK) {
            warc_reader_free(r);
            return W_NOMEM;
        }
        r->zs_live = 1;
        r->member_done = 1;
    }
    *out = r;
    return W_OK;
}

void warc_reader_free(struct warc_reader *r)
{
    if (!r)
        return;
    if (r->zs_live)
        inflateEnd(&r->zs);
    if (r->f)
        fclose(r->f);
    buf_cleanup(&r->hdr);
    buf_cleanup(&r->block);
    w_free(r->payload);
    w_free(r->path);
    w_free(r);
}

const char *warc_error(const struct warc_reader *r) { return r->errmsg; }

const struct warc_stats *warc_reader_stats(const struct warc_reader *r)
{
    return &r->stats;
}

int warc_reader_is_gzip(const struct warc_reader *r) { return r->gz; }

uint64_t warc_reader_tell(const struct warc_reader *r)
{
    return r->gz ? gz_pos(r) : r->out_off + r->out_p;
}

static const char *nz(const char *s) { return s ? s : "?"; }

/*
 * Record-level failure: the message, the counters, and how to continue:
 * after a gzip stream error at the next member, after broken framing at
 * the next "WARC/1." line, after a record skipped whole in place.
 */
static int record_error(struct warc_reader *r, int rc, uint64_t off,
                        const char *uri, const char *what,
                        struct warc_response *out)
{
    r->stats.errors++;
    out->offset = off;
    out->uri = uri;
    if (r->src_err == W_IO || rc == W_IO) {
        rc = W_IO;
        what = "read error";
    } else if (r->src_err) {
        what = "corrupt or truncated gzip data";
        rc = W_PARSE;
        r->resync = RESYNC_MEMBER;
    } else if (rc == W_PARSE) {
        r->resync = RESYNC_LINE;
    }
    if (uri)
        seterr(r, "%s: offset %llu (%s): %s", r->path,
               (unsigned long long)off, uri, what);
    else
        seterr(r, "%s: offset %llu: %s", r->path, (unsigned long long)off,
               what);
    return rc;
}

/* Is token (e.g. "chunked") in the comma-separated list s? */
static int has_token(const char *s, const char *token)
{
    size_t tn = strlen(token);
    while (s && *s) {
        while (*s == ' ' || *s == ',' || *s == '\t')
            s++;
        size_t n = strcspn(s, ", \t");
        if (n == tn && strncasecmp(s, token, n) == 0)
            return 1;
        s += n;
    }
    return 0;
}

/* Parse a held response block into out. */
static int http_parse(struct warc_reader *r, struct warc_response *out,
                      const char **why)
{
    char *p = r->block.p;
    size_t n = r->block.n;
    if (!p || n < 12 || strncmp(p, "HTTP/", 5) != 0) {
        *why = "response block is not an HTTP response";
        return W_PARSE;
    }
    /* The header ends at the first empty line. */
    size_t hend = 0, bstart = 0;
    for (size_t i = 0; i + 1 < n && i < r->lim.header_max; i++) {
        if (p[i] == '\n' && p[i + 1] == '\n') {
            hend = i + 1;
            bstart = i + 2;
            break;
        }
        if (p[i] == '\n' && p[i + 1] == '\r' && i + 2 < n &&
            p[i + 2] == '\n') {
            hend = i + 1;
            bstart = i + 3;
            break;
        }
    }
    if (!hend) {
        if (n >= r->lim.header_max) {
            *why = "HTTP header too large";
            return W_TOOBIG;
        }
        /* Headers with no body at all. */
        hend = n;
        bstart = n;
    }
    const char *sp = memchr(p, ' ', hend);
    int status = 0;
    if (sp)
        for (int i = 1; i <= 3 && sp + i < p + hend; i++)
            if (sp[i] >= '0' && sp[i] <= '9')
                status = status * 10 + (sp[i] - '0');
    if (status < 100 || status > 999) {
        *why = "bad HTTP status line";
        return W_PARSE;
    }
    struct http_fields hf = {NULL, NULL, NULL};
    char *sl = memchr(p, '\n', hend);
    if (sl)
        parse_header(sl + 1, hend - (size_t)(sl + 1 - p), http_field, &hf);
    out->status = status;
    out->content_type = hf.ctype;
    out->content_encoding = hf.cenc;
    int chunked = has_token(hf.tenc, "chunked");
    const char *body = p + bstart;
    size_t blen = n - bstart;
    int identity = !hf.cenc || !*hf.cenc ||
                   strcasecmp(hf.cenc, "identity") == 0;
    if (!chunked && identity) {
        if (blen > r->lim.payload_max) {
            *why = "payload larger than its limit";
            return W_TOOBIG;
        }
        out->body = body;
        out->body_len = blen;
        return W_OK;
    }
    W_FREE(r->payload);
    size_t olen = 0;
    int rc = warc_http_decode(body, blen, chunked, hf.cenc,
                              r->lim.payload_max, &r->payload, &olen);
    if (rc == W_TOOBIG)
        *why = "decoded payload larger than its limit";
    else if (rc)
        *why = "cannot decode the payload (Content-Encoding or chunks)";
    if (rc)
        return rc;
    out->body = r->payload;
    out->body_len = olen;
    return W_OK;
}

/* Read one record. Returns W_OK with a response in out, W_DECLINED for a
 * skipped record, W_NOTFOUND at the end, or an error. */
static int next_record(struct warc_reader *r, struct warc_response *out)
{
    memset(out, 0, sizeof *out);
    int rc = W_OK;
    if (r->resync == RESYNC_MEMBER && r->gz)
        rc = resync_member(r);
    else if (r->resync)
        rc = resync_line(r);
    r->resync = RESYNC_NONE;
    if (rc)
        return record_error(r, rc, r->start_off, NULL, "read error", out);
    if (!r->pending) {
        /* Blank lines between records (the "\r\n\r\n" after a block). */
        int c;
        while ((c = peek_byte(r)) == '\r' || c == '\n')
            r->out_p++;
        if (c < 0) {
            if (r->src_err)
                return record_error(r, r->src_err, r->src_err_off, NULL,
                                    "", out);
            return W_NOTFOUND;
        }
        mark_start(r);
    }
    uint64_t off = r->start_off;
    if (r->start_seekable) {
        r->anchor_off = off;
        r->anchor_skip = 0;
    }
    out->offset = off;
    out->pos.offset = r->anchor_off;
    out->pos.skip = r->anchor_skip;
    out->has_pos = 1;
    r->anchor_skip++;
    r->starts++;

    /* The version line, then fields up to an empty line. */
    if (r->pending) {
        r->pending = 0;
    } else {
        buf_reset(&r->hdr);
        rc = read_line(r, &r->hdr, r->lim.header_max);
        if (rc == W_TOOBIG ||
            (rc == W_OK && strncmp(buf_str(&r->hdr), "WARC/", 5) != 0))
            return record_error(r, W_PARSE, off, NULL,
                                "garbage where a WARC record should begin",
                                out);
    }
    size_t first = r->hdr.n;
    while (rc == W_OK) {
        size_t before = r->hdr.n;
        rc = read_line(r, &r->hdr, r->lim.header_max);
        if (rc)
            break;
        const char *l = r->hdr.p + before;
        if ((l[0] == '\r' && l[1] == '\n') || l[0] == '\n')
            break;
    }
    if (rc == W_TOOBIG)
        return record_error(r, W_PARSE, off, NULL,
                            "WARC header larger than its limit", out);
    if (rc == W_NOTFOUND || rc == W_PARSE)
        return record_error(r, W_PARSE, off, NULL,
                            "truncated record (the file ends in its header)",
                            out);
    if (rc)
        return record_error(r, rc, off, NULL, "read error", out);
    struct fields f;
    memset(&f, 0, sizeof f);
    char *h = r->hdr.p;
    parse_header(h + first, r->hdr.n - first, warc_field, &f);
    f.version = trim(h, h + first); /* NUL-ends the version line */
    uint64_t len = 0;
    if (parse_u64(f.clen, &len))
        return record_error(r, W_PARSE, off, f.uri,
                            "missing or bad Content-Length", out);
    out->uri = f.uri;
    out->date = f.date;
    out->record_id = f.id;
    out->warc_version = f.version;
    int response = f.type && strcasecmp(f.type, "response") == 0;
    if (response && f.ctype && strncasecmp(f.ctype, "application/http", 16))
        response = 0; /* a response of another protocol (dns:, ...) */
    if (!response || len > r->lim.record_max) {
        rc = read_bytes(r, NULL, len);
        if (rc)
            return record_error(r, W_PARSE, off, f.uri,
                                "truncated record (the file ends in its "
                                "block)",
                                out);
        r->stats.records++;
        if (response)
            return record_error(r, W_TOOBIG, off, f.uri,
                                "record larger than its limit: skipped",
                                out);
        r->stats.skipped++;
        return W_DECLINED;
    }
    buf_reset(&r->block);
    rc = read_bytes(r, &r->block, len);
    if (rc == W_NOMEM)
        return record_error(r, rc, off, f.uri, "out of memory", out);
    if (rc)
        return record_error(r, W_PARSE, off, f.uri,
                            "truncated record (the file ends in its block)",
                            out);
    r->stats.records++;
    const char *why = NULL;
    rc = http_parse(r, out, &why);
    if (rc == W_NOMEM)
        return record_error(r, rc, off, f.uri, "out of memory", out);
    if (rc) {
        /* The framing was sound: the next record follows in place. */
        r->stats.errors++;
        seterr(r, "%s: offset %llu (%s): %s", r->path,
               (unsigned long long)off, nz(f.uri), why);
        return rc;
    }
    r->stats.responses++;
    return W_OK;
}

int warc_next(struct warc_reader *r, struct warc_response *out)
{
    r->started = 1;
    r->errmsg[0] = '\0';
    for (;;) {
        int rc = next_record(r, out);
        if (rc != W_DECLINED)
            return rc;
    }
}

int warc_reader_seek(struct warc_reader *r, const struct warc_pos *pos)
{
    if (r->started)
        return W_ERR;
    if (fseeko(r->f, (off_t)pos->offset, SEEK_SET) != 0) {
        seterr(r, "%s: cannot seek to offset %llu: %s", r->path,
               (unsigned long long)pos->offset, strerror(errno));
        return W_IO;
    }
    r->in_eof = 0;
    r->src_eof = 0;
    r->src_err = 0;
    r->out_n = r->out_p = 0;
    if (r->gz) {
        r->in_off = pos->offset;
        r->in_n = 0;
        r->zs.next_in = r->in;
        r->zs.avail_in = 0;
        r->member_done = 1;
    } else {
        r->out_off = pos->offset;
    }
    /* Skip records begun, not calls: an error met between records
     * (garbage, a broken gzip member) begins none. */
    struct warc_response tmp;
    r->starts = 0;
    while (r->starts < pos->skip) {
        int rc = next_record(r, &tmp);
        if (rc == W_NOTFOUND)
            return W_OK;
        if (rc && rc != W_DECLINED && rc != W_PARSE && rc != W_TOOBIG)
            return rc;
    }
    r->started = 1;
    return W_OK;
}
