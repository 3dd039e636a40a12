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
