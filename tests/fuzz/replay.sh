#!/bin/sh
# SPDX-License-Identifier: MIT
# make check's run of the fuzz targets (tests/fuzz/*.c) over their
# corpora through tests/fuzz/replay.c: the literal promise on hand-made
# pattern/subject pairs, extraction (gate against no gate) on the seed
# articles and the phrasing corpus, pages on every saved HTML page of the
# tests. One TAP line per input.
set -u
b=${top_builddir:-.}/tests/fuzz
s=${top_srcdir:-.}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$b/replay_literals" "$s/tests/fuzz/corpus/literals" >>"$out" || status=1
"$b/replay_extract" "$s/tests/fixtures/seeds" "$s/tests/fuzz/corpus/extract" \
    >>"$out" || status=1
"$b/replay_page" "$s/tests/fixtures/generic/real" "$s/tests/plugins/antara" \
    "$s/tests/fuzz/corpus/page" >>"$out" || status=1
# A replay that stopped (a crash, an abort from a broken promise) fails
# as a test of its own.
[ "$status" -eq 0 ] || echo "not ok 0 - a replay stopped: see the log" >>"$out"
# Number the lines of the three runs as one plan.
awk '/^(not )?ok [0-9]+ - /{n++; sub(/ok [0-9]+ - /, "ok " n " - "); print}
     END{print "1.." n}' "$out"
exit 0
