/* SPDX-License-Identifier: MIT */
/*
 * What every command sets up the same way: the config (the -c file, else
 * the default file when it exists, else built-in defaults), logging, the
 * plugins, the extraction rules and the store. Commands ask for the parts
 * they need; a part is opened once and closed by runtime_close().
 */
#ifndef WARTA_RUNTIME_H
#define WARTA_RUNTIME_H
#include "config_file.h"
#include "ingest.h"
#include "plugins.h"

struct store;
struct extract;

enum runtime_part {
    RT_PLUGINS = 1 << 0,
    RT_EXTRACT = 1 << 1,
    RT_STORE = 1 << 2,
};

struct runtime {
    struct config *cfg;
    struct plugin_set plugins;
    int plugins_loaded;
    struct extract *extract; /* NULL unless RT_EXTRACT */
    struct store *store;     /* NULL unless RT_STORE */
    struct ingest ingest;    /* wired to the parts above */
};

/*
 * Load the config (config_path NULL: the default file if it exists, else
 * defaults; an explicitly named file must exist) and open the parts.
 * db_path overrides the store location (NULL: state_dir/warta.db, or
 * the WARTA_DB environment variable). On failure prints one line naming
 * the file at fault to stderr and returns the exit status to use (1 or
 * 2); returns 0 on success. runtime_close is needed in both cases.
 */
int runtime_open(struct runtime *rt, const char *config_path,
                 const char *db_path, unsigned parts);
void runtime_close(struct runtime *rt);
#endif
