#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Baseline for bench/bench_extract.sh: the same article texts through
dateparser's search_dates (Debian python3-dateparser), in MB/s of UTF-8
text on one core (CPU time). dateparser is slow, so it reads a small sample
(each article REPEAT times, one call per article, as warta does) and the
shell script scales the figure.

usage: bench_extract.py [--repeat N] [--languages id] FILE...
Prints: "dateparser BYTES bytes ITEMS items SECONDS s MB/s"
"""
import argparse
import datetime
import sys
import time
import warnings


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--languages", default="id",
                    help="comma-separated; '' lets dateparser detect")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    warnings.simplefilter("ignore")
    from dateparser.search import search_dates
    texts = [open(f, encoding="utf-8").read() for f in a.files]
    langs = [x for x in a.languages.split(",") if x] or None
    settings = {"RELATIVE_BASE": datetime.datetime(2023, 2, 1)}
    # Warm up: dateparser loads its language data on first use.
    search_dates("Rabu 1 Februari 2023", languages=langs, settings=settings)
    n = items = 0
    t0 = time.process_time()
    for _ in range(a.repeat):
        for t in texts:
            found = search_dates(t, languages=langs, settings=settings)
            n += len(t.encode("utf-8"))
            items += len(found or [])
    dt = time.process_time() - t0
    print("dateparser %d bytes %d items %.3f s %.3f MB/s"
          % (n, items, dt, n / 1e6 / dt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
