#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kill -9 of `warta run` in the middle of work, then a restart.

The fake outlet answers each article slowly, so that when the daemon is
killed some articles are stored, some are in flight and most are still
queued. A restart (`warta run --once`) must finish the job: every article
stored (nothing lost), one row each and no extra revision (nothing stored
twice), only the transfers cut by the kill fetched a second time, and the
store intact. A third pass then fetches no article at all.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
import fakesite as outlet  # noqa: E402

N = 60
CONNS = 3

SOURCE = """max_connections = %d
max_per_host = %d

[source contoh]
urls = {base}/rss/terkini.xml
       {base}/sitemap_index.xml
poll = 1h
allow_private = yes
""" % (CONNS, CONNS)


def count(db, q):
    try:
        return caselib.sql(db, q)[0][0]
    except Exception:
        return -1


def main():
    tap = caselib.Tap()
    tmp = caselib.scratch("warta-crash-")
    server = caselib.Server({"routes": outlet.routes(N, article_delay=0.15)},
                            tmp)
    try:
        v = caselib.variables(server, tmp)
        caselib.write_config(SOURCE, v)
        db = v["db"]
        arts = {outlet.article_path(i) for i in range(N)}
        log = open(os.path.join(tmp, "run.log"), "w")
        p = subprocess.Popen([caselib.WARTA, "run", "-c", v["config"]],
                             stdout=subprocess.DEVNULL, stderr=log)
        end = time.time() + 60
        while time.time() < end and count(
                db, "SELECT count(*) FROM articles") < N // 4:
            time.sleep(0.05)
        stored_at_kill = count(db, "SELECT count(*) FROM articles")
        p.send_signal(signal.SIGKILL)
        p.wait()
        inflight = count(db, "SELECT count(*) FROM frontier "
                             "WHERE state = 'inflight'")
        tap.add(0 < stored_at_kill < N,
                "killed in the middle (%d of %d stored)" % (stored_at_kill,
                                                            N))
        tap.add(inflight > 0, "the kill left leased rows behind (%d)" %
                inflight)
        n_before = len(server.requests())

        code, out, err, _ = caselib.run(
            [caselib.WARTA, "run", "--once", "-c", v["config"]], 120)
        tap.add(code == 0, "the restart completes the pass",
                "exit %r\n%s" % (code, err[-3000:]))
        tap.add(count(db, "SELECT count(*) FROM articles") == N,
                "nothing lost: all %d articles stored" % N,
                "stored: %s" % count(db, "SELECT count(*) FROM articles"))
        tap.add(count(db, "SELECT count(DISTINCT canonical_url) FROM "
                          "articles") == N and
                count(db, "SELECT count(*) FROM article_revisions") == 0,
                "nothing stored twice (one row each, no revisions)")
        reqs = server.requests()
        per = {}
        for r in reqs:
            if r["path"] in arts:
                per[r["path"]] = per.get(r["path"], 0) + 1
        twice = [a for a, k in per.items() if k > 1]
        tap.add(all(k <= 2 for k in per.values()) and
                len(twice) <= CONNS and set(per) == arts,
                "only the transfers cut by the kill were repeated (%d)" %
                len(twice), repr(sorted(per.items())[:10]))
        tap.add(caselib.sql(db, "PRAGMA integrity_check")[0][0] == "ok",
                "the store is intact")
        tap.add(count(db, "SELECT count(*) FROM frontier WHERE state "
                          "NOT IN ('done') AND kind = 'article'") == 0,
                "every article row is done",
                repr(caselib.sql(db, "SELECT state, count(*) FROM frontier"
                                     " GROUP BY state")))
        n_mid = len(server.requests())
        code, out, err, _ = caselib.run(
            [caselib.WARTA, "run", "--once", "-c", v["config"]], 60)
        third = [r["path"] for r in server.requests()[n_mid:]
                 if r["path"] in arts]
        tap.add(code == 0 and not third,
                "a third pass fetches no article",
                "exit %r, articles %r" % (code, third[:5]))
        del n_before
    finally:
        server.stop()
        if not os.environ.get("WARTA_KEEP_TMP"):
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(tap.print())


if __name__ == "__main__":
    main()
