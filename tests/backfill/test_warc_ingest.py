#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`warta backfill --warc`: a WARC file written here (warclib.py), one
gzip member per record as CC-NEWS ships them: a warcinfo record, then for
each of 400 generated articles of the five outlets (gen_archive.py pages,
some gzip- or deflate-encoded) a request and a response record, with
non-HTML responses (JPEG, JSON), 404s, metadata and revisit records mixed
in, and a last response record cut short.

Checks: every HTML article is stored (routed by host to its outlet's
plugin), nothing else is; the truncated record is reported with its
offset and URI and makes the exit status 1; the same file as plain WARC
gives the same; a second run finds everything stored; a run killed with
SIGKILL several times and resumed ends with the same records; --from/--to
keep only the window.
"""
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bflib  # noqa: E402
import gen_archive  # noqa: E402
import warclib  # noqa: E402
from bflib import WARTA  # noqa: E402

N_ARTICLES = 400


def build(path, gz, seed=5, n=N_ARTICLES):
    """Write the WARC; returns (html urls, truncated uri, its offset,
    counts)."""
    rnd = random.Random(seed)
    arts = gen_archive.make_articles(n, gen_archive.dt.date(
        2023, 1, 1), 730, seed)
    html, skipped = [], 0
    with warclib.Writer(path, gz=gz) as w:
        w.write(warclib.warcinfo())
        for i, a in enumerate(arts):
            uri = gen_archive.url_of(a)
            date = a["time"].astimezone(gen_archive.dt.timezone.utc)
            wdate = date.strftime("%Y-%m-%dT%H:%M:%SZ")
            w.write(warclib.record("request", warclib.http_request(uri),
                                   uri, wdate,
                                   "application/http; msgtype=request"))
            enc = [None, None, "gzip", "deflate"][i % 4]
            resp = warclib.http_response(gen_archive.article_page(a),
                                         encoding=enc)
            w.write(warclib.record("response", resp, uri, wdate,
                                   "application/http; msgtype=response",
                                   "WARC/1.0" if i % 3 == 0 else "WARC/1.1"))
            html.append(uri)
            if i % 7 == 0:
                img = "https://%s/img/%d.jpg" % (gen_archive.HOSTS[
                    a["outlet"]], i)
                w.write(warclib.record(
                    "response", warclib.http_response(
                        b"\xff\xd8\xff\xe0" + bytes(rnd.randrange(256)
                                                    for _ in range(500)),
                        "image/jpeg"), img, wdate,
                    "application/http; msgtype=response"))
                skipped += 1
            if i % 11 == 0:
                api = "https://%s/api/%d.json" % (
                    gen_archive.HOSTS[a["outlet"]], i)
                w.write(warclib.record(
                    "response", warclib.http_response(
                        '{"id": %d}' % i, "application/json"), api, wdate,
                    "application/http; msgtype=response"))
                skipped += 1
            if i % 13 == 0:
                gone = uri.rstrip("/") + "-hilang"
                w.write(warclib.record(
                    "response", warclib.http_response(
                        "<html><body>Tidak ditemukan</body></html>",
                        status=404), gone, wdate,
                    "application/http; msgtype=response"))
                skipped += 1
            if i % 5 == 0:
                w.write(warclib.record("metadata", b"fetchTimeMs: 42\r\n",
                                       uri, wdate,
                                       "application/warc-fields"))
            if i % 17 == 0:
                w.write(warclib.record(
                    "revisit", b"HTTP/1.1 200 OK\r\n\r\n", uri, wdate,
                    "application/http; msgtype=response"))
        # The last record loses its end.
        last = "https://jabar.antaranews.com/berita/999999/terpotong"
        words = " ".join("kata%d" % rnd.randrange(10 ** 6)
                         for _ in range(800))
        body = warclib.http_response("<html><body><p>" + words +
                                     "</p></body></html>")
        rec = warclib.record("response", body, last, "2024-03-01T10:00:00Z",
                             "application/http; msgtype=response")
        w.offsets.append(w.f.tell())
        data = __import__("gzip").compress(rec) if gz else rec
        w.write_raw(data[:len(data) // 2])
        offset = w.offsets[-1]
    return sorted(html), last, offset, skipped


def config(tmp):
    """No network is used: the config only names the sources (for the
    record's source field) and the state directory."""
    return bflib.write_config(tmp, None)


def cmd(conf, path, *extra):
    return [WARTA, "backfill", "-c", conf, "--no-progress", "--warc",
            *extra, path]


def main():
    if not os.path.exists(WARTA):
        bflib.skip_all("no warta binary at %s" % WARTA)
    tap = bflib.Tap()
    tmp = bflib.scratch("warta-bf-warc.")
    path = os.path.join(tmp, "cc-news.warc.gz")
    html, last, offset, skipped = build(path, gz=True)

    # 1. The whole file.
    run1 = os.path.join(tmp, "run1")
    os.makedirs(run1)
    conf = config(run1)
    t0 = time.time()
    rc, out, err = bflib.run(cmd(conf, path))
    recs = bflib.export(bflib.db_of(run1))
    got = sorted(r["url"] for r in recs)
    tap.add(got == html, "%d HTML articles stored, nothing else (%.1f s)"
            % (len(html), time.time() - t0),
            "stored %d, want %d\n%s" % (len(got), len(html), err[-2000:]))
    outlets = {}
    for r in recs:
        outlets[r["outlet"]] = outlets.get(r["outlet"], 0) + 1
    tap.add(sorted(outlets) == sorted(gen_archive.OUTLETS) and all(
        r["title"] and r["published"] and len(r["text"]) > 200
        for r in recs),
        "routed by host to the five outlet plugins: %s" % outlets)
    tap.add(all(r["source"] in bflib.SOURCES.values() for r in recs),
            "records carry the source that serves their host")
    tap.add(rc == 1 and "failed for good (1)" in err and last in err and
            ("offset %d" % offset) in err,
            "the truncated record is reported with offset %d and its URI; "
            "exit 1" % offset, "exit %s\n%s" % (rc, err[-2000:]))
    tap.add(("skipped %d" % skipped) in err,
            "%d non-HTML and 404 responses skipped" % skipped, err[-1500:])

    # 2. Again: everything is already stored.
    rc2, out, err2 = bflib.run(cmd(conf, path))
    tap.add(rc2 == 1 and ("already_stored %d" % len(html)) in err2 and
            len(bflib.export(bflib.db_of(run1))) == len(html),
            "a second run finds all %d stored" % len(html), err2[-1500:])

    # 3. The same records as plain WARC.
    plain = os.path.join(tmp, "plain.warc")
    html_p, last_p, offset_p, _ = build(plain, gz=False)
    run2 = os.path.join(tmp, "run2")
    os.makedirs(run2)
    conf2 = config(run2)
    rc, out, err = bflib.run(cmd(conf2, plain, "--jobs", "1"))
    got_p = sorted(r["url"] for r in bflib.export(bflib.db_of(run2)))
    tap.add(rc == 1 and got_p == html_p and ("offset %d" % offset_p) in err,
            "plain WARC, one process (--jobs 1): the same articles, the cut "
            "record at offset %d" % offset_p, err[-1500:])

    # 4. Killed with SIGKILL at random moments, resumed: same records. A
    # larger file, so that the kills land in the middle of the work.
    big = os.path.join(tmp, "big.warc.gz")
    html_b, _, _, _ = build(big, gz=True, seed=6, n=2500)
    run0 = os.path.join(tmp, "run0")
    os.makedirs(run0)
    t0 = time.time()
    rc, out, err = bflib.run(cmd(config(run0), big))
    whole = time.time() - t0
    recs = bflib.export(bflib.db_of(run0))
    run3 = os.path.join(tmp, "run3")
    os.makedirs(run3)
    conf3 = config(run3)
    rnd = random.Random(int(os.environ.get("WARTA_TEST_SEED", "11")))
    kills, resumed, final = 0, 0, None
    for attempt in range(20):
        p = bflib.start(cmd(conf3, big))
        if attempt < 4:
            try:
                p.wait(rnd.uniform(0.1, 0.3) * whole)
            except Exception:
                kills += 1
                bflib.kill(p)
                continue
        else:
            p.wait(120)
        err = p.stderr()
        resumed += "resuming" in err
        final = (p.returncode, err)
        break
    recs3 = bflib.export(bflib.db_of(run3))
    h1 = {r["url"]: r["content_hash"] for r in recs}
    h3 = {r["url"]: r["content_hash"] for r in recs3}
    tap.add(final and final[0] == 1 and h3 == h1 and
            len(h1) == len(html_b) and
            len({r["id"] for r in recs3}) == len(recs3),
            "killed %d times and resumed: the same %d records, each once "
            "(a whole run: %.1f s)" % (kills, len(h1), whole),
            "exit %s, %d records\n%s" % (final and final[0], len(h3),
                                         final and final[1][-1500:]))
    tap.add(kills == 0 or resumed, "the resumed run says where it resumes")

    # 5. A window.
    run4 = os.path.join(tmp, "run4")
    os.makedirs(run4)
    conf4 = config(run4)
    rc, out, err = bflib.run(cmd(conf4, path, "--from", "2024-01-01",
                                 "--to", "2024-06-30"))
    recs4 = bflib.export(bflib.db_of(run4))
    tap.add(recs4 and all("2024-01-01" <= r["published"][:10] <= "2024-06-30"
                          for r in recs4) and "outside_window" in err,
            "--from/--to keep only the window (%d records)" % len(recs4),
            err[-1500:])

    # 6. Bad input: a missing file is bad usage.
    rc, out, err = bflib.run(cmd(conf4, os.path.join(tmp, "nope.warc")))
    tap.add(rc == 2 and "nope.warc" in err,
            "a missing WARC file: exit 2, named", err)
    status = tap.print()
    if status == 0 and not os.environ.get("WARTA_KEEP_TMP"):
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("# scratch directory kept: %s" % tmp)
    return status


if __name__ == "__main__":
    sys.exit(main())
