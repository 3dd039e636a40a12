/* SPDX-License-Identifier: MIT */
/*
 * URL canonicalisation, resolution and the private-address policy, on top
 * of libcurl's URL API. curl does the parsing, dot-segment removal and
 * default-port handling; before handing it a string we clean what real
 * pages put in href attributes (surrounding blanks, embedded newlines,
 * raw spaces and UTF-8 in paths, stray '%') and normalise percent-escapes
 * (RFC 3986 6.2.2.2: unreserved characters decoded, hex in upper case),
 * so that two spellings of one address give one string. After parsing we
 * lower the host and drop what does not identify a resource: the
 * fragment, credentials and known tracking parameters.
 */
#include "config.h"
#include "url.h"
#include "buf.h"
#include "mem.h"
#include "warta/plugin.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <string.h>

/* Query parameters that only track a visit. Exact names; "utm_" is a
 * prefix. Kept short on purpose: removing a parameter a site needs
 * would merge distinct pages, so only well-known trackers are here. */
static const char *const trackers[] = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
    "mc_cid", "mc_eid", "_ga",  "_gl",   "igshid", "_hsenc",  "_hsmi",
    NULL,
};

int url_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int url_is_unreserved(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int map_cerr(CURLUcode uc)
{
    return uc == CURLUE_OUT_OF_MEMORY ? W_NOMEM : W_PARSE;
}

/* Offset where the path starts in an absolute URL or a reference: after
 * "scheme://authority" or "//authority", else 0 (or after "scheme:"). */
static size_t path_start(const char *s, size_t n)
{
    size_t i = 0;
    if (n && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
        size_t j = 1;
        while (j < n && ((s[j] >= 'a' && s[j] <= 'z') ||
                         (s[j] >= 'A' && s[j] <= 'Z') ||
                         (s[j] >= '0' && s[j] <= '9') || s[j] == '+' ||
                         s[j] == '-' || s[j] == '.'))
            j++;
        if (j < n && s[j] == ':')
            i = j + 1;
    }
    if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
            i++;
    }
    return i;
}

/*
 * Clean a URL or reference as a browser would before parsing: strip
 * leading/trailing C0 controls and spaces, remove tabs and newlines, and
 * in the path/query/fragment percent-encode spaces, controls, non-ASCII
 * bytes and the characters no URL may hold raw, while normalising
 * existing escapes. The authority is left alone (IDN hosts stay UTF-8
 * for curl to punycode). Result in b.
 */
static int preclean(const char *in, struct buf *b)
{
    size_t n = strlen(in);
    while (n && (unsigned char)in[n - 1] <= ' ')
        n--;
    while (n && (unsigned char)*in <= ' ') {
        in++;
        n--;
    }
    if (n > URL_MAX)
        return W_TOOBIG;
    /* Tabs and newlines vanish first (WHATWG URL); they can sit anywhere,
     * even inside the scheme. */
    char tmp[URL_MAX + 1];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i] != '\t' && in[i] != '\n' && in[i] != '\r')
            tmp[m++] = in[i];
    tmp[m] = '\0';
    size_t ps = path_start(tmp, m);
    int rc = buf_add(b, tmp, ps);
    for (size_t i = ps; rc == W_OK && i < m; i++) {
        unsigned char c = (unsigned char)tmp[i];
        if (c == '%') {
            int hi = i + 2 < m ? url_hexval(tmp[i + 1]) : -1;
            int lo = hi >= 0 ? url_hexval(tmp[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                rc = buf_adds(b, "%25"); /* a stray '%' */
                continue;
            }
            int v = hi * 16 + lo;
            if (url_is_unreserved(v))
                rc = buf_addc(b, (char)v);
            else
                rc = buf_printf(b, "%%%02X", v);
            i += 2;
        } else if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' ||
                   c == '>' || c == '`' || c == '{' || c == '}' ||
                   c == '|' || c == '^') {
            rc = buf_printf(b, "%%%02X", c);
        } else if (c == '\\') {
            /* Browsers read a backslash in an http(s) path as '/'. */
            rc = buf_addc(b, '/');
        } else {
            rc = buf_addc(b, (char)c);
        }
    }
    if (rc == W_OK && b->n > URL_MAX)
        rc = W_TOOBIG;
    if (rc == W_OK && !b->p)
        rc = buf_add(b, "", 0);
    return rc;
}

static int scheme_ok(CURLU *h)
{
    char *s = NULL;
    if (curl_url_get(h, CURLUPART_SCHEME, &s, 0) != CURLUE_OK)
        return 0;
    int ok = strcmp(s, "http") == 0 || strcmp(s, "https") == 0;
    curl_free(s);
    return ok;
}

/* Lower-case the host, drop a trailing dot and the credentials. */
static int fix_authority(CURLU *h)
{
    char *host = NULL;
    CURLUcode uc = curl_url_get(h, CURLUPART_HOST, &host, 0);
    if (uc != CURLUE_OK)
        return map_cerr(uc);
    size_t n = strlen(host);
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)host[i] >= 0x80)
            ascii = 0;
    if (!ascii) {
        /* An IDN host written in Unicode. curl 7.88 converts it with
         * libidn2 in the current locale and leaks memory on every
         * failure, which a hostile feed could repeat at will, so we do
         * not ask: such URLs are refused, and a configuration writes the
         * xn-- (punycode) form, which is plain ASCII. */
        curl_free(host);
        return W_PARSE;
    }
    for (size_t i = 0; i < n; i++)
        host[i] = (char)lower((unsigned char)host[i]);
    while (n > 1 && host[n - 1] == '.')
        host[--n] = '\0';
    if (n == 0) {
        curl_free(host);
        return W_PARSE;
    }
    uc = curl_url_set(h, CURLUPART_HOST, host, 0);
    curl_free(host);
    if (uc != CURLUE_OK)
        return map_cerr(uc);
    curl_url_set(h, CURLUPART_USER, NULL, 0);
    curl_url_set(h, CURLUPART_PASSWORD, NULL, 0);
    curl_url_set(h, CURLUPART_OPTIONS, NULL, 0);
    return W_OK;
}

/* Parse an absolute http(s) URL (after cleaning) into a new handle. */
static int parse_abs(const char *in, CURLU **out)
{
    *out = NULL;
    if (!in)
        return W_PARSE;
    struct buf b;
    buf_init(&b, URL_MAX + 1);
    int rc = preclean(in, &b);
    CURLU *h = NULL;
    if (rc)
        goto out;
    h = curl_url();
    if (!h) {
        rc = W_NOMEM;
        goto out;
    }
    CURLUcode uc = curl_url_set(h, CURLUPART_URL, b.p, 0);
    if (uc != CURLUE_OK) {
        rc = map_cerr(uc);
        goto out;
    }
    if (!scheme_ok(h)) {
        rc = W_PARSE;
        goto out;
    }
    rc = fix_authority(h);
out:
    buf_cleanup(&b);
    if (rc) {
        curl_url_cleanup(h);
        h = NULL;
    }
    *out = h;
    return rc;
}

static int is_tracker(const char *name, size_t n)
{
    if (n >= 4 && strncmp(name, "utm_", 4) == 0)
        return 1;
    for (size_t i = 0; trackers[i]; i++)
        if (strlen(trackers[i]) == n && memcmp(trackers[i], name, n) == 0)
            return 1;
    return 0;
}

/*
 * The query without tracking parameters and empty pieces, into q (empty
 * when none remain), and removed from h. We put it back as text rather
 * than with curl_url_set, which would rewrite its escapes in lower case
 * and undo the normalisation done before parsing.
 */
static int take_query(CURLU *h, struct buf *q)
{
    char *raw = NULL;
    CURLUcode uc = curl_url_get(h, CURLUPART_QUERY, &raw, 0);
    if (uc == CURLUE_NO_QUERY)
        return W_OK;
    if (uc != CURLUE_OK)
        return map_cerr(uc);
    int rc = W_OK;
    const char *p = raw;
    while (rc == W_OK && *p) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t name_len = eq ? (size_t)(eq - p) : len;
        if (len > 0 && !is_tracker(p, name_len)) {
            if (q->n)
                rc = buf_addc(q, '&');
            if (rc == W_OK)
                rc = buf_add(q, p, len);
        }
        p += len;
        if (*p == '&')
            p++;
    }
    curl_free(raw);
    if (rc == W_OK) {
        uc = curl_url_set(h, CURLUPART_QUERY, NULL, 0);
        if (uc != CURLUE_OK)
            rc = map_cerr(uc);
    }
    return rc;
}

static int copy_out(const char *s, char *out, size_t outsz)
{
    size_t n = strlen(s);
    if (n > URL_MAX || n + 1 > outsz)
        return W_TOOBIG;
    memcpy(out, s, n + 1);
    return W_OK;
}

int url_canonical(const char *in, char *out, size_t outsz)
{
    if (outsz)
        out[0] = '\0';
    CURLU *h = NULL;
    char *s = NULL;
    struct buf q;
    buf_init(&q, URL_MAX + 1);
    int rc = parse_abs(in, &h);
    if (rc)
        goto out;
    curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
    rc = take_query(h, &q);
    if (rc)
        goto out;
    CURLUcode uc = curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT);
    if (uc != CURLUE_OK) {
        rc = map_cerr(uc);
        goto out;
    }
    size_t sl = strlen(s);
    if (sl + (q.n ? q.n + 1 : 0) > URL_MAX ||
        sl + (q.n ? q.n + 1 : 0) + 1 > outsz) {
        rc = W_TOOBIG;
        goto out;
    }
    memcpy(out, s, sl + 1);
    if (q.n) {
        out[sl] = '?';
        memcpy(out + sl + 1, q.p, q.n + 1);
    }
out:
    curl_free(s);
    curl_url_cleanup(h);
    buf_cleanup(&q);
    if (rc && outsz)
        out[0] = '\0';
    return rc;
}

char *url_resolve(const char *base, const char *ref)
{
    if (!ref)
        return NULL;
    CURLU *h = NULL;
    char *s = NULL;
    char *res = NULL;
    struct buf b;
    buf_init(&b, URL_MAX + 1);
    if (base) {
        if (parse_abs(base, &h))
            goto out;
    } else {
        h = curl_url();
        if (!h)
            goto out;
    }
    if (preclean(ref, &b))
        goto out;
    /* An empty or fragment-only reference is the base document itself
     * (curl 7.88 resolves "#x" to the base's directory). */
    if (b.n && b.p[0] != '#' &&
        curl_url_set(h, CURLUPART_URL, b.p, 0) != CURLUE_OK)
        goto out;
    if (!scheme_ok(h) || fix_authority(h))
        goto out;
    curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
    if (curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT) !=
        CURLUE_OK)
        goto out;
    if (strlen(s) <= URL_MAX)
        res = w_strdup(s);
out:
    curl_free(s);
    curl_url_cleanup(h);
    buf_cleanup(&b);
    return res;
}

int url_host(const char *url, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    CURLU *h = NULL;
    char *host = NULL;
    int rc = parse_abs(url, &h);
    if (rc)
        goto out;
    CURLUcode uc = curl_url_get(h, CURLUPART_HOST, &host, 0);
    if (uc != CURLUE_OK) {
        rc = map_cerr(uc);
        goto out;
    }
    const char *p = host;
    size_t len = strlen(p);
    if (len >= 2 && p[0] == '[' && p[len - 1] == ']') {
        p++;
        len -= 2;
    }
    if (len + 1 > n) {
        rc = W_TOOBIG;
        goto out;
    }
    memcpy(buf, p, len);
    buf[len] = '\0';
out:
    curl_free(host);
    curl_url_cleanup(h);
    return rc;
}

int url_path_query(const char *url, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    CURLU *h = NULL;
    char *path = NULL;
    char *query = NULL;
    int rc = parse_abs(url, &h);
    if (rc)
        goto out;
    CURLUcode uc = curl_url_get(h, CURLUPART_PATH, &path, 0);
    if (uc != CURLUE_OK) {
        rc = map_cerr(uc);
        goto out;
    }
    uc = curl_url_get(h, CURLUPART_QUERY, &query, 0);
    if (uc != CURLUE_OK && uc != CURLUE_NO_QUERY) {
        rc = map_cerr(uc);
        goto out;
    }
    const char *p = *path ? path : "/";
    size_t pl = strlen(p);
    size_t ql = query ? strlen(query) + 1 : 0;
    if (pl + ql + 1 > n) {
        rc = W_TOOBIG;
        goto out;
    }
    memcpy(buf, p, pl);
    if (query) {
        buf[pl] = '?';
        memcpy(buf + pl + 1, query, ql - 1);
    }
    buf[pl + ql] = '\0';
out:
    curl_free(path);
    curl_free(query);
    curl_url_cleanup(h);
    return rc;
}

int url_robots_txt(const char *url, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    CURLU *h = NULL;
    char *s = NULL;
    int rc = parse_abs(url, &h);
    if (rc)
        goto out;
    CURLUcode uc = curl_url_set(h, CURLUPART_PATH, "/robots.txt", 0);
    if (uc == CURLUE_OK)
        uc = curl_url_set(h, CURLUPART_QUERY, NULL, 0);
    if (uc == CURLUE_OK)
        uc = curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
    if (uc == CURLUE_OK)
        uc = curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT);
    if (uc != CURLUE_OK) {
        rc = map_cerr(uc);
        goto out;
    }
    rc = copy_out(s, buf, n);
out:
    curl_free(s);
    curl_url_cleanup(h);
    return rc;
}

int url_is_http(const char *url)
{
    CURLU *h = NULL;
    if (parse_abs(url, &h))
        return 0;
    curl_url_cleanup(h);
    return 1;
}

/* a.b.c.d as a host-order number. */
static int private_v4(uint32_t a)
{
    static const struct {
        uint32_t net, mask;
    } nets[] = {
        {0x00000000u, 0xff000000u}, /* 0.0.0.0/8 "this network" */
        {0x0a000000u, 0xff000000u}, /* 10/8 */
        {0x64400000u, 0xffc00000u}, /* 100.64/10 CGNAT */
        {0x7f000000u, 0xff000000u}, /* 127/8 loopback */
        {0xa9fe0000u, 0xffff0000u}, /* 169.254/16 link-local, metadata */
        {0xac100000u, 0xfff00000u}, /* 172.16/12 */
        {0xc0000000u, 0xffffff00u}, /* 192.0.0/24 IETF protocol */
        {0xc0a80000u, 0xffff0000u}, /* 192.168/16 */
        {0xc6120000u, 0xfffe0000u}, /* 198.18/15 benchmarking */
        {0xe0000000u, 0xf0000000u}, /* 224/4 multicast */
        {0xf0000000u, 0xf0000000u}, /* 240/4 reserved, broadcast */
    };
    for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++)
        if ((a & nets[i].mask) == nets[i].net)
            return 1;
    return 0;
}

static int private_v6(const unsigned char *b)
{
    static const unsigned char zero[16] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b};
    if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))
        return 1; /* :: and ::1 */
    if ((b[0] & 0xfe) == 0xfc)
        return 1; /* fc00::/7 unique local */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return 1; /* fe80::/10 link-local */
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        return 1; /* fec0::/10 old site-local */
    if (b[0] == 0xff)
        return 1; /* multicast */
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0 ||
        memcmp(b, nat64, 12) == 0) {
        uint32_t a = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
                     (uint32_t)b[14] << 8 | b[15];
        return private_v4(a);
    }
    return 0;
}

int url_is_private_host(const char *host)
{
    if (!host || !*host)
        return 1;
    char h[256];
    size_t n = strlen(host);
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host++;
        n -= 2;
    }
    if (n >= sizeof h)
        return 0; /* too long for an address literal: a name */
    for (size_t i = 0; i < n; i++)
        h[i] = (char)lower((unsigned char)host[i]);
    h[n] = '\0';
    while (n > 1 && h[n - 1] == '.')
        h[--n] = '\0';
    /* Zone ids ("fe80::1%eth0") only exist on link-local addresses. */
    char *zone = strchr(h, '%');
    if (zone)
        *zone = '\0';
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET6, h, &a6) == 1)
        return private_v6(a6.s6_addr);
    if (inet_aton(h, &a4) == 1)
        return private_v4(ntohl(a4.s_addr));
    if (strcmp(h, "localhost") == 0)
        return 1;
    if (n > 10 && strcmp(h + n - 10, ".localhost") == 0)
        return 1;
    return 0;
}

int url_is_private_addr(const struct sockaddr *sa, socklen_t len)
{
    if (!sa)
        return 1;
    if (sa->sa_family == AF_INET &&
        len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        return private_v4(ntohl(s4->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6 &&
        len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        return private_v6(s6->sin6_addr.s6_addr);
    }
    return 1;
}
