#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The fault matrix: one TAP test per case file in tests/integration/cases.

Each case (NNNN.json) names the server's replies, the command to run and
what must follow from it. Keys:

  "name"        one line, shown in the TAP output
  "routes" / "servers"  the test server's replies (server/wartatest_server.py)
  "tls"         host names: serve HTTPS with a certificate for them
                ({ca}, {connect_to}: caselib.py)
  "config"      [source] sections appended to the generated config
  "warta"       extra [warta] lines (replacing the generated ones)
  "run"         argv with placeholders (caselib.py)
  "stop_when"   SQL on the store: the command (a daemon, `warta run`) runs
                until the query's first column is true, then gets SIGTERM
                ("stop_settle": seconds to wait first); the exit status is
                that of the clean stop
  "timeout"     seconds before the command counts as hung (default 60)
  "expect":
     "exit"          exit status
     "attempts"      fetch_probe lines, matched in order on the keys given
     "requests"      {path: count} or {path: [min, max]} requests served
     "gap"           [{"paths": [...], "min": S}] seconds between
                     consecutive requests to those paths (politeness)
     "stdout_lines"  number of non-empty stdout lines (records)
     "records"       [{field: value}] matched against stdout JSON lines
     "stderr_re"     regular expressions stderr must match
     "stderr_count"  [[regular expression, n]]: lines of stderr matching
     "sql"           [[query, expected rows]] on the store
     "fetch_log"     [{column: value}] rows that must be in fetch_log
Cases run in parallel (they share nothing but the CPU).
"""
import concurrent.futures
import glob
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402


def match(want, got):
    """Does every key of want equal the one in got (recursively)?"""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(
            k in got and match(v, got[k]) for k, v in want.items())
    if isinstance(want, str) and want.startswith("re:"):
        return isinstance(got, str) and re.search(want[3:], got) is not None
    return want == got


def check(case, v, code, out, err, server):
    exp = caselib.fill(case.get("expect", {}), v)
    problems = []
    if "exit" in exp and code != exp["exit"]:
        problems.append("exit %r, expected %r" % (code, exp["exit"]))
    lines = [x for x in out.splitlines() if x.strip()]
    parsed = []
    for x in lines:
        try:
            parsed.append(json.loads(x))
        except ValueError:
            parsed.append(x)
    if "attempts" in exp:
        want = exp["attempts"]
        if len(parsed) != len(want):
            problems.append("%d attempts, expected %d" %
                            (len(parsed), len(want)))
        for i, (w, g) in enumerate(zip(want, parsed)):
            if not match(w, g):
                problems.append("attempt %d: %r does not match %r" %
                                (i + 1, g, w))
    if "stdout_lines" in exp and len(lines) != exp["stdout_lines"]:
        problems.append("%d stdout lines, expected %d" %
                        (len(lines), exp["stdout_lines"]))
    for i, w in enumerate(exp.get("records", [])):
        if i >= len(parsed) or not match(w, parsed[i]):
            problems.append("record %d does not match %r" % (i + 1, w))
    for rx in exp.get("stderr_re", []):
        if not re.search(rx, err):
            problems.append("stderr lacks /%s/" % rx)
    for rx, n in exp.get("stderr_count", []):
        got = sum(1 for x in err.splitlines() if re.search(rx, x))
        if got != n:
            problems.append("%d stderr lines match /%s/, expected %d" %
                            (got, rx, n))
    reqs = server.requests()
    for path, n in exp.get("requests", {}).items():
        got = sum(1 for r in reqs if r["path"] == path)
        lo, hi = (n, n) if isinstance(n, int) else n
        if not lo <= got <= hi:
            problems.append("%s requested %d times, expected %r" %
                            (path, got, n))
    for g in exp.get("gap", []):
        ts = sorted(r["t"] for r in reqs if r["path"] in g["paths"])
        gaps = [b - a for a, b in zip(ts, ts[1:])]
        if len(ts) < 2:
            problems.append("gap: fewer than 2 requests to %r" % g["paths"])
        elif min(gaps) < g["min"]:
            problems.append("gap: %.3f s < %.3f s between requests to %r" %
                            (min(gaps), g["min"], g["paths"]))
    for q, rows in exp.get("sql", []):
        try:
            got = [list(r) for r in caselib.sql(v["db"], q)]
        except Exception as ex:  # a missing store is a failure, not a crash
            got = "error: %s" % ex
        if got != rows:
            problems.append("%s -> %r, expected %r" % (q, got, rows))
    if exp.get("fetch_log"):
        try:
            con_rows = caselib.sql(v["db"], "SELECT * FROM fetch_log")
            cols = [c[1] for c in caselib.sql(
                v["db"], "PRAGMA table_info(fetch_log)")]
            rows = [dict(zip(cols, r)) for r in con_rows]
        except Exception as ex:
            rows = []
            problems.append("fetch_log: %s" % ex)
        for w in exp["fetch_log"]:
            if not any(match(w, r) for r in rows):
                problems.append("no fetch_log row matches %r (have %r)" %
                                (w, rows[-5:]))
    return problems


def run_case(path):
    with open(path, encoding="utf-8") as f:
        case = json.load(f)
    name = "%s: %s" % (os.path.basename(path), case.get("name", ""))
    tmp = caselib.scratch("warta-case-")
    server = None
    try:
        server = caselib.Server(case, tmp)
        v = caselib.variables(server, tmp)
        if "config" in case:
            caselib.write_config(case["config"], v, case.get("warta", ""))
        argv = caselib.fill(case["run"], v)
        if "stop_when" in case:
            code, out, err, secs = caselib.run_until(
                argv, case.get("timeout", 60), v["db"],
                caselib.fill(case["stop_when"], v),
                case.get("stop_settle", 0))
        else:
            code, out, err, secs = caselib.run(argv,
                                               case.get("timeout", 60))
        problems = check(case, v, code, out, err, server)
        diag = "\n".join(problems + ["command: %s" % " ".join(argv),
                                     "stdout: %s" % out[-1500:],
                                     "stderr: %s" % err[-2500:]])
        return not problems, "%s (%.1fs)" % (name, secs), diag
    except Exception as ex:  # report, never crash the whole suite
        return False, name, "runner error: %r" % ex
    finally:
        if server:
            server.stop()
        if os.environ.get("WARTA_KEEP_TMP"):
            sys.stderr.write("kept %s\n" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    pattern = sys.argv[1] if len(sys.argv) > 1 else "*.json"
    files = sorted(glob.glob(os.path.join(caselib.HERE, "cases", pattern)))
    tap = caselib.Tap()
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as ex:
        for ok, name, diag in ex.map(run_case, files):
            tap.add(ok, name, diag)
    sys.exit(tap.print())


if __name__ == "__main__":
    main()
