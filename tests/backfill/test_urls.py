#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`warta backfill --urls FILE`: a list of 150 article URLs of the
generated archive (gen_archive.py, served over TLS under the outlets' host
names) with comments, blank lines, a duplicate and bad lines.

Checks: the listed articles are stored (each routed by host to its
outlet's plugin), each fetched once; every bad line is reported with its
line number and skipped, which makes the exit status 2; the same list
again fetches nothing; a run killed with SIGKILL and resumed stores the
same records; a URL answering 404 is listed as failed (exit 1).
"""
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bflib  # noqa: E402
from bflib import WARTA  # noqa: E402


def write_list(path, urls, bad=True):
    """The list file; returns {line number: bad text}."""
    lines = ["# articles to backfill", ""]
    bad_lines = {}
    for i, u in enumerate(urls):
        if bad and i == 10:
            lines.append("ftp://example.com/berita/1")
            bad_lines[len(lines)] = "ftp://example.com/berita/1"
        if bad and i == 40:
            lines.append("bukan sebuah URL")
            bad_lines[len(lines)] = "bukan"
        if bad and i == 41:
            lines.append("   # an indented comment")
        if i % 25 == 7:
            lines.append("%s   # with a comment" % u)
        else:
            lines.append(u)
        if i == 60:
            lines.append(u)  # a duplicate: once is enough
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return bad_lines


def cmd(conf, path):
    return [WARTA, "backfill", "-c", conf, "--no-progress", "--urls", path]


def fetched(server, urls):
    counts = {}
    want = set(urls)
    for r in server.requests():
        u = "https://%s%s" % (r["host"], r["path"])
        if u in want:
            counts[u] = counts.get(u, 0) + 1
    return counts


def main():
    if not os.path.exists(WARTA):
        bflib.skip_all("no warta binary at %s" % WARTA)
    if not shutil.which("openssl"):
        bflib.skip_all("the openssl command is needed for the test CA")
    tap = bflib.Tap()
    tmp = bflib.scratch("warta-bf-urls.")
    root = os.path.join(tmp, "site")
    certdir = os.path.join(tmp, "certs")
    manifest = bflib.generate(root, count=600)
    bflib.certs(certdir)
    rnd = random.Random(3)
    urls = [a["url"] for a in rnd.sample(manifest["articles"], 150)]
    server = bflib.Server(root, certdir, tmp)
    try:
        run1 = os.path.join(tmp, "run1")
        os.makedirs(run1)
        conf = bflib.write_config(run1, certdir)
        lst = os.path.join(tmp, "urls.txt")
        bad = write_list(lst, urls)
        rc, out, err = bflib.run(cmd(conf, lst), server.env())
        recs = bflib.export(bflib.db_of(run1))
        got = sorted(r["url"] for r in recs)
        tap.add(got == sorted(urls),
                "the %d listed articles are stored" % len(urls),
                "%d stored\n%s" % (len(got), err[-2000:]))
        tap.add(len({r["outlet"] for r in recs}) == 5 and
                all(r["title"] and r["published"] for r in recs),
                "each parsed by its outlet's plugin")
        named = all(("urls.txt:%d:" % n) in err for n in bad)
        tap.add(rc == 2 and named and "2 bad lines" in err,
                "bad lines reported with their line numbers; exit 2",
                "exit %s\n%s" % (rc, err[-2000:]))
        counts = fetched(server, urls)
        tap.add(len(counts) == len(urls) and max(counts.values()) == 1,
                "each listed URL fetched once (the duplicate too)")
        before = sum(counts.values())
        good = os.path.join(tmp, "good.txt")
        write_list(good, urls, bad=False)
        rc, out, err = bflib.run(cmd(conf, good), server.env())
        after = sum(fetched(server, urls).values())
        tap.add(rc == 0 and after == before and
                ("already_stored %d" % len(urls)) in err,
                "the same list again: exit 0, nothing fetched", err[-1500:])

        # Killed and resumed.
        run2 = os.path.join(tmp, "run2")
        os.makedirs(run2)
        conf2 = bflib.write_config(run2, certdir)
        slow = bflib.Server(root, certdir, tmp, slow=0.02)
        kills, final = 0, None
        try:
            for attempt in range(10):
                p = bflib.start(cmd(conf2, good), slow.env())
                if attempt < 3:
                    try:
                        p.wait(rnd.uniform(0.4, 1.2))
                    except Exception:
                        kills += 1
                        bflib.kill(p)
                        continue
                else:
                    p.wait(120)
                final = (p.returncode, p.stderr())
                break
        finally:
            slow.stop()
        got2 = sorted(r["url"] for r in bflib.export(bflib.db_of(run2)))
        tap.add(final and final[0] == 0 and got2 == sorted(urls) and
                kills > 0,
                "killed %d times and resumed: the same records" % kills,
                "exit %s\n%s" % (final and final[0],
                                 final and final[1][-1500:]))

        # A URL the site does not have.
        run3 = os.path.join(tmp, "run3")
        os.makedirs(run3)
        conf3 = bflib.write_config(run3, certdir)
        missing = urls[0].rstrip("/") + "-tidak-ada/"
        one = os.path.join(tmp, "one.txt")
        with open(one, "w") as f:
            f.write("%s\n%s\n" % (urls[1], missing))
        rc, out, err = bflib.run(cmd(conf3, one), server.env())
        tap.add(rc == 1 and "failed for good (1)" in err and missing in err
                and "404" in err,
                "a URL answering 404: listed as failed, exit 1", err[-1500:])
    finally:
        server.stop()
    status = tap.print()
    if status == 0 and not os.environ.get("WARTA_KEEP_TMP"):
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("# scratch directory kept: %s" % tmp)
    return status


if __name__ == "__main__":
    sys.exit(main())
