#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: CPU time of `warta parse` (page → plugin → record → entities
# → JSON, startup included) over a few hundred saved pages, divided by
# the CPU time gumbo alone takes to build the same trees. Target: <= 1.3.
#
# usage: bench/parse/run.sh BUILD_DIR [PAGES_DIR]
# Without PAGES_DIR it measures two sets and prints a ratio for each:
#  real  - the real outlet pages kept in tests/ (tests/fixtures/generic/real
#          and the ANTARA pages), each copied 25 times: real page sizes
#          (35-70 kB of HTML around 2-5 kB of article text);
#  small - 600 article pages from tests/backfill/gen_archive.py: tiny
#          synthetic pages (about 3.5 kB), where extraction, not HTML
#          parsing, dominates.
# CPU time moves with the machine's load; bench/parse/callgrind.sh counts
# the same ratio in instructions, start-up excluded (the figure
# docs/PERFORMANCE.md quotes).
set -eu
build=$(cd "${1:?usage: run.sh BUILD_DIR [PAGES_DIR]}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/gumbo_only" "$here/gumbo_only.c" \
    $(pkg-config --cflags --libs gumbo)

best() { sort -n | head -1; }
measure() { # NAME DIR
    n=$(ls "$2"/*.html | wc -l)
    bytes=$(cat "$2"/*.html | wc -c)
    # Best of three for each, to smooth out a noisy machine.
    g=$(for i in 1 2 3; do "$work/gumbo_only" "$2"/*.html; done | best)
    w=$(for i in 1 2 3; do
        /usr/bin/time -f '%U %S' "$build/core/warta" parse "$2"/*.html \
            2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'
        done | best)
    echo "$1: $n pages, $bytes bytes; gumbo alone ${g}s CPU;" \
         "warta parse ${w}s CPU; ratio" \
         "$(echo "$w $g" | awk '{printf "%.2f", $1 / $2}')"
}

if [ $# -ge 2 ]; then
    measure pages "$2"
    exit 0
fi
mkdir -p "$work/real" "$work/small"
i=0
for f in "$top"/tests/fixtures/generic/real/*.html \
         "$top"/tests/plugins/antara/legacy-*.html; do
    [ -f "$f" ] || continue
    for k in $(seq 1 25); do cp "$f" "$work/real/p$i-$k.html"; done
    i=$((i + 1))
done
python3 "$top/tests/backfill/gen_archive.py" generate \
    --out "$work/archive" --count 600 >/dev/null
# Article pages only (listing pages are index.html below a year/month).
find "$work/archive" -name '*.html' |
    grep -v '/page/\|/[0-9]*/index.html$' | head -600 | while read -r f; do
    cp "$f" "$work/small/$(echo "$f" | md5sum | cut -c1-12).html"
done
measure real "$work/real"
measure small "$work/small"
