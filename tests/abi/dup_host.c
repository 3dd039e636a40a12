/* SPDX-License-Identifier: MIT */
/* Claims a host the good plugin already serves. */
#include <warta/plugin.h>

static int parse(void *st, const struct warta_page *pg,
                 struct warta_record *out)
{
    return W_DECLINED;
}

static const char *const hosts[] = {"other.example", "good.example", NULL};
WARTA_PLUGIN(.name = "dup_host", .version = "1", .hosts = hosts,
             .parse = parse);
