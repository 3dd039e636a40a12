/* SPDX-License-Identifier: MIT */
/*
 * The fetch engine: many HTTP transfers at once over libcurl's multi
 * interface, driven by one event loop (fetch_poll). It owns everything
 * about a single request that a polite, safe crawler must get right:
 * timeouts, compression with a cap on the decompressed size, at most a few
 * redirects and only over http/https, verified TLS, refusal of private and
 * loopback addresses checked on the address actually connected to (so a
 * redirect cannot turn warta against an internal network), conditional GET,
 * and short in-process retries with backoff for transient failures.
 * Everything about *when* to fetch (politeness, the frontier, leases) is
 * the scheduler's; the engine reports each attempt to one callback and
 * classifies it, so that callers never look at CURLcode values.
 */
#ifndef WARTA_FETCH_H
#define WARTA_FETCH_H
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include "warta/plugin.h"

#define FETCH_MAX_BODY_DEFAULT ((size_t)10 << 20) /* decompressed bytes */
#define FETCH_MAX_URL 8192                         /* longer URLs refused */
#define FETCH_MAX_INFLIGHT 4096                    /* transfers per engine */

/* What one attempt came to. */
enum fetch_outcome {
    FETCH_OK = 0,       /* 2xx: body holds the page */
    FETCH_NOT_MODIFIED, /* 304 to a conditional GET */
    FETCH_GONE,         /* 404 or 410: the URL is gone */
    FETCH_CLIENT_ERROR, /* another 4xx (or a 3xx without a target) */
    FETCH_SERVER_ERROR, /* 5xx other than 503: transient */
    FETCH_SLOW_DOWN,    /* 429 or 503: transient; honour retry_after */
    FETCH_TIMEOUT,      /* connect, total or low-speed timeout: transient */
    FETCH_NETWORK,      /* reset, refused, empty reply: transient */
    FETCH_DNS,          /* name did not resolve: transient */
    FETCH_TOO_BIG,      /* decompressed body over the cap: aborted */
    FETCH_REFUSED,      /* private address or a protocol other than http(s) */
    FETCH_REDIRECTS,    /* more redirects than allowed (or a loop) */
    FETCH_TLS,          /* certificate or handshake failure */
    FETCH_CANCELLED,    /* the engine was shut down first */
    FETCH_ERROR,        /* anything else: malformed URL, no memory, ... */
    FETCH__COUNT
};

/* "ok", "not_modified", "gone", ...: the name the fetch log stores. */
const char *fetch_outcome_name(enum fetch_outcome o);
/* 1 when the outcome may go away by itself (worth a later retry). */
int fetch_outcome_transient(enum fetch_outcome o);

/*
 * Decides whether a connection to sa may be opened. allow_private is the
 * request's flag. Returns 1 to allow, 0 to refuse. The default (NULL in
 * fetch_opts) is fetch_addr_public.
 */
typedef int (*fetch_addr_fn)(const struct sockaddr *sa, int allow_private,
                             void *ud);

/* Engine settings; fetch_opts_init fills the defaults noted. */
struct fetch_opts {
    const char *user_agent;     /* required: "warta/0.1 (+URL)" */
    const char *ca_file;        /* NULL: the system's CA store */
    long connect_timeout_ms;    /* 10000 */
    long timeout_ms;            /* 60000: whole transfer */
    long low_speed_limit;       /* 100 bytes/s ... */
    long low_speed_time;        /* ... for 20 s aborts */
    size_t max_body;            /* FETCH_MAX_BODY_DEFAULT */
    long max_redirs;            /* 5 */
    long max_connections;       /* 32: open connections in total */
    long max_host_connections;  /* 2: per host (curl queues the rest) */
    long retry_base_ms;         /* 1000: first in-process retry delay */
    long retry_max_ms;          /* 30000: cap of one retry delay */
    long max_retry_after_s;     /* 120: a longer Retry-After ends retries */
    fetch_addr_fn addr_ok;      /* NULL: fetch_addr_public */
    void *addr_ud;
};

void fetch_opts_init(struct fetch_opts *o);

/* One request. Strings are copied by fetch_add. */
struct fetch_req {
    const char *url;
    const char *etag;          /* If-None-Match, or NULL */
    const char *last_modified; /* If-Modified-Since, or NULL */
    int allow_private;         /* the source may reach private addresses */
    int max_attempts;          /* in-process attempts, >= 1 */
    void *ud;                  /* handed back in the result */
};

/* One attempt, handed to the callback; everything is borrowed for the
 * duration of the call. */
struct fetch_result {
    const char *url;           /* as requested */
    const char *final_url;     /* after redirects (== url when none) */
    enum fetch_outcome outcome;
    long status;               /* last HTTP status, 0 when none */
    const char *error;         /* a sentence when not OK/NOT_MODIFIED */
    const char *content_type;  /* may be NULL */
    const char *etag;          /* may be NULL */
    const char *last_modified; /* may be NULL */
    long retry_after;          /* seconds the server asked for, -1: none */
    const char *body;          /* NUL-ended; "" when none */
    size_t len;
    int attempt;               /* 1-based */
    int final;                 /* 1 when no further attempt follows */
    long retry_in_ms;          /* when !final: delay before the next */
    double seconds;            /* duration of the attempt */
    long redirects;
    const char *ip;            /* remote address, "" when none */
    void *ud;                  /* from the request */
};

typedef void (*fetch_cb)(const struct fetch_result *r, void *cb_ud);

struct fetch;

/*
 * Create an engine. cb is called once per attempt (r->final tells the
 * last one). Returns W_OK and sets *out (free with fetch_free), W_CONFIG
 * for bad options (no user agent), W_NOMEM, or W_ERR when libcurl cannot
 * be set up.
 */
int fetch_new(struct fetch **out, const struct fetch_opts *o, fetch_cb cb,
              void *cb_ud);
/* Cancel everything still pending (callbacks get FETCH_CANCELLED, final)
 * and free the engine. NULL is a no-op. */
void fetch_free(struct fetch *f);
/*
 * Start a request. Returns W_OK (cb will be called at least once, the
 * last time with final set), W_TOOBIG (FETCH_MAX_INFLIGHT pending or the
 * URL over FETCH_MAX_URL), W_PARSE (not an http(s) URL), W_NOMEM; on an
 * error the callback is never called.
 */
int fetch_add(struct fetch *f, const struct fetch_req *r);
/* Requests started and not yet finished (in flight or waiting to retry). */
size_t fetch_pending(const struct fetch *f);
/*
 * Wait up to timeout_ms for network activity, a retry timer or one of the
 * extra descriptors, then move every transfer along and call the callback
 * for each attempt that ended. extra may be NULL. Returns W_OK or W_ERR
 * (libcurl failed; logged).
 */
int fetch_poll(struct fetch *f, int timeout_ms, struct curl_waitfd *extra,
               unsigned n_extra);
/* Replace the options for transfers started from now on (SIGHUP); the
 * ones in flight keep theirs. Returns W_OK, W_CONFIG (no user agent) or
 * W_NOMEM; on error the old options stay. */
int fetch_set_opts(struct fetch *f, const struct fetch_opts *o);
/* Cancel every pending request now (callbacks get FETCH_CANCELLED). */
void fetch_cancel_all(struct fetch *f);

/*
 * Exponential backoff with jitter for attempt (1-based): base * 2^(n-1),
 * capped at cap, of which a random half is kept ("equal jitter": between
 * d/2 and d), so that many failed transfers do not return in lockstep.
 */
long fetch_backoff_ms(int attempt, long base_ms, long cap_ms);

/*
 * The default address policy: 1 when allow_private is set or sa is not
 * private by url_is_private_addr (core/url.h: loopback, RFC 1918,
 * link-local, CGNAT, unique-local, multicast, reserved and the IPv4
 * embedded forms of them); 0 otherwise.
 */
int fetch_addr_public(const struct sockaddr *sa, int allow_private,
                      void *ud);
#endif
