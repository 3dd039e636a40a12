#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates the build system from configure.ac and Makefile.am.
set -e
for tool in autoreconf automake libtoolize pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "autogen.sh: $tool not found: apt-get install autoconf automake libtool pkg-config" >&2
        exit 1
    }
done
cd "$(dirname "$0")"
autoreconf -fi
