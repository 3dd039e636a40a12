/* SPDX-License-Identifier: MIT */
/*
 * The configuration file: an INI file (parsed by inih) with one [warta]
 * section for the daemon, one [source NAME] section per monitored source
 * and optional [plugin NAME] sections whose key=value pairs are handed to
 * that plugin's init. Loading is all or nothing: an unknown section or
 * key, a bad value or a source without URLs fails the whole load with one
 * "file:line: message" sentence, and nothing is kept. A loaded config is
 * an immutable value owned by the caller and shares nothing with any other
 * (no globals), so a SIGHUP reload can load the new file beside the old
 * one and swap only when the new one is good. docs/CONFIG.md documents
 * every option; etc/warta.conf is the commented example.
 *
 * The file is config_file.h, not config.h, because the quoted include
 * "config.h" (autoconf's) would find a core/config.h first from every
 * core file. The API keeps the config_ prefix.
 */
#ifndef WARTA_CONFIG_FILE_H
#define WARTA_CONFIG_FILE_H
#include <stddef.h>
#include "log.h"
#include "warta/plugin.h"

#define CONFIG_MAX_SOURCES 1024      /* [source] sections per file */
#define CONFIG_MAX_PLUGINS 64        /* [plugin] sections per file */
#define CONFIG_MAX_URLS 256          /* urls per source */
#define CONFIG_MAX_HOSTS 256         /* hosts per source */
#define CONFIG_MAX_PLUGIN_OPTS 256   /* key=value pairs per [plugin] */
#define CONFIG_MAX_BYTES (1 << 20)   /* size of the file itself */
#define CONFIG_MAX_NAME 64           /* source and plugin names */
#define CONFIG_MAX_RECHECK 16        /* ages in a re-check policy */
#define CONFIG_MAX_RECHECK_AGE (365 * 86400.0) /* the largest age, s */

/* One [source NAME] section. Every duration is in seconds. */
struct config_source {
    char *name;        /* [A-Za-z0-9_.-]+, unique in the file */
    char *plugin;      /* outlet plugin name; NULL = chosen per URL host */
    char **urls;       /* start URLs (feeds, sitemaps, index pages),
                        * canonical (url_canonical), at least one */
    size_t n_urls;
    char **hosts;      /* hosts whose links the source follows: the
                        * configured list ("example.com", "*.example.com")
                        * or, when none is given, the hosts of urls */
    size_t n_hosts;
    double poll;       /* re-poll interval of the start URLs */
    double poll_min;   /* bounds of the adaptive interval: */
    double poll_max;   /* poll_min <= poll <= poll_max */
    double delay;      /* politeness delay for this source's hosts;
                        * < 0: use [warta] delay */
    int allow_private; /* 1: may fetch private/loopback addresses */
    int enabled;       /* 0: configured but not monitored */
    double recheck[CONFIG_MAX_RECHECK]; /* re-check ages after the first
                        * fetch, ascending; its own or [warta]'s */
    size_t n_recheck;  /* 0: articles are never fetched again */
    int line;          /* line of the section header */
    int plugin_line;   /* line of the plugin key, 0 when absent */
};

/* One [plugin NAME] section: options in file order, keys may repeat. */
struct config_plugin {
    char *name;
    struct warta_kv *opts; /* key and value strings owned by the config */
    size_t n_opts;
    int line;
};

/* The whole file. Strings are owned by the config and never NULL unless
 * the comment says so. Durations are seconds. */
struct config {
    char *path;          /* file it came from ("<string>" for text) */
    char *state_dir;     /* default paths_state_dir() */
    char *plugin_dir;    /* default paths_plugin_dir() */
    char *rules_dir;     /* default paths_rules_dir() */
    char *user_agent;    /* contains a contact URL or e-mail address */
    char *ca_file;       /* CA bundle; NULL = the system's */
    long max_connections; /* transfers in flight, all hosts (16) */
    long max_per_host;   /* transfers in flight per host (2) */
    double delay;        /* min. seconds between requests to a host (5) */
    double crawl_delay_cap; /* robots.txt Crawl-delay honoured up to (60) */
    double connect_timeout; /* (10) */
    double timeout;      /* whole transfer (60) */
    double low_speed_time; /* abort when slower than low_speed_limit */
    long low_speed_limit; /* bytes/s, for low_speed_time seconds (30, 100) */
    size_t max_body;     /* decompressed bytes per response (10 MiB) */
    long max_redirects;  /* (5) */
    int log_level;       /* enum warta_level (WARTA_LOG_INFO) */
    enum log_format log_format; /* LOG_TEXT */
    double robots_ttl;   /* robots.txt cache lifetime (24h) */
    int allow_private;   /* default for sources (0) */
    double recheck[CONFIG_MAX_RECHECK]; /* default re-check ages, s,
                          * ascending (none) */
    size_t n_recheck;
    long drift_window;   /* article pages per source judged together (20) */
    long drift_threshold; /* percent of them drifted that raises the
                          * alarm (50) */
    struct config_source *sources; /* file order */
    size_t n_sources;
    struct config_plugin *plugins; /* file order */
    size_t n_plugins;
};

/*
 * Load and validate the file at path (NULL: config_default_path()).
 * On success *out is a new config the caller frees with config_free().
 * On failure *out is NULL, nothing else changed, and err holds one line:
 * "FILE:LINE: message" for content errors, "FILE: message" for I/O.
 * Returns W_OK, W_CONFIG (bad content), W_NOTFOUND (no such file), W_IO
 * (unreadable), W_TOOBIG (file over CONFIG_MAX_BYTES), W_NOMEM.
 */
int config_load(const char *path, struct config **out, char *err,
                size_t errsz);

/* Same from text in memory; name is used in messages and as c->path. */
int config_load_string(const char *text, const char *name,
                       struct config **out, char *err, size_t errsz);

/* A config with every default and no sources (for `warta fetch` and
 * `warta parse` without a file). Returns W_OK or W_NOMEM. */
int config_new_default(struct config **out);

/* Free everything; NULL is a no-op. */
void config_free(struct config *c);

/* The default config file (the WARTA_CONFIG environment variable, else
 * the installed or build-tree etc/warta.conf); see core/paths.h. The
 * file may not exist. Static storage: do not free. */
const char *config_default_path(void);

/* Source or [plugin] section by name; borrowed from c, NULL if absent. */
const struct config_source *config_source(const struct config *c,
                                          const char *name);
const struct config_plugin *config_plugin(const struct config *c,
                                          const char *name);

/*
 * The options of plugin name, for plugins_load_dir() (it has the shape of
 * plugin_conf_fn in core/plugins.h; ud is the const struct config *).
 * Returns the borrowed array and its length in *n, or NULL and *n = 0.
 */
const struct warta_kv *config_plugin_conf(const char *name, size_t *n,
                                          void *ud);

/*
 * Check plugin names against what is loaded: every source's plugin and
 * every [plugin NAME] section must name a plugin for which
 * exists(ud, name) returns nonzero. Returns W_OK, or W_CONFIG with
 * "FILE:LINE: source "x": no plugin named "y"" in err (first failure).
 */
int config_check_plugins(const struct config *c,
                         int (*exists)(void *ud, const char *name),
                         void *ud, char *err, size_t errsz);

/* Does host (lower case, no port) belong to the source's hosts list?
 * "*.example.com" matches example.com and every sub-domain. 1 or 0. */
int config_source_has_host(const struct config_source *s, const char *host);

/* Politeness delay for a source: its own, else the [warta] one. */
double config_source_delay(const struct config *c,
                           const struct config_source *s);

/*
 * Value parsers, shared with the command line. Durations: a number of
 * seconds ("300", "1.5") or a sum of number+unit terms, units ms, s, m,
 * h, d, w ("15m", "1h30m", "500ms"). Sizes: bytes ("1048576") or with a
 * binary unit k/K/KB/KiB, M/MB/MiB, G/GB/GiB ("10M" = 10485760). Booleans:
 * yes/no, true/false, on/off, 1/0 (any case). Each returns W_OK or
 * W_PARSE (negative, overflowing or malformed), leaving *out unchanged
 * on error.
 */
int config_parse_duration(const char *s, double *out);
int config_parse_size(const char *s, size_t *out);
int config_parse_bool(const char *s, int *out);

/* Does a User-Agent carry a contact: an http(s) URL or an e-mail
 * address? 1 or 0. */
int config_agent_has_contact(const char *ua);
#endif
