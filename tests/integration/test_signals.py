#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The daemon's life cycle: SIGTERM with transfers in flight, SIGHUP with
a broken and then a good config, and no network at all.

- SIGTERM while slow transfers run: exit 0 within the grace period, the
  cut transfers given back to the frontier (nothing left "inflight").
- SIGHUP with a broken config: logged with file:line, the daemon keeps
  running on the old config; SIGHUP with a fixed config that adds a
  source: the new source's feed is fetched, nothing queued is lost.
- DNS failures (a host under .invalid, which never resolves): logged,
  backed off, the daemon keeps running and stops cleanly.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
import fakesite as outlet  # noqa: E402


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
        time.sleep(0.1)
    return pred()


def sigterm_in_flight(tap):
    tmp = caselib.scratch("warta-sig-")
    routes = outlet.routes(6, article_delay=20)
    server = caselib.Server({"routes": routes}, tmp)
    try:
        v = caselib.variables(server, tmp)
        caselib.write_config("""[source contoh]
urls = {base}/rss/terkini.xml
allow_private = yes
""", v)
        errf = open(os.path.join(tmp, "err.log"), "w")
        p = subprocess.Popen([caselib.WARTA, "run", "--grace", "1", "-c",
                              v["config"]], stdout=subprocess.DEVNULL,
                             stderr=errf)
        started = wait_for(lambda: any(
            "/berita/" in r["path"] for r in server.requests()), 20)
        time.sleep(0.3)
        t0 = time.time()
        code = caselib.terminate(p, wait=20)
        secs = time.time() - t0
        err = open(os.path.join(tmp, "err.log")).read()
        tap.add(started and code == 0 and secs < 8,
                "SIGTERM with slow transfers in flight: exit 0 after the "
                "grace period (%.1f s)" % secs,
                "exit %r\n%s" % (code, err[-2000:]))
        tap.add(count(v["db"], "SELECT count(*) FROM frontier WHERE state = "
                               "'inflight'") == 0 and
                count(v["db"], "SELECT count(*) FROM frontier WHERE kind = "
                               "'article' AND state = 'due'") == 6,
                "cut transfers are given back to the frontier",
                repr(caselib.sql(v["db"], "SELECT state, kind, count(*) FROM"
                                          " frontier GROUP BY 1, 2")))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def sighup_reload(tap):
    tmp = caselib.scratch("warta-hup-")
    case = {"servers": [{"routes": outlet.routes(4)},
                        {"routes": outlet.routes(3)}]}
    server = caselib.Server(case, tmp)
    try:
        v = caselib.variables(server, tmp)
        one = """[source eins]
urls = {base0}/rss/terkini.xml
poll = 1h
allow_private = yes
"""
        caselib.write_config(one, v)
        errf = open(os.path.join(tmp, "err.log"), "w")
        p = subprocess.Popen([caselib.WARTA, "run", "-c", v["config"]],
                             stdout=subprocess.DEVNULL, stderr=errf)
        first = wait_for(lambda: count(v["db"], "SELECT count(*) FROM "
                                                "articles") == 4, 30)
        # A broken config: an unknown key.
        with open(v["config"], "a") as f:
            f.write("\n[source zwei]\nurls = %s/rss/terkini.xml\n"
                    "bogus_key = 1\n" % v["base1"])
        p.send_signal(1)  # SIGHUP
        time.sleep(1.5)
        alive = p.poll() is None
        err = open(os.path.join(tmp, "err.log")).read()
        tap.add(first and alive and "reload failed" in err and
                "warta.conf:" in err,
                "SIGHUP with a broken config keeps the old one and says "
                "why (file:line)", err[-2000:])
        # Fix it: the new source must be picked up.
        caselib.write_config(one + """
[source zwei]
urls = {base1}/rss/terkini.xml
poll = 1h
allow_private = yes
""", v)
        p.send_signal(1)
        second = wait_for(lambda: count(v["db"], "SELECT count(*) FROM "
                                                 "articles") == 7, 30)
        code = caselib.terminate(p)
        err = open(os.path.join(tmp, "err.log")).read()
        tap.add(second and code == 0,
                "SIGHUP with a good config adds the new source's articles",
                "articles %s exit %r\n%s" % (
                    count(v["db"], "SELECT count(*) FROM articles"), code,
                    err[-2000:]))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def no_network(tap):
    tmp = caselib.scratch("warta-dns-")
    server = caselib.Server({"routes": {}}, tmp)
    try:
        v = caselib.variables(server, tmp)
        caselib.write_config("""[source nirgendwo]
urls = http://warta-test.invalid/rss.xml
       http://warta-test-2.invalid/
""", v)
        errf = open(os.path.join(tmp, "err.log"), "w")
        p = subprocess.Popen([caselib.WARTA, "run", "-c", v["config"]],
                             stdout=subprocess.DEVNULL, stderr=errf)
        time.sleep(4)
        alive = p.poll() is None
        code = caselib.terminate(p)
        err = open(os.path.join(tmp, "err.log")).read()
        n_logged = err.count("cannot resolve")
        tap.add(alive and code == 0 and 1 <= n_logged <= 4,
                "no network (DNS failures): logged with backoff, keeps "
                "running, stops cleanly (%d log lines)" % n_logged,
                "alive %r exit %r\n%s" % (alive, code, err[-2000:]))
        tap.add(count(v["db"], "SELECT count(*) FROM fetch_log WHERE "
                               "outcome = 'dns'") >= 1 and
                count(v["db"], "SELECT count(*) FROM frontier WHERE state "
                               "= 'failed'") == 0,
                "DNS failures are logged per fetch and fail nothing for "
                "good")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    tap = caselib.Tap()
    sigterm_in_flight(tap)
    sighup_reload(tap)
    no_network(tap)
    sys.exit(tap.print())


if __name__ == "__main__":
    main()
