# SPDX-License-Identifier: MIT
# Outlet plugins, the shared boilerplate cleaner they call through the host
# table (core/clean.c), and their tests: the cleaner's unit test and the
# fixture harness that runs every page under tests/plugins/<outlet>/.
core_libwarta_la_SOURCES += core/clean.c core/clean.h

check_PROGRAMS += tests/unit/test_clean
TESTS += tests/unit/test_clean
tests_unit_test_clean_SOURCES = tests/unit/test_clean.c
tests_unit_test_clean_CFLAGS = $(UNIT_CC)
tests_unit_test_clean_LDADD = $(UNIT_LD)

# One block per outlet; BUILD_PLUGIN_* comes from WARTA_PLUGIN() in
# configure.ac. Fixtures live in tests/plugins/<name>/.
if BUILD_PLUGIN_ANTARA
plugin_LTLIBRARIES += plugins/antara.la
plugins_antara_la_SOURCES = plugins/antara.c
plugins_antara_la_CFLAGS = $(PLUGIN_CC)
plugins_antara_la_LDFLAGS = $(PLUGIN_LD)
endif

if BUILD_PLUGIN_PROLITE
plugin_LTLIBRARIES += plugins/prolite.la
plugins_prolite_la_SOURCES = plugins/prolite.c
plugins_prolite_la_CFLAGS = $(PLUGIN_CC)
plugins_prolite_la_LDFLAGS = $(PLUGIN_LD)
endif

if BUILD_PLUGIN_SOLOTRUST
plugin_LTLIBRARIES += plugins/solotrust.la
plugins_solotrust_la_SOURCES = plugins/solotrust.c
plugins_solotrust_la_CFLAGS = $(PLUGIN_CC)
plugins_solotrust_la_LDFLAGS = $(PLUGIN_LD)
endif

if BUILD_PLUGIN_JABAREKSPRES
plugin_LTLIBRARIES += plugins/jabarekspres.la
plugins_jabarekspres_la_SOURCES = plugins/jabarekspres.c
plugins_jabarekspres_la_CFLAGS = $(PLUGIN_CC)
plugins_jabarekspres_la_LDFLAGS = $(PLUGIN_LD)
endif

if BUILD_PLUGIN_PELITAJABAR
plugin_LTLIBRARIES += plugins/pelitajabar.la
plugins_pelitajabar_la_SOURCES = plugins/pelitajabar.c
plugins_pelitajabar_la_CFLAGS = $(PLUGIN_CC)
plugins_pelitajabar_la_LDFLAGS = $(PLUGIN_LD)
endif
