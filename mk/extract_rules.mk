# SPDX-License-Identifier: MIT
# The rule engine (core/rules.c over PCRE2), the date finder and
# normaliser, money and percentages, their rule and word files, and their
# tests. Owned by the rules area; mk/extract.mk builds on top of it.
core_libwarta_la_SOURCES += \
	core/rules.c core/rules.h core/dates.c core/dates.h \
	core/numbers.c core/numbers.h
