#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end backfill: a generated archive of 2,100 articles over two
years in the five seed outlets' page formats (gen_archive.py), served over
TLS on 127.0.0.1 under the outlets' real host names, walked by
`warta backfill --source NAME --from 2024-01-01 --to 2024-06-30` for each
outlet through the real plugins' archive hooks.

Checks: exactly the window's articles are stored, each once, and no
article page outside the window (nor any inside it twice) was requested;
a second run fetches no article again. Then, in a fresh store, the same
five runs are killed with SIGKILL at random moments several times and
started again until they finish: the records are the same. A run stopped
with SIGINT says it was interrupted and continues the next time. A page
that fails for good gives exit status 1 and is listed in the summary.
"""
import os
import random
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bflib  # noqa: E402
from bflib import SOURCES, WARTA  # noqa: E402

FROM, TO = "2024-01-01", "2024-06-30"


def backfill_cmd(conf, source):
    return [WARTA, "backfill", "-c", conf, "--source", source, "--from",
            FROM, "--to", TO, "--no-progress"]


def window_urls(manifest):
    return sorted(a["url"] for a in manifest["articles"]
                  if FROM <= a["published"][:10] <= TO)


def stored(db):
    recs = bflib.export(db)
    return recs, sorted(r["url"] for r in recs)


def article_requests(server, manifest):
    """How often each article page was requested (by URL)."""
    known = {a["url"] for a in manifest["articles"]}
    counts = {}
    for r in server.requests():
        url = "https://%s%s" % (r["host"], r["path"])
        if url in known:
            counts[url] = counts.get(url, 0) + 1
    return counts


def diff(want, got):
    w, g = set(want), set(got)
    return ("missing %d: %s\nextra %d: %s" %
            (len(w - g), sorted(w - g)[:10], len(g - w), sorted(g - w)[:10]))


def main():
    if not os.path.exists(WARTA):
        bflib.skip_all("no warta binary at %s" % WARTA)
    if not shutil.which("openssl"):
        bflib.skip_all("the openssl command is needed for the test CA")
    tap = bflib.Tap()
    tmp = bflib.scratch("warta-bf-archive.")
    root = os.path.join(tmp, "site")
    certdir = os.path.join(tmp, "certs")
    manifest = bflib.generate(root)
    bflib.certs(certdir)
    want = window_urls(manifest)
    days = {a["published"][:10] for a in manifest["articles"]}
    tap.add(len(manifest["articles"]) >= 2000 and min(days) < "2023-01-15"
            and max(days) > "2024-12-15",
            "archive: %d articles over two years, %d in the window"
            % (len(manifest["articles"]), len(want)))
    server = bflib.Server(root, certdir, tmp)
    env = server.env()
    try:
        # 1. Uninterrupted: the five sources one after the other.
        run1 = os.path.join(tmp, "run1")
        os.makedirs(run1)
        conf = bflib.write_config(run1, certdir)
        t0 = time.time()
        bad = []
        for outlet, source in SOURCES.items():
            rc, out, err = bflib.run(backfill_cmd(conf, source), env)
            if rc != 0:
                bad.append("%s: exit %s\n%s" % (source, rc, err[-3000:]))
        tap.add(not bad, "five sources backfilled, exit 0 (%.1f s)"
                % (time.time() - t0), "\n".join(bad))
        recs, got = stored(bflib.db_of(run1))
        tap.add(got == want, "exactly the window's %d articles are stored"
                % len(want), diff(want, got))
        tap.add(len(got) == len(set(got)) and
                len({r["id"] for r in recs}) == len(recs),
                "each article is stored once")
        per = {}
        for r in recs:
            per[r["outlet"]] = per.get(r["outlet"], 0) + 1
        tap.add(sorted(per) == sorted(SOURCES) and all(
            r["published"] and FROM <= r["published"][:10] <= TO and
            r["title"] and len(r["text"]) > 200 for r in recs),
            "every outlet's plugin parsed title, date and text: %s" % per,
            [r["url"] for r in recs if not r["published"]][:5])
        counts = article_requests(server, manifest)
        twice = {u: n for u, n in counts.items() if n > 1}
        outside = sorted(set(counts) - set(want))
        tap.add(not twice and not outside and len(counts) == len(want),
                "each window article was fetched once, none outside it",
                "twice: %s\noutside: %s" % (list(twice)[:5], outside[:5]))
        # 2. Again: everything is in the store, no article is fetched.
        before = sum(counts.values())
        rc, out, err = bflib.run(backfill_cmd(conf, "prolite"), env)
        after = sum(article_requests(server, manifest).values())
        tap.add(rc == 0 and after == before and "already_stored" in err,
                "a second run fetches no stored article", err[-2000:])

        # 3. Killed at random points and resumed: the same records.
        run2 = os.path.join(tmp, "run2")
        os.makedirs(run2)
        conf2 = bflib.write_config(run2, certdir)
        slow = bflib.Server(root, certdir, tmp, slow=0.004)
        rnd = random.Random(int(os.environ.get("WARTA_TEST_SEED", "7")))
        kills, runs, errors = 0, 0, []
        try:
            senv = slow.env()
            for outlet, source in SOURCES.items():
                for attempt in range(12):
                    runs += 1
                    p = bflib.start(backfill_cmd(conf2, source), senv)
                    if attempt < 2:
                        try:
                            p.wait(rnd.uniform(0.3, 1.8))
                        except Exception:
                            kills += 1
                            bflib.kill(p)
                            continue
                    else:
                        p.wait(120)
                    err = p.stderr()
                    if p.returncode == 0:
                        break
                    errors.append("%s: exit %s: %s" % (source,
                                                      p.returncode,
                                                      err[-1500:]))
        finally:
            slow.stop()
        recs2, got2 = stored(bflib.db_of(run2))
        tap.add(not errors and kills >= 5,
                "%d runs, %d killed with SIGKILL, all finished" % (runs, kills),
                "\n".join(errors))
        tap.add(got2 == want and len({r["id"] for r in recs2}) == len(want),
                "after the kills: the same %d records, each once"
                % len(want), diff(want, got2))
        h1 = {r["url"]: r["content_hash"] for r in recs}
        h2 = {r["url"]: r["content_hash"] for r in recs2}
        tap.add(h1 == h2, "the resumed records equal the uninterrupted ones",
                [u for u in h1 if h1.get(u) != h2.get(u)][:5])

        # 4. SIGINT: interrupted, says so, continues next time.
        run3 = os.path.join(tmp, "run3")
        os.makedirs(run3)
        conf3 = bflib.write_config(run3, certdir)
        slow = bflib.Server(root, certdir, tmp, slow=0.01)
        try:
            p = bflib.start(backfill_cmd(conf3, "antara-jabar"), slow.env())
            time.sleep(1.5)
            p.send_signal(signal.SIGINT)
            try:
                p.wait(30)
            except Exception:
                bflib.kill(p)
            err = p.stderr()
            part = len(bflib.export(bflib.db_of(run3)))
            tap.add(p.returncode == 1 and "interrupted" in err and part > 0,
                    "SIGINT: exit 1, 'interrupted', %d records kept" % part,
                    "exit %s\n%s" % (p.returncode, err[-2000:]))
            rc, out, err = bflib.run(backfill_cmd(conf3, "antara-jabar"),
                                     slow.env())
            recs3 = bflib.export(bflib.db_of(run3))
            want_a = [u for u in want if "antaranews" in u]
            tap.add(rc == 0 and "resuming" in err and
                    sorted(r["url"] for r in recs3) == want_a,
                    "the next run resumes and completes the window",
                    err[-2000:])
        finally:
            slow.stop()

        # 5. A page failing for good: exit 1, listed; a retry completes.
        run4 = os.path.join(tmp, "run4")
        os.makedirs(run4)
        conf4 = bflib.write_config(run4, certdir)
        victim = [u for u in want if "solotrust" in u][3]
        path = victim.split("solotrust.com", 1)[1]
        failing = bflib.Server(root, certdir, tmp, fail=[path])
        try:
            rc, out, err = bflib.run(backfill_cmd(conf4, "solotrust"),
                                     failing.env())
        finally:
            failing.stop()
        tap.add(rc == 1 and "failed for good (1)" in err and victim in err,
                "a page answering 500 for good: exit 1 and listed",
                "exit %s\n%s" % (rc, err[-2000:]))
        rc, out, err = bflib.run(backfill_cmd(conf4, "solotrust"), env)
        recs4 = bflib.export(bflib.db_of(run4))
        tap.add(rc == 0 and victim in {r["url"] for r in recs4},
                "running it again fetches the failed page", err[-2000:])
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
