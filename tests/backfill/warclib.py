# SPDX-License-Identifier: MIT
"""A small WARC 1.1 writer for the backfill tests and the WARC benchmark:
one gzip member per record, as Common Crawl's CC-NEWS files are, or plain.
Written from the WARC 1.1 specification (ISO 28500:2017); it writes only
what warta's reader needs to be tested on: warcinfo, request, response,
metadata and revisit records with the usual header fields.
"""
import gzip
import uuid
import zlib


def record(wtype, block, uri=None, date="2024-03-01T10:00:00Z",
           content_type=None, version="WARC/1.1"):
    """The bytes of one WARC record (header, block, the two CRLFs)."""
    h = ["%s" % version, "WARC-Type: %s" % wtype,
         "WARC-Record-ID: <urn:uuid:%s>" % uuid.uuid4(),
         "WARC-Date: %s" % date]
    if uri:
        h.append("WARC-Target-URI: %s" % uri)
    if content_type:
        h.append("Content-Type: %s" % content_type)
    h.append("Content-Length: %d" % len(block))
    return ("\r\n".join(h) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body, content_type="text/html; charset=utf-8",
                  status=200, encoding=None):
    """An HTTP/1.1 response block; encoding "gzip" or "deflate" compresses
    the body and says so in Content-Encoding."""
    if isinstance(body, str):
        body = body.encode()
    hdrs = ["HTTP/1.1 %d %s" % (status, "OK" if status == 200 else "Other"),
            "Server: test"]
    if content_type:
        hdrs.append("Content-Type: %s" % content_type)
    if encoding == "gzip":
        body = gzip.compress(body)
        hdrs.append("Content-Encoding: gzip")
    elif encoding == "deflate":
        body = zlib.compress(body)
        hdrs.append("Content-Encoding: deflate")
    hdrs.append("Content-Length: %d" % len(body))
    return ("\r\n".join(hdrs) + "\r\n\r\n").encode() + body


def http_request(uri):
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
    return ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: test\r\n\r\n"
            % (path, host)).encode()


class Writer:
    """Appends records to a file; gz=True writes one gzip member each.
    offsets[i] is where record i starts in the file."""

    def __init__(self, path, gz=True):
        self.f = open(path, "wb")
        self.gz = gz
        self.offsets = []

    def write(self, rec):
        self.offsets.append(self.f.tell())
        self.f.write(gzip.compress(rec, 6) if self.gz else rec)

    def write_raw(self, data):
        self.f.write(data)

    def close(self):
        self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def warcinfo():
    info = b"software: warta tests\r\nformat: WARC File Format 1.1\r\n"
    return record("warcinfo", info, content_type="application/warc-fields")
