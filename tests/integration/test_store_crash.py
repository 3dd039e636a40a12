#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Crash safety of the store, and `warta export` on the result.

A writer (tests/integration/store_crash_writer) upserts records in a loop
and is killed with SIGKILL at random moments, the first time while it may
still be creating the schema. After every kill the store must pass
store_check: PRAGMA integrity_check, foreign keys, and each article's
revision and entity rows matching it. Two writers sharing the file (a
daemon and a backfill) must both keep going, and an export must run
beside them. The surviving file is then exported as JSON Lines and CSV by
the real binary, and the command's exit codes for bad options and a
missing store are checked. Prints TAP.
"""
import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

ROUNDS = 10
builddir = os.environ.get("top_builddir", ".")
writer = os.path.join(builddir, "tests", "integration", "store_crash_writer")
warta = os.environ.get("WARTA", os.path.join(builddir, "core", "warta"))
seed = int(os.environ.get("STORE_CRASH_SEED", str(int(time.time()))))
rng = random.Random(seed)

results = []


def tap(ok, name, detail=""):
    results.append((ok, name, detail))


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120,
                          **kw)


def counts(line):
    return dict(kv.split("=") for kv in line.split())


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "state", "sub", "warta.db")
    last = {}
    for i in range(ROUNDS):
        # The first kill comes early, while the schema may be half made.
        delay = rng.uniform(0.0, 0.02) if i == 0 else rng.uniform(0.05, 0.4)
        p = subprocess.Popen([writer, "write", db, str(seed + i)],
                             stderr=subprocess.PIPE)
        time.sleep(delay)
        early_exit = p.poll()
        p.send_signal(signal.SIGKILL)
        err = p.communicate()[1].decode(errors="replace").strip()
        if early_exit is not None:
            tap(False, "round %d: writer ran until killed" % i,
                "exit %s: %s" % (early_exit, err))
            continue
        c = run([writer, "check", db])
        last = counts(c.stdout) if c.returncode == 0 and c.stdout else last
        tap(c.returncode == 0,
            "round %d: store consistent after SIGKILL at %.3fs" % (i, delay),
            (c.stdout + c.stderr).strip())

    # Two writers at once, and a read-only export beside them.
    ws = [subprocess.Popen([writer, "write", db, str(seed + 100 + k)],
                           stderr=subprocess.PIPE) for k in range(2)]
    time.sleep(0.3)
    j = run([warta, "export", "--db", db])
    try:
        live = [json.loads(line) for line in j.stdout.splitlines()]
    except ValueError:
        live = []
    time.sleep(0.2)
    alive = [w.poll() is None for w in ws]
    errs = []
    for w in ws:
        w.send_signal(signal.SIGKILL)
        errs.append(w.communicate()[1].decode(errors="replace").strip())
    tap(all(alive), "two writers share the store without giving up",
        "\n".join(errs))
    tap(j.returncode == 0 and len(live) > 0,
        "export runs beside the writers",
        "rc=%d records=%d %s" % (j.returncode, len(live), j.stderr.strip()))
    c = run([writer, "check", db])
    last = counts(c.stdout) if c.returncode == 0 and c.stdout else last
    tap(c.returncode == 0, "store consistent after killing both writers",
        (c.stdout + c.stderr).strip())

    n = int(last.get("articles", "0"))
    tap(n > 0 and int(last.get("revisions", "0")) > 0,
        "writer stored articles with revisions",
        " ".join("%s=%s" % kv for kv in sorted(last.items())))

    j = run([warta, "export", "--db", db])
    lines = j.stdout.splitlines()
    ok = j.returncode == 0 and len(lines) == n
    try:
        recs = [json.loads(line) for line in lines]
        ok = ok and all(r["id"] and r["entities"] is not None for r in recs)
    except ValueError as e:
        ok = False
        j.stderr += str(e)
    tap(ok, "export jsonl gives one line per article",
        "rc=%d lines=%d articles=%d %s" % (j.returncode, len(lines), n,
                                           j.stderr.strip()))

    c = run([warta, "export", "--db", db, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(c.stdout, newline="")))
    tap(c.returncode == 0 and len(rows) == n + 1 and rows[0][0] == "id"
        and all(len(r) == 17 for r in rows),
        "export csv gives a header and one row per article",
        "rc=%d rows=%d %s" % (c.returncode, len(rows), c.stderr.strip()))

    env = dict(os.environ, WARTA_DB=db)
    f = run([warta, "export", "--since", "2999-01-01"], env=env)
    tap(f.returncode == 0 and f.stdout == "",
        "export --since in the future (store from WARTA_DB) is empty",
        f.stderr.strip())

    conf = os.path.join(tmp, "warta.conf")
    with open(conf, "w") as f:
        f.write("[warta]\nstate_dir = %s\n" % os.path.dirname(db))
    env = dict(os.environ)
    env.pop("WARTA_DB", None)
    k = run([warta, "export", "-c", conf, "--since", "2000-01-01"], env=env)
    tap(k.returncode == 0 and len(k.stdout.splitlines()) == n,
        "export -c FILE finds the store in the config's state_dir",
        k.stderr.strip())
    with open(conf, "a") as f:
        f.write("no_such_key = 1\n")
    k = run([warta, "export", "-c", conf], env=env)
    tap(k.returncode == 2 and conf + ":3:" in k.stderr,
        "a bad config file exits 2 naming its line", k.stderr.strip())

    b = run([warta, "export", "--frobnicate"])
    tap(b.returncode == 2 and len(b.stderr.strip().splitlines()) == 1
        and "--frobnicate" in b.stderr,
        "a bad option exits 2 with one line", b.stderr.strip())

    b = run([warta, "export", "--db", db, "--since", "yesterday"])
    tap(b.returncode == 2 and "yesterday" in b.stderr,
        "a bad --since exits 2 naming it", b.stderr.strip())

    missing = os.path.join(tmp, "nope", "warta.db")
    m = run([warta, "export", "--db", missing])
    tap(m.returncode == 1 and missing in m.stderr
        and not os.path.exists(os.path.dirname(missing)),
        "a missing store exits 1 naming the path, creating nothing",
        m.stderr.strip())

    h = run([warta, "export", "--help"])
    tap(h.returncode == 0 and "--since" in h.stdout,
        "--help exits 0 and prints the options", h.stderr.strip())

print("1..%d" % len(results))
print("# seed %d (set STORE_CRASH_SEED to repeat)" % seed)
for k, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", k, name))
    for line in detail.splitlines()[:20]:
        print("#   " + line)
sys.exit(0)
