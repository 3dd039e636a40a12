#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The rule gate changes nothing but speed (TAP): `warta extract` gives
byte-identical output with the gate (the default) and without it
(WARTA_RULES_NO_GATE=1, every rule over the whole text) on the seed
articles, on the phrasing corpus (ten phrasings to a document, one per
line, so literals sit on some lines and not others), and on texts built
to trip it: a KELVIN SIGN that caseless matching reads as "k", years and
numeric dates (digits fold to one class), matches that reach across a
line's end, and a document with no line breaks at all.
"""
import json
import os
import subprocess
import sys
import tempfile

TOP = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                "..", ".."))
WARTA = os.environ.get("WARTA", "warta")
RULES = os.path.join(TOP, "rules")


def extract(path, gate):
    env = dict(os.environ)
    env.pop("WARTA_RULES_NO_GATE", None)
    if not gate:
        env["WARTA_RULES_NO_GATE"] = "1"
    r = subprocess.run([WARTA, "extract", "--rules", RULES, "--published",
                        "2024-03-01", path], capture_output=True, env=env,
                       timeout=600)
    return r.returncode, r.stdout


def documents(tmp):
    docs = []
    seeds = os.path.join(TOP, "tests", "fixtures", "seeds")
    for name in sorted(os.listdir(seeds)):
        if name.endswith(".txt"):
            docs.append(("seed " + name, os.path.join(seeds, name)))
    texts = []
    with open(os.path.join(TOP, "tests", "extract", "phrasings.jsonl"),
              encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
    made = []
    for i in range(0, len(texts), 10):
        made.append(("phrasings %d-%d" % (i + 1, min(i + 10, len(texts))),
                     "\n\n".join(texts[i:i + 10])))
    made.append(("one line, no breaks", " ".join(texts[:20])))
    made.append(("KELVIN SIGN for k",
                 "Pemkot Bandung menjalin \u212aerja sama dengan Kota "
                 "Suwon.\n\nWali \u212aota Bandung Yana Mulyana "
                 "menandatangani MoU itu pada 12 Maret 2023."))
    made.append(("digits and dates",
                 "Pada 17/08/2023, 2023-08-17 dan (17/8) tercatat. Sejak "
                 "tahun 1998 hingga 2021 nilainya Rp 2,5 triliun atau 12,5 "
                 "persen.\nNomor 123456 bukan tahun; 20.000 orang hadir.\n"
                 "Tiga tahun lalu, 5 hari kemudian."))
    made.append(("matches across line ends",
                 "Pemerintah Kota Bandung dan Kota Suwon sepakat\n"
                 "menjalin kerja\nsama sister city.\nWali Kota\n"
                 "Bandung Yana Mulyana berharap kerja sama\nberlanjut "
                 "hingga penandatanganan\nMoU tahun depan."))
    for i, (name, text) in enumerate(made):
        path = os.path.join(tmp, "doc%02d.txt" % i)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        docs.append((name, path))
    return docs


def main():
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(tmp)
        print("1..%d" % len(docs))
        failed = 0
        for n, (name, path) in enumerate(docs, 1):
            rc1, out1 = extract(path, True)
            rc0, out0 = extract(path, False)
            ok = rc1 == 0 and rc0 == 0 and out1 == out0 and out1.strip()
            if not ok:
                failed += 1
                print("# gate rc=%d, no gate rc=%d" % (rc1, rc0))
                print("# gate:    %s" % out1[:300])
                print("# no gate: %s" % out0[:300])
            print("%s %d - same entities with and without the gate: %s" %
                  ("ok" if ok else "not ok", n, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
