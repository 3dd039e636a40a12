/* SPDX-License-Identifier: MIT */
/* A plugin whose build signature differs (another compiler model). */
#include <warta/plugin.h>

static int parse(void *st, const struct warta_page *pg,
                 struct warta_record *out)
{
    return W_DECLINED;
}

static const char *const hosts[] = {"sig.example", NULL};
WARTA_EXPORT const struct warta_plugin warta_plugin = {
    .abi = WARTA_PLUGIN_ABI,
    .size = sizeof(struct warta_plugin),
    .build_sig = "warta1:ptr4:size_t4:long4:int4",
    .dom_sig = WARTA_DOM_SIG,
    .name = "bad_sig",
    .hosts = hosts,
    .parse = parse,
};
