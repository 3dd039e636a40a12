# SPDX-License-Identifier: MIT
"""Helpers shared by warta's integration scripts: start the test server on
a case, run a command with placeholders filled in, read the request log
and the store, and speak TAP.

Placeholders in a case's command, config and expectations:
  {warta} {probe}   the built core/warta and tests/integration/fetch_probe
  {base} {base1}    http://127.0.0.1:PORT of the test server(s)
  {port} {port1}    the bare ports
  {tmp}             the case's scratch directory
  {config}          {tmp}/warta.conf, written from the case's "config"
  {db}              {tmp}/state/warta.db (the store of that config)
  {ca}              with "tls" (a list of host names) in the case: the
                    server speaks HTTPS with a certificate for those
                    names from a throw-away CA, {tmp}/certs/ca.pem (give
                    it to warta as ca_file); point the names at the server
                    with WARTA_CONNECT_TO={connect_to}
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

TOP_SRC = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TOP_BUILD = os.environ.get("top_builddir") or os.getcwd()
WARTA = os.environ.get("WARTA") or os.path.join(TOP_BUILD, "core", "warta")
PROBE = os.path.join(TOP_BUILD, "tests", "integration", "fetch_probe")
HERE = os.path.join(TOP_SRC, "tests", "integration")
SERVER = os.path.join(HERE, "server", "wartatest_server.py")
PYTHON = os.environ.get("PYTHON3") or sys.executable

# The [warta] section every generated config starts with: fast timeouts,
# no politeness delay unless a case sets one, the plugins of the build.
CONFIG_HEAD = """[warta]
state_dir = {tmp}/state
user_agent = warta-test/1.0 (+https://example.org/warta-test)
delay = 0
connect_timeout = 2
timeout = 5
log_level = info
"""


def certs(d, names):
    """A throw-away CA (d/ca.pem) and a server certificate for the host
    names (d/server.pem, d/server.key), made with the openssl tool (as
    tests/backfill/gen_archive.py's certs does)."""
    os.makedirs(d, exist_ok=True)
    san = ",".join("DNS:%s" % h for h in names)

    def run(*cmd):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", os.path.join(d, "ca.key"), "-out",
        os.path.join(d, "ca.pem"), "-days", "2", "-subj",
        "/CN=warta test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
        os.path.join(d, "server.key"), "-out", os.path.join(d, "server.csr"),
        "-subj", "/CN=%s" % names[0])
    ext = os.path.join(d, "ext.cnf")
    with open(ext, "w") as f:
        f.write("subjectAltName=%s\nbasicConstraints=CA:FALSE\n"
                "extendedKeyUsage=serverAuth\n" % san)
    run("openssl", "x509", "-req", "-in", os.path.join(d, "server.csr"),
        "-CA", os.path.join(d, "ca.pem"), "-CAkey",
        os.path.join(d, "ca.key"), "-CAcreateserial", "-out",
        os.path.join(d, "server.pem"), "-days", "2", "-extfile", ext)


class Server:
    """The test server on one case (a dict), logging to {tmp}/requests."""

    def __init__(self, case, tmp, root=None):
        self.tmp = tmp
        self.case_path = os.path.join(tmp, "server-case.json")
        with open(self.case_path, "w", encoding="utf-8") as f:
            json.dump(case, f)
        self.log_path = os.path.join(tmp, "requests.jsonl")
        cmd = [PYTHON, SERVER, self.case_path, "--log", self.log_path,
               "--root", root or HERE]
        self.scheme = "http"
        if case.get("tls"):
            d = os.path.join(tmp, "certs")
            certs(d, case["tls"])
            cmd += ["--cert", os.path.join(d, "server.pem"),
                    "--key", os.path.join(d, "server.key")]
            self.scheme = "https"
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("test server did not start")
        self.ports = [int(p) for p in line.split()]

    def vars(self):
        v = {"port": str(self.ports[0]),
             "base": "%s://127.0.0.1:%d" % (self.scheme, self.ports[0]),
             "ca": os.path.join(self.tmp, "certs", "ca.pem"),
             "connect_to": "::127.0.0.1:%d" % self.ports[0]}
        for i, p in enumerate(self.ports):
            v["port%d" % i] = str(p)
            v["base%d" % i] = "%s://127.0.0.1:%d" % (self.scheme, p)
        return v

    def requests(self):
        try:
            with open(self.log_path, encoding="utf-8") as f:
                return [json.loads(x) for x in f if x.strip()]
        except FileNotFoundError:
            return []

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def fill(s, v):
    """Replace {name} placeholders (only known names; JSON braces stay)."""
    if isinstance(s, str):
        for k in sorted(v, key=len, reverse=True):
            s = s.replace("{" + k + "}", v[k])
        return s
    if isinstance(s, list):
        return [fill(x, v) for x in s]
    if isinstance(s, dict):
        return {k: fill(x, v) for k, x in s.items()}
    return s


def variables(server, tmp):
    v = server.vars()
    v.update({"warta": WARTA, "probe": PROBE, "tmp": tmp,
              "config": os.path.join(tmp, "warta.conf"),
              "db": os.path.join(tmp, "state", "warta.db"),
              "srcdir": TOP_SRC})
    return v


def write_config(text, v, warta=""):
    """CONFIG_HEAD, then the extra [warta] lines warta (a key given there
    replaces the head's), then text (the [source] sections)."""
    path = v["config"]
    extra = fill(warta, v).splitlines()
    keys = {x.split("=")[0].strip() for x in extra if "=" in x}
    head = [x for x in fill(CONFIG_HEAD, v).splitlines()
            if x.split("=")[0].strip() not in keys]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head + extra) + "\n\n")
        f.write(fill(text, v))
    return path


def run(argv, timeout, env=None):
    e = dict(os.environ)
    e.update(env or {})
    t0 = time.time()
    try:
        p = subprocess.run(argv, capture_output=True, text=True,
                           timeout=timeout, env=e, errors="replace")
        return p.returncode, p.stdout, p.stderr, time.time() - t0
    except subprocess.TimeoutExpired as ex:
        out = ex.stdout.decode(errors="replace") if ex.stdout else ""
        err = ex.stderr.decode(errors="replace") if ex.stderr else ""
        return "timeout", out, err, time.time() - t0


def run_until(argv, timeout, db, query, settle=0.0):
    """Start argv (a daemon), poll the store at db until query's first
    column is true, wait settle seconds, then SIGTERM it and collect its
    exit status and output, like run(). "timeout" when the condition or
    the clean stop takes longer than timeout seconds in all."""
    t0 = time.time()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=out, stderr=err)
        met = False
        while time.time() - t0 < timeout and p.poll() is None:
            try:
                rows = sql(db, query)
                met = bool(rows and rows[0] and rows[0][0])
            except Exception:  # not created yet, or busy: ask again
                met = False
            if met:
                break
            time.sleep(0.1)
        if met and settle:
            time.sleep(settle)
        code = "timeout" if not met and p.poll() is None else None
        left = max(1.0, timeout - (time.time() - t0))
        status = terminate(p, wait=left)
        if code is None:
            code = status
        out.seek(0)
        err.seek(0)
        return (code, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), time.time() - t0)


def sql(db, query):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


class Tap:
    """Collects results and prints TAP at the end (plan first)."""

    def __init__(self):
        self.results = []

    def add(self, ok, name, diag=None):
        self.results.append((bool(ok), name, diag))

    def print(self):
        print("1..%d" % len(self.results))
        failed = 0
        for i, (ok, name, diag) in enumerate(self.results, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
            if not ok:
                failed += 1
                for line in str(diag or "").splitlines()[:40]:
                    print("# " + line)
        sys.stdout.flush()
        return 1 if failed else 0


def scratch(prefix):
    return tempfile.mkdtemp(prefix=prefix,
                            dir=os.environ.get("TMPDIR", "/tmp"))


def terminate(proc, sig=signal.SIGTERM, wait=30):
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
