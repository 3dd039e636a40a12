# SPDX-License-Identifier: MIT
"""Helpers shared by the backfill tests and the WARC benchmark: the
generated archive and its TLS server, configs, running warta, reading the
store through `warta export`, and TAP output.

The archive's pages carry the outlets' real host names (the plugins only
accept their own hosts), so the tests point those names at the local
server with WARTA_CONNECT_TO (curl's --connect-to, read by the fetch
engine) and let warta verify TLS against a throw-away CA (ca_file).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(HERE, "..", ".."))
TOP_BUILD = os.environ.get("top_builddir") or os.getcwd()
WARTA = os.environ.get("WARTA") or os.path.join(TOP_BUILD, "core", "warta")
PYTHON = os.environ.get("PYTHON3") or sys.executable
GEN = os.path.join(HERE, "gen_archive.py")
sys.path.insert(0, HERE)
import gen_archive  # noqa: E402

SOURCES = {"antara": "antara-jabar", "prolite": "prolite",
           "solotrust": "solotrust", "jabarekspres": "jabarekspres",
           "pelitajabar": "pelitajabar"}


def scratch(prefix):
    return tempfile.mkdtemp(prefix=prefix,
                            dir=os.environ.get("TMPDIR", "/tmp"))


class Tap:
    """Collects results and prints TAP at the end (plan first)."""

    def __init__(self):
        self.results = []

    def add(self, ok, name, diag=None):
        self.results.append((bool(ok), name, diag))
        return bool(ok)

    def print(self):
        print("1..%d" % len(self.results))
        failed = 0
        for i, (ok, name, diag) in enumerate(self.results, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
            if not ok:
                failed += 1
                for line in str(diag or "").splitlines()[-40:]:
                    print("# " + line)
        sys.stdout.flush()
        return 1 if failed else 0


def skip_all(why):
    print("1..0 # SKIP %s" % why)
    sys.exit(0)


def generate(root, count=2100, seed=20240601):
    subprocess.run([PYTHON, GEN, "generate", "--out", root, "--count",
                    str(count), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def certs(d):
    subprocess.run([PYTHON, GEN, "certs", "--dir", d], check=True)


class Server:
    """gen_archive.py serve over TLS on a free port; requests logged."""

    def __init__(self, root, certdir, tmp, fail=(), slow=0.0, port=0):
        self.log = os.path.join(tmp, "requests-%d.jsonl" % time.time_ns())
        cmd = [PYTHON, GEN, "serve", "--root", root, "--log", self.log,
               "--cert", os.path.join(certdir, "server.pem"), "--key",
               os.path.join(certdir, "server.key"), "--port", str(port),
               "--slow", str(slow)]
        for f in fail:
            cmd += ["--fail", f]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the archive server did not start")
        self.port = int(line)

    def env(self):
        return {"WARTA_CONNECT_TO": "::127.0.0.1:%d" % self.port}

    def requests(self):
        try:
            with open(self.log, encoding="utf-8") as f:
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


def write_config(tmp, certdir, extra=""):
    """A config with the five outlets' sources, allowed to reach the
    local server, no politeness delay; certdir None: no ca_file (no
    network). Returns its path."""
    path = os.path.join(tmp, "warta.conf")
    lines = ["[warta]",
             "state_dir = %s" % os.path.join(tmp, "state"),
             "user_agent = warta-test/1.0 (+https://example.org/warta-test)",
             "delay = 0",
             "max_per_host = 4",
             "connect_timeout = 5",
             "timeout = 20",
             "log_level = notice",
             ("ca_file = %s" % os.path.join(certdir, "ca.pem")
              if certdir else ""),
             extra, ""]
    for outlet, name in SOURCES.items():
        lines += ["[source %s]" % name, "plugin = %s" % outlet,
                  "urls = %s" % gen_archive.START[outlet],
                  "allow_private = yes", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return path


def db_of(tmp):
    return os.path.join(tmp, "state", "warta.db")


def run(argv, env=None, timeout=120):
    e = dict(os.environ)
    e.update(env or {})
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=e,
                           timeout=timeout, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as ex:
        err = ex.stderr.decode(errors="replace") if ex.stderr else ""
        return "timeout", "", err


class Started:
    """A warta started in the background; stderr goes to a file (a pipe
    nobody reads could fill up and stall it)."""

    def __init__(self, argv, env=None):
        e = dict(os.environ)
        e.update(env or {})
        fd, self.errpath = tempfile.mkstemp(prefix="warta-stderr.")
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                     stderr=fd, env=e)
        os.close(fd)

    def wait(self, timeout):
        return self.proc.wait(timeout)

    @property
    def returncode(self):
        return self.proc.returncode

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stderr(self):
        with open(self.errpath, encoding="utf-8", errors="replace") as f:
            text = f.read()
        os.unlink(self.errpath)
        return text


def start(argv, env=None):
    return Started(argv, env)


def export(db):
    """Stored records, as dicts, through `warta export`."""
    rc, out, err = run([WARTA, "export", "--db", db])
    if rc != 0:
        raise RuntimeError("warta export failed (%s): %s" % (rc, err))
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def kill(started, sig=signal.SIGKILL):
    proc = started.proc
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    started.stderr()
    return proc.returncode
