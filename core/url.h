/* SPDX-License-Identifier: MIT */
/*
 * URLs: canonical form, resolution, host extraction and the private-address
 * policy. Parsing is libcurl's URL API (curl_url), the same parser that
 * later fetches the URL, so what we store as an article's identity is what
 * curl would request. On top of curl's normalisation (scheme and default
 * ports, dot-segments, encoding of spaces and non-ASCII bytes) we lower
 * the host, drop the fragment, known tracking parameters and an empty
 * query, and normalise percent-escapes per RFC 3986 6.2.2 (upper-case hex,
 * unreserved characters decoded). Only http and https are accepted.
 *
 * The private-address checks keep a hostile page or redirect from turning
 * the crawler against an internal network: the fetch engine checks every
 * address after DNS (CURLOPT_OPENSOCKETFUNCTION) with url_is_private_addr,
 * and literal hosts up front with url_is_private_host.
 */
#ifndef WARTA_URL_H
#define WARTA_URL_H
#include <stddef.h>
#include <sys/socket.h>

#define URL_MAX 4096 /* longest URL we store or fetch, in bytes */

/*
 * Canonical form of an absolute http(s) URL into out (NUL-ended):
 * scheme and host in lower case, default port
 * dropped, user:password dropped, fragment dropped, dot-segments
 * resolved, empty path as "/", tracking parameters (utm_*, fbclid,
 * gclid, dclid, gbraid, wbraid, msclkid, yclid, mc_cid, mc_eid, _ga, _gl,
 * igshid, _hsenc, _hsmi) removed, an empty query removed, percent-escapes
 * normalised. The order of the remaining parameters is kept (some sites
 * care about it). Hosts must be ASCII: an IDN host is accepted in its
 * xn-- form and refused in Unicode (libcurl's conversion leaks on
 * failure). Returns W_OK, W_PARSE (not a URL, or not http/https),
 * W_TOOBIG (result longer than outsz - 1 or URL_MAX), W_NOMEM. out is ""
 * on error.
 */
int url_canonical(const char *in, char *out, size_t outsz);

/*
 * ref resolved against the absolute URL base (ref may itself be
 * absolute; base may be NULL then). The fragment is dropped, otherwise
 * the result is as curl normalises it (call url_canonical for identity).
 * Returns a w_malloc'd string the caller frees, or NULL when the result
 * is not an http(s) URL, is longer than URL_MAX, or memory ran out.
 */
char *url_resolve(const char *base, const char *ref);

/*
 * Host of an http(s) URL into buf: lower case, no port, no trailing dot,
 * IPv6 literals without brackets ("::1"). Returns W_OK, W_PARSE, W_TOOBIG
 * (buf too small), W_NOMEM.
 */
int url_host(const char *url, char *buf, size_t n);

/* Path and query of an http(s) URL ("/a/b?x=1"; "/" at least) into buf,
 * for robots_allowed(). Returns W_OK, W_PARSE, W_TOOBIG, W_NOMEM. */
int url_path_query(const char *url, char *buf, size_t n);

/* The robots.txt URL of url's origin ("https://host[:port]/robots.txt")
 * into buf; the origin (same string without "/robots.txt") is the key
 * robots.txt is cached under. Returns W_OK, W_PARSE, W_TOOBIG, W_NOMEM. */
int url_robots_txt(const char *url, char *buf, size_t n);

/* Is url an absolute http or https URL curl can parse? 1 or 0. */
int url_is_http(const char *url);

/*
 * Does a host name or literal address belong to a private network?
 * 1 for: IPv4 0.0.0.0/8, 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16
 * (link-local and the cloud metadata address 169.254.169.254), 172.16/12,
 * 192.168/16, 192.0.0/24, 198.18/15, 224/4 (multicast), 240/4 (reserved,
 * broadcast); IPv6 ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8,
 * and IPv4 addresses embedded as ::ffff:a.b.c.d, ::a.b.c.d or
 * 64:ff9b::a.b.c.d checked as IPv4; the names "localhost" and
 * "*.localhost". Literal IPv4 forms inet_aton accepts ("127.1",
 * "0x7f.0.0.1", "2130706433") count as addresses. Brackets around an
 * IPv6 literal are allowed. 0 for any other name (DNS decides: check the
 * resolved addresses with url_is_private_addr).
 */
int url_is_private_host(const char *host);

/* Same for a resolved socket address (AF_INET or AF_INET6; any other
 * family counts as private, i.e. refused). len is its size. 1 or 0. */
int url_is_private_addr(const struct sockaddr *sa, socklen_t len);
/* Value of a hex digit, or -1. Used by url.c and robots.c to normalise
 * percent-encoding. */
int url_hexval(int c);
/* Is c an RFC 3986 unreserved character (left unescaped when normal)? */
int url_is_unreserved(int c);
#endif
