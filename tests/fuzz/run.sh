#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs each libFuzzer binary of a --enable-fuzzing build for SECONDS
# (default 60), starting from the corpora make check replays, in a
# scratch directory (new inputs do not land in the source tree). A crash
# leaves its input in the scratch directory, which is then kept.
#
# usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
set -eu
build=$(cd "${1:?usage: run.sh BUILD_DIR [SECONDS]}" && pwd)
secs=${2:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
failed=0
for t in literals extract page; do
    bin="$build/tests/fuzz/fuzz_$t"
    [ -x "$bin" ] || { echo "no $bin: make fuzz-targets first" >&2; exit 2; }
    mkdir -p "$work/$t"
    case $t in
    literals) cp "$top"/tests/fuzz/corpus/literals/* "$work/$t/" ;;
    extract) cp "$top"/tests/fuzz/corpus/extract/* \
                "$top"/tests/fixtures/seeds/*.txt "$work/$t/" ;;
    page) cp "$top"/tests/fuzz/corpus/page/* \
             "$top"/tests/fixtures/generic/real/*.html "$work/$t/" ;;
    esac
    echo "== fuzz_$t for ${secs}s"
    (cd "$work" && "$bin" -max_total_time="$secs" -max_len=65536 \
        -rss_limit_mb=4096 "$work/$t") >"$work/$t.log" 2>&1 ||
        failed=1
    tail -3 "$work/$t.log"
done
if [ "$failed" -ne 0 ]; then
    echo "a fuzzer stopped: logs and crash inputs are in $work" >&2
    exit 1
fi
rm -rf "$work"
