#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A scriptable HTTP/1.1 server for warta's integration tests.

It plays back the replies a case file describes, so that every fault the
fetch engine must survive (slow servers, resets, 429 with Retry-After,
gzip bombs, redirect loops, huge bodies, robots.txt, 304s) is a data file
rather than code (the idea of curl's tests/data + sws). It listens on
127.0.0.1 on free ports, prints them on the first line of stdout
("PORT [PORT...]"), and appends one JSON line per request to the request
log (--log) with a timestamp, so a test can prove what was asked, in which
order and how far apart.

Case format (JSON): {"servers": [{"routes": ROUTES}, ...]} or just
{"routes": ROUTES} for one server. ROUTES maps a path (with query, exactly
as requested) to a reply or to a list of replies: the Nth request to the
path gets the Nth reply, the last one repeats. A path "*" catches the
rest; anything else is 404. A reply is an object with:

  status        HTTP status (200)
  headers       extra headers {name: value}
  body          text body ("{base}" is the serving server's URL, "{base0}",
                "{port1}"... name a given server's)
  body_file     file whose bytes are the body (relative to --root)
  body_size     N bytes of generated HTML-ish filler
  gzip          true: send the body gzip-compressed (Content-Encoding)
  gzip_file     true: the body is a .gz file (compressed, no encoding)
  gzip_bomb     N: a gzip stream that inflates to N zero bytes
  no_length     true: no Content-Length; the body ends when we close
  delay         seconds to wait before answering
  drip          bytes per second: send the body slowly
  reset         true: read the request, then reset the connection
  reset_after   N: send the headers and N body bytes, then reset
  redirect      target URL: 302 with Location (templated)
  etag          ETag; a matching If-None-Match gets 304
  last_modified Last-Modified; an equal If-Modified-Since gets 304
  content_type  Content-Type ("text/html; charset=utf-8")
"""
import argparse
import gzip
import http.server
import io
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time

LOCK = threading.Lock()


class State:
    def __init__(self, case, root, log_path):
        self.case = case
        self.root = root
        self.log_path = log_path
        self.counts = {}
        self.ports = []
        self.bombs = {}

    def template(self, s, index=0):
        """{baseN}/{portN} name server N; {base}/{port} the one serving."""
        if not isinstance(s, str):
            return s
        for i, p in enumerate(self.ports):
            s = s.replace("{base%d}" % i, "http://127.0.0.1:%d" % p)
            s = s.replace("{port%d}" % i, str(p))
        s = s.replace("{base}", "http://127.0.0.1:%d" % self.ports[index])
        return s.replace("{port}", str(self.ports[index]))

    def log(self, entry):
        if not self.log_path:
            return
        line = json.dumps(entry, sort_keys=True)
        with LOCK, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def bomb(self, n):
        """A gzip member inflating to n zero bytes, built once."""
        if n not in self.bombs:
            out = io.BytesIO()
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as g:
                chunk = b"\0" * (1 << 20)
                left = n
                while left > 0:
                    g.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
            self.bombs[n] = out.getvalue()
        return self.bombs[n]


def filler(n):
    """n bytes of HTML: a page with a title and paragraphs of text."""
    head = b"<!doctype html><html><head><title>big</title></head><body>\n"
    para = b"<p>" + b"lorem ipsum dolor sit amet " * 30 + b"</p>\n"
    out = bytearray(head)
    while len(out) < n:
        out += para
    return bytes(out[:n])


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "wartatest/1"

    def log_message(self, fmt, *args):  # quiet: the JSON log is the record
        pass

    def do_HEAD(self):
        self.handle_one(head=True)

    def do_GET(self):
        self.handle_one(head=False)

    def pick(self):
        st = self.server.state
        idx = self.server.index
        servers = st.case.get("servers") or [st.case]
        routes = servers[idx].get("routes", {}) if idx < len(servers) else {}
        spec = routes.get(self.path)
        key = self.path
        if spec is None:
            spec = routes.get("*")
            key = "*"
        if spec is None:
            return None, 0
        with LOCK:
            n = st.counts.get((idx, key), 0)
            st.counts[(idx, key)] = n + 1
        if isinstance(spec, list):
            return spec[min(n, len(spec) - 1)], n
        return spec, n

    def reset(self):
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def handle_one(self, head):
        st = self.server.state
        t0 = time.time()
        reply, n = self.pick()
        entry = {
            "t": t0, "server": self.server.index, "method": self.command,
            "path": self.path, "n": n,
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "user_agent": self.headers.get("User-Agent"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
        }
        if reply is None:
            reply = {"status": 404, "body": "not found"}
        status = reply.get("status", 200)
        # The request is logged when it arrives (a client that times out
        # must still see it counted), the delay comes after.
        delay = float(reply.get("delay") or 0)
        if reply.get("reset"):
            entry["status"] = "reset"
            st.log(entry)
            time.sleep(delay)
            self.reset()
            return
        idx = self.server.index
        headers = {k: st.template(v, idx)
                   for k, v in reply.get("headers", {}).items()}
        if reply.get("redirect"):
            status = reply.get("status", 302)
            headers["Location"] = st.template(reply["redirect"], idx)
        etag = reply.get("etag")
        lm = reply.get("last_modified")
        if etag:
            headers["ETag"] = etag
        if lm:
            headers["Last-Modified"] = lm
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = status == 200 and (
            (etag and inm and etag in [x.strip() for x in inm.split(",")])
            or (lm and ims and not inm and ims == lm))
        if not_modified:
            status = 304
        body = b""
        if status != 304:
            if "body_file" in reply:
                with open(os.path.join(st.root, reply["body_file"]),
                          "rb") as f:
                    body = f.read()
            elif "body_size" in reply:
                body = filler(int(reply["body_size"]))
            elif "body" in reply:
                body = st.template(reply["body"], idx).encode(
                    reply.get("encoding", "utf-8"))
            if reply.get("gzip_bomb"):
                body = st.bomb(int(reply["gzip_bomb"]))
                headers["Content-Encoding"] = "gzip"
            elif reply.get("gzip"):
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            elif reply.get("gzip_file"):
                body = gzip.compress(body, mtime=0)
        ctype = reply.get("content_type", "text/html; charset=utf-8")
        entry["status"] = status
        st.log(entry)
        time.sleep(delay)
        try:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", ctype)
            for k, v in headers.items():
                self.send_header(k, v)
            if reply.get("no_length"):
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length",
                                 "0" if status == 304 else str(len(body)))
            self.end_headers()
            if head or status == 304:
                return
            if "reset_after" in reply:
                self.wfile.write(body[: int(reply["reset_after"])])
                self.wfile.flush()
                time.sleep(0.05)
                self.reset()
                return
            drip = reply.get("drip")
            if drip:
                step = max(1, int(drip) // 10)
                for i in range(0, len(body), step):
                    self.wfile.write(body[i:i + step])
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # clients hanging up (timeouts, aborts) are part of the tests


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case", help="case file (JSON) with the routes")
    ap.add_argument("--root", help="directory body_file is relative to "
                    "(default: the case file's)")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--cert", help="serve HTTPS with this certificate "
                    "(PEM; --key its private key)")
    ap.add_argument("--key")
    args = ap.parse_args()
    tls = None
    if args.cert:
        import ssl
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
    with open(args.case, encoding="utf-8") as f:
        case = json.load(f)
    root = args.root or os.path.dirname(os.path.abspath(args.case))
    state = State(case, root, args.log)
    n = len(case.get("servers") or [case])
    servers = []
    for i in range(n):
        srv = Server((args.host, 0), Handler)
        if tls:
            srv.socket = tls.wrap_socket(srv.socket, server_side=True)
        srv.state = state
        srv.index = i
        state.ports.append(srv.server_address[1])
        servers.append(srv)
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    sys.stdout.write(" ".join(str(p) for p in state.ports) + "\n")
    sys.stdout.flush()
    try:
        while True:  # until the runner terminates us
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
