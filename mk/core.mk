# SPDX-License-Identifier: MIT
# Core foundations: memory, logging, buffers, records, plugin loading,
# the host table and the command line.
core_libwarta_la_SOURCES += \
	core/mem.c core/mem.h core/log.c core/log.h core/arena.c core/arena.h \
	core/buf.c core/buf.h core/record.c core/record.h core/paths.c \
	core/paths.h core/cmd.h core/cmd_list.h core/plugins.c core/plugins.h core/page.h

check_PROGRAMS += tests/unit/test_core
TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CFLAGS = $(UNIT_CC)
tests_unit_test_core_LDADD = $(UNIT_LD)
