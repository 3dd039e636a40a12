/* SPDX-License-Identifier: MIT */
/*
 * Command set-up shared by every subcommand (see runtime.h). Errors are
 * reported here, once, in the one-line form SPEC.md asks for.
 */
#include "config.h"
#include "runtime.h"
#include "cmd.h"
#include "extract.h"
#include "host.h"
#include "log.h"
#include "store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int load_config(struct runtime *rt, const char *path)
{
    char err[1024];
    int rc;
    if (!path) {
        const char *def = config_default_path();
        if (def && access(def, F_OK) == 0)
            path = def;
    }
    if (path)
        rc = config_load(path, &rt->cfg, err, sizeof err);
    else {
        rc = config_new_default(&rt->cfg);
        snprintf(err, sizeof err, "cannot set up the default config: %s",
                 warta_strerror(rc));
    }
    if (rc) {
        fprintf(stderr, "warta: %s\n", err);
        return rc == W_NOMEM || rc == W_IO ? EXIT_RUNTIME : EXIT_USAGE;
    }
    return EXIT_OK;
}

static int load_plugins(struct runtime *rt)
{
    plugins_init(&rt->plugins, host_table());
    rt->plugins_loaded = 1;
    int n = plugins_load_dir(&rt->plugins, rt->cfg->plugin_dir,
                             config_plugin_conf, rt->cfg);
    if (n < 0) {
        fprintf(stderr, "warta: %s: cannot read the plugin directory\n",
                rt->cfg->plugin_dir);
        return EXIT_RUNTIME;
    }
    if (n == 0)
        W_WARN("no plugin loaded from %s", rt->cfg->plugin_dir);
    return EXIT_OK;
}

static int load_extract(struct runtime *rt)
{
    char err[1024];
    int rc = extract_new(rt->cfg->rules_dir, &rt->extract, err, sizeof err);
    if (rc) {
        fprintf(stderr, "warta: %s\n", err);
        return rc == W_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    }
    return EXIT_OK;
}

static int open_store(struct runtime *rt, const char *db_path)
{
    char path[4096];
    if (!db_path)
        db_path = getenv("WARTA_DB");
    if (!db_path || !*db_path) {
        snprintf(path, sizeof path, "%s/warta.db", rt->cfg->state_dir);
        db_path = path;
    }
    int rc = store_open(db_path, &rt->store);
    if (rc) {
        fprintf(stderr, "warta: %s: cannot open the store: %s\n", db_path,
                warta_strerror(rc));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int runtime_open(struct runtime *rt, const char *config_path,
                 const char *db_path, unsigned parts)
{
    memset(rt, 0, sizeof *rt);
    int rc = load_config(rt, config_path);
    if (rc)
        return rc;
    log_setup(rt->cfg->log_level, rt->cfg->log_format);
    if (parts & RT_PLUGINS)
        rc = load_plugins(rt);
    if (!rc && parts & RT_EXTRACT)
        rc = load_extract(rt);
    if (!rc && parts & RT_STORE)
        rc = open_store(rt, db_path);
    if (rc)
        return rc;
    rt->ingest.plugins = &rt->plugins;
    rt->ingest.extract = rt->extract;
    rt->ingest.store = rt->store;
    return EXIT_OK;
}

void runtime_close(struct runtime *rt)
{
    store_close(rt->store);
    extract_free(rt->extract);
    if (rt->plugins_loaded)
        plugins_cleanup(&rt->plugins);
    config_free(rt->cfg);
    memset(rt, 0, sizeof *rt);
}
