# SPDX-License-Identifier: MIT
"""A generated news site in the shape of the seed outlets, for the daemon
tests and the crawl benchmark: an RSS 2.0 feed of the newest articles, a
sitemap index pointing at a plain and a gzip-compressed urlset (with
Google News dates), an index page ("/terkini") and the article pages,
each with a canonical link, OpenGraph and JSON-LD NewsArticle metadata and
a body of paragraphs. The URL shapes (/berita/ID/slug, /rss/terkini.xml,
/terkini) and the RFC 822 pubDate with +0700 follow what is known of
ANTARA's regional sites; the text is made up, nothing is copied from a
real page.

routes() gives the test server's routes (wartatest_server.py);
write_tree() writes the same site as files for nginx (bench/crawl).
"""
import gzip
import html
import os
import zlib

TOPICS = [
    ("Kota Bandung dan Petaling Jaya perpanjang kerja sama sister city",
     "Wali Kota Bandung menandatangani perpanjangan kerja sama sister city "
     "dengan Kota Petaling Jaya, Malaysia, pada Rabu 1 Februari 2023."),
    ("Pemprov Jawa Barat teken MoU pendidikan dengan Australia Selatan",
     "Gubernur Jawa Barat dan Premier Australia Selatan menandatangani "
     "nota kesepahaman di bidang pendidikan vokasi dan UMKM."),
    ("Kabupaten Bogor jajaki kerja sama dengan kota di Jepang",
     "Bupati Bogor menerima kunjungan delegasi dari Prefektur Saitama "
     "untuk menjajaki kerja sama di bidang pertanian."),
    ("Surakarta dan Montana perkuat hubungan kota kembar",
     "Pemerintah Kota Surakarta menggelar pertemuan daring dengan mitra "
     "kota kembarnya untuk membahas pertukaran budaya."),
]


def article_path(i):
    return "/berita/%d/artikel-kerja-sama-%d" % (100000 + i, i)


def published(i):
    day = 1 + i % 28
    hour = i % 24
    return "2023-02-%02dT%02d:%02d:00+07:00" % (day, hour, i % 60)


def rfc822(i):
    day = 1 + i % 28
    hour = i % 24
    # 2023-02-DD is a Wednesday on the 1st; the weekday is not checked.
    return "Wed, %02d Feb 2023 %02d:%02d:00 +0700" % (day, hour, i % 60)


def article_html(base, i, paragraphs=6):
    title, lead = TOPICS[i % len(TOPICS)]
    title = "%s (%d)" % (title, i)
    url = base + article_path(i)
    paras = [lead] + [
        "Paragraf %d artikel %d: kerja sama ini mencakup pertukaran pelajar, "
        "promosi investasi dan pengembangan usaha mikro, kecil dan menengah "
        "yang melibatkan pemerintah daerah serta pelaku usaha." % (k, i)
        for k in range(1, paragraphs)]
    body = "\n".join("<p>%s</p>" % html.escape(p) for p in paras)
    t = html.escape(title)
    return ("""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>%(t)s - Berita Contoh</title>
<link rel="canonical" href="%(url)s">
<meta property="og:title" content="%(t)s">
<meta property="og:type" content="article">
<meta property="article:published_time" content="%(pub)s">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"%(t)s",
 "datePublished":"%(pub)s","author":{"@type":"Person","name":"Penulis Contoh"},
 "mainEntityOfPage":"%(url)s"}
</script></head>
<body><header><nav><a href="/">Beranda</a> <a href="/terkini">Terkini</a></nav></header>
<main><article class="post">
<h1>%(t)s</h1>
<div class="meta"><span class="author">Penulis Contoh</span>
<time datetime="%(pub)s">%(pub)s</time></div>
<div class="post-content">
%(body)s
</div></article></main>
<footer><p>Hak cipta contoh.</p></footer></body></html>
""" % {"t": t, "url": url, "pub": published(i), "body": body})


def feed_xml(base, ids):
    items = "".join(
        "<item><title>%s</title><link>%s%s</link><guid isPermaLink=\"false\">"
        "%s%s</guid><pubDate>%s</pubDate><description>ringkasan %d"
        "</description></item>\n" % (
            html.escape(TOPICS[i % len(TOPICS)][0]), base, article_path(i),
            base, article_path(i), rfc822(i), i) for i in ids)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<rss version=\"2.0\"><channel><title>Berita Contoh - Terkini"
            "</title><link>%s/</link><description>contoh</description>\n"
            "%s</channel></rss>\n" % (base, items))


def urlset_xml(base, ids):
    urls = "".join(
        "<url><loc>%s%s</loc><news:news><news:publication>"
        "<news:name>Contoh</news:name><news:language>id</news:language>"
        "</news:publication><news:publication_date>%s"
        "</news:publication_date><news:title>%s</news:title></news:news>"
        "</url>\n" % (base, article_path(i), published(i),
                      html.escape(TOPICS[i % len(TOPICS)][0]))
        for i in ids)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
            "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
            "\n%s</urlset>\n" % urls)


def sitemap_index_xml(base, names):
    maps = "".join("<sitemap><loc>%s/%s</loc></sitemap>\n" % (base, n)
                   for n in names)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/"
            "sitemap/0.9\">\n%s</sitemapindex>\n" % maps)


def index_html(base, ids):
    links = "\n".join("<li><a href=\"%s\">%s</a></li>" % (
        article_path(i), html.escape(TOPICS[i % len(TOPICS)][0]))
        for i in ids)
    return ("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">"
            "<title>Terkini</title></head><body><ul class=\"terkini\">\n%s\n"
            "</ul></body></html>\n" % links)


def split(n):
    """Which articles each listing shows: the feed has the newest 20, the
    two sitemaps split all of them (overlapping the feed), the index page
    the newest 10. Every article is in at least one sitemap."""
    ids = list(range(n))
    feed = ids[-20:]
    half = n // 2
    return feed, ids[:half], ids[half:], ids[-10:]


def routes(n, article_delay=0, etag=True, robots_extra=""):
    """Routes for wartatest_server.py; URLs in bodies use {base}."""
    base = "{base}"
    feed, sm1, sm2, idx = split(n)
    r = {
        "/robots.txt": {"body": "User-agent: *\nAllow: /\n%s"
                        "Sitemap: {base}/sitemap_index.xml\n" % robots_extra,
                        "content_type": "text/plain"},
        "/rss/terkini.xml": {"body": feed_xml(base, feed),
                             "content_type": "application/rss+xml"},
        "/sitemap_index.xml": {"body": sitemap_index_xml(
            base, ["sitemap-1.xml", "sitemap-2.xml.gz"]),
            "content_type": "application/xml"},
        "/sitemap-1.xml": {"body": urlset_xml(base, sm1),
                           "content_type": "application/xml"},
        "/sitemap-2.xml.gz": {"body": urlset_xml(base, sm2), "gzip_file": True,
                              "content_type": "application/x-gzip"},
        "/terkini": {"body": index_html(base, idx)},
    }
    for i in range(n):
        r[article_path(i)] = {"body": article_html(base, i)}
        if article_delay:
            r[article_path(i)]["delay"] = article_delay
    if etag:
        for k, v in r.items():
            v["etag"] = "\"%08x\"" % zlib.crc32(k.encode())
    return r


def write_tree(root, n, base):
    """The same site as files under root (for nginx), URLs under base."""
    feed, sm1, sm2, idx = split(n)

    def put(path, data):
        full = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    put("/robots.txt", "User-agent: *\nAllow: /\n")
    put("/rss/terkini.xml", feed_xml(base, feed))
    put("/sitemap_index.xml", sitemap_index_xml(
        base, ["sitemap-1.xml", "sitemap-2.xml.gz"]))
    put("/sitemap-1.xml", urlset_xml(base, sm1))
    put("/sitemap-2.xml.gz", gzip.compress(urlset_xml(base, sm2).encode()))
    put("/terkini/index.html", index_html(base, idx))
    for i in range(n):
        put(article_path(i) + "/index.html", article_html(base, i))
