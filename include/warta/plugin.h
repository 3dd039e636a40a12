/* SPDX-License-Identifier: MIT */
/*
 * The warta outlet-plugin ABI: the only header a plugin includes.
 *
 * A plugin is a shared object that exports one const descriptor named
 * `warta_plugin` (use the WARTA_PLUGIN() macro). The core dlopen()s it,
 * checks `abi`, `build_sig`, `dom_sig` and `size`, and refuses a mismatch
 * with a sentence naming the file. Core services reach the plugin through
 * the `struct warta_host` table passed to init(), never through linked
 * symbols, so a plugin has no undefined references into the daemon.
 *
 * Growth is append-only: new members go at the end of struct warta_plugin
 * and struct warta_host, gated by their `size` members. Renaming,
 * reordering or retyping a member bumps WARTA_PLUGIN_ABI.
 *
 * Ownership: everything handed to a hook is borrowed for that call. Memory
 * a plugin needs while handling a page comes from the page's arena
 * (host->alloc, host->strdup, ...) and is freed by the core afterwards;
 * record setters copy their argument. Plugins never call free().
 */
#ifndef WARTA_PLUGIN_H
#define WARTA_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <gumbo.h>

/* POSIX <unistd.h> defines W_OK (= 2, for access()) as a macro, which
 * would turn the W_OK below into 2 in every file that included it later,
 * or break the enum in files that included it first. Including it here,
 * once, and removing the macro makes the order irrelevant: the header's
 * include guard keeps later inclusions from defining it again. Use
 * access(path, 2) if you ever need the POSIX meaning. */
#undef W_OK

#ifdef __cplusplus
extern "C" {
#endif

#define WARTA_PLUGIN_ABI 1
#define WARTA_PLUGIN_SYM "warta_plugin"

#define WARTA_STR_(x) #x
#define WARTA_STR(x) WARTA_STR_(x)
/* Binary compatibility beyond the ABI number: type sizes of the compiler. */
#define WARTA_BUILD_SIG                                                        \
    "warta" WARTA_STR(WARTA_PLUGIN_ABI) ":ptr" WARTA_STR(__SIZEOF_POINTER__)  \
    ":size_t" WARTA_STR(__SIZEOF_SIZE_T__) ":long" WARTA_STR(__SIZEOF_LONG__)  \
    ":int" WARTA_STR(__SIZEOF_INT__)
/* Layout of the gumbo structs plugins read: changes when gumbo's do. */
#define WARTA_DOM_SIG                                                          \
    ((uint32_t)(sizeof(GumboNode) << 16 | sizeof(GumboElement) << 8 |         \
                sizeof(GumboOutput)))

/* Return codes: 0 is success, errors are negative. */
enum warta_err {
    W_OK = 0,
    W_ERR = -1,      /* generic failure, see the log */
    W_NOMEM = -2,    /* allocation failed */
    W_AGAIN = -3,    /* temporary, retry later */
    W_DECLINED = -4, /* "not mine": not an article, not my layout */
    W_TOOBIG = -5,   /* a bounded buffer or list reached its limit */
    W_PARSE = -6,    /* malformed input */
    W_CONFIG = -7,   /* bad configuration */
    W_NOTFOUND = -8, /* no such file, key or row */
    W_IO = -9,       /* read/write/network failure */
};

/* Log levels (syslog numbering). */
enum warta_level {
    WARTA_LOG_ERR = 3,
    WARTA_LOG_WARNING = 4,
    WARTA_LOG_NOTICE = 5,
    WARTA_LOG_INFO = 6,
    WARTA_LOG_DEBUG = 7,
};

/* Record fields a plugin may set. Scalars are replaced by set(); lists
 * (AUTHORS, EDITORS, TAGS, WARNINGS) get the value appended. */
enum warta_field {
    WARTA_F_CANONICAL_URL = 0,
    WARTA_F_TITLE,
    WARTA_F_PUBLISHED,    /* ISO 8601 with offset, see host->parse_date */
    WARTA_F_MODIFIED,     /* ISO 8601 with offset; stored, not exported */
    WARTA_F_SECTION,
    WARTA_F_DATELINE,     /* "BANDUNG" */
    WARTA_F_LANG,         /* "id", "en" */
    WARTA_F_TEXT,         /* clean body, paragraphs joined by "\n\n" */
    WARTA_F_CONTINUATION, /* URL of the next page of a split article */
    WARTA_F_AUTHORS,
    WARTA_F_EDITORS,
    WARTA_F_TAGS,
    WARTA_F_WARNINGS,
    WARTA_F__COUNT
};

/* What a discovered link points at. */
enum warta_link_kind {
    WARTA_LINK_ARTICLE = 0, /* an article page: fetch once, parse */
    WARTA_LINK_INDEX = 1,   /* a feed, sitemap, index or archive page */
};

/* Flags for host->clean_text(): each names one family of boilerplate. */
enum warta_clean {
    WARTA_CLEAN_RELATED = 1 << 0,  /* "Baca juga:", "BACA JUGA:", "Related news:" */
    WARTA_CLEAN_CREDITS = 1 << 1,  /* Pewarta/Editor/Translator/Copyright lines
                                    * (names go to AUTHORS/EDITORS) */
    WARTA_CLEAN_ADS = 1 << 2,      /* ADVERTISEMENT, SCROLL TO RESUME CONTENT,
                                    * adsbygoogle residue */
    WARTA_CLEAN_SIGNOFF = 1 << 3,  /* (rls/red), (Arum) (wd), Rls, ***: initials
                                    * and names go to AUTHORS/EDITORS */
    WARTA_CLEAN_DATELINE = 1 << 4, /* "BANDUNG, Prolite – " → DATELINE */
    WARTA_CLEAN_TRAILER = 1 << 5,  /* "Tinggalkan Balasan", "Baca Selanjutnya"
                                    * and everything after them */
    WARTA_CLEAN_ALL = 0x3f,
};

/* A page handed to a hook: borrowed for the call. */
struct warta_page {
    const char *url;          /* URL of the page (for files: given or
                               * canonical link, else "file://PATH") */
    const char *body;         /* page bytes converted to UTF-8, NUL-ended */
    size_t len;               /* bytes in body, without the NUL */
    const GumboOutput *doc;   /* HTML tree; NULL for XML (feeds, sitemaps) */
    const char *content_type; /* from HTTP or sniffed; may be NULL */
    const char *source;       /* configured source name; may be NULL */
    struct warta_page_core *core; /* the core's; opaque to plugins */
};

/* Backfill window handed to the archive hook. */
struct warta_range {
    const char *from;   /* "YYYY-MM-DD", inclusive */
    const char *to;     /* "YYYY-MM-DD", inclusive */
    const char *const *start_urls; /* the source's configured URLs, NULL-ended */
};

/* Plugin options from the config's [source] section: key=value pairs. */
struct warta_kv {
    const char *key;
    const char *value;
};

struct warta_record; /* opaque: use host->set/get/warn */
struct warta_links;  /* opaque: use host->add_link/set_next */

/*
 * Core services. Every allocation made through this table comes from the
 * page's arena (or the links' arena) and lives until the core is done with
 * that page; nothing here needs to be freed by the plugin.
 */
struct warta_host {
    uint32_t size; /* sizeof(struct warta_host) in the running core */
    uint32_t abi;  /* WARTA_PLUGIN_ABI of the running core */

    /* Log with an automatic "[plugin:NAME] URL" prefix. pg may be NULL. */
    void (*log)(const struct warta_page *pg, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

    /* Arena allocation; NULL only when memory is exhausted. */
    void *(*alloc)(const struct warta_page *pg, size_t n);
    char *(*strdup)(const struct warta_page *pg, const char *s);
    char *(*strndup)(const struct warta_page *pg, const char *s, size_t n);
    char *(*printf)(const struct warta_page *pg, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

    /*
     * DOM over pg->doc. Selector subset: `tag`, `*`, `.class`, `#id`,
     * `[attr]`, `[attr=v]`, `[attr*=v]`, `[attr^=v]`, `[attr$=v]`,
     * `[attr~=v]`, `[attr|=v]` (a trailing ` i` folds case), compounds
     * (`div.post-content`),
     * descendant (`a b`), child (`a > b`) and groups (`a, b`). scope NULL
     * means the whole document. Dropped subtrees are never matched.
     * select_one returns the first match in document order or NULL;
     * select_all stores an arena array in *out and returns the count
     * (0 on no match or a malformed selector, which is logged).
     */
    const GumboNode *(*select_one)(const struct warta_page *pg,
                                   const GumboNode *scope, const char *sel);
    size_t (*select_all)(const struct warta_page *pg, const GumboNode *scope,
                         const char *sel, const GumboNode ***out);
    /* Attribute value or NULL. */
    const char *(*attr)(const GumboNode *node, const char *name);
    /* Exclude every subtree matching sel under scope from later selects
     * and text(); returns how many were dropped. */
    size_t (*drop)(const struct warta_page *pg, const GumboNode *scope,
                   const char *sel);
    /* Clean text of a subtree: block elements, <p> and <br><br> make
     * paragraphs joined by "\n\n"; whitespace and &nbsp; folded; script,
     * style, noscript, ins, iframe, template and dropped subtrees left out.
     * Returns "" for an empty subtree, NULL only on exhausted memory. */
    char *(*text)(const struct warta_page *pg, const GumboNode *node);
    /* Same, folded onto one line (titles, dates, bylines). */
    char *(*line)(const struct warta_page *pg, const GumboNode *node);

    /* Fill empty record fields from JSON-LD (NewsArticle/Article),
     * OpenGraph and article:* meta, <time datetime>, <link rel=canonical>,
     * <html lang>; TEXT from a JSON-LD articleBody, as a fallback the
     * plugin overwrites with its own body. Never overwrites a field
     * already set. */
    int (*read_meta)(const struct warta_page *pg, struct warta_record *rec);
    /* The readable-body heuristic: the element most likely to hold the
     * article's paragraphs (text density over the DOM), or NULL (also for
     * index and listing pages). Junk inside it (share bars, captions,
     * related-link boxes, tag lists, the h1) is dropped, as by drop(). */
    const GumboNode *(*guess_body)(const struct warta_page *pg);
    /* Remove the boilerplate families in flags (enum warta_clean) from a
     * body text; names found in credit lines and sign-offs go to rec.
     * Returns the cleaned text (arena) or NULL on exhausted memory. */
    char *(*clean_text)(const struct warta_page *pg, const char *text,
                        unsigned flags, struct warta_record *rec);

    /* Any date form news pages use ("Senin, 15 Mei 2017 18:43 WIB",
     * "23 Maret 2018 09:37 WIB", RFC 822, ISO 8601) to ISO 8601 with its
     * offset (WIB +07:00 when none is given); date-only input gives
     * "YYYY-MM-DD". NULL when s holds no date. */
    char *(*parse_date)(const struct warta_page *pg, const char *s);
    /* ref resolved against pg->url; NULL when it is not an http(s) URL. */
    char *(*resolve_url)(const struct warta_page *pg, const char *ref);

    /* Record access. set() copies v; v NULL clears a scalar. Returns W_OK,
     * W_TOOBIG past the record's bounds, W_NOMEM. */
    int (*set)(struct warta_record *rec, enum warta_field f, const char *v);
    /* Scalar value or NULL; for a list field, its first element or NULL. */
    const char *(*get)(const struct warta_record *rec, enum warta_field f);
    /* Append a drift warning ("no title found"). */
    int (*warn)(struct warta_record *rec, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

    /* Links. url is resolved against the page by the core when relative;
     * published (ISO 8601 or NULL) helps backfill stop at its window. */
    int (*add_link)(struct warta_links *out, enum warta_link_kind kind,
                    const char *url, const char *published);
    int (*set_next)(struct warta_links *out, const char *url);
    /* Parse pg as RSS 2.0, Atom, a sitemap index, a urlset or a Google
     * News sitemap and add its links (sitemap children as INDEX). Returns
     * W_DECLINED when pg is not a feed or sitemap. */
    int (*feed_links)(const struct warta_page *pg, struct warta_links *out);

    /* The end every article parser shares: TEXT = the clean text of body
     * (the readable guess when body is NULL) with every boilerplate family
     * removed (clean_text, WARTA_CLEAN_ALL), then the drift warnings when
     * the record has no title, no publication date or a body under 200
     * bytes. Returns W_OK or W_NOMEM. */
    int (*set_body)(const struct warta_page *pg, struct warta_record *rec,
                    const GumboNode *body);
    /* Backfill over date-archive sites (WordPress /YYYY/MM/): add one
     * INDEX link prefix + "YYYY/MM" + suffix per month of range, newest
     * first. W_PARSE for a malformed range, W_TOOBIG past 600 months. */
    int (*month_archives)(struct warta_links *out,
                          const struct warta_range *range,
                          const char *prefix, const char *suffix);
};

/* The descriptor every plugin exports as `warta_plugin`. */
struct warta_plugin {
    uint32_t abi;          /* WARTA_PLUGIN_ABI the plugin was built with */
    uint32_t size;         /* sizeof(struct warta_plugin) at build time */
    const char *build_sig; /* WARTA_BUILD_SIG */
    uint32_t dom_sig;      /* WARTA_DOM_SIG */
    const char *name;      /* unique, [a-z0-9_] */
    const char *version;   /* the plugin's own version */
    const char *description;
    const char *const *hosts; /* NULL-ended: "antaranews.com",
                               * "*.antaranews.com"; "*" = any host */
    /* Create the plugin's state from its options; may be NULL. The host
     * table outlives the state. Return W_CONFIG on a bad option. */
    int (*init)(const struct warta_host *host, const struct warta_kv *conf,
                size_t n_conf, void **state);
    void (*fini)(void *state); /* may be NULL */
    /* Index, feed or sitemap page → article links and next page.
     * W_DECLINED when the page is not one the plugin lists. May be NULL
     * (the core then uses host->feed_links only). */
    int (*links)(void *state, const struct warta_page *pg,
                 struct warta_links *out);
    /* Archive pages for a backfill window (INDEX links). May be NULL. */
    int (*archive)(void *state, const struct warta_range *range,
                   struct warta_links *out);
    /* Article page → record fields. W_DECLINED when pg is not an article
     * this plugin knows; the core then tries the generic plugin. */
    int (*parse)(void *state, const struct warta_page *pg,
                 struct warta_record *out);
    /* The plugin's own URL canonicalisation (AMP → article, ?p=ID, ...)
     * applied after the core's: write the result into buf (NUL-ended) and
     * return W_OK, or return W_DECLINED to keep url. May be NULL. */
    int (*canonical)(void *state, const char *url, char *buf, size_t bufsz);
    /* ABI 1 ends here. Members are appended only; the core reads them
     * only when `size` says they exist. */
};

#if defined(__GNUC__)
#define WARTA_EXPORT __attribute__((visibility("default")))
#else
#define WARTA_EXPORT
#endif

/* Define the descriptor: WARTA_PLUGIN(.name = "x", .hosts = h, ...); */
#define WARTA_PLUGIN(...)                                                      \
    WARTA_EXPORT const struct warta_plugin warta_plugin = {                    \
        .abi = WARTA_PLUGIN_ABI,                                               \
        .size = sizeof(struct warta_plugin),                                   \
        .build_sig = WARTA_BUILD_SIG,                                          \
        .dom_sig = WARTA_DOM_SIG,                                              \
        __VA_ARGS__}

#ifdef __cplusplus
}
#endif
#endif /* WARTA_PLUGIN_H */
