/* SPDX-License-Identifier: MIT */
/* A plugin built for a future ABI: the loader must refuse it by name. */
#include <warta/plugin.h>

static int parse(void *st, const struct warta_page *pg,
                 struct warta_record *out)
{
    return W_DECLINED;
}

static const char *const hosts[] = {"abi.example", NULL};
WARTA_EXPORT const struct warta_plugin warta_plugin = {
    .abi = WARTA_PLUGIN_ABI + 1,
    .size = sizeof(struct warta_plugin),
    .build_sig = WARTA_BUILD_SIG,
    .dom_sig = WARTA_DOM_SIG,
    .name = "bad_abi",
    .hosts = hosts,
    .parse = parse,
};
