# SPDX-License-Identifier: MIT
# Backfill: the WARC reader, the one-shot archive/URL-list/WARC ingestion
# command, its unit and end-to-end tests, and the WARC benchmark.
core_libwarta_la_SOURCES += core/warc.c core/warc.h core/backfill.c \
	core/backfill.h core/backfill_int.h core/backfill_warc.c \
	core/backfill_list.c core/backfill_net.c core/cmd_backfill.c

check_PROGRAMS += tests/unit/test_warc
TESTS += tests/unit/test_warc
tests_unit_test_warc_SOURCES = tests/unit/test_warc.c
tests_unit_test_warc_CFLAGS = $(UNIT_CC)
tests_unit_test_warc_LDADD = $(UNIT_LD)

check_PROGRAMS += tests/backfill/test_backfill
TESTS += tests/backfill/test_backfill
tests_backfill_test_backfill_SOURCES = tests/backfill/test_backfill.c
tests_backfill_test_backfill_CFLAGS = $(UNIT_CC)
tests_backfill_test_backfill_LDADD = $(UNIT_LD)

# End to end: a generated archive served over TLS on 127.0.0.1 under the
# outlets' host names, URL lists and WARC files written by the tests.
TESTS += tests/backfill/test_archive.py tests/backfill/test_urls.py \
	tests/backfill/test_warc_ingest.py tests/backfill/test_daemon_share.py
EXTRA_DIST += tests/backfill/test_archive.py tests/backfill/test_urls.py \
	tests/backfill/test_warc_ingest.py tests/backfill/test_daemon_share.py \
	tests/backfill/gen_archive.py \
	tests/backfill/bflib.py tests/backfill/warclib.py

# The WARC ingestion benchmark (not run by make check; see
# docs/PERFORMANCE.md).
EXTRA_DIST += bench/warc/run.sh bench/warc/make_warc.py
