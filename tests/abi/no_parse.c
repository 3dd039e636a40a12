/* SPDX-License-Identifier: MIT */
/* A descriptor without the required parse hook. */
#include <warta/plugin.h>

static const char *const hosts[] = {"noparse.example", NULL};
WARTA_PLUGIN(.name = "no_parse", .version = "1", .hosts = hosts);
