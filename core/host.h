/* SPDX-License-Identifier: MIT */
/*
 * The struct warta_host table: the core services every plugin reaches
 * through init()'s host argument (include/warta/plugin.h). One static
 * table; each member forwards to the module that owns the service.
 */
#ifndef WARTA_HOST_H
#define WARTA_HOST_H
#include "warta/plugin.h"

/* The table (static storage; never freed). */
const struct warta_host *host_table(void);
#endif
