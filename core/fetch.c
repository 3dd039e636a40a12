/* SPDX-License-Identifier: MIT */
/*
 * The libcurl multi engine (see fetch.h for what it promises). Each request
 * is a struct xfer holding its easy handle, its bounded body buffer and
 * what the callbacks learnt (too big, refused address). A transfer that
 * ends transiently and has attempts left goes on a retry list ordered by
 * due time; fetch_poll shortens its wait to the next due retry. Two share
 * objects (DNS cache, connection pool, TLS sessions) are used: one for
 * requests that may reach private addresses and one for those that may
 * not, so that a connection opened for a trusted source is never reused by
 * an untrusted one and the address check in the open-socket callback always
 * sees every new connection of an untrusted request.
 */
#include "config.h"
#include "fetch.h"
#include "buf.h"
#include "log.h"
#include "mem.h"
#include "url.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <stdint.h>

struct xfer {
    struct fetch *f;
    CURL *easy;
    struct curl_slist *hdrs;
    char *url;
    char *etag;
    char *last_modified;
    int allow_private;
    int max_attempts;
    int attempt;
    void *ud;
    struct buf body;
    int too_big;        /* the write callback hit max_body */
    int refused;        /* the open-socket callback refused an address */
    char refused_ip[INET6_ADDRSTRLEN];
    int64_t due_ms;     /* when waiting to retry: monotonic due time */
    int in_multi;
    struct xfer *prev, *next; /* all pending transfers */
    struct xfer *rnext;       /* retry list, by due_ms */
};

struct fetch {
    struct fetch_opts o;
    char *user_agent;
    char *ca_file;
    CURLM *multi;
    CURLSH *share[2]; /* [allow_private] */
    fetch_cb cb;
    void *cb_ud;
    struct xfer *all;
    struct xfer *retries;
    size_t n_pending;
    struct curl_slist *connect_to; /* WARTA_CONNECT_TO (tests), or NULL */
    unsigned long n_reported; /* callbacks made, to notice progress */
};

static const char *const outcome_names[FETCH__COUNT] = {
    [FETCH_OK] = "ok",
    [FETCH_NOT_MODIFIED] = "not_modified",
    [FETCH_GONE] = "gone",
    [FETCH_CLIENT_ERROR] = "client_error",
    [FETCH_SERVER_ERROR] = "server_error",
    [FETCH_SLOW_DOWN] = "slow_down",
    [FETCH_TIMEOUT] = "timeout",
    [FETCH_NETWORK] = "network",
    [FETCH_DNS] = "dns",
    [FETCH_TOO_BIG] = "too_big",
    [FETCH_REFUSED] = "refused",
    [FETCH_REDIRECTS] = "redirects",
    [FETCH_TLS] = "tls",
    [FETCH_CANCELLED] = "cancelled",
    [FETCH_ERROR] = "error",
};

const char *fetch_outcome_name(enum fetch_outcome o)
{
    return (unsigned)o < FETCH__COUNT ? outcome_names[o] : "error";
}

int fetch_outcome_transient(enum fetch_outcome o)
{
    return o == FETCH_SERVER_ERROR || o == FETCH_SLOW_DOWN ||
           o == FETCH_TIMEOUT || o == FETCH_NETWORK || o == FETCH_DNS;
}

void fetch_opts_init(struct fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->connect_timeout_ms = 10000;
    o->timeout_ms = 60000;
    o->low_speed_limit = 100;
    o->low_speed_time = 20;
    o->max_body = FETCH_MAX_BODY_DEFAULT;
    o->max_redirs = 5;
    o->max_connections = 32;
    o->max_host_connections = 2;
    o->retry_base_ms = 1000;
    o->retry_max_ms = 30000;
    o->max_retry_after_s = 120;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* xorshift64*: jitter needs no cryptographic quality, only independence
 * between processes started at the same second (nanoseconds and the
 * stack address, randomised by ASLR, seed it). */
static uint64_t rnd_state;

static uint64_t rnd(void)
{
    if (!rnd_state) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        rnd_state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
                    ((uint64_t)(uintptr_t)&ts << 24) ^ 0x9e3779b97f4a7c15ULL;
    }
    rnd_state ^= rnd_state >> 12;
    rnd_state ^= rnd_state << 25;
    rnd_state ^= rnd_state >> 27;
    return rnd_state * 0x2545f4914f6cdd1dULL;
}

long fetch_backoff_ms(int attempt, long base_ms, long cap_ms)
{
    if (attempt < 1)
        attempt = 1;
    if (base_ms < 1)
        base_ms = 1;
    long d = base_ms;
    for (int i = 1; i < attempt && d < cap_ms; i++)
        d *= 2;
    if (cap_ms > 0 && d > cap_ms)
        d = cap_ms;
    long half = d / 2;
    return half + (long)(rnd() % (uint64_t)(d - half + 1));
}

/* ---- address policy ------------------------------------------------ */

int fetch_addr_public(const struct sockaddr *sa, int allow_private,
                      void *ud)
{
    (void)ud;
    if (allow_private)
        return 1;
    if (!sa)
        return 0;
    socklen_t len = sa->sa_family == AF_INET6
                        ? (socklen_t)sizeof(struct sockaddr_in6)
                        : (socklen_t)sizeof(struct sockaddr_in);
    return !url_is_private_addr(sa, len);
}

static void addr_text(const struct sockaddr *sa, char *out, size_t n)
{
    out[0] = '\0';
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                  out, (socklen_t)n);
}

/* ---- libcurl callbacks -------------------------------------------- */

/* Every new connection passes here with the address it is about to use,
 * after DNS and for every redirect hop: the only place where the check
 * cannot be fooled by a name that resolves differently later. */
static curl_socket_t open_socket(void *ud, curlsocktype purpose,
                                 struct curl_sockaddr *a)
{
    struct xfer *x = ud;
    (void)purpose;
    fetch_addr_fn ok = x->f->o.addr_ok ? x->f->o.addr_ok : fetch_addr_public;
    if (!ok(&a->addr, x->allow_private, x->f->o.addr_ud)) {
        x->refused = 1;
        addr_text(&a->addr, x->refused_ip, sizeof x->refused_ip);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

/* Bodies arrive here already decompressed, so the cap is on what warta
 * would have to hold: a gzip bomb stops at max_body. */
static size_t write_body(char *p, size_t size, size_t nmemb, void *ud)
{
    struct xfer *x = ud;
    size_t n = size * nmemb;
    if (buf_add(&x->body, p, n) != W_OK) {
        x->too_big = 1;
        return 0; /* CURLE_WRITE_ERROR ends the transfer */
    }
    return n;
}

/* ---- transfers ------------------------------------------------------ */

static void xfer_free(struct xfer *x)
{
    if (!x)
        return;
    if (x->easy) {
        if (x->in_multi)
            curl_multi_remove_handle(x->f->multi, x->easy);
        curl_easy_cleanup(x->easy);
    }
    curl_slist_free_all(x->hdrs);
    buf_cleanup(&x->body);
    w_free(x->url);
    w_free(x->etag);
    w_free(x->last_modified);
    w_free(x);
}

static int add_header(struct curl_slist **l, const char *name,
                      const char *value)
{
    char line[1024];
    int n = snprintf(line, sizeof line, "%s: %s", name, value);
    if (n < 0 || (size_t)n >= sizeof line)
        return W_OK; /* absurd validator: send the request unconditional */
    struct curl_slist *nl = curl_slist_append(*l, line);
    if (!nl)
        return W_NOMEM;
    *l = nl;
    return W_OK;
}

static int xfer_setup(struct xfer *x)
{
    struct fetch *f = x->f;
    CURL *e = curl_easy_init();
    if (!e)
        return W_NOMEM;
    x->easy = e;
    int rc = add_header(&x->hdrs, "Accept",
                        "text/html,application/xhtml+xml,application/xml;"
                        "q=0.9,*/*;q=0.8");
    if (rc == W_OK && x->etag && *x->etag)
        rc = add_header(&x->hdrs, "If-None-Match", x->etag);
    if (rc == W_OK && x->last_modified && *x->last_modified)
        rc = add_header(&x->hdrs, "If-Modified-Since", x->last_modified);
    if (rc != W_OK)
        return rc;
    CURLcode c = CURLE_OK;
#define SET(opt, val)                                                          \
    do {                                                                       \
        if (c == CURLE_OK)                                                     \
            c = curl_easy_setopt(e, opt, val);                                 \
    } while (0)
    SET(CURLOPT_URL, x->url);
    SET(CURLOPT_PRIVATE, x);
    SET(CURLOPT_SHARE, f->share[x->allow_private ? 1 : 0]);
    SET(CURLOPT_USERAGENT, f->user_agent);
    SET(CURLOPT_HTTPHEADER, x->hdrs);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, f->o.max_redirs);
    SET(CURLOPT_AUTOREFERER, 1L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
    SET(CURLOPT_LOW_SPEED_LIMIT, f->o.low_speed_limit);
    SET(CURLOPT_LOW_SPEED_TIME, f->o.low_speed_time);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_body);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    if (f->ca_file)
        SET(CURLOPT_CAINFO, f->ca_file);
    if (f->connect_to)
        SET(CURLOPT_CONNECT_TO, f->connect_to);
    /* An empty proxy disables the http_proxy environment variables: the
     * address check must see the server, not a proxy. */
    SET(CURLOPT_PROXY, "");
    SET(CURLOPT_OPENSOCKETFUNCTION, open_socket);
    SET(CURLOPT_OPENSOCKETDATA, x);
    SET(CURLOPT_WRITEFUNCTION, write_body);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_NOSIGNAL, 1L);
#undef SET
    if (c != CURLE_OK) {
        W_ERROR("fetch: cannot set up a transfer: %s", curl_easy_strerror(c));
        return W_ERR;
    }
    return W_OK;
}

static int xfer_start(struct xfer *x)
{
    buf_reset(&x->body);
    x->too_big = 0;
    x->refused = 0;
    x->refused_ip[0] = '\0';
    x->attempt++;
    CURLMcode m = curl_multi_add_handle(x->f->multi, x->easy);
    if (m != CURLM_OK) {
        W_ERROR("fetch: %s: %s", x->url, curl_multi_strerror(m));
        return W_ERR;
    }
    x->in_multi = 1;
    return W_OK;
}

static void link_xfer(struct fetch *f, struct xfer *x)
{
    x->prev = NULL;
    x->next = f->all;
    if (f->all)
        f->all->prev = x;
    f->all = x;
    f->n_pending++;
}

static void unlink_xfer(struct fetch *f, struct xfer *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        f->all = x->next;
    if (x->next)
        x->next->prev = x->prev;
    f->n_pending--;
}

static void retry_push(struct fetch *f, struct xfer *x)
{
    struct xfer **p = &f->retries;
    while (*p && (*p)->due_ms <= x->due_ms)
        p = &(*p)->rnext;
    x->rnext = *p;
    *p = x;
}

static char *dupz(const char *s)
{
    return s && *s ? w_strdup(s) : NULL;
}

int fetch_add(struct fetch *f, const struct fetch_req *r)
{
    if (!r->url)
        return W_PARSE;
    if (f->n_pending >= FETCH_MAX_INFLIGHT ||
        strlen(r->url) > FETCH_MAX_URL)
        return W_TOOBIG;
    if (strncasecmp(r->url, "http://", 7) != 0 &&
        strncasecmp(r->url, "https://", 8) != 0)
        return W_PARSE;
    struct xfer *x = w_calloc(1, sizeof *x);
    if (!x)
        return W_NOMEM;
    x->f = f;
    x->url = w_strdup(r->url);
    x->etag = dupz(r->etag);
    x->last_modified = dupz(r->last_modified);
    x->allow_private = r->allow_private ? 1 : 0;
    x->max_attempts = r->max_attempts > 0 ? r->max_attempts : 1;
    x->ud = r->ud;
    buf_init(&x->body, f->o.max_body);
    int rc = W_NOMEM;
    if (!x->url || (r->etag && *r->etag && !x->etag) ||
        (r->last_modified && *r->last_modified && !x->last_modified))
        goto fail;
    rc = xfer_setup(x);
    if (rc != W_OK)
        goto fail;
    rc = xfer_start(x);
    if (rc != W_OK)
        goto fail;
    link_xfer(f, x);
    return W_OK;
fail:
    xfer_free(x);
    return rc;
}

size_t fetch_pending(const struct fetch *f) { return f->n_pending; }

static const char *get_header(CURL *e, const char *name)
{
    struct curl_header *h = NULL;
    if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
        return NULL;
    return h->value;
}

static enum fetch_outcome classify(struct xfer *x, CURLcode c, long status,
                                   char *err, size_t errsz)
{
    switch (c) {
    case CURLE_OK:
        break;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(err, errsz, "timed out: %s", curl_easy_strerror(c));
        return FETCH_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
        snprintf(err, errsz, "cannot resolve the host name");
        return FETCH_DNS;
    case CURLE_COULDNT_CONNECT:
        if (x->refused) {
            snprintf(err, errsz,
                     "refused to connect to the private address %s",
                     x->refused_ip);
            return FETCH_REFUSED;
        }
        snprintf(err, errsz, "cannot connect");
        return FETCH_NETWORK;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (x->too_big || c == CURLE_FILESIZE_EXCEEDED) {
            snprintf(err, errsz, "too big: over %zu bytes",
                     x->f->o.max_body);
            return FETCH_TOO_BIG;
        }
        snprintf(err, errsz, "%s", curl_easy_strerror(c));
        return FETCH_ERROR;
    case CURLE_TOO_MANY_REDIRECTS:
        snprintf(err, errsz, "more than %ld redirects", x->f->o.max_redirs);
        return FETCH_REDIRECTS;
    case CURLE_UNSUPPORTED_PROTOCOL:
        snprintf(err, errsz, "redirect to a protocol other than http(s)");
        return FETCH_REFUSED;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_COULDNT_RESOLVE_PROXY:
        snprintf(err, errsz, "connection failed: %s", curl_easy_strerror(c));
        return FETCH_NETWORK;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        snprintf(err, errsz, "TLS: %s", curl_easy_strerror(c));
        return FETCH_TLS;
    case CURLE_OUT_OF_MEMORY:
    default:
        snprintf(err, errsz, "%s", curl_easy_strerror(c));
        return FETCH_ERROR;
    }
    if (status >= 200 && status < 300)
        return FETCH_OK;
    snprintf(err, errsz, "HTTP %ld", status);
    if (status == 304)
        return FETCH_NOT_MODIFIED;
    if (status == 404 || status == 410)
        return FETCH_GONE;
    if (status == 429 || status == 503)
        return FETCH_SLOW_DOWN;
    if (status >= 500)
        return FETCH_SERVER_ERROR;
    return FETCH_CLIENT_ERROR;
}

static void report(struct fetch *f, const struct fetch_result *r)
{
    f->n_reported++;
    f->cb(r, f->cb_ud);
}

static void finish(struct fetch *f, struct xfer *x, CURLcode c)
{
    CURL *e = x->easy;
    long status = 0, redirects = 0;
    char *final_url = NULL, *ctype = NULL, *ip = NULL;
    curl_off_t retry_after = 0;
    double secs = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &final_url);
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ctype);
    curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &secs);
    /* libcurl parses both forms of Retry-After (seconds, HTTP-date). */
    int has_ra = curl_easy_getinfo(e, CURLINFO_RETRY_AFTER, &retry_after) ==
                     CURLE_OK &&
                 get_header(e, "Retry-After") != NULL;

    char err[256] = "";
    enum fetch_outcome o = classify(x, c, status, err, sizeof err);
    struct fetch_result r = {
        .url = x->url,
        .final_url = final_url ? final_url : x->url,
        .outcome = o,
        .status = status,
        .error = err[0] && o != FETCH_OK && o != FETCH_NOT_MODIFIED ? err
                                                                  : NULL,
        .content_type = ctype,
        .etag = o == FETCH_OK ? get_header(e, "ETag") : NULL,
        .last_modified = o == FETCH_OK ? get_header(e, "Last-Modified")
                                       : NULL,
        .retry_after = has_ra ? (long)retry_after : -1,
        .body = o == FETCH_OK ? buf_str(&x->body) : "",
        .len = o == FETCH_OK ? x->body.n : 0,
        .attempt = x->attempt,
        .final = 1,
        .seconds = secs,
        .redirects = redirects,
        .ip = ip ? ip : "",
        .ud = x->ud,
    };
    /* A 304 keeps the validators the request sent. */
    if (o == FETCH_NOT_MODIFIED) {
        r.etag = x->etag;
        r.last_modified = x->last_modified;
    }
    curl_multi_remove_handle(f->multi, e);
    x->in_multi = 0;

    if (fetch_outcome_transient(o) && x->attempt < x->max_attempts &&
        !(r.retry_after > f->o.max_retry_after_s)) {
        long delay = fetch_backoff_ms(x->attempt, f->o.retry_base_ms,
                                           f->o.retry_max_ms);
        if (r.retry_after >= 0 && r.retry_after * 1000 > delay)
            delay = r.retry_after * 1000;
        r.final = 0;
        r.retry_in_ms = delay;
        report(f, &r);
        x->due_ms = mono_ms() + delay;
        retry_push(f, x);
        return;
    }
    report(f, &r);
    unlink_xfer(f, x);
    xfer_free(x);
}

static void cancel(struct fetch *f, struct xfer *x)
{
    struct fetch_result r = {
        .url = x->url,
        .final_url = x->url,
        .outcome = FETCH_CANCELLED,
        .error = "cancelled: shutting down",
        .retry_after = -1,
        .body = "",
        .attempt = x->attempt,
        .final = 1,
        .ip = "",
        .ud = x->ud,
    };
    unlink_xfer(f, x);
    report(f, &r);
    xfer_free(x);
}

void fetch_cancel_all(struct fetch *f)
{
    f->retries = NULL;
    while (f->all)
        cancel(f, f->all);
}

static void start_due_retries(struct fetch *f)
{
    int64_t now = mono_ms();
    while (f->retries && f->retries->due_ms <= now) {
        struct xfer *x = f->retries;
        f->retries = x->rnext;
        x->rnext = NULL;
        if (xfer_start(x) != W_OK) {
            char err[] = "cannot restart the transfer";
            struct fetch_result r = {
                .url = x->url, .final_url = x->url,
                .outcome = FETCH_ERROR, .error = err, .retry_after = -1,
                .body = "", .attempt = x->attempt, .final = 1, .ip = "",
                .ud = x->ud,
            };
            unlink_xfer(f, x);
            report(f, &r);
            xfer_free(x);
        }
    }
}

static void drain(struct fetch *f)
{
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(f->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct xfer *x = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        CURLcode c = msg->data.result;
        if (x)
            finish(f, x, c);
    }
}

int fetch_poll(struct fetch *f, int timeout_ms, struct curl_waitfd *extra,
               unsigned n_extra)
{
    unsigned long before = f->n_reported;
    start_due_retries(f);
    int running = 0;
    CURLMcode m = curl_multi_perform(f->multi, &running);
    if (m == CURLM_OK)
        drain(f);
    /* Something ended already: the caller must see it before we sleep,
     * or it would wait a whole timeout with work to do. */
    if (m == CURLM_OK && f->n_reported != before)
        return W_OK;
    if (f->retries) {
        int64_t wait = f->retries->due_ms - mono_ms();
        if (wait < 0)
            wait = 0;
        if (wait < timeout_ms)
            timeout_ms = (int)wait;
    }
    if (timeout_ms < 0)
        timeout_ms = 0;
    int numfds = 0;
    if (m == CURLM_OK)
        m = curl_multi_poll(f->multi, extra, n_extra, timeout_ms, &numfds);
    if (m == CURLM_OK)
        m = curl_multi_perform(f->multi, &running);
    if (m != CURLM_OK) {
        W_ERROR("fetch: libcurl: %s", curl_multi_strerror(m));
        return W_ERR;
    }
    drain(f);
    start_due_retries(f);
    return W_OK;
}

int fetch_new(struct fetch **out, const struct fetch_opts *o, fetch_cb cb,
              void *cb_ud)
{
    *out = NULL;
    if (!o->user_agent || !*o->user_agent || !cb)
        return W_CONFIG;
    static int global_done;
    if (!global_done) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return W_ERR;
        global_done = 1;
    }
    struct fetch *f = w_calloc(1, sizeof *f);
    if (!f)
        return W_NOMEM;
    f->o = *o;
    if (!f->o.max_body)
        f->o.max_body = FETCH_MAX_BODY_DEFAULT;
    f->cb = cb;
    f->cb_ud = cb_ud;
    f->user_agent = w_strdup(o->user_agent);
    f->ca_file = o->ca_file && *o->ca_file ? w_strdup(o->ca_file) : NULL;
    f->multi = curl_multi_init();
    int rc = W_NOMEM;
    /*
     * Tests (and staging mirrors) point real host names at a local
     * server without touching DNS: WARTA_CONNECT_TO holds blank-separated
     * curl --connect-to entries "HOST:PORT:CONNECT-HOST:CONNECT-PORT"
     * (an empty HOST or PORT matches any). TLS is still verified against
     * the real name, and the private-address policy still applies to
     * the address connected to.
     */
    const char *ct = getenv("WARTA_CONNECT_TO");
    while (ct && *ct) {
        size_t n = strcspn(ct, " \t,");
        if (n > 0 && n < 512) {
            char one[512];
            memcpy(one, ct, n);
            one[n] = '\0';
            struct curl_slist *l = curl_slist_append(f->connect_to, one);
            if (!l)
                goto fail;
            f->connect_to = l;
        }
        ct += n;
        ct += strspn(ct, " \t,");
    }
    if (!f->user_agent || !f->multi || (o->ca_file && *o->ca_file &&
                                        !f->ca_file))
        goto fail;
    for (int i = 0; i < 2; i++) {
        f->share[i] = curl_share_init();
        if (!f->share[i])
            goto fail;
        curl_share_setopt(f->share[i], CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(f->share[i], CURLSHOPT_SHARE,
                          CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(f->share[i], CURLSHOPT_SHARE,
                          CURL_LOCK_DATA_SSL_SESSION);
    }
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      f->o.max_connections);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      f->o.max_host_connections);
    curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS, f->o.max_connections);
    *out = f;
    return W_OK;
fail:
    fetch_free(f);
    return rc;
}

int fetch_set_opts(struct fetch *f, const struct fetch_opts *o)
{
    if (!o->user_agent || !*o->user_agent)
        return W_CONFIG;
    char *ua = w_strdup(o->user_agent);
    char *ca = o->ca_file && *o->ca_file ? w_strdup(o->ca_file) : NULL;
    if (!ua || (o->ca_file && *o->ca_file && !ca)) {
        w_free(ua);
        w_free(ca);
        return W_NOMEM;
    }
    /* libcurl copies string options, so transfers in flight do not
     * need the old strings. */
    w_free(f->user_agent);
    w_free(f->ca_file);
    f->o = *o;
    if (!f->o.max_body)
        f->o.max_body = FETCH_MAX_BODY_DEFAULT;
    f->user_agent = ua;
    f->ca_file = ca;
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      f->o.max_connections);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      f->o.max_host_connections);
    curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS, f->o.max_connections);
    return W_OK;
}

void fetch_free(struct fetch *f)
{
    if (!f)
        return;
    fetch_cancel_all(f);
    if (f->multi)
        curl_multi_cleanup(f->multi);
    for (int i = 0; i < 2; i++)
        if (f->share[i])
            curl_share_cleanup(f->share[i]);
    curl_slist_free_all(f->connect_to);
    w_free(f->user_agent);
    w_free(f->ca_file);
    w_free(f);
}
