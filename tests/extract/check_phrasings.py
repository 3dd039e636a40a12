#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check `warta extract` on the phrasing corpus (TAP, one test per case).

tests/extract/phrasings.jsonl holds short news paragraphs written for
warta (not copied from any outlet) that cover the ways Indonesian news
names officials and agreements: title before or after the name, honorifics
and degrees, deputy, acting and foreign titles, MoU, LoI, PKS, sister-city
renewals, ended agreements, exploration, quotes, staff lines. Each line:
{"id", "published", "text", "officials": [...], "agreements": [...],
"dates": [...] (optional)}.

A case passes when the officials found are exactly those expected (same
name, title, and org when given), the agreements are exactly those
expected (same party set, kind and stage; signed, duration and cameo when
given; the expected sectors among those found), and, when given, the
distinct date values are those listed.
"""
import json
import os
import subprocess
import sys


def norm(s):
    return " ".join((s or "").split()).casefold()


def check(case, got):
    errs = []
    want, have = case["officials"], list(got.get("officials") or [])
    for w in want:
        hit = [h for h in have if norm(h["name"]) == norm(w["name"])]
        if not hit:
            errs.append(f"official {w['name']!r} missing")
            continue
        h = hit[0]
        have.remove(h)
        for k in ("title", "org"):
            if k in w and norm(h.get(k)) != norm(w[k]):
                errs.append(f"{w['name']}: {k} {h.get(k)!r} != {w[k]!r}")
    for h in have:
        errs.append(f"extra official {h['name']!r} ({h['title']})")
    want, have = case["agreements"], list(got.get("agreements") or [])
    for w in want:
        key = sorted(norm(p) for p in w["parties"])
        hit = [h for h in have if sorted(norm(p) for p in h["parties"]) == key]
        if not hit:
            errs.append(f"agreement {w['parties']} missing (found "
                        f"{[h['parties'] for h in have]})")
            continue
        h = hit[0]
        have.remove(h)
        for k in ("kind", "stage", "signed", "duration", "cameo"):
            if k in w and h.get(k) != w[k]:
                errs.append(f"{w['parties']}: {k} {h.get(k)!r} != {w[k]!r}")
        missing = set(w.get("sectors", [])) - set(h.get("sectors") or [])
        if missing:
            errs.append(f"{w['parties']}: sectors {sorted(missing)} missing "
                        f"from {h.get('sectors')}")
    for h in have:
        errs.append(f"extra agreement {h['parties']}")
    if "dates" in case:
        found = sorted({d["value"] for d in got.get("dates") or []})
        if found != sorted(set(case["dates"])):
            errs.append(f"dates {found} != {sorted(set(case['dates']))}")
    return errs


def main():
    top = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                    "..", ".."))
    warta = os.environ.get("WARTA", "warta")
    path = os.path.join(top, "tests", "extract", "phrasings.jsonl")
    cases = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    print(f"1..{len(cases)}")
    for i, case in enumerate(cases, 1):
        cmd = [warta, "extract", "--rules", os.path.join(top, "rules"),
               "--published", case["published"], "-"]
        r = subprocess.run(cmd, input=case["text"], capture_output=True,
                           text=True, timeout=60)
        if r.returncode != 0:
            errs = [f"exit {r.returncode}: {r.stderr.strip()[:200]}"]
        else:
            errs = check(case, json.loads(r.stdout))
        print(f"{'not ok' if errs else 'ok'} {i} - {case['id']}")
        for e in errs:
            print(f"# {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
