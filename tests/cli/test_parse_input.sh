#!/bin/sh
# SPDX-License-Identifier: MIT
# `warta parse` on bad input: missing, empty, binary, 50 MB, invalid
# UTF-8 and 10,000-level-deep files get a clear error (exit 2, one line
# naming the file) or a best-effort record (exit 0, valid JSON) — never a
# crash or a hang. TAP output.
set -u
: "${WARTA:?}" "${PYTHON3:=python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
echo "1..9"

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

# run NAME EXPECTED_STATUS FILE: runs parse with a time limit.
run() {
    timeout 120 "$WARTA" parse --url https://example.com/berita/1/x "$3" \
        >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -ge 124 ]; then
        notok "$1: crashed or hung (status $status)"
        sed 's/^/# /' "$tmp/err" | tail -5
        return 1
    fi
    if [ "$status" -ne "$2" ]; then
        notok "$1: exit status $status, expected $2"
        sed 's/^/# /' "$tmp/err" | tail -5
        return 1
    fi
    return 0
}

valid_record() {
    "$PYTHON3" -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, "one record expected, got %d" % len(lines)
r = json.loads(lines[0])
for k in ("id", "url", "text", "entities", "content_hash"):
    assert k in r, k
' "$tmp/out"
}

names_file() { grep -q "$1" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -ge 1 ]; }

if run "missing file" 2 "$tmp/nope.html"; then
    names_file nope.html && ok "missing file: exit 2 naming it" ||
        notok "missing file: message does not name the file"
fi

: >"$tmp/empty.html"
if run "empty file" 2 "$tmp/empty.html"; then
    names_file empty.html && ok "empty file: exit 2 naming it" ||
        notok "empty file: message does not name the file"
fi

head -c 200000 /dev/urandom >"$tmp/binary.html"
if run "binary file" 2 "$tmp/binary.html"; then
    names_file binary.html && ok "binary file: exit 2 naming it" ||
        notok "binary file: message does not name the file"
fi

if run "a directory" 2 "$tmp"; then ok "a directory: exit 2"; fi

"$PYTHON3" - "$tmp/invalid.html" <<'PY'
import sys
body = ("<html><head><title>Judul \xff\xfe rusak</title></head><body>"
        "<article><p>Wali Kota Bandung Yana Mulyana \xc3\x28 menerima "
        "tamu \xed\xa0\x80 pada Senin.</p>" * 20 + "</article></body></html>")
open(sys.argv[1], "wb").write(body.encode("latin-1"))
PY
if run "invalid UTF-8" 0 "$tmp/invalid.html"; then
    valid_record && ok "invalid UTF-8: a valid record" ||
        notok "invalid UTF-8: output is not one valid record"
fi

"$PYTHON3" - "$tmp/deep.html" <<'PY'
import sys
open(sys.argv[1], "w").write("<html><body>" + "<div>" * 10000 +
    "<p>Teks terdalam di halaman ini cukup panjang untuk dibaca.</p>" +
    "</div>" * 10000 + "</body></html>")
PY
if run "10,000-level-deep page" 0 "$tmp/deep.html"; then
    valid_record && ok "10,000-level-deep page: a valid record" ||
        notok "deep page: output is not one valid record"
fi

"$PYTHON3" - "$tmp/huge.html" <<'PY'
import sys
para = ("<p>" + "Pemerintah Kota Bandung menjalin kerja sama dengan kota "
        "mitra di luar negeri untuk pengembangan UMKM. " * 40 + "</p>\n")
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Besar</title></head><body><article>")
    size = 0
    while size < 50 * 1024 * 1024:
        f.write(para)
        size += len(para)
    f.write("</article></body></html>")
PY
if run "50 MB page" 0 "$tmp/huge.html"; then
    valid_record && ok "50 MB page: a best-effort record" ||
        notok "50 MB page: output is not one valid record"
fi

# 65 MB is past the page cap: refused with a clear line.
head -c $((65 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$tmp/toobig.html"
if run "page over the cap" 2 "$tmp/toobig.html"; then
    names_file toobig.html && ok "page over the cap: exit 2 naming it" ||
        notok "page over the cap: message does not name the file"
fi

# Several files: the bad one is reported, the good one still printed.
printf '<html><head><title>Kerja sama</title></head><body><article><p>%s</p><p>%s</p></article></body></html>' \
    "Pemerintah Kota Bandung dan Kota Petaling Jaya memperpanjang kerja sama kota kembar pada Senin, kata Wali Kota Bandung." \
    "Kerja sama itu meliputi bidang pendidikan, perdagangan dan pengembangan usaha mikro, kecil dan menengah di kedua kota." >"$tmp/good.html"
timeout 60 "$WARTA" parse --url https://example.com/a "$tmp/good.html" \
    "$tmp/missing.html" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
    grep -q missing.html "$tmp/err"; then
    ok "one bad file among good ones: the good record printed, exit 2"
else
    notok "one bad file among good ones (status $status)"
fi
[ "$fails" -eq 0 ]
