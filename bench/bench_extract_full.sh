#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: throughput of the whole entity extraction (extract_run:
# officials, dates, agreements, organisations, places, money) in MB/s of
# article text on one core, over the seed articles of tests/fixtures/seeds
# repeated to TOTAL_MB, against dates alone (bench_extract.sh) for the
# ratio. Target (issue): >= 10 MB/s.
#
# usage: bench/bench_extract_full.sh BUILD_DIR [TOTAL_MB]
# BUILD_DIR is a configured and built tree (core/.libs/libwarta.a).
set -eu
build=$(cd "${1:?usage: bench_extract_full.sh BUILD_DIR [TOTAL_MB]}" && pwd)
mb=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds="$top/tests/fixtures/seeds/*.txt"
lib="$build/core/.libs/libwarta.a"
[ -f "$lib" ] || { echo "no $lib: build the tree first" >&2; exit 2; }

# Linked against the tree's own library, built with its flags.
cc -O2 -DNDEBUG -I"$build" -I"$top/include" -I"$top/core" \
    $(pkg-config --cflags jansson) \
    -o "$work/bench_extract_full" "$here/bench_extract_full.c" "$lib" \
    $(pkg-config --libs libpcre2-8 jansson gumbo sqlite3 libcurl expat \
        zlib nettle 2>/dev/null) -linih -lm -lpthread -ldl

echo "texts: $(ls $seeds | wc -l) seed articles, $(cat $seeds | wc -c) bytes"
"$work/bench_extract_full" "$top/rules" "$mb" --runs 3 $seeds
