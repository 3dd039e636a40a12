#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: throughput of date and money/percent finding (dates_find and
# numbers_find over the shipped rules/) in MB/s of article text on one
# core, over the seed articles repeated to TOTAL_MB, and the same texts
# through dateparser's search_dates for comparison (a small sample,
# scaled: dateparser is slow). Targets: >= 10 MB/s, >= 100x dateparser.
#
# usage: bench/bench_extract.sh BUILD_DIR [TOTAL_MB]
# BUILD_DIR is a configured and built tree (core/.libs/libwarta.a).
# Needs the Debian package python3-dateparser for the comparison.
set -eu
build=$(cd "${1:?usage: bench_extract.sh BUILD_DIR [TOTAL_MB]}" && pwd)
mb=${2:-50}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds="$top/tests/fixtures/seeds/*.txt"

# Linked against the tree's own library (core/.libs/libwarta.a), as
# bench_extract_full.sh is: the rule engine is several files.
lib="$build/core/.libs/libwarta.a"
[ -f "$lib" ] || { echo "no $lib: build the tree first" >&2; exit 2; }
cc -O2 -DNDEBUG -I"$build" -I"$top/include" -I"$top/core" \
    $(pkg-config --cflags jansson) \
    -o "$work/bench_extract" "$here/bench_extract.c" "$lib" \
    $(pkg-config --libs libpcre2-8 jansson gumbo sqlite3 libcurl expat \
        zlib nettle 2>/dev/null) -linih -lm -lpthread -ldl

echo "texts: $(ls $seeds | wc -l) seed articles, $(cat $seeds | wc -c) bytes"
"$work/bench_extract" "$top/rules" "$mb" --runs 3 $seeds | tee "$work/all"
"$work/bench_extract" "$top/rules" "$mb" --runs 3 --dates-only $seeds \
    | tee "$work/dates"

# dateparser: the system python has it (Debian python3-dateparser).
py=""
for p in "${PYTHON3:-}" /usr/bin/python3 python3; do
    if [ -n "$p" ] && "$p" -c 'import dateparser' 2>/dev/null; then
        py=$p
        break
    fi
done
if [ -z "$py" ]; then
    echo "dateparser: not installed (apt-get install python3-dateparser)"
    exit 0
fi
"$py" "$here/bench_extract.py" --repeat 4 $seeds | tee "$work/dp"
"$py" "$here/bench_extract.py" --repeat 1 --languages '' $seeds \
    | sed 's/^dateparser/dateparser (language detection)/'
dp=$(awk '{print $(NF-1)}' "$work/dp")
all=$(awk '{print $(NF-1)}' "$work/all")
dates=$(awk '{print $(NF-1)}' "$work/dates")
echo "dateparser at $dp MB/s would take $(echo "$mb $dp" | awk '{printf "%.0f", $1 / $2}') s for $mb MB"
echo "ratio dates only: $(echo "$dates $dp" | awk '{printf "%.0f", $1 / $2}')x"
echo "ratio dates+money: $(echo "$all $dp" | awk '{printf "%.0f", $1 / $2}')x"
