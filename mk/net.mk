# SPDX-License-Identifier: MIT
# Network building blocks of the fetch engine: configuration, URLs,
# robots.txt and feeds/sitemaps. Each is a small module with its own
# unit test; the fetch engine (mk/fetch.mk) is built on top of them.
core_libwarta_la_SOURCES += \
	core/config_file.c core/config_file.h core/url.c core/url.h \
	core/robots.c core/robots.h core/feed.c core/feed.h

# The commented example configuration, installed as $(sysconfdir)/warta.conf.
dist_sysconf_DATA = etc/warta.conf

check_PROGRAMS += tests/unit/test_config tests/unit/test_url \
	tests/unit/test_robots tests/unit/test_feed
TESTS += tests/unit/test_config tests/unit/test_url tests/unit/test_robots \
	tests/unit/test_feed
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(UNIT_CC)
tests_unit_test_config_LDADD = $(UNIT_LD)
tests_unit_test_url_SOURCES = tests/unit/test_url.c
tests_unit_test_url_CFLAGS = $(UNIT_CC)
tests_unit_test_url_LDADD = $(UNIT_LD)
tests_unit_test_robots_SOURCES = tests/unit/test_robots.c
tests_unit_test_robots_CFLAGS = $(UNIT_CC)
tests_unit_test_robots_LDADD = $(UNIT_LD)
tests_unit_test_feed_SOURCES = tests/unit/test_feed.c
tests_unit_test_feed_CFLAGS = $(UNIT_CC)
tests_unit_test_feed_LDADD = $(UNIT_LD)
EXTRA_DIST += tests/fixtures/feeds
