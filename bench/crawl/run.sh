#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/crawl: crawl throughput and memory of warta beside Scrapy, and the
# daemon's idle cost. Not part of `make check` (it installs packages and
# takes minutes); results go to docs/PERFORMANCE.md by hand.
#
#   WARTA=/path/to/build/core/warta bench/crawl/run.sh [ARTICLES] [IDLE_S]
#
# 1. Generates a news site of ARTICLES (default 3000) articles with
#    tests/integration/fakesite.py (feed, sitemap index with a plain and a
#    gzipped urlset, articles) and serves it with a local nginx
#    (nginx-light, installed with apt-get when missing).
# 2. `warta run --once` crawls it: robots.txt, feed, sitemaps, every
#    article fetched, parsed (generic plugin), entities extracted and
#    stored in SQLite; politeness off (delay 0, 16 connections).
# 3. Scrapy (python3-scrapy, installed when missing) crawls the same site
#    with bench/crawl/spider.py: the same pages, parsed and stored.
# 4. The daemon idles with 50 sources (feeds polled every 10 min): CPU%
#    and RSS over IDLE_S seconds (default 60) after its first pass.
# Wall time and peak RSS come from GNU time (/usr/bin/time).
set -eu
N=${1:-3000}
IDLE_S=${2:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
WARTA=${WARTA:-$TOP/core/warta}
PY=${PYTHON3:-python3}
[ -x "$WARTA" ] || { echo "run.sh: $WARTA: build warta first (WARTA=...)" >&2; exit 2; }

need_pkg() { # command-test package
    if ! sh -c "$1" >/dev/null 2>&1; then
        echo "run.sh: installing $2" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >&2
    fi
}
need_pkg "command -v nginx || test -x /usr/sbin/nginx" nginx-light
need_pkg "/usr/bin/python3 -c 'import scrapy'" python3-scrapy
need_pkg "test -x /usr/bin/time" time
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d /tmp/warta-bench-crawl.XXXXXX)
chmod 755 "$TMP"  # nginx workers run as nobody when started by root
cleanup() {
    [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || :
    [ -n "${IDLE_PID:-}" ] && kill "$IDLE_PID" 2>/dev/null || :
    [ -n "${KEEP:-}" ] && echo "kept $TMP" >&2 || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT

$PY - "$TOP/tests/integration" "$TMP/site" "$N" "$BASE" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[1])
import fakesite
root, n, base = sys.argv[2], int(sys.argv[3]), sys.argv[4]
fakesite.write_tree(root, n, base)
# 50 small feeds for the idle test, 5 articles each.
import os
os.makedirs(root + "/feeds", exist_ok=True)
for k in range(50):
    ids = range(k * 5, k * 5 + 5)
    with open("%s/feeds/s%02d.xml" % (root, k), "w") as f:
        f.write(fakesite.feed_xml(base, [i % n for i in ids]))
PYEOF
sed -e "s|ROOT|$TMP/site|; s|PORT|$PORT|; s|TMP|$TMP|g" "$HERE/nginx.conf.in" > "$TMP/nginx.conf"
"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" &
ok=
for i in 1 2 3 4 5 6 7 8 9 10; do
    $PY -c "import urllib.request; urllib.request.urlopen('$BASE$(printf '%s' /berita/100000/artikel-kerja-sama-0)')" 2>/dev/null && { ok=1; break; }
    sleep 0.3
done
[ -n "$ok" ] || { echo "run.sh: nginx does not serve the site" >&2; cat "$TMP/nginx-error.log" >&2; exit 1; }

cat > "$TMP/warta.conf" <<CONF
[warta]
state_dir = $TMP/state
user_agent = warta-bench/1.0 (+https://example.org/bench)
delay = 0
max_connections = 16
max_per_host = 16
log_level = warning

[source bench]
urls = $BASE/rss/terkini.xml
       $BASE/sitemap_index.xml
poll = 1h
allow_private = yes
CONF

count() { /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM articles').fetchone()[0])" "$1"; }

echo "== warta: $N articles from nginx" >&2
/usr/bin/time -f "%e %M" -o "$TMP/warta.time" "$WARTA" run --once -c "$TMP/warta.conf" 2> "$TMP/warta.err" || { tail "$TMP/warta.err" >&2; exit 1; }
read W_S W_KB < "$TMP/warta.time"
W_N=$(count "$TMP/state/warta.db")

echo "== scrapy: the same site" >&2
(cd "$TMP" && /usr/bin/time -f "%e %M" -o "$TMP/scrapy.time" /usr/bin/python3 -m scrapy runspider "$HERE/spider.py" -a base="$BASE" -a db="$TMP/scrapy.db" 2> "$TMP/scrapy.err") || { tail "$TMP/scrapy.err" >&2; exit 1; }
read S_S S_KB < "$TMP/scrapy.time"
S_N=$(count "$TMP/scrapy.db")

echo "== idle daemon: 50 sources, ${IDLE_S}s" >&2
{
    cat <<CONF
[warta]
state_dir = $TMP/idle
user_agent = warta-bench/1.0 (+https://example.org/bench)
delay = 0
log_level = warning
CONF
    k=0
    while [ $k -lt 50 ]; do
        printf '\n[source s%02d]\nurls = %s/feeds/s%02d.xml\npoll = 10m\nallow_private = yes\n' $k "$BASE" $k
        k=$((k + 1))
    done
} > "$TMP/idle.conf"
"$WARTA" run -c "$TMP/idle.conf" 2> "$TMP/idle.err" &
IDLE_PID=$!
sleep 15  # the first pass: 50 feeds, 250 articles
ticks() { awk '{print $14 + $15}' "/proc/$IDLE_PID/stat"; }
T0=$(ticks); sleep "$IDLE_S"; T1=$(ticks)
RSS=$(awk '/^VmRSS/ {print $2}' "/proc/$IDLE_PID/status")
HWM=$(awk '/^VmHWM/ {print $2}' "/proc/$IDLE_PID/status")
HZ=$(getconf CLK_TCK)
kill -TERM "$IDLE_PID"; wait "$IDLE_PID" || :
IDLE_PID=
I_N=$(count "$TMP/idle/warta.db")

awk -v n="$N" -v ws="$W_S" -v wk="$W_KB" -v wn="$W_N" -v ss="$S_S" \
    -v sk="$S_KB" -v sn="$S_N" -v t0="$T0" -v t1="$T1" -v hz="$HZ" \
    -v idle="$IDLE_S" -v rss="$RSS" -v hwm="$HWM" -v in_="$I_N" 'BEGIN {
    wp = wn / ws; sp = sn / ss
    printf "| crawler | articles stored | wall s | pages/s | peak RSS MB |\n"
    printf "|---|---|---|---|---|\n"
    printf "| warta run --once | %d | %.2f | %.0f | %.1f |\n", wn, ws, wp, wk / 1024
    printf "| scrapy runspider | %d | %.2f | %.0f | %.1f |\n", sn, ss, sp, sk / 1024
    printf "\nwarta/scrapy: %.1fx the pages/s at %.2f of the RSS\n", wp / sp, wk / sk
    printf "\nidle daemon, 50 sources (%d articles stored in its first pass):\n", in_
    printf "CPU %.3f%% over %d s, RSS %.1f MB (peak %.1f MB)\n", (t1 - t0) / hz / idle * 100, idle, rss / 1024, hwm / 1024
}'
