# SPDX-License-Identifier: MIT
# The HTML side of a page: charset conversion and parsing (page.c,
# charset.c), selectors and text over gumbo (dom.c), metadata (meta.c),
# the readable-body heuristic (readable.c) and the generic plugin.
core_libwarta_la_SOURCES += \
	core/charset.c core/charset.h core/page.c core/dom.c core/dom.h \
	core/readable.c core/readable.h core/meta.c core/meta.h

# The generic plugin: any host no outlet plugin claims.
if BUILD_PLUGIN_GENERIC
plugin_LTLIBRARIES += plugins/generic.la
plugins_generic_la_SOURCES = plugins/generic.c
plugins_generic_la_CFLAGS = $(PLUGIN_CC)
plugins_generic_la_LDFLAGS = $(PLUGIN_LD)
# Real pages of outlets nobody wrote a plugin for, checked against what a
# person read in them (tests/fixtures/generic/real/README.md).
TESTS += tests/plugins/generic/real_pages.py
endif
EXTRA_DIST += tests/fixtures/generic/real

check_PROGRAMS += tests/unit/test_page tests/unit/test_dom \
	tests/unit/test_readable tests/unit/test_meta
TESTS += tests/unit/test_page tests/unit/test_dom tests/unit/test_readable \
	tests/unit/test_meta
tests_unit_test_page_SOURCES = tests/unit/test_page.c
tests_unit_test_page_CFLAGS = $(UNIT_CC)
tests_unit_test_page_LDADD = $(UNIT_LD)
tests_unit_test_dom_SOURCES = tests/unit/test_dom.c
tests_unit_test_dom_CFLAGS = $(UNIT_CC)
tests_unit_test_dom_LDADD = $(UNIT_LD)
tests_unit_test_readable_SOURCES = tests/unit/test_readable.c
tests_unit_test_readable_CFLAGS = $(UNIT_CC)
tests_unit_test_readable_LDADD = $(UNIT_LD)
tests_unit_test_meta_SOURCES = tests/unit/test_meta.c
tests_unit_test_meta_CFLAGS = $(UNIT_CC)
tests_unit_test_meta_LDADD = $(UNIT_LD)
# The generic plugin's pages for the fixture harness (mk/plugins.mk runs
# every directory under tests/plugins/).
EXTRA_DIST += tests/plugins/generic
EXTRA_DIST += \
	tests/fixtures/generic/blogspot-comments.expect \
	tests/fixtures/generic/blogspot-comments.html \
	tests/fixtures/generic/br-body.expect \
	tests/fixtures/generic/br-body.html \
	tests/fixtures/generic/captions-bacajuga.expect \
	tests/fixtures/generic/captions-bacajuga.html \
	tests/fixtures/generic/elementor.expect \
	tests/fixtures/generic/elementor.html \
	tests/fixtures/generic/index-listing.expect \
	tests/fixtures/generic/index-listing.html \
	tests/fixtures/generic/jsonld-only.expect \
	tests/fixtures/generic/jsonld-only.html \
	tests/fixtures/generic/kompas-like.expect \
	tests/fixtures/generic/kompas-like.html \
	tests/fixtures/generic/newscms-related.expect \
	tests/fixtures/generic/newscms-related.html \
	tests/fixtures/generic/related-siblings.expect \
	tests/fixtures/generic/related-siblings.html \
	tests/fixtures/generic/split-body.expect \
	tests/fixtures/generic/split-body.html \
	tests/fixtures/generic/table-layout-font.expect \
	tests/fixtures/generic/table-layout-font.html \
	tests/fixtures/generic/wordpress-sidebar.expect \
	tests/fixtures/generic/wordpress-sidebar.html
