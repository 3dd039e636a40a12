/* SPDX-License-Identifier: MIT */
/*
 * A minimal valid plugin; loaded twice (as good.so and good_dup.so) it
 * also proves that a duplicate name is refused. Its init fails when given
 * the option fail=1, to test that refusal too.
 */
#include <string.h>
#include <warta/plugin.h>

static int init(const struct warta_host *host, const struct warta_kv *conf,
                size_t n, void **state)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(conf[i].key, "fail") == 0)
            return W_CONFIG;
    *state = NULL;
    return W_OK;
}

static int parse(void *st, const struct warta_page *pg,
                 struct warta_record *out)
{
    return W_DECLINED;
}

static const char *const hosts[] = {"good.example", "*.good.example", NULL};
WARTA_PLUGIN(.name = "good", .version = "1.0", .hosts = hosts, .init = init,
             .parse = parse);
