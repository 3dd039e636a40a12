# SPDX-License-Identifier: MIT
# The SQLite store (articles, revisions, entities, frontier and fetch-log
# tables, checkpoints) and `warta export`. docs/STORE.md describes it.
core_libwarta_la_SOURCES += \
	core/store.c core/store.h core/store_int.h core/store_record.c \
	core/store_schema.c core/store_export.c core/cmd_export.c

check_PROGRAMS += tests/unit/test_store
TESTS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(UNIT_CC)
tests_unit_test_store_LDADD = $(UNIT_LD)

# Crash test: a writer killed with SIGKILL at random moments, then checked.
check_PROGRAMS += tests/integration/store_crash_writer
tests_integration_store_crash_writer_SOURCES = \
	tests/integration/store_crash_writer.c
tests_integration_store_crash_writer_LDADD = core/libwarta.la
TESTS += tests/integration/test_store_crash.py
EXTRA_DIST += tests/integration/test_store_crash.py
