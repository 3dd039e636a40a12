/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "paths.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int paths_in_build_tree(void)
{
    static int cached = -1;
    if (cached >= 0)
        return cached;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    cached = 0;
    if (n > 0) {
        exe[n] = '\0';
        size_t top = strlen(WARTA_BUILD_TOPDIR);
        /* Resolve symlinks in the build path too, e.g. /tmp -> /private. */
        char real_top[PATH_MAX];
        const char *t = realpath(WARTA_BUILD_TOPDIR, real_top)
                            ? real_top
                            : WARTA_BUILD_TOPDIR;
        top = strlen(t);
        cached = strncmp(exe, t, top) == 0 && exe[top] == '/';
    }
    return cached;
}

static const char *pick(const char *env, const char *build, const char *inst)
{
    const char *e = getenv(env);
    if (e && *e)
        return e;
    return paths_in_build_tree() ? build : inst;
}

const char *paths_plugin_dir(void)
{
    return pick("WARTA_PLUGIN_DIR", WARTA_BUILD_TOPDIR "/plugins/.libs",
                WARTA_PLUGINDIR);
}

const char *paths_rules_dir(void)
{
    return pick("WARTA_RULES_DIR", WARTA_SRC_TOPDIR "/rules",
                WARTA_RULESDIR);
}

const char *paths_config_file(void)
{
    return pick("WARTA_CONFIG", WARTA_SRC_TOPDIR "/etc/warta.conf",
                WARTA_SYSCONFDIR "/warta.conf");
}

const char *paths_state_dir(void)
{
    static char buf[PATH_MAX];
    const char *e = getenv("WARTA_STATE_DIR");
    if (e && *e)
        return e;
    /* A user's own runs keep their store in their XDG data directory. */
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(buf, sizeof buf, "%s/warta", xdg);
    else if (home && *home)
        snprintf(buf, sizeof buf, "%s/.local/share/warta", home);
    else
        snprintf(buf, sizeof buf, "%s/lib/warta", WARTA_LOCALSTATEDIR);
    return buf;
}
