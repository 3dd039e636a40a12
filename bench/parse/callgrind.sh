#!/bin/sh
# SPDX-License-Identifier: MIT
# The parse benchmark counted in instructions instead of CPU seconds:
# valgrind --tool=callgrind gives the same figure on every run, whatever
# the machine's load, where run.sh's CPU-time ratio moves by 30% or more.
#
# It counts three runs over the 17 real pages kept in tests/ (the
# generic fixtures and the two ANTARA pages), or over the pages given:
#   G  gumbo alone (gumbo_only.c) building their trees;
#   W  `warta parse` over them;
#   S  `warta parse` over one tiny page: the start-up (dynamic linking,
#      loading and JIT-compiling the rule files), paid once per process.
# and prints the per-page ratio (W - S) / G (target: <= 1.3), then, with
# -v, the inclusive counts of the main parts of W.
#
# usage: bench/parse/callgrind.sh [-v] BUILD_DIR [PAGE.html ...]
set -eu
verbose=0
if [ "${1:-}" = -v ]; then
    verbose=1
    shift
fi
build=$(cd "${1:?usage: callgrind.sh [-v] BUILD_DIR [PAGE.html ...]}" &&
        pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/gumbo_only" "$here/gumbo_only.c" \
    $(pkg-config --cflags --libs gumbo)
if [ $# -eq 0 ]; then
    set -- "$top"/tests/fixtures/generic/real/*.html \
           "$top"/tests/plugins/antara/legacy-*.html
fi
printf '<html><head><title>t</title></head><body><p>x</p></body></html>\n' \
    >"$work/tiny.html"

count() { # OUT PROGRAM ARGS...: instructions of one run under callgrind
    out=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$out" "$@" \
        >/dev/null 2>"$out.err" || { cat "$out.err" >&2; exit 1; }
    sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$out.err"
}
g=$(count "$work/cg.gumbo" "$work/gumbo_only" "$@")
w=$(count "$work/cg.warta" "$build/core/warta" parse "$@")
s=$(count "$work/cg.tiny" "$build/core/warta" parse "$work/tiny.html")
if [ -z "$g" ] || [ -z "$w" ] || [ -z "$s" ]; then
    echo "callgrind.sh: a run failed or printed no count" >&2
    exit 1
fi
echo "$# pages; instructions: gumbo alone $g; warta parse $w;" \
     "start-up $s; per page (W - S) / G =" \
     "$(echo "$w $s $g" | awk '{printf "%.3f", ($1 - $2) / $3}')"
[ $verbose -eq 1 ] || exit 0
# The main parts of W, inclusive, in millions and relative to G.
parts='gumbo_parse_with_options|gumbo_destroy_output|runtime_open'
parts="$parts|page_open|page_close|charset_[a-z_0-9]+|meta_read"
parts="$parts|readable_guess|generic_parse|dom_text|clean_text"
parts="$parts|run_extract[a-z.0-9]*|record_to_json|json_dumps"
callgrind_annotate --inclusive=yes --auto=no --threshold=100 \
    "$work/cg.warta" 2>/dev/null |
    awk -v g="$g" -v parts="$parts" '
    $0 ~ "^ *[0-9,]+ .*:(" parts ") " {
        n = $1; gsub(",", "", n)
        name = $0; sub(/ \[.*/, "", name); sub(/.*:/, "", name)
        if (seen[name]++) next
        printf "  %-26s %8.1f M  %5.3f\n", name, n / 1e6, n / g
    }'
