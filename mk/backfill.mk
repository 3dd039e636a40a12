# SPDX-License-Identifier: MIT
# Backfill: the WARC reader, the one-shot archive/URL-list/WARC ingestion
# command, its unit and end-to-end tests, and the WARC benchmark.
core_libwarta_la_SOURCES += core/warc.c core/warc.h core/backfill.c \
	core/backfill.h core/cmd_backfill.c

check_PROGRAMS += tests/unit/test_warc
TESTS += tests/unit/test_warc
tests_unit_test_warc_SOURCES = tests/unit/test_warc.c
tests_unit_test_warc_CFLAGS = $(UNIT_CC)
tests_unit_test_warc_LDADD = $(UNIT_LD)
