#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A backfill and the daemon on one store at the same time.

The daemon (`warta run`) polls two ANTARA listing pages of the
generated archive (gen_archive.py) whose articles lie inside the backfill's
window, while `warta backfill --source antara-jabar` walks the same
window. Both write the store, both want the same articles.

Checks: the backfill exits 0 and the daemon exits 0 on SIGTERM; the
window's articles are stored, each once; no article page was served twice
(the frontier's leases kept the two processes apart); the store passes
its integrity checks.
"""
import os
import shutil
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bflib  # noqa: E402
import gen_archive  # noqa: E402
from bflib import WARTA  # noqa: E402

FROM, TO = "2024-01-01", "2024-06-30"


def inside_pages(manifest):
    """Two antara /terkini/N pages whose articles are all in the window."""
    arts = [dict(a, time=gen_archive.dt.datetime.fromisoformat(
        a["published"]), n=i) for i, a in enumerate(manifest["articles"])
        if a["outlet"] == "antara"]
    pages = []
    for path, items, _ in gen_archive.listings("antara", arts):
        days = [a["published"][:10] for a in items]
        if days and FROM <= min(days) and max(days) <= TO:
            pages.append(("https://jabar.antaranews.com" + path,
                          [a["url"] for a in items]))
    return pages[:2]


def main():
    if not os.path.exists(WARTA):
        bflib.skip_all("no warta binary at %s" % WARTA)
    if not shutil.which("openssl"):
        bflib.skip_all("the openssl command is needed for the test CA")
    tap = bflib.Tap()
    tmp = bflib.scratch("warta-bf-share.")
    root = os.path.join(tmp, "site")
    certdir = os.path.join(tmp, "certs")
    manifest = bflib.generate(root)
    bflib.certs(certdir)
    pages = inside_pages(manifest)
    want = sorted(a["url"] for a in manifest["articles"]
                  if a["outlet"] == "antara" and
                  FROM <= a["published"][:10] <= TO)
    server = bflib.Server(root, certdir, tmp, slow=0.01)
    try:
        conf = bflib.write_config(tmp, certdir)
        # The daemon's source lists the two pages as its start URLs.
        with open(conf, encoding="utf-8") as f:
            text = f.read()
        text = text.replace(
            "urls = %s" % gen_archive.START["antara"],
            "urls = %s\n       %s" % (pages[0][0], pages[1][0]), 1)
        # Only that source: the daemon has nothing else to do.
        text = text[:text.index("[source prolite]")]
        daemon_conf = os.path.join(tmp, "daemon.conf")
        with open(daemon_conf, "w", encoding="utf-8") as f:
            f.write(text)
        env = server.env()
        # Create the store first: two processes creating one store file
        # at the same instant is not what this test is about.
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        bflib.run([WARTA, "backfill", "-c", conf, "--urls", empty])
        daemon = bflib.start([WARTA, "run", "-c", daemon_conf], env)
        bf = bflib.start([WARTA, "backfill", "-c", conf, "--source",
                          "antara-jabar", "--from", FROM, "--to", TO,
                          "--no-progress"], env)
        bf.wait(180)
        bf_err = bf.stderr()
        # The daemon has nothing left to do once the window is stored;
        # it is stopped the way a service manager stops it.
        listed = {u for _, urls in pages for u in urls}
        deadline = time.time() + 60
        while time.time() < deadline:
            have = {r["url"] for r in bflib.export(bflib.db_of(tmp))}
            if listed <= have:
                break
            time.sleep(0.5)
        time.sleep(1)
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(60)
        except Exception:
            bflib.kill(daemon)
        d_err = daemon.stderr()
        tap.add(bf.returncode == 0, "the backfill exits 0",
                "exit %s\n%s" % (bf.returncode, bf_err[-2000:]))
        tap.add(daemon.returncode == 0, "the daemon exits 0 on SIGTERM",
                "exit %s\n%s" % (daemon.returncode, d_err[-2000:]))
        recs = bflib.export(bflib.db_of(tmp))
        got = sorted(r["url"] for r in recs)
        tap.add(got == want and len({r["id"] for r in recs}) == len(recs),
                "the window's %d articles stored, each once" % len(want),
                "%d stored" % len(got))
        # An article is fetched when its page is served (200), by its full
        # URL or through the redirect from its short one.
        pages_served = {}
        for r in server.requests():
            u = "https://%s%s" % (r["host"], r["path"])
            if r["status"] == 200 and "/berita/" in u:
                pages_served[u] = pages_served.get(u, 0) + 1
        twice = sorted(u for u, n in pages_served.items() if n > 1)
        by_daemon = "articles stored" in d_err
        tap.add(not twice and all(pages_served.get(u) == 1 for u in listed),
                "no article fetched twice, though both wanted %d of them"
                % len(listed), "\n".join(twice[:10]))
        tap.add("already_stored" in bf_err or by_daemon,
                "both processes did part of the work", bf_err[-1500:])
        con = sqlite3.connect(bflib.db_of(tmp))
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
        tap.add(ok == "ok", "the store is intact", ok)
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
