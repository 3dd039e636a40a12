#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Score `warta extract` on the seed articles (TAP).

tests/fixtures/seeds/ holds the five seed texts and their gold lines
(dev.jsonl, copied from the project's shared gold, see that README). For
every gold line this runs `$WARTA extract --published P --rules
$top_srcdir/rules FILE` and compares officials, dates and agreements the
way gold/GUIDE.md "How the scorer matches" describes: officials by name
(equal word sets, or the shorter of two words or more inside the longer),
dates by distinct values, agreements by party sets (at least half in
common after canonical forms). Each measure is one TAP test and must be
perfect: F1 = 1.0, every matched title, kind and stage right.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

# Words that are not part of a name (GUIDE: no honorifics, no degrees).
NOT_NAME = set("h hj dr drs ir prof kh dato datuk tan sri bapak pak ibu bu "
               "kang teh mr mrs ms s se mm msi mt mh st sh sos ak".split())
LEVELS = {"pemkot": "kota", "pemkab": "kabupaten", "pemprov": "provinsi",
          "kab": "kabupaten"}
ADMIN = set("dki daerah khusus ibukota ibu istimewa negara bagian republik "
            "pemerintah".split())


def words(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^\w\s]", " ", s).split()


def person(name):
    return frozenset(w for w in words(name) if w not in NOT_NAME)


def same_person(a, b):
    pa, pb = person(a), person(b)
    if not pa or not pb:
        return False
    small, big = sorted((pa, pb), key=len)
    return pa == pb or (len(small) >= 2 and small <= big)


def title_key(t):
    t = " ".join(words(t))
    return {"walikota": "wali kota", "wakil walikota": "wakil wali kota",
            "mayor": "wali kota", "kadis": "kepala dinas",
            "sekda": "sekretaris daerah"}.get(t, t)


def party(p):
    w = [LEVELS.get(x, x) for x in words(p)]
    while w and w[0] == "pemerintah":
        w = w[1:]
    level = w[0] if w and w[0] in ("kota", "kabupaten", "provinsi") else None
    rest = tuple(x for x in (w[1:] if level else w) if x not in ADMIN)
    return level, rest


def same_party(a, b):
    (la, ra), (lb, rb) = party(a), party(b)
    return bool(ra) and ra == rb and (la == lb or la is None or lb is None)


def pair(gold, got, same):
    taken, out = set(), []
    for g in gold:
        for i, p in enumerate(got):
            if i not in taken and same(g, p):
                taken.add(i)
                out.append((g, p))
                break
    return out


def parties_overlap(a, b):
    if not a or not b:
        return False
    common = len(pair(a, b, same_party))
    return common * 2 >= len(a) + len(b) - common


def f1(tp, ng, np_):
    p = tp / np_ if np_ else (1.0 if not ng else 0.0)
    r = tp / ng if ng else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    top = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                    "..", ".."))
    warta = os.environ.get("WARTA", "warta")
    seeds = os.path.join(top, "tests", "fixtures", "seeds")
    counts = {k: [0, 0, 0] for k in ("officials", "dates", "agreements")}
    attrs = {"title": [0, 0], "kind": [0, 0], "stage": [0, 0]}
    failures = []
    for line in open(os.path.join(seeds, "dev.jsonl"), encoding="utf-8"):
        if not line.strip():
            continue
        g = json.loads(line)
        path = os.path.join(seeds, os.path.basename(g["file"]))
        cmd = [warta, "extract", "--rules", os.path.join(top, "rules"),
               "--published", g["published"], path]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            failures.append(f"{path}: exit {r.returncode}: {r.stderr[:200]}")
            got = {}
        else:
            got = json.loads(r.stdout)
        go, po = g.get("officials", []), got.get("officials") or []
        m = pair(go, po, lambda a, b: same_person(a["name"], b["name"]))
        counts["officials"][0] += len(m)
        counts["officials"][1] += len(go)
        counts["officials"][2] += len(po)
        for a, b in m:
            attrs["title"][0] += title_key(a["title"]) == title_key(b["title"])
            attrs["title"][1] += 1
        gd = {d["value"] for d in g.get("dates", [])}
        pd = {d["value"] for d in got.get("dates") or []}
        counts["dates"][0] += len(gd & pd)
        counts["dates"][1] += len(gd)
        counts["dates"][2] += len(pd)
        ga, pa = g.get("agreements", []), got.get("agreements") or []
        m = pair(ga, pa, lambda a, b: parties_overlap(a["parties"],
                                                      b["parties"]))
        counts["agreements"][0] += len(m)
        counts["agreements"][1] += len(ga)
        counts["agreements"][2] += len(pa)
        for a, b in m:
            for k in ("kind", "stage"):
                attrs[k][0] += a[k] == b.get(k)
                attrs[k][1] += 1
    tests = []
    for k, (tp, ng, np_) in counts.items():
        v = f1(tp, ng, np_)
        tests.append((v == 1.0, f"{k} F1 = {v:.3f} ({tp} right, {ng} gold, "
                                f"{np_} found)"))
    for k, (ok, n) in attrs.items():
        tests.append((ok == n, f"{k} right for {ok}/{n} matched"))
    tests.append((not failures, "every run worked" +
                  ("" if not failures else ": " + "; ".join(failures))))
    print(f"1..{len(tests)}")
    for i, (ok, msg) in enumerate(tests, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {msg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
