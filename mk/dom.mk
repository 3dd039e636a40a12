# SPDX-License-Identifier: MIT
# The HTML side of a page: charset conversion and parsing (page.c,
# charset.c), selectors and text over gumbo (dom.c), metadata (meta.c),
# the readable-body heuristic (readable.c) and the generic plugin.
core_libwarta_la_SOURCES += \
	core/charset.c core/charset.h core/page.c core/dom.c core/dom.h

check_PROGRAMS += tests/unit/test_page tests/unit/test_dom
TESTS += tests/unit/test_page tests/unit/test_dom
tests_unit_test_page_SOURCES = tests/unit/test_page.c
tests_unit_test_page_CFLAGS = $(UNIT_CC)
tests_unit_test_page_LDADD = $(UNIT_LD)
tests_unit_test_dom_SOURCES = tests/unit/test_dom.c
tests_unit_test_dom_CFLAGS = $(UNIT_CC)
tests_unit_test_dom_LDADD = $(UNIT_LD)
