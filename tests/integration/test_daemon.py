#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`warta run` against a local imitation of a seed outlet (fakesite.py: RSS
feed, sitemap index with a plain and a gzipped urlset, an index page and
the articles, all with ETags).

Run 1 (the daemon, stopped with SIGTERM once everything is stored): every
article is stored exactly once and requested exactly once, although most
are listed two or three times. Run 2 (a restart on the same store): no
article is requested again; only the feeds, sitemaps and index page are
re-polled, conditionally, and get 304.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
import fakesite as outlet  # noqa: E402

N = 40

SOURCE = """max_connections = 8
max_per_host = 4

[source contoh]
urls = {base}/rss/terkini.xml
       {base}/sitemap_index.xml
       {base}/terkini
poll = 2s
poll_min = 1s
poll_max = 4s
allow_private = yes
"""


def count(db, q):
    try:
        return caselib.sql(db, q)[0][0]
    except Exception:
        return -1


def wait_for(pred, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.2)
    return pred()


def start(v, log):
    return subprocess.Popen([caselib.WARTA, "run", "-c", v["config"]],
                            stdout=subprocess.DEVNULL, stderr=log)


def main():
    tap = caselib.Tap()
    tmp = caselib.scratch("warta-daemon-")
    server = caselib.Server({"routes": outlet.routes(N)}, tmp)
    try:
        v = caselib.variables(server, tmp)
        caselib.write_config(SOURCE, v)
        db = v["db"]
        articles = {outlet.article_path(i) for i in range(N)}
        index_paths = {"/rss/terkini.xml", "/sitemap_index.xml",
                       "/sitemap-1.xml", "/sitemap-2.xml.gz", "/terkini"}

        # Run 1.
        with open(os.path.join(tmp, "run1.log"), "w") as log:
            p = start(v, log)
            done = wait_for(lambda: count(db, "SELECT count(*) FROM articles")
                            >= N, 90)
            time.sleep(0.5)
            code = caselib.terminate(p)
        err1 = open(os.path.join(tmp, "run1.log")).read()
        tap.add(done, "run 1 stored all %d articles" % N,
                "articles: %s\n%s" % (
                    count(db, "SELECT count(*) FROM articles"), err1[-3000:]))
        tap.add(code == 0, "run 1 exits 0 on SIGTERM", "exit %r" % code)
        reqs1 = server.requests()
        per = {}
        for r in reqs1:
            per[r["path"]] = per.get(r["path"], 0) + 1
        once = [a for a in articles if per.get(a) != 1]
        tap.add(not once, "run 1 requested every article exactly once",
                "not once: %r" % [(a, per.get(a)) for a in once[:10]])
        tap.add(count(db, "SELECT count(*) FROM articles") == N and
                count(db, "SELECT count(DISTINCT canonical_url) FROM "
                          "articles") == N,
                "every article stored exactly once",
                "rows %s" % count(db, "SELECT count(*) FROM articles"))
        tap.add(count(db, "SELECT count(*) FROM frontier WHERE kind = "
                          "'article' AND state = 'done'") == N,
                "every article's frontier row is done",
                repr(caselib.sql(db, "SELECT state, count(*) FROM frontier "
                                     "GROUP BY state")))
        tap.add(count(db, "SELECT count(*) FROM frontier WHERE state = "
                          "'inflight'") == 0,
                "nothing left in flight after a clean stop")
        tap.add(count(db, "SELECT count(*) FROM fetch_log") >= N + 5,
                "every fetch is in the fetch log",
                "fetch_log rows: %s" % count(db, "SELECT count(*) FROM "
                                                 "fetch_log"))
        tap.add(all(r["user_agent"] and "+https://" in r["user_agent"]
                    for r in reqs1),
                "the User-Agent carries the contact URL")
        tap.add(per.get("/robots.txt", 0) == 1,
                "robots.txt fetched once (cached)",
                "robots.txt requests: %r" % per.get("/robots.txt"))

        # Run 2: a restart fetches only the index URLs, conditionally.
        n1 = len(reqs1)

        def repolled():
            new = server.requests()[n1:]
            return sum(1 for r in new
                       if r["path"] == "/rss/terkini.xml") >= 2

        with open(os.path.join(tmp, "run2.log"), "w") as log:
            p = start(v, log)
            polled = wait_for(repolled, 30)
            code = caselib.terminate(p)
        err2 = open(os.path.join(tmp, "run2.log")).read()
        new = server.requests()[n1:]
        tap.add(polled, "run 2 re-polls the feed",
                "requests: %r\n%s" % ([r["path"] for r in new][:20],
                                      err2[-2000:]))
        tap.add(code == 0, "run 2 exits 0 on SIGTERM", "exit %r" % code)
        again = [r["path"] for r in new if r["path"] in articles]
        tap.add(not again, "run 2 fetches no article again",
                "articles requested: %r" % again[:10])
        idx = [r for r in new if r["path"] in index_paths]
        tap.add(idx and all(r["status"] == 304 and r["if_none_match"]
                            for r in idx),
                "run 2 polls feeds and sitemaps conditionally and gets 304",
                repr([(r["path"], r["status"], r["if_none_match"])
                      for r in idx][:10]))
        tap.add(count(db, "SELECT count(*) FROM articles") == N and
                count(db, "SELECT count(*) FROM article_revisions") == 0,
                "run 2 stores nothing new")
    finally:
        server.stop()
        if not os.environ.get("WARTA_KEEP_TMP"):
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(tap.print())


if __name__ == "__main__":
    main()
