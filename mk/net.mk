# SPDX-License-Identifier: MIT
# Network building blocks of the fetch engine: configuration, URLs,
# robots.txt and feeds/sitemaps. Each is a small module with its own
# unit test; the fetch engine (mk/fetch.mk) is built on top of them.
core_libwarta_la_SOURCES += \
	core/config_file.h core/url.h core/robots.h core/feed.h
