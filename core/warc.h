/* SPDX-License-Identifier: MIT */
/*
 * A small streaming WARC 1.0/1.1 reader on zlib. Debian packages no WARC
 * library, so warta reads the format itself: plain .warc files and gzip
 * files, both one gzip member per record (Common Crawl's CC-NEWS layout)
 * and one member for the whole file. The reader pulls one record at a
 * time through a fixed 64 KiB window, so a file of any size is read in
 * bounded memory; only the response record being delivered is held whole
 * (up to record_max bytes). Response records are parsed as HTTP (status,
 * Content-Type, chunked transfer coding, gzip/deflate Content-Encoding
 * decoded up to payload_max bytes); request, metadata, warcinfo, revisit,
 * resource and conversion records are counted and skipped. A truncated or
 * corrupt record, and garbage between records, is reported with its file
 * offset and the reader then resynchronises on the next record (plain) or
 * gzip member (gzip), so one bad record never hides the rest.
 */
#ifndef WARTA_WARC_H
#define WARTA_WARC_H
#include <stddef.h>
#include <stdint.h>

#define WARC_HEADER_MAX ((size_t)64 << 10)   /* WARC or HTTP header bytes */
#define WARC_RECORD_MAX ((size_t)32 << 20)   /* response block held whole */
#define WARC_PAYLOAD_MAX ((size_t)16 << 20)  /* decoded HTTP body */

/* Bounds; a zero member means its default above. */
struct warc_limits {
    size_t header_max;
    size_t record_max;
    size_t payload_max;
};

/*
 * Where a record can be read again: seek to `offset` (a record start in a
 * plain file, a gzip member start in a gzip file) and skip `skip` records.
 * In plain files and CC-NEWS style gzip files skip is always 0.
 */
struct warc_pos {
    uint64_t offset;
    uint64_t skip;
};

/* Counts of what the reader met, for summaries. */
struct warc_stats {
    uint64_t records;    /* well-framed records of any type */
    uint64_t responses;  /* response records delivered */
    uint64_t skipped;    /* request, metadata, warcinfo, revisit, ... */
    uint64_t errors;     /* truncated, corrupt, too large, garbage */
};

/*
 * One response record, borrowed from the reader until the next call.
 * Strings are NUL-ended; those a record lacks are NULL.
 */
struct warc_response {
    uint64_t offset;          /* record start (gzip: its member's start) */
    struct warc_pos pos;      /* where to read this record again */
    int has_pos;              /* pos is set (not for errors met between
                               * records) */
    const char *uri;          /* WARC-Target-URI, without <> */
    const char *date;         /* WARC-Date */
    const char *record_id;    /* WARC-Record-ID */
    const char *warc_version; /* "WARC/1.0", "WARC/1.1" */
    int status;               /* HTTP status code */
    const char *content_type; /* HTTP Content-Type */
    const char *content_encoding; /* as sent (already decoded) */
    const char *body;         /* decoded payload (not NUL-ended) */
    size_t body_len;
};

struct warc_reader;

/*
 * Open path for reading (gzip detected by its magic bytes). lim may be
 * NULL for the defaults. Returns W_OK with *out owned by the caller (free
 * with warc_reader_free), W_IO when the file cannot be opened (errmsg
 * holds the sentence), W_NOMEM.
 */
int warc_reader_open(struct warc_reader **out, const char *path,
                     const struct warc_limits *lim, char *errmsg,
                     size_t errsz);
void warc_reader_free(struct warc_reader *r);

/*
 * Continue reading at pos (from a warc_response read earlier, possibly in
 * another process): seeks and skips pos.skip records. Only valid before
 * the first warc_next. Returns W_OK, W_IO (seek failed), or the error of
 * a record met while skipping.
 */
int warc_reader_seek(struct warc_reader *r, const struct warc_pos *pos);

/*
 * The next response record. Returns
 *   W_OK        *out filled (borrowed until the next call);
 *   W_NOTFOUND  the end of the file: no more records;
 *   W_PARSE     a truncated or malformed record, or garbage between
 *               records: warc_error() names it with its offset (and URI
 *               when known); out->offset and out->uri are set when known.
 *               Call again to continue after it;
 *   W_TOOBIG    a record or payload past its limit, reported like W_PARSE
 *               and skipped;
 *   W_IO        a read error: stop;
 *   W_NOMEM.
 * Non-response records are skipped without being returned.
 */
int warc_next(struct warc_reader *r, struct warc_response *out);

/* The sentence describing the last error, "" when none. Borrowed. */
const char *warc_error(const struct warc_reader *r);
const struct warc_stats *warc_reader_stats(const struct warc_reader *r);
/* 1 when the file is gzip-compressed. */
int warc_reader_is_gzip(const struct warc_reader *r);
/* Bytes of the file consumed so far (compressed bytes for gzip): for
 * progress against the file size. */
uint64_t warc_reader_tell(const struct warc_reader *r);

/*
 * Decode an HTTP message body: Transfer-Encoding chunked (when chunked is
 * non-zero) then Content-Encoding encoding ("gzip", "x-gzip", "deflate",
 * "identity" or NULL). The result (owned by the caller, w_free) goes to
 * *out and *outlen. Returns W_OK, W_PARSE (corrupt or unsupported encoding),
 * W_TOOBIG (over max bytes), W_NOMEM. Exposed for tests and for other readers.
 */
int warc_http_decode(const char *body, size_t len, int chunked,
                     const char *encoding, size_t max, char **out,
                     size_t *outlen);
#endif
