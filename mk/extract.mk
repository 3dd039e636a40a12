# SPDX-License-Identifier: MIT
# Entity extraction: officials, agreements, organisations and places on
# top of the rule engine of mk/extract_rules.mk; the gazetteers and word
# lists under rules/; `warta extract`; its tests and phrasing corpus.
core_libwarta_la_SOURCES += \
	core/extract.c core/extract.h core/extract_int.h core/extract_text.c \
	core/gazetteer.c core/gazetteer.h core/extract_places.c \
	core/extract_orgs.c core/extract_officials.c \
	core/extract_agreements.c core/cmd_extract.c

# Rule data installed under $(pkgdatadir)/rules (paths_rules_dir()).
extract_rule_files = \
	rules/gazetteer/id-regions.tsv rules/gazetteer/countries.tsv \
	rules/gazetteer/subdivisions.tsv rules/gazetteer/foreign-cities.tsv \
	rules/gazetteer/aliases.tsv rules/gazetteer/prefixes.tsv \
	rules/words/titles.tsv \
	rules/officials/aliases.rules rules/officials/boilerplate.rules \
	rules/officials/connectors.tsv rules/officials/degrees.tsv \
	rules/officials/honorifics.tsv rules/officials/name-stops.tsv \
	rules/officials/title-modifiers.tsv \
	rules/orgs/acronyms.tsv rules/orgs/dinas-fields.tsv \
	rules/orgs/heads.tsv rules/orgs/ministries.tsv \
	rules/orgs/universities.tsv \
	rules/agreements/kinds.rules rules/agreements/stages.rules \
	rules/agreements/details.rules rules/agreements/sectors.tsv \
	rules/agreements/cameo.tsv rules/agreements/party-context.tsv
nobase_dist_pkgdata_DATA += $(extract_rule_files)
EXTRA_DIST += scripts/gen-gazetteer

# Scored against the seed gold (tests/fixtures/seeds) and the phrasing
# corpus written for warta (tests/extract/phrasings.jsonl).
TESTS += tests/extract/score_seeds.py tests/extract/check_phrasings.py \
	tests/extract/cli.py tests/extract/gate_same.py
EXTRA_DIST += tests/extract/score_seeds.py tests/extract/check_phrasings.py \
	tests/extract/cli.py tests/extract/gate_same.py \
	tests/extract/phrasings.jsonl tests/extract/make_cases.py

check_PROGRAMS += tests/unit/test_gazetteer tests/unit/test_officials \
	tests/unit/test_agreements
TESTS += tests/unit/test_gazetteer tests/unit/test_officials \
	tests/unit/test_agreements
tests_unit_test_gazetteer_SOURCES = tests/unit/test_gazetteer.c
tests_unit_test_gazetteer_CFLAGS = $(UNIT_CC)
tests_unit_test_gazetteer_LDADD = $(UNIT_LD)
tests_unit_test_officials_SOURCES = tests/unit/test_officials.c \
	tests/unit/extract_helpers.h
tests_unit_test_officials_CFLAGS = $(UNIT_CC)
tests_unit_test_officials_LDADD = $(UNIT_LD)
tests_unit_test_agreements_SOURCES = tests/unit/test_agreements.c \
	tests/unit/extract_helpers.h
tests_unit_test_agreements_CFLAGS = $(UNIT_CC)
tests_unit_test_agreements_LDADD = $(UNIT_LD)

# The full-extraction benchmark (bench/bench_extract_full.sh BUILD_DIR;
# docs/PERFORMANCE.md).
EXTRA_DIST += bench/bench_extract_full.c bench/bench_extract_full.sh
