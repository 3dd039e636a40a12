/* SPDX-License-Identifier: MIT */
/*
 * robots.txt (RFC 9309). The file is read once per origin and reduced to
 * what concerns us: two rule lists are collected in one pass, the rules
 * of groups naming our product token and those of "*" groups, and the
 * first is kept when any group named us (even one without rules), else
 * the second. Patterns and paths are put in one percent-encoding form
 * before comparison (unreserved characters decoded, other escapes in
 * upper case, raw non-ASCII bytes escaped), and matching is the classic
 * greedy glob with one backtrack point, O(pattern × path) at worst; a
 * step budget per decision keeps a hostile file from costing more than
 * a few milliseconds (past it the answer is "disallowed").
 */
#include "config.h"
#include "robots.h"
#include "mem.h"
#include "url.h"
#include "warta/plugin.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_MAX 64
#define MATCH_BUDGET 20000000UL /* character comparisons per decision */

struct robots_rule {
    char *pat;  /* normalised pattern, '*' runs collapsed */
    size_t len; /* its length: the rule's priority */
    int allow;
};

struct rule_list {
    struct robots_rule *v;
    size_t n, cap;
    double delay; /* largest Crawl-delay of the groups, -1 none */
    int matched;  /* a group was addressed to this list's agent */
};

struct robots {
    int policy; /* -1: use the rules; 1 allow all; 0 disallow all */
    struct rule_list rules;
    char **sitemaps;
    size_t n_sitemaps, cap_sitemaps;
};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int is_token_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Leading product-token characters of s, lower case, into tok. */
static void product_token(const char *s, size_t n, char *tok)
{
    size_t i = 0;
    while (i < n && i < TOKEN_MAX - 1 && is_token_char((unsigned char)s[i])) {
        tok[i] = (char)lower((unsigned char)s[i]);
        i++;
    }
    tok[i] = '\0';
}

/*
 * One percent-encoding form for patterns and paths into out (which has
 * room for 3 * n + 1 bytes). In a pattern ('pattern' set) runs of '*'
 * become one. Returns the length written.
 */
static size_t normalise(const char *s, size_t n, char *out, int pattern)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && url_hexval(s[i + 1]) >= 0 &&
            url_hexval(s[i + 2]) >= 0) {
            int v = url_hexval(s[i + 1]) * 16 + url_hexval(s[i + 2]);
            if (url_is_unreserved(v)) {
                out[o++] = (char)v;
            } else {
                out[o++] = '%';
                out[o++] = hex[v >> 4];
                out[o++] = hex[v & 15];
            }
            i += 2;
        } else if (c <= ' ' || c >= 0x7f) {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else if (pattern && c == '*' && o && out[o - 1] == '*') {
            continue;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return o;
}

/*
 * Does pattern p (with '*' wildcards and an optional final '$') match
 * the start of s (all of s with '$')? Greedy matching that backtracks to
 * the last '*' only, which is enough for '*'-only globs. *budget counts
 * down comparisons; at zero the answer is -1 ("unknown").
 */
static int match(const char *p, size_t pn, const char *s, size_t sn,
                 unsigned long *budget)
{
    int anchored = pn > 0 && p[pn - 1] == '$';
    if (anchored)
        pn--;
    size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
    while (si < sn) {
        if (*budget == 0)
            return -1;
        (*budget)--;
        if (pi < pn && p[pi] == '*') {
            star_p = pi++;
            star_s = si;
        } else if (pi < pn && p[pi] == s[si]) {
            pi++;
            si++;
        } else if (pi == pn && !anchored) {
            return 1; /* the pattern matched a prefix */
        } else if (star_p != SIZE_MAX) {
            pi = star_p + 1;
            si = ++star_s;
        } else {
            return 0;
        }
    }
    while (pi < pn && p[pi] == '*')
        pi++;
    return pi == pn;
}

static void list_cleanup(struct rule_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        w_free(l->v[i].pat);
    W_FREE(l->v);
    l->n = l->cap = 0;
}

static int list_add(struct rule_list *l, const char *val, size_t n,
                    int allow)
{
    if (l->n >= ROBOTS_MAX_RULES)
        return W_OK; /* keep the first ones; the file is abusive */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct robots_rule *v = w_realloc(l->v, cap * sizeof *v);
        if (!v)
            return W_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    /* A pattern must start with '/' or '*'; "private/" is read as
     * "/private/", the stricter reading. */
    int slash = val[0] != '/' && val[0] != '*';
    char *pat = w_malloc(3 * n + 2);
    if (!pat)
        return W_NOMEM;
    size_t len = 0;
    if (slash)
        pat[len++] = '/';
    len += normalise(val, n, pat + len, 1);
    l->v[l->n].pat = pat;
    l->v[l->n].len = len;
    l->v[l->n].allow = allow;
    l->n++;
    return W_OK;
}

static int add_sitemap(struct robots *r, const char *val, size_t n)
{
    if (r->n_sitemaps >= ROBOTS_MAX_SITEMAPS)
        return W_OK;
    if (r->n_sitemaps == r->cap_sitemaps) {
        size_t cap = r->cap_sitemaps ? r->cap_sitemaps * 2 : 4;
        char **v = w_realloc(r->sitemaps, cap * sizeof *v);
        if (!v)
            return W_NOMEM;
        r->sitemaps = v;
        r->cap_sitemaps = cap;
    }
    char *s = w_strndup(val, n);
    if (!s)
        return W_NOMEM;
    r->sitemaps[r->n_sitemaps++] = s;
    return W_OK;
}

enum key {
    K_OTHER,
    K_AGENT,
    K_ALLOW,
    K_DISALLOW,
    K_DELAY,
    K_SITEMAP,
};

/* Field names, with the misspellings real files use. */
static enum key key_of(const char *k, size_t n)
{
    static const struct {
        const char *name;
        enum key key;
    } keys[] = {
        {"user-agent", K_AGENT}, {"useragent", K_AGENT},
        {"user agent", K_AGENT}, {"allow", K_ALLOW},
        {"disallow", K_DISALLOW}, {"dissallow", K_DISALLOW},
        {"disalow", K_DISALLOW}, {"crawl-delay", K_DELAY},
        {"crawldelay", K_DELAY}, {"sitemap", K_SITEMAP},
    };
    char low[16];
    if (n >= sizeof low)
        return K_OTHER;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)lower((unsigned char)k[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(low, keys[i].name) == 0)
            return keys[i].key;
    return K_OTHER;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static void set_delay(struct rule_list *l, const char *val, size_t n)
{
    char tmp[32];
    if (n == 0 || n >= sizeof tmp)
        return;
    memcpy(tmp, val, n);
    tmp[n] = '\0';
    char *end = NULL;
    double d = strtod(tmp, &end);
    if (end == tmp || *end != '\0' || !isfinite(d) || d < 0)
        return;
    if (d > l->delay)
        l->delay = d;
}

/* The parser's state across lines. */
struct parse_state {
    char token[TOKEN_MAX];
    int in_agents;         /* the previous field was a user-agent line */
    int group_mine, group_star; /* the current group applies to ... */
    struct rule_list mine, star;
};

static int parse_line(struct robots *r, struct parse_state *ps,
                      const char *line, size_t n)
{
    const char *hash = memchr(line, '#', n);
    if (hash)
        n = (size_t)(hash - line);
    const char *colon = memchr(line, ':', n);
    if (!colon)
        return W_OK;
    const char *k = line;
    size_t kn = (size_t)(colon - line);
    const char *v = colon + 1;
    size_t vn = n - kn - 1;
    trim(&k, &kn);
    trim(&v, &vn);
    enum key key = key_of(k, kn);
    switch (key) {
    case K_AGENT: {
        if (!ps->in_agents) {
            ps->group_mine = ps->group_star = 0;
            ps->in_agents = 1;
        }
        char tok[TOKEN_MAX];
        product_token(v, vn, tok);
        if (vn == 1 && v[0] == '*') {
            ps->group_star = 1;
            ps->star.matched = 1;
        } else if (tok[0] && strcmp(tok, ps->token) == 0) {
            ps->group_mine = 1;
            ps->mine.matched = 1;
        }
        return W_OK;
    }
    case K_ALLOW:
    case K_DISALLOW: {
        ps->in_agents = 0;
        if (vn == 0) /* "Disallow:" alone allows everything: no rule */
            return W_OK;
        int allow = key == K_ALLOW;
        int rc = W_OK;
        if (ps->group_mine)
            rc = list_add(&ps->mine, v, vn, allow);
        if (rc == W_OK && ps->group_star)
            rc = list_add(&ps->star, v, vn, allow);
        return rc;
    }
    case K_DELAY:
        ps->in_agents = 0;
        if (ps->group_mine)
            set_delay(&ps->mine, v, vn);
        if (ps->group_star)
            set_delay(&ps->star, v, vn);
        return W_OK;
    case K_SITEMAP:
        /* Not part of any group: does not end a run of user-agents. */
        return vn ? add_sitemap(r, v, vn) : W_OK;
    case K_OTHER:
        return W_OK;
    }
    return W_OK;
}

int robots_parse(const char *txt, size_t n, const char *agent,
                 struct robots **out)
{
    *out = NULL;
    struct robots *r = w_calloc(1, sizeof *r);
    if (!r)
        return W_NOMEM;
    r->policy = -1;
    struct parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.mine.delay = ps.star.delay = -1;
    product_token(agent ? agent : "", agent ? strlen(agent) : 0, ps.token);
    if (!txt)
        n = 0;
    if (n > ROBOTS_MAX_BYTES)
        n = ROBOTS_MAX_BYTES;
    size_t i = 0;
    if (n >= 3 && memcmp(txt, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    int rc = W_OK;
    while (rc == W_OK && i < n) {
        size_t start = i;
        while (i < n && txt[i] != '\n' && txt[i] != '\r')
            i++;
        size_t len = i - start;
        if (i < n && txt[i] == '\r') /* CR, LF or CRLF end a line */
            i++;
        if (i < n && txt[i] == '\n')
            i++;
        if (len && len <= ROBOTS_MAX_LINE)
            rc = parse_line(r, &ps, txt + start, len);
    }
    if (rc) {
        list_cleanup(&ps.mine);
        list_cleanup(&ps.star);
        robots_free(r);
        return rc;
    }
    if (ps.mine.matched) {
        r->rules = ps.mine;
        list_cleanup(&ps.star);
    } else {
        r->rules = ps.star;
        list_cleanup(&ps.mine);
    }
    *out = r;
    return W_OK;
}

int robots_new_policy(int allow, struct robots **out)
{
    *out = w_calloc(1, sizeof **out);
    if (!*out)
        return W_NOMEM;
    (*out)->policy = allow ? 1 : 0;
    (*out)->rules.delay = -1;
    return W_OK;
}

int robots_allowed(const struct robots *r, const char *path_and_query)
{
    const char *p = path_and_query && *path_and_query ? path_and_query : "/";
    if (strcmp(p, "/robots.txt") == 0)
        return 1;
    if (!r)
        return 1;
    if (r->policy >= 0)
        return r->policy;
    if (r->rules.n == 0)
        return 1;
    size_t n = strlen(p);
    if (n > 8192)
        n = 8192; /* longer than any URL we fetch: compare a prefix */
    char *norm = w_malloc(3 * n + 1);
    if (!norm)
        return 0; /* cannot decide: the polite answer */
    size_t nn = normalise(p, n, norm, 0);
    unsigned long budget = MATCH_BUDGET;
    size_t best_allow = 0, best_dis = 0;
    int any_allow = 0, any_dis = 0, result = 1;
    for (size_t i = 0; i < r->rules.n; i++) {
        const struct robots_rule *rule = &r->rules.v[i];
        size_t *best = rule->allow ? &best_allow : &best_dis;
        int *any = rule->allow ? &any_allow : &any_dis;
        if (*any && rule->len <= *best)
            continue; /* cannot beat what already matched */
        int m = match(rule->pat, rule->len, norm, nn, &budget);
        if (m < 0) {
            result = 0;
            goto out;
        }
        if (m) {
            *any = 1;
            *best = rule->len;
        }
    }
    result = !any_dis || (any_allow && best_allow >= best_dis);
out:
    w_free(norm);
    return result;
}

double robots_crawl_delay(const struct robots *r)
{
    return r ? r->rules.delay : -1;
}

size_t robots_sitemaps(const struct robots *r, const char *const **out)
{
    if (!r || r->n_sitemaps == 0) {
        *out = NULL;
        return 0;
    }
    *out = (const char *const *)r->sitemaps;
    return r->n_sitemaps;
}

size_t robots_rule_count(const struct robots *r) { return r ? r->rules.n : 0; }

void robots_free(struct robots *r)
{
    if (!r)
        return;
    list_cleanup(&r->rules);
    for (size_t i = 0; i < r->n_sitemaps; i++)
        w_free(r->sitemaps[i]);
    w_free(r->sitemaps);
    w_free(r);
}

enum robots_policy robots_policy_for_status(long status)
{
    if (status >= 200 && status < 300)
        return ROBOTS_PARSE;
    if (status == 429)
        return ROBOTS_DISALLOW_ALL;
    if (status >= 300 && status < 500)
        return ROBOTS_ALLOW_ALL;
    return ROBOTS_DISALLOW_ALL;
}
