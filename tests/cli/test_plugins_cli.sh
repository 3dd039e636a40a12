#!/bin/sh
# SPDX-License-Identifier: MIT
# `warta plugins` through the real loader: the built plugins are listed
# with ABI and hosts; a plugin of another ABI dropped into the plugin
# directory is refused by name while the others still load. TAP output.
set -u
: "${WARTA:?}" "${top_builddir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
echo "1..5"
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

"$WARTA" plugins >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q '^generic .* \*$' "$tmp/out" &&
    grep -q '^antara .*\*\.antaranews\.com' "$tmp/out"; then
    ok "the build tree's plugins are listed with ABI and hosts"
else
    notok "warta plugins from the build tree"
    sed 's/^/# /' "$tmp/out" "$tmp/err"
fi

cp "$top_builddir"/plugins/.libs/*.so "$tmp/" 2>/dev/null
cp "$top_builddir/tests/abi/.libs/bad_abi.so" "$tmp/"
WARTA_PLUGIN_DIR=$tmp "$WARTA" plugins >"$tmp/out" 2>"$tmp/err"
status=$?
if grep -q 'plugin bad_abi.so refused: built for ABI 2, this warta speaks ABI 1' "$tmp/err"; then
    ok "a plugin of another ABI is refused by name"
else
    notok "no refusal naming bad_abi.so"
    sed 's/^/# /' "$tmp/err"
fi
if [ "$status" -eq 0 ] && grep -q '^generic ' "$tmp/out" &&
    ! grep -q bad_abi "$tmp/out"; then
    ok "the other plugins still load"
else
    notok "the other plugins did not load (status $status)"
fi

WARTA_PLUGIN_DIR=$tmp "$WARTA" plugins --json >"$tmp/out" 2>/dev/null
if "${PYTHON3:-python3}" -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert any(r["name"] == "generic" and r["abi"] == 1 for r in rows)
' "$tmp/out"; then
    ok "--json prints one object per plugin"
else
    notok "--json output"
fi

printf '<html><body><p>x</p></body></html>' >"$tmp/p.html"
"$WARTA" parse --plugin no_such_plugin "$tmp/p.html" >/dev/null 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q no_such_plugin "$tmp/err"; then
    ok "parse --plugin with an unknown name: exit 2 naming it"
else
    notok "parse --plugin with an unknown name"
fi
[ "$fails" -eq 0 ]
