# SPDX-License-Identifier: MIT
# The fetch engine (libcurl multi), politeness, the frontier, the scheduler
# and the commands built on them (run, fetch), with their unit tests and
# the integration suite: a local test server, one case file per fault and
# scripts that drive warta against it (tests/integration/).
core_libwarta_la_SOURCES += core/fetch.c core/fetch.h \
	core/politeness.c core/politeness.h core/frontier.c core/frontier.h \
	core/sched.c core/sched.h core/cmd_run.c core/cmd_fetch.c \
	core/health.c core/health.h

check_PROGRAMS += tests/unit/test_frontier tests/unit/test_politeness \
	tests/unit/test_health
TESTS += tests/unit/test_frontier tests/unit/test_politeness \
	tests/unit/test_health
tests_unit_test_frontier_SOURCES = tests/unit/test_frontier.c
tests_unit_test_frontier_CFLAGS = $(UNIT_CC)
tests_unit_test_frontier_LDADD = $(UNIT_LD)
tests_unit_test_politeness_SOURCES = tests/unit/test_politeness.c
tests_unit_test_politeness_CFLAGS = $(UNIT_CC)
tests_unit_test_politeness_LDADD = $(UNIT_LD)
# Drift counting, and the store at schema version 1 upgraded in place.
tests_unit_test_health_SOURCES = tests/unit/test_health.c
tests_unit_test_health_CFLAGS = $(UNIT_CC)
tests_unit_test_health_LDADD = $(UNIT_LD)
EXTRA_DIST += tests/fixtures/store

# Drives the engine alone for the engine-level fault cases.
check_PROGRAMS += tests/integration/fetch_probe
tests_integration_fetch_probe_SOURCES = tests/integration/fetch_probe.c
tests_integration_fetch_probe_LDADD = core/libwarta.la

# The fault matrix (one TAP line per case file), the daemon against a
# fake outlet, kill -9 and restart, and signals.
TESTS += tests/integration/test_faults.py tests/integration/test_daemon.py \
	tests/integration/test_crash.py tests/integration/test_signals.py
EXTRA_DIST += tests/integration/server/wartatest_server.py \
	tests/integration/caselib.py tests/integration/fakesite.py \
	tests/integration/test_faults.py tests/integration/test_daemon.py \
	tests/integration/test_crash.py tests/integration/test_signals.py \
	tests/integration/cases contrib/warta.service
