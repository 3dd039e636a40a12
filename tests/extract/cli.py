#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`warta extract` as a user meets it (TAP): --help, exit codes and the
one-line messages of SPEC "Commands" (a missing file and a broken rule file
are bad input: exit 2 naming the file, "file:line: message" for rules),
and hostile input that must still give one bounded JSON object: empty
text, invalid UTF-8, a 10 MB article, long runs of capitalised words,
thousands of digits, deeply nested parentheses. Time is not asserted here
(bench/ measures it); every run has a generous timeout so a blow-up fails.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                "..", ".."))
WARTA = os.environ.get("WARTA", "warta")
RULES = os.path.join(TOP, "rules")
KEYS = ["officials", "dates", "agreements", "organizations", "places",
        "money", "percentages"]
results = []


def run(args, data=None, rules=RULES, timeout=300):
    cmd = [WARTA, "extract"] + (["--rules", rules] if rules else []) + args
    return subprocess.run(cmd, input=data, capture_output=True,
                          timeout=timeout)


def test(name, ok, why=""):
    results.append((bool(ok), name, why))


def entities(r):
    try:
        lines = r.stdout.decode("utf-8").splitlines()
        obj = json.loads(lines[0]) if len(lines) == 1 else None
    except (ValueError, UnicodeDecodeError, IndexError):
        return None
    return obj if isinstance(obj, dict) and list(obj) == KEYS else None


def main():
    r = run(["--help"], rules=None)
    test("--help exits 0 with usage", r.returncode == 0 and
         b"usage: warta extract" in r.stdout)
    r = run(["--bogus"])
    test("unknown option exits 2", r.returncode == 2 and b"--bogus" in r.stderr)
    r = run(["--published", "not a date", "-"], b"x")
    test("bad --published exits 2", r.returncode == 2)
    r = run(["/nonexistent/article.txt"])
    test("missing file exits 2 naming it", r.returncode == 2 and
         b"/nonexistent/article.txt" in r.stderr, r.stderr[:200])

    tmp = tempfile.mkdtemp(prefix="warta-extract-")
    try:
        bad = os.path.join(tmp, "rules")
        shutil.copytree(RULES, bad)
        with open(os.path.join(bad, "agreements", "zz-broken.rules"), "w") as f:
            f.write("category agreement-kind\n\nrule broken.one\n"
                    "    pattern (kerja sama\n    kind cooperation\n")
        r = run(["-"], b"teks", rules=bad)
        err = r.stderr.decode("utf-8", "replace")
        test("broken rule file exits 2 with file:line", r.returncode == 2 and
             "agreements/zz-broken.rules:4:" in err, err[:200])
        with open(os.path.join(bad, "agreements", "zz-broken.rules"), "w") as f:
            f.write("")
        with open(os.path.join(bad, "gazetteer", "aliases.tsv"), "a") as f:
            f.write("Atlantis\tKota Atlantis\n")
        r = run(["-"], b"teks", rules=bad)
        err = r.stderr.decode("utf-8", "replace")
        test("alias to an unknown place exits 2 naming the list",
             r.returncode == 2 and "gazetteer/aliases" in err, err[:200])
    finally:
        shutil.rmtree(tmp)

    r = run(["-"], b"")
    e = entities(r)
    test("empty text gives empty arrays", r.returncode == 0 and e is not None
         and all(e[k] == [] for k in KEYS))
    r = run(["-"], b"Wali Kota Bandung \xff\xfe Yana Mulyana \xc3\x28 hadir.")
    test("invalid UTF-8 is replaced", r.returncode == 0 and
         entities(r) is not None, r.stderr[:200])

    para = ("Wali Kota Bandung Yana Mulyana dan Wali Kota Petaling Jaya "
            "Mohamad Azhan menandatangani MoU sister city, Rabu (1/2/2023). "
            "Kerja sama antara Pemkot Bandung dan Kota Petaling Jaya telah "
            "terjalin sejak 2015 di bidang UMKM dan pendidikan.\n\n")
    big = (para * (10 * 1024 * 1024 // len(para) + 1)).encode()[:10 << 20]
    r = run(["--published", "2023-02-01", "-"], big)
    e = entities(r)
    test("10 MB text gives one bounded object", r.returncode == 0 and
         e is not None and len(e["officials"]) <= 256 and
         len(e["agreements"]) <= 128 and
         all(len(o["mentions"]) <= 256 for o in e["officials"]),
         r.stderr[:200])
    caps = ("Kepala Dinas Kota Bandung Wali Kota " * 60000).encode()
    r = run(["-"], caps)
    test("long runs of capitalised words", r.returncode == 0 and
         entities(r) is not None)
    digits = ("1234567890" * 100000).encode()
    r = run(["-"], digits)
    test("thousands of digits", r.returncode == 0 and entities(r) is not None)
    nested = ("(" * 200000 + "Kota Bandung" + ")" * 200000).encode()
    r = run(["-"], nested)
    test("nested parentheses", r.returncode == 0 and entities(r) is not None)

    print(f"1..{len(results)}")
    for i, (ok, name, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and why:
            print(f"# {why!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
