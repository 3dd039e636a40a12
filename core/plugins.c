/* SPDX-License-Identifier: MIT */
/*
 * dlopen()-based plugin loading with the ABI checks of docs/PLUGINS.md,
 * in the order a user can act on: cannot open (missing dependency), no
 * descriptor, other ABI, other build signature, missing hooks, duplicate
 * name or host, init refused.
 */
#include "config.h"
#include "plugins.h"
#include "log.h"
#include "mem.h"
#include "url.h"
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The smallest descriptor an ABI-1 plugin can have: up to `parse`. */
#define PLUGIN_MIN_SIZE                                                        \
    (offsetof(struct warta_plugin, parse) + sizeof(void *))

void plugins_init(struct plugin_set *set, const struct warta_host *host)
{
    memset(set, 0, sizeof *set);
    set->host = host;
}

void plugins_cleanup(struct plugin_set *set)
{
    for (size_t i = set->n; i-- > 0;) {
        struct plugin *p = &set->v[i];
        if (p->desc->fini)
            p->desc->fini(p->state);
        dlclose(p->dl);
        w_free(p->path);
    }
    set->n = 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int valid_name(const char *name)
{
    if (!name || !*name || strlen(name) > 32)
        return 0;
    for (const char *c = name; *c; c++)
        if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) ||
              *c == '_'))
            return 0;
    return 1;
}

static size_t count_hosts(const char *const *hosts)
{
    size_t n = 0;
    while (hosts && hosts[n])
        n++;
    return n;
}

/* Checks a descriptor on its own: returns NULL or the reason. */
static const char *check_desc(const struct warta_plugin *d, char *why,
                              size_t whysz)
{
    if (d->abi != WARTA_PLUGIN_ABI) {
        snprintf(why, whysz, "built for ABI %u, this warta speaks ABI %d",
                 d->abi, WARTA_PLUGIN_ABI);
        return why;
    }
    if (d->size < PLUGIN_MIN_SIZE) {
        snprintf(why, whysz,
                 "descriptor is %u bytes, smaller than ABI %d's %zu",
                 d->size, WARTA_PLUGIN_ABI, (size_t)PLUGIN_MIN_SIZE);
        return why;
    }
    if (!d->build_sig || strcmp(d->build_sig, WARTA_BUILD_SIG) != 0) {
        snprintf(why, whysz,
                 "not binary compatible: built as \"%s\", this warta is "
                 "\"%s\"",
                 d->build_sig ? d->build_sig : "(none)", WARTA_BUILD_SIG);
        return why;
    }
    if (d->dom_sig != WARTA_DOM_SIG) {
        snprintf(why, whysz,
                 "built against another gumbo (DOM layout %#x, this warta "
                 "has %#x)",
                 d->dom_sig, (unsigned)WARTA_DOM_SIG);
        return why;
    }
    if (!valid_name(d->name))
        return "has no valid name (1-32 characters of [a-z0-9_])";
    if (!d->parse)
        return "does not provide the required parse hook";
    if (count_hosts(d->hosts) == 0)
        return "serves no hosts (hosts list empty or NULL)";
    return NULL;
}

static const char *check_clash(const struct plugin_set *set,
                               const struct warta_plugin *d, char *why,
                               size_t whysz)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct warta_plugin *o = set->v[i].desc;
        if (strcmp(o->name, d->name) == 0) {
            snprintf(why, whysz, "plugin name \"%s\" is already loaded from %s",
                     d->name, set->v[i].path);
            return why;
        }
        for (size_t a = 0; d->hosts[a]; a++)
            for (size_t b = 0; o->hosts[b]; b++)
                if (strcasecmp(d->hosts[a], o->hosts[b]) == 0) {
                    snprintf(why, whysz,
                             "host \"%s\" is already served by plugin %s",
                             d->hosts[a], o->name);
                    return why;
                }
    }
    return NULL;
}

int plugins_load_file(struct plugin_set *set, const char *path,
                      plugin_conf_fn conf, void *ud, char *err, size_t errsz)
{
    char why[512];
    const char *reason = NULL;
    int rc = W_ERR;
    const char *file = base_name(path);

    if (set->n >= PLUGINS_MAX) {
        snprintf(err, errsz, "plugin %s refused: more than %d plugins", file,
                 PLUGINS_MAX);
        return W_TOOBIG;
    }
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        snprintf(err, errsz,
                 "plugin %s refused: cannot load it (%s); missing "
                 "dependency? try: ldd %s",
                 file, dlerror(), path);
        return W_IO;
    }
    const struct warta_plugin *d = dlsym(dl, WARTA_PLUGIN_SYM);
    if (!d) {
        snprintf(why, sizeof why,
                 "does not export the symbol \"%s\" (not a warta plugin, "
                 "or built without WARTA_PLUGIN())",
                 WARTA_PLUGIN_SYM);
        reason = why;
    }
    if (!reason)
        reason = check_desc(d, why, sizeof why);
    if (!reason)
        reason = check_clash(set, d, why, sizeof why);
    if (reason) {
        snprintf(err, errsz, "plugin %s refused: %s", file, reason);
        dlclose(dl);
        return W_DECLINED;
    }

    void *state = NULL;
    if (d->init) {
        size_t nkv = 0;
        const struct warta_kv *kv = conf ? conf(d->name, &nkv, ud) : NULL;
        rc = d->init(set->host, kv, nkv, &state);
        if (rc != W_OK) {
            snprintf(err, errsz, "plugin %s refused: its init failed (%s)",
                     file, warta_strerror(rc));
            dlclose(dl);
            return rc < 0 ? rc : W_ERR;
        }
    }
    char *copy = w_strdup(path);
    if (!copy) {
        if (d->fini)
            d->fini(state);
        dlclose(dl);
        snprintf(err, errsz, "plugin %s refused: out of memory", file);
        return W_NOMEM;
    }
    struct plugin *p = &set->v[set->n++];
    p->path = copy;
    p->dl = dl;
    p->desc = d;
    p->state = state;
    return W_OK;
}

static int ends_with_so(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".so") == 0;
}

int plugins_load_dir(struct plugin_set *set, const char *dir,
                     plugin_conf_fn conf, void *ud)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        W_ERRNO("cannot read plugin directory %s", dir);
        return W_IO;
    }
    int loaded = 0;
    for (int i = 0; i < n; i++) {
        if (ends_with_so(names[i]->d_name)) {
            char path[4096], err[1024];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            if (plugins_load_file(set, path, conf, ud, err, sizeof err) ==
                W_OK)
                loaded++;
            else
                W_ERROR("%s", err);
        }
        free(names[i]);
    }
    free(names);
    return loaded;
}

const struct plugin *plugins_by_name(const struct plugin_set *set,
                                     const char *name)
{
    for (size_t i = 0; name && i < set->n; i++)
        if (strcmp(set->v[i].desc->name, name) == 0)
            return &set->v[i];
    return NULL;
}

int plugins_host_matches(const char *pattern, const char *host)
{
    if (strcmp(pattern, "*") == 0)
        return 1;
    if (strncmp(pattern, "*.", 2) == 0) {
        size_t hl = strlen(host), sl = strlen(pattern + 1); /* ".suffix" */
        return hl > sl && strcasecmp(host + hl - sl, pattern + 1) == 0;
    }
    return strcasecmp(pattern, host) == 0;
}

const struct plugin *plugins_for_host(const struct plugin_set *set,
                                      const char *host)
{
    const struct plugin *best = NULL, *generic = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < set->n; i++) {
        for (const char *const *h = set->v[i].desc->hosts; *h; h++) {
            if (strcmp(*h, "*") == 0) {
                if (!generic)
                    generic = &set->v[i];
                continue;
            }
            if (!host || !plugins_host_matches(*h, host))
                continue;
            /* Exact names beat wildcards; longer suffixes beat shorter. */
            size_t len = strlen(*h) + (strncmp(*h, "*.", 2) ? 1000 : 0);
            if (len > best_len) {
                best = &set->v[i];
                best_len = len;
            }
        }
    }
    return best ? best : generic;
}

const struct plugin *plugins_for_url(const struct plugin_set *set,
                                      const char *url)
{
    char host[256];
    int known = url && url_host(url, host, sizeof host) == W_OK;
    return plugins_for_host(set, known ? host : NULL);
}
