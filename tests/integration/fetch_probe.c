/* SPDX-License-Identifier: MIT */
/*
 * fetch_probe: drives the fetch engine (core/fetch.c) alone against the
 * test server and prints one JSON line per attempt, so that the fault
 * matrix can check the engine's classification (timeout, reset, too big,
 * refused, ...) independently of parsing and storing. It is a test tool,
 * not an installed program.
 *
 * --public-port N makes the address policy treat 127.0.0.1:N as a public
 * address while everything else keeps the real policy: this is how the
 * "redirect to a private address" case gets a first hop the policy allows
 * and a second hop (another port on loopback) it must refuse, on a machine
 * whose only addresses may all be private.
 */
#include "config.h"
#include "fetch.h"
#include "log.h"
#include "record.h"
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long public_port = -1;

static int probe_addr_ok(const struct sockaddr *sa, int allow_private,
                         void *ud)
{
    if (public_port > 0 && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        if (ntohs(in->sin_port) == public_port)
            return 1;
    }
    return fetch_addr_public(sa, allow_private, ud);
}

static void on_attempt(const struct fetch_result *r, void *ud)
{
    (void)ud;
    char hash[65];
    record_sha256_hex(r->body, r->len, hash);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:I, s:i, s:b, s:I, s:I, s:s?, s:s?, s:s?, s:s?,"
        " s:s, s:I, s:I}",
        "url", r->url, "final_url", r->final_url, "outcome",
        fetch_outcome_name(r->outcome), "status", (json_int_t)r->status,
        "attempt", r->attempt, "final", r->final, "len", (json_int_t)r->len,
        "retry_after", (json_int_t)r->retry_after, "etag", r->etag,
        "last_modified", r->last_modified, "error", r->error, "content_type",
        r->content_type, "sha256", hash, "redirects",
        (json_int_t)r->redirects, "retry_in_ms", (json_int_t)r->retry_in_ms);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (s)
        printf("%s\n", s);
    fflush(stdout);
    free(s);
    json_decref(o);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: fetch_probe [--allow-private] [--public-port N]\n"
            "  [--attempts N] [--max-body BYTES] [--timeout-ms MS]\n"
            "  [--connect-timeout-ms MS] [--low-speed-time S]\n"
            "  [--retry-base-ms MS] [--max-retry-after S] [--etag E]\n"
            "  [--last-modified LM] URL...\n");
}

int main(int argc, char **argv)
{
    struct fetch_opts o;
    fetch_opts_init(&o);
    o.user_agent = "warta-probe/1 (+https://example.org/warta)";
    o.addr_ok = probe_addr_ok;
    struct fetch_req req = {.max_attempts = 1};
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--allow-private") == 0) {
            req.allow_private = 1;
            continue;
        }
        if (!v) {
            usage();
            return 2;
        }
        i++;
        if (strcmp(a, "--public-port") == 0)
            public_port = strtol(v, NULL, 10);
        else if (strcmp(a, "--attempts") == 0)
            req.max_attempts = (int)strtol(v, NULL, 10);
        else if (strcmp(a, "--max-body") == 0)
            o.max_body = strtoul(v, NULL, 10);
        else if (strcmp(a, "--timeout-ms") == 0)
            o.timeout_ms = strtol(v, NULL, 10);
        else if (strcmp(a, "--connect-timeout-ms") == 0)
            o.connect_timeout_ms = strtol(v, NULL, 10);
        else if (strcmp(a, "--low-speed-time") == 0)
            o.low_speed_time = strtol(v, NULL, 10);
        else if (strcmp(a, "--retry-base-ms") == 0)
            o.retry_base_ms = strtol(v, NULL, 10);
        else if (strcmp(a, "--max-retry-after") == 0)
            o.max_retry_after_s = strtol(v, NULL, 10);
        else if (strcmp(a, "--etag") == 0)
            req.etag = v;
        else if (strcmp(a, "--last-modified") == 0)
            req.last_modified = v;
        else {
            usage();
            return 2;
        }
    }
    if (i >= argc) {
        usage();
        return 2;
    }
    struct fetch *f = NULL;
    if (fetch_new(&f, &o, on_attempt, NULL) != W_OK) {
        fprintf(stderr, "fetch_probe: cannot create the engine\n");
        return 1;
    }
    int rc = 0;
    for (; i < argc; i++) {
        req.url = argv[i];
        if (fetch_add(f, &req) != W_OK) {
            fprintf(stderr, "fetch_probe: cannot fetch %s\n", argv[i]);
            rc = 1;
        }
    }
    while (fetch_pending(f) > 0)
        if (fetch_poll(f, 1000, NULL, 0) != W_OK) {
            rc = 1;
            break;
        }
    fetch_free(f);
    return rc;
}
