#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Real pages of Indonesian outlets through the generic plugin. TAP output.

Every tests/fixtures/generic/real/NAME.html is a page saved by someone else
(see the README.md there for where each came from) and NAME.expect says,
as read from the HTML by a person, what its record must hold:

  url URL          the page's real address, given to `warta parse --url`
  title TEXT       the headline, exactly
  published P      the record's "published" starts with P; when P has a
                   time, the value must carry an offset ("+07:00" unless
                   P names one itself)
  author NAME      NAME is one of "authors" (repeatable)
  editor NAME      NAME is one of "editors" (repeatable)
  noauthor NAME    NAME is not one of "authors" (the outlet's own code)
  starts TEXT      the body text starts with TEXT
  ends TEXT        the body text ends with TEXT
  + TEXT           TEXT is in the body
  - TEXT           TEXT is not in the body (case-insensitive): related
                   links, captions, share text, bylines, footers

Each page is parsed twice: with --plugin generic (every check above), and
without --plugin, routed by host as `warta parse` does for a user (the
body must still hold no "Baca juga" line, ad label or copyright line).

Environment (set by `make check`): WARTA, top_srcdir, top_builddir.
"""
import json
import os
import re
import subprocess
import sys

SRC = os.environ.get("top_srcdir") or os.path.join(
    os.path.dirname(__file__), "..", "..", "..")
BUILD = os.environ.get("top_builddir") or "."
WARTA = os.environ.get("WARTA") or os.path.join(BUILD, "core", "warta")
DIR = os.path.join(SRC, "tests", "fixtures", "generic", "real")
PLUGINS = os.path.abspath(os.path.join(BUILD, "plugins", ".libs"))

# Lines no clean body may hold, whichever plugin made it.
RESIDUE = [
    (re.compile(r"^\s*(baca|lihat|simak)\s+juga\b", re.I | re.M), "Baca juga"),
    (re.compile(r"^\s*(advertisement|iklan|scroll to (continue|resume))\b",
                re.I | re.M), "ad label"),
    (re.compile(r"(copyright|hak cipta)\b.*\d{4}|©", re.I), "copyright"),
]


def parse(page, url, plugin):
    cmd = [WARTA, "parse", "--url", url]
    if plugin:
        cmd += ["--plugin", plugin]
    env = dict(os.environ, WARTA_PLUGIN_DIR=PLUGINS)
    p = subprocess.run(cmd + [page], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env)
    if p.returncode != 0 or not p.stdout.strip():
        return None, p.stderr.decode("utf-8", "replace").strip()
    return json.loads(p.stdout.decode("utf-8").splitlines()[0]), ""


def read_expect(path):
    checks = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line[:2] in ("+ ", "- "):
                checks.append((line[0], line[2:]))
                continue
            key, _, val = line.partition(" ")
            if key not in ("url", "title", "published", "author", "editor",
                           "noauthor", "tag", "lang", "starts", "ends") or not val:
                raise SystemExit("%s:%d: bad line: %s" % (path, n, line))
            checks.append((key, val))
    return checks


def check(rec, key, val):
    """None when rec satisfies the check, else what it holds instead."""
    text = rec.get("text") or ""
    if key == "title":
        return None if rec.get("title") == val else repr(rec.get("title"))
    if key == "published":
        got = rec.get("published") or ""
        ok = got.startswith(val)
        if ok and "T" in val and not re.search(r"[+-]\d\d:\d\d$", val):
            ok = got.endswith("+07:00")
        return None if ok else repr(got)
    if key in ("author", "editor"):
        got = rec.get(key + "s") or []
        return None if val in got else repr(got)
    if key == "lang":
        return None if rec.get("lang") == val else repr(rec.get("lang"))
    if key == "tag":
        got = rec.get("tags") or []
        return None if val in got else repr(got)
    if key == "noauthor":
        got = rec.get("authors") or []
        return None if val not in got else repr(got)
    if key == "starts":
        return None if text.startswith(val) else repr(text[:len(val) + 40])
    if key == "ends":
        return None if text.endswith(val) else repr(text[-len(val) - 40:])
    if key == "+":
        return None if val in text else "missing"
    if key == "-":
        i = text.lower().find(val.lower())
        return None if i < 0 else "found: %r" % text[max(0, i - 30):i + 60]
    return "unknown check"


def main():
    pages = sorted(f[:-7] for f in os.listdir(DIR) if f.endswith(".expect"))
    tests = []  # (name, ok, why)
    pages_ok = 0
    for name in pages:
        checks = read_expect(os.path.join(DIR, name + ".expect"))
        urls = [v for k, v in checks if k == "url"]
        page = os.path.join(DIR, name + ".html")
        if len(urls) != 1 or not os.path.exists(page):
            tests.append((name, False, "needs one url line and a .html"))
            continue
        rec, err = parse(page, urls[0], "generic")
        all_ok = rec is not None
        if rec is None:
            tests.append((name + ": parse", False, err))
        for key, val in checks:
            if key == "url" or rec is None:
                continue
            why = check(rec, key, val)
            all_ok = all_ok and why is None
            tests.append(("%s: %s %s" % (name, key, val[:50]), why is None,
                          why))
        routed, err = parse(page, urls[0], None)
        bad = [] if routed else [err or "no record"]
        for rx, what in RESIDUE if routed else ():
            m = rx.search(routed.get("text") or "")
            if m:
                bad.append("%s: %r" % (what, m.group(0)[:60]))
        if routed and not routed.get("text"):
            bad.append("no text")
        all_ok = all_ok and not bad
        tests.append(("%s: routed by host (%s), no residue" %
                      (name, routed.get("outlet") if routed else "?"),
                      not bad, "; ".join(bad)))
        pages_ok += all_ok
    print("1..%d" % len(tests))
    for i, (name, ok, why) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and why:
            print("#   %s" % why)
    print("# pages fully right: %d of %d" % (pages_ok, len(pages)))
    return 0 if all(ok for _, ok, _ in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
