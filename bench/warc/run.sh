#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/warc: WARC ingestion rate of `warta backfill --warc`, articles per
# second for parse + extract + store, on a CC-NEWS style file (one gzip
# member per record) of heavy generated pages (make_warc.py). Not part of
# `make check`; results go to docs/PERFORMANCE.md by hand.
#
#   WARTA=/path/to/build/core/warta bench/warc/run.sh [ARTICLES] [RUNS]
#
# ARTICLES defaults to 5000, RUNS (fresh store each) to 3. Prints the rate
# of each run (articles stored / wall seconds of the whole command,
# start-up included) with the default worker processes (one per CPU) and
# the best, then one run with --jobs 1 (a single process: its peak RSS,
# from GNU time when /usr/bin/time is there, is that of one worker; with
# several workers GNU time sees only the parent's).
set -eu
N=${1:-5000}
RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
WARTA=${WARTA:-$TOP/core/warta}
PY=${PYTHON3:-python3}
[ -x "$WARTA" ] || { echo "run.sh: $WARTA: build warta first (WARTA=...)" >&2; exit 2; }
TMP=$(mktemp -d /tmp/warta-bench-warc.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM

$PY "$HERE/make_warc.py" "$TMP/cc-news.warc.gz" "$N"
ls -l "$TMP/cc-news.warc.gz" | awk '{printf "WARC file: %.1f MB\n", $5/1048576}'
cat > "$TMP/warta.conf" <<CONF
[warta]
state_dir = $TMP/state
user_agent = warta-bench/1.0 (+https://example.org/warta-bench)
log_level = warning
CONF
timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %M' -o "$TMP/time" "$@"
    else
        "$@"
    fi
}
one() { # label, extra options
    rm -rf "$TMP/state"
    start=$($PY -c 'import time; print(time.time())')
    timed "$WARTA" backfill -c "$TMP/warta.conf" --no-progress $2 \
        --warc "$TMP/cc-news.warc.gz" 2> "$TMP/err" || {
        echo "run.sh: backfill failed:" >&2; tail -20 "$TMP/err" >&2; exit 1; }
    end=$($PY -c 'import time; print(time.time())')
    stored=$("$WARTA" export -c "$TMP/warta.conf" 2>/dev/null | wc -l)
    rss=""
    [ -f "$TMP/time" ] && rss=$(awk '{printf ", peak RSS %.0f MB", $2/1024}' "$TMP/time")
    rate=$($PY -c "print('%.0f' % ($stored / ($end - $start)))")
    $PY -c "print('$1: %d articles in %.2f s: $rate articles/s$rss' % ($stored, $end - $start))"
}
best=0
i=1
while [ "$i" -le "$RUNS" ]; do
    one "run $i ($(nproc) workers)" ""
    [ "$rate" -gt "$best" ] && best=$rate
    i=$((i + 1))
done
one "one worker (--jobs 1)" "--jobs 1"
echo "best: $best articles/s ($(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
