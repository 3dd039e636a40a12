/* SPDX-License-Identifier: MIT */
/*
 * Where warta finds its plugins, rules and config. The installed binary
 * uses the configured install paths; core/warta run from the build tree
 * uses the build tree's plugins and the source tree's rules, so that
 * development needs no option. Environment variables WARTA_PLUGIN_DIR,
 * WARTA_RULES_DIR and WARTA_CONFIG override both (the config file's own
 * settings override those in turn).
 */
#ifndef WARTA_PATHS_H
#define WARTA_PATHS_H

/* 1 when running as the build tree's core/warta (or a test linked in it). */
int paths_in_build_tree(void);
const char *paths_plugin_dir(void);
const char *paths_rules_dir(void);
/* Default config file; may not exist. */
const char *paths_config_file(void);
/* Default state directory (the SQLite store lives there). */
const char *paths_state_dir(void);
#endif
