/* SPDX-License-Identifier: MIT */
/*
 * The plugin loader and host router. Loads every .so in a directory,
 * refuses a bad one with a sentence naming the file and the reason (the
 * others still load), and picks the plugin that serves a URL's host: an
 * exact host first, then the longest "*.suffix" wildcard, then the
 * generic plugin (the one whose hosts list is "*").
 */
#ifndef WARTA_PLUGINS_H
#define WARTA_PLUGINS_H
#include <stddef.h>
#include "warta/plugin.h"

#define PLUGINS_MAX 64

struct plugin {
    char *path;                     /* file it came from */
    void *dl;                       /* dlopen handle */
    const struct warta_plugin *desc;
    void *state;                    /* from desc->init */
};

struct plugin_set {
    struct plugin v[PLUGINS_MAX];
    size_t n;
    const struct warta_host *host;
};

/* Options handed to a plugin's init, looked up by plugin name; may be
 * NULL (no options). */
typedef const struct warta_kv *(*plugin_conf_fn)(const char *name,
                                                 size_t *n, void *ud);

void plugins_init(struct plugin_set *set, const struct warta_host *host);
/* Unloads everything (fini, dlclose). */
void plugins_cleanup(struct plugin_set *set);
/*
 * Load one file. On refusal returns a negative W_* code and writes the
 * reason, a sentence naming the file, into err.
 */
int plugins_load_file(struct plugin_set *set, const char *path,
                      plugin_conf_fn conf, void *ud, char *err,
                      size_t errsz);
/* Load every *.so in dir in name order; refusals are logged as errors.
 * Returns the number loaded, or W_IO when dir cannot be read. */
int plugins_load_dir(struct plugin_set *set, const char *dir,
                     plugin_conf_fn conf, void *ud);
const struct plugin *plugins_by_name(const struct plugin_set *set,
                                     const char *name);
/* The plugin serving host (case-insensitive), or the generic one, or
 * NULL when neither exists. */
const struct plugin *plugins_for_host(const struct plugin_set *set,
                                      const char *host);
/* Same for a URL: its host part, or the generic plugin. */
const struct plugin *plugins_for_url(const struct plugin_set *set,
                                     const char *url);
/* Does pattern ("example.com", "*.example.com", "*") match host? */
int plugins_host_matches(const char *pattern, const char *host);
#endif
