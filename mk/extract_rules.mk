# SPDX-License-Identifier: MIT
# The rule engine (core/rules.c over PCRE2), the date finder and
# normaliser, money and percentages, their rule and word files, and their
# tests. Owned by the rules area; mk/extract.mk builds on top of it.
core_libwarta_la_SOURCES += \
	core/rules.c core/rules.h core/rules_int.h core/rules_text.c \
	core/rules_lists.c core/rules_scan.c core/rules_examples.c \
	core/rules_literals.c core/rules_literals.h \
	core/rules_gate.c core/rules_gate.h core/dates.c core/dates.h \
	core/numbers.c core/numbers.h

# Rule and word files: installed under $(pkgdatadir)/rules and shipped.
nobase_dist_pkgdata_DATA += \
	rules/dates/common.rules rules/dates/absolute.rules \
	rules/dates/relative.rules rules/dates/stop.rules \
	rules/money/money.rules \
	rules/words/months.tsv rules/words/months_abbr.tsv \
	rules/words/weekdays.tsv rules/words/timezones.tsv \
	rules/words/reldays.tsv rules/words/reldirs.tsv rules/words/units.tsv \
	rules/words/numbers.tsv rules/words/counters.tsv \
	rules/words/scales.tsv rules/words/currency_symbols.tsv \
	rules/words/currency_words.tsv

check_PROGRAMS += tests/unit/test_rules
TESTS += tests/unit/test_rules
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c
tests_unit_test_rules_CFLAGS = $(UNIT_CC)
tests_unit_test_rules_LDADD = $(UNIT_LD) -lpthread

check_PROGRAMS += tests/unit/test_dates
TESTS += tests/unit/test_dates
tests_unit_test_dates_SOURCES = tests/unit/test_dates.c
tests_unit_test_dates_CFLAGS = $(UNIT_CC)
tests_unit_test_dates_LDADD = $(UNIT_LD)

EXTRA_DIST += tests/fixtures/seeds/README.md tests/fixtures/seeds/dev.jsonl \
	tests/fixtures/seeds/000_73d69ce0ad058e0f.txt \
	tests/fixtures/seeds/001_73e28596bbca1563.txt \
	tests/fixtures/seeds/002_7d975b91c3dc0943.txt \
	tests/fixtures/seeds/003_3a7041365f56efd1.txt \
	tests/fixtures/seeds/004_48dbedd73f279927.txt

check_PROGRAMS += tests/unit/test_numbers
TESTS += tests/unit/test_numbers
tests_unit_test_numbers_SOURCES = tests/unit/test_numbers.c
tests_unit_test_numbers_CFLAGS = $(UNIT_CC)
tests_unit_test_numbers_LDADD = $(UNIT_LD)

# The benchmark (bench/bench_extract.sh BUILD_DIR; see docs/PERFORMANCE.md).
EXTRA_DIST += bench/bench_extract.c bench/bench_extract.sh \
	bench/bench_extract.py

check_PROGRAMS += tests/unit/test_rules_gate
TESTS += tests/unit/test_rules_gate
tests_unit_test_rules_gate_SOURCES = tests/unit/test_rules_gate.c
tests_unit_test_rules_gate_CFLAGS = $(UNIT_CC)
tests_unit_test_rules_gate_LDADD = $(UNIT_LD)
