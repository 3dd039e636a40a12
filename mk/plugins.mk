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

# The template plugin: built for its fixtures by `make check`, never
# installed (a check library in tests/plugins/, outside the plugin dir).
check_LTLIBRARIES += tests/plugins/template.la
tests_plugins_template_la_SOURCES = plugins/template.c
tests_plugins_template_la_CFLAGS = $(PLUGIN_CC)
tests_plugins_template_la_LDFLAGS = $(PLUGIN_LD) -rpath $(abs_builddir)

# The fixture harness: every page under tests/plugins/<plugin>/ against
# its expected JSON; plugin_probe covers the hooks `warta parse` does not
# print (archive, canonical, continuation).
check_PROGRAMS += tests/plugins/plugin_probe
tests_plugins_plugin_probe_SOURCES = tests/plugins/plugin_probe.c
tests_plugins_plugin_probe_CFLAGS = $(UNIT_CC)
tests_plugins_plugin_probe_LDADD = $(UNIT_LD)
TESTS += tests/plugins/run_fixtures.py
EXTRA_DIST += tests/plugins/run_fixtures.py tests/plugins/antara \
	tests/plugins/prolite tests/plugins/solotrust \
	tests/plugins/jabarekspres tests/plugins/pelitajabar \
	tests/plugins/template
