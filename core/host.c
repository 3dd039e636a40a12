/* SPDX-License-Identifier: MIT */
/*
 * The host table handed to plugins. Most members are the owning module's
 * function itself (dom.c, meta.c, readable.c, clean.c, record.c, links.c);
 * the rest adapt a core API to the page arena, so that a plugin never
 * frees anything and cannot leak across pages.
 */
#include "config.h"
#include "host.h"
#include "clean.h"
#include "dates.h"
#include "dom.h"
#include "feed.h"
#include "links.h"
#include "log.h"
#include "mem.h"
#include "meta.h"
#include "page.h"
#include "readable.h"
#include "record.h"
#include "url.h"
#include <stdio.h>
#include <string.h>

static struct arena *page_arena(const struct warta_page *pg)
{
    return &pg->core->arena;
}

static void host_log(const struct warta_page *pg, int level, const char *fmt,
                     ...)
{
    char prefix[600];
    const char *name = pg && pg->core && pg->core->plugin ? pg->core->plugin
                                                          : "?";
    snprintf(prefix, sizeof prefix, "[plugin:%s] %s: ", name,
             pg && pg->url ? pg->url : "-");
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, prefix, fmt, ap);
    va_end(ap);
}

static void *host_alloc(const struct warta_page *pg, size_t n)
{
    return arena_alloc(page_arena(pg), n);
}

static char *host_strdup(const struct warta_page *pg, const char *s)
{
    return arena_strdup(page_arena(pg), s);
}

static char *host_strndup(const struct warta_page *pg, const char *s,
                          size_t n)
{
    return arena_strndup(page_arena(pg), s, n);
}

static char *host_printf(const struct warta_page *pg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(page_arena(pg), fmt, ap);
    va_end(ap);
    return s;
}

static char *host_parse_date(const struct warta_page *pg, const char *s)
{
    char iso[64];
    if (!s || date_normalise(s, iso, sizeof iso) != W_OK)
        return NULL;
    return arena_strdup(page_arena(pg), iso);
}

static char *host_resolve_url(const struct warta_page *pg, const char *ref)
{
    if (!ref)
        return NULL;
    char *abs = pg->url ? url_resolve(pg->url, ref) : NULL;
    if (!abs)
        return url_is_http(ref) ? arena_strdup(page_arena(pg), ref) : NULL;
    char *copy = arena_strdup(page_arena(pg), abs);
    w_free(abs);
    return copy;
}

static int host_warn(struct warta_record *rec, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return record_set(rec, WARTA_F_WARNINGS, msg);
}

static int feed_cb(void *ud, enum warta_link_kind kind, const char *url,
                   const char *published, const char *title)
{
    (void)title;
    int rc = links_add(ud, kind, url, published);
    /* One bad URL in a feed must not lose the others. */
    return rc == W_PARSE ? W_OK : rc;
}

static int host_feed_links(const struct warta_page *pg,
                           struct warta_links *out)
{
    struct feed_opts opts = {.encoding = "UTF-8"};
    return feed_parse_opts(pg->body, pg->len, &opts, feed_cb, out);
}

static int host_set_body(const struct warta_page *pg,
                         struct warta_record *rec, const GumboNode *body)
{
    if (!body)
        body = readable_guess(pg);
    const char *raw = body ? dom_text(pg, body) : "";
    const char *text = raw ? clean_text(pg, raw, WARTA_CLEAN_ALL, rec) : NULL;
    if (!text)
        return W_NOMEM;
    int rc = record_set(rec, WARTA_F_TEXT, text);
    if (rc)
        return rc;
    /* Drift: a redesign shows up as these warnings, counted per source
     * by the daemon. */
    if (!record_get(rec, WARTA_F_TITLE))
        rc = record_warn(rec, "no title found");
    if (!rc && !record_get(rec, WARTA_F_PUBLISHED))
        rc = record_warn(rec, "no publication date found");
    if (!rc && strlen(text) < 200)
        rc = record_warn(rec, "body too short (%zu bytes)", strlen(text));
    return rc == W_TOOBIG ? W_OK : rc; /* a full warnings list is fine */
}

static int host_month_archives(struct warta_links *out,
                               const struct warta_range *range,
                               const char *prefix, const char *suffix)
{
    int fy, fm, ty, tm;
    if (!range->from || !range->to ||
        sscanf(range->from, "%4d-%2d", &fy, &fm) != 2 ||
        sscanf(range->to, "%4d-%2d", &ty, &tm) != 2 || fm < 1 || fm > 12 ||
        tm < 1 || tm > 12)
        return W_PARSE;
    int count = 0;
    for (int y = ty, m = tm; y * 12 + m >= fy * 12 + fm; m--) {
        if (m == 0) {
            m = 12;
            y--;
        }
        if (++count > 600)
            return W_TOOBIG; /* fifty years of months */
        char url[1024];
        snprintf(url, sizeof url, "%s%04d/%02d%s", prefix, y, m,
                 suffix ? suffix : "");
        int rc = links_add(out, WARTA_LINK_INDEX, url, NULL);
        if (rc)
            return rc;
    }
    return W_OK;
}

static const struct warta_host table = {
    .size = sizeof(struct warta_host),
    .abi = WARTA_PLUGIN_ABI,
    .log = host_log,
    .alloc = host_alloc,
    .strdup = host_strdup,
    .strndup = host_strndup,
    .printf = host_printf,
    .select_one = dom_select_one,
    .select_all = dom_select_all,
    .attr = dom_attr,
    .drop = dom_drop,
    .text = dom_text,
    .line = dom_line,
    .read_meta = meta_read,
    .guess_body = readable_guess,
    .clean_text = clean_text,
    .parse_date = host_parse_date,
    .resolve_url = host_resolve_url,
    .set = record_set,
    .get = record_get,
    .warn = host_warn,
    .add_link = links_add,
    .set_next = links_set_next,
    .feed_links = host_feed_links,
    .set_body = host_set_body,
    .month_archives = host_month_archives,
};

const struct warta_host *host_table(void) { return &table; }
