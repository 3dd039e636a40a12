/* SPDX-License-Identifier: MIT */
/* A shared object that exports no descriptor at all. */
#include <warta/plugin.h>

WARTA_EXPORT int not_a_plugin(void);
WARTA_EXPORT int not_a_plugin(void) { return 42; }
