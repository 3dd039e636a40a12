# SPDX-License-Identifier: MIT
# Core foundations: memory, logging, buffers, records, plugin loading,
# the host table and the command line.
core_libwarta_la_SOURCES += \
	core/mem.c core/mem.h core/log.c core/log.h core/arena.c core/arena.h \
	core/buf.c core/buf.h core/record.c core/record.h core/paths.c \
	core/paths.h core/cmd.h core/cmd_list.h core/plugins.c core/plugins.h core/page.h \
	core/links.c core/links.h core/host.c core/host.h core/ingest.c \
	core/ingest.h core/runtime.c core/runtime.h core/cmd_parse.c \
	core/cmd_plugins.c

check_PROGRAMS += tests/unit/test_core
TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CFLAGS = $(UNIT_CC)
tests_unit_test_core_LDADD = $(UNIT_LD)

# ABI refusal tests: purpose-built bad plugins, never installed.
ABI_PLUGIN_LD = -module -avoid-version -shared -rpath /nowhere $(WARTA_LDFLAGS)
check_LTLIBRARIES += tests/abi/bad_abi.la tests/abi/bad_sig.la \
	tests/abi/no_symbol.la tests/abi/no_parse.la tests/abi/good.la \
	tests/abi/dup_host.la
tests_abi_bad_abi_la_SOURCES = tests/abi/bad_abi.c
tests_abi_bad_abi_la_CFLAGS = $(PLUGIN_CC)
tests_abi_bad_abi_la_LDFLAGS = $(ABI_PLUGIN_LD)
tests_abi_bad_sig_la_SOURCES = tests/abi/bad_sig.c
tests_abi_bad_sig_la_CFLAGS = $(PLUGIN_CC)
tests_abi_bad_sig_la_LDFLAGS = $(ABI_PLUGIN_LD)
tests_abi_no_symbol_la_SOURCES = tests/abi/no_symbol.c
tests_abi_no_symbol_la_CFLAGS = $(PLUGIN_CC)
tests_abi_no_symbol_la_LDFLAGS = $(ABI_PLUGIN_LD)
tests_abi_no_parse_la_SOURCES = tests/abi/no_parse.c
tests_abi_no_parse_la_CFLAGS = $(PLUGIN_CC)
tests_abi_no_parse_la_LDFLAGS = $(ABI_PLUGIN_LD)
tests_abi_good_la_SOURCES = tests/abi/good.c
tests_abi_good_la_CFLAGS = $(PLUGIN_CC)
tests_abi_good_la_LDFLAGS = $(ABI_PLUGIN_LD)
tests_abi_dup_host_la_SOURCES = tests/abi/dup_host.c
tests_abi_dup_host_la_CFLAGS = $(PLUGIN_CC)
tests_abi_dup_host_la_LDFLAGS = $(ABI_PLUGIN_LD)
check_PROGRAMS += tests/abi/test_abi
TESTS += tests/abi/test_abi
tests_abi_test_abi_SOURCES = tests/abi/test_abi.c
tests_abi_test_abi_CFLAGS = $(UNIT_CC)
tests_abi_test_abi_LDADD = $(UNIT_LD)

# The command line on bad input.
TESTS += tests/cli/test_parse_input.sh tests/cli/test_plugins_cli.sh
EXTRA_DIST += tests/cli/test_parse_input.sh tests/cli/test_plugins_cli.sh

# House-style source checks.
TESTS += tests/checksrc.sh
EXTRA_DIST += tests/checksrc.sh .clang-format
