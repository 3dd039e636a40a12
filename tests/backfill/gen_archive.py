#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate, and serve, a local news archive for warta's backfill tests.

`generate` writes a deterministic archive of N articles (default 2,100)
spread over two years across the page formats of the five seed outlets,
one directory per host name (the plugins accept only their outlets'
hosts), plus manifest.json (every article: outlet, URL, published time,
title). Every month edge has an article in its first and in its last
minute, so that a window's ends are tested to the minute. Each outlet's
archive is listed where its plugin's archive hook looks, newest first,
with a date on every item:

  jabar.antaranews.com /berita/ID/slug       /terkini/N (N >= 1)
  prolitenews.com      /slug/                /news/, /news/page/N/
  www.solotrust.com    /read/ID/Title-Slug   /indeks, /indeks?page=N
  jabarekspres.com     /berita/Y/M/D/slug/   /berita/Y/M/, .../page/N/
  pelitajabar.com      /slug.html            /Y/M/, /Y/M/page/N/

The pages follow the structure of the plugins' fixtures in
tests/plugins/<outlet>/ (ANTARA's div.post-content with <br><br>
paragraphs and its credit footer; the WordPress themes of Prolite, Jabar
Ekspres and PelitaJabar; solotrust's own CMS) with made-up text, so that
the real plugins parse them. They are reconstructions, not copies of the
real sites.

`serve` runs one threaded HTTP server on 127.0.0.1 for every outlet,
routed by the Host header (each host's files at its own root, as on the
real site; short /berita/ID and /read/ID URLs redirect to the full ones),
over TLS with --cert/--key (`certs` makes a throw-away CA and certificate
with the openssl tool). It prints its port on the first line of stdout
and appends one JSON line per request ({"host", "path", "status", "t"})
to --log. --fail PATH (repeatable) answers 500 for that path forever;
--slow S adds S seconds before each answer but robots.txt's. Tests point
the real host names at it with WARTA_CONNECT_TO.

`window --root DIR FROM TO` prints the manifest's articles published in
[FROM, TO] (dates of their own +07:00 times), one "outlet URL" per line.
"""
import argparse
import datetime as dt
import http.server
import json
import os
import random
import socketserver
import sys
import threading
import time

OUTLETS = ["antara", "prolite", "solotrust", "jabarekspres", "pelitajabar"]
WIB = dt.timezone(dt.timedelta(hours=7))
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
PER_PAGE = {"antara": 20, "prolite": 10, "solotrust": 15,
            "jabarekspres": 12, "pelitajabar": 10}

CITIES = ["Bandung", "Bekasi", "Bogor", "Cimahi", "Depok", "Sukabumi",
          "Tasikmalaya", "Cirebon", "Garut", "Surakarta", "Semarang"]
PARTNERS = ["Kota Petaling Jaya", "Kota Chandler", "Kota Suwon",
            "Kota Hamamatsu", "Kota Braunschweig", "Kota Liuzhou",
            "Kabupaten Bandung", "Kota Solo", "Kota Yokohama"]
TOPICS = ["UMKM", "pendidikan", "pariwisata", "kesehatan", "investasi",
          "kebudayaan", "pertanian", "teknologi informasi"]
OFFICIALS = [("Wali Kota", "Yana Mulyana"), ("Bupati", "Dadang Supriatna"),
             ("Gubernur", "Ridwan Kamil"), ("Wakil Wali Kota", "Erwin"),
             ("Sekretaris Daerah", "Ema Sumarna")]
REPORTERS = ["Bagus Ahmad Rizaldi", "Rizki Oktaviani", "Arum Sari",
             "Pandu Wijaya", "Dewi Lestari", "Ahmad Fauzi"]
EDITORS = ["Yuniardi Ferdinan", "Agus Salim", "Budi Santoso", "Wulan Dari"]


def slugify(s):
    out = []
    for ch in s.lower():
        out.append(ch if ch.isalnum() else "-")
    slug = "".join(out)
    while "--" in slug:
        slug = slug.replace("--", "-")
    return slug.strip("-")


def indo_date(t, with_day=True, with_time=True):
    s = "%d %s %d" % (t.day, MONTHS[t.month - 1], t.year)
    if with_day:
        s = "%s, %s" % (DAYS[t.weekday()], s)
    if with_time:
        s += " %02d:%02d" % (t.hour, t.minute)
    return s


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def make_articles(n, start, days, seed):
    """n articles with times spread over days from start (WIB), given to
    the outlets in turn. Every month edge gets one article in its first
    minute and one in the last minute before it, so that a window's ends
    are tested to the minute."""
    rnd = random.Random(seed)
    t0 = dt.datetime(start.year, start.month, start.day, tzinfo=WIB)
    t_end = t0 + dt.timedelta(days=days)
    times = []
    y, m = t0.year, t0.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        edge = dt.datetime(y, m, 1, tzinfo=WIB)
        if edge >= t_end or len(times) + 2 > n:
            break
        times += [edge, edge - dt.timedelta(minutes=1)]
    span = days * 86400
    while len(times) < n:
        times.append(t0 + dt.timedelta(seconds=rnd.randrange(span) // 60 * 60))
    arts = [{"time": t} for t in sorted(times)]
    ids = {o: 0 for o in OUTLETS}
    for i, a in enumerate(arts):
        o = OUTLETS[i % len(OUTLETS)]
        ids[o] += 1
        city = CITIES[rnd.randrange(len(CITIES))]
        partner = PARTNERS[rnd.randrange(len(PARTNERS))]
        topic = TOPICS[rnd.randrange(len(TOPICS))]
        title = "Pemkot %s jajaki kerja sama %s dengan %s nomor %d" % (
            city, topic, partner, i + 1)
        a.update(outlet=o, seq=ids[o], n=i + 1, title=title, city=city,
                 id=(300000 if o == "antara" else 4000) + ids[o] * 7,
                 partner=partner, topic=topic,
                 official=OFFICIALS[rnd.randrange(len(OFFICIALS))],
                 reporter=REPORTERS[rnd.randrange(len(REPORTERS))],
                 editor=EDITORS[rnd.randrange(len(EDITORS))])
        a["path"] = article_path(a)
    return arts


HOSTS = {"antara": "jabar.antaranews.com", "prolite": "prolitenews.com",
         "solotrust": "www.solotrust.com",
         "jabarekspres": "jabarekspres.com", "pelitajabar": "pelitajabar.com"}
# The configured start URL of each outlet's source (what the plugins'
# archive hooks turn into archive pages).
START = {"antara": "https://jabar.antaranews.com/rss/terkini.xml",
         "prolite": "https://prolitenews.com/news/feed/",
         "solotrust": "https://www.solotrust.com/indeks",
         "jabarekspres": "https://jabarekspres.com/feed",
         "pelitajabar": "https://pelitajabar.com/feed/"}


def article_path(a):
    o, t, slug = a["outlet"], a["time"], slugify(a["title"])
    if o == "antara":
        return "/berita/%d/%s" % (a["id"], slug)
    if o == "prolite":
        return "/%s/" % slug
    if o == "solotrust":
        words = "-".join(w.capitalize() for w in slug.split("-"))
        return "/read/%d/%s" % (a["id"], words)
    if o == "jabarekspres":
        return "/berita/%04d/%02d/%02d/%s/" % (t.year, t.month, t.day, slug)
    return "/%s.html" % slug


def url_of(a):
    return "https://%s%s" % (HOSTS[a["outlet"]], a["path"])


def paragraphs(a):
    title, name = a["official"]
    t = a["time"]
    return [
        "%s %s mengatakan, Pemerintah Kota %s dan %s sepakat memperluas "
        "kerja sama di bidang %s. Kesepakatan itu dibahas pada %s." % (
            title, name, a["city"], a["partner"], a["topic"],
            indo_date(t, True, False)),
        "Menurut %s, kerja sama sister city tersebut akan diperpanjang "
        "selama lima tahun dan mencakup pertukaran pelajar serta pelatihan "
        "pelaku %s." % (name, a["topic"]),
        "Pertemuan dihadiri perwakilan %s dan sejumlah kepala dinas. "
        "Artikel ini adalah nomor %d dari arsip uji warta." % (
            a["partner"], a["n"]),
        "Ke depan, kedua pihak menargetkan penandatanganan nota "
        "kesepahaman (MoU) sebelum akhir tahun %d." % t.year,
    ]


HEAD = """<!DOCTYPE html>
<!-- Generated by tests/backfill/gen_archive.py: a reconstruction in the
     layout of tests/plugins/{outlet}/, with made-up text. -->
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} - {site}</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{site}">
{extra}</head>
"""


def head(a, site, lang="id", extra=""):
    return HEAD.format(outlet=a["outlet"], lang=lang, title=esc(a["title"]),
                       site=site, url=url_of(a), extra=extra)


def page_antara(a):
    """tests/plugins/antara/jabar-398245-seed.html's layout."""
    t = a["time"]
    body = "<br><br>".join(esc(p) for p in paragraphs(a))
    return head(a, "ANTARA News Jawa Barat") + """<body>
<header class="header"><nav class="navbar"><a href="https://jabar.antaranews.com/terkini">Terkini</a></nav></header>
<div class="main-content"><div class="container"><div class="row">
<div class="col-md-8">
  <ol class="breadcrumb"><li class="breadcrumb-item"><a href="https://jabar.antaranews.com/">Beranda</a></li><li class="breadcrumb-item active"><a href="https://jabar.antaranews.com/bandung">Bandung</a></li></ol>
  <article class="post-wrapper clearfix">
    <header class="post-header">
      <h1 class="post-title">{title}</h1>
      <p class="text-secondary small"><span class="article-date">{human} WIB</span></p>
      <div class="wp-caption"><img src="https://img.antaranews.com/cache/730x487/{seq}.jpg" alt=""><p class="wp-caption-text">Ilustrasi pertemuan. ANTARA/Istimewa</p></div>
    </header>
    <div class="social-share"><a href="https://www.facebook.com/sharer.php?u={url}">Facebook</a></div>
    <div class="post-content clearfix">{body}<br><br><p><span class="baca-juga">Baca juga: <a href="https://jabar.antaranews.com/berita/1/lain">Berita lain</a></span></p><ins class="adsbygoogle"></ins></div>
    <footer class="post-meta">
      <div class="tags-wrapper">Pewarta: {rep}<br>Editor : {ed}<br>COPYRIGHT &copy; ANTARA News Jawa Barat {year}</div>
      <ul class="blog-tags"><li><a href="https://jabar.antaranews.com/tag/{topic}">{topic}</a></li></ul>
    </footer>
  </article>
</div>
<div class="col-md-4"><aside class="sidebar"><h3>Terpopuler</h3></aside></div>
</div></div></div>
<footer class="footer"><p>Copyright &copy; {year} ANTARA</p></footer>
</body>
</html>
""".format(title=esc(a["title"]), human=indo_date(t), seq=a["seq"],
           url=url_of(a), body=body, rep=a["reporter"], ed=a["editor"],
           year=t.year, topic=esc(a["topic"]))


def page_prolite(a):
    """tests/plugins/prolite/sister-city-seed.html's layout."""
    t = a["time"]
    paras = paragraphs(a)
    paras[0] = "BANDUNG, Prolite \u2013 " + paras[0]
    paras[-1] += "(rls/red)"
    body = "\n".join("<p>%s</p>" % esc(p) for p in paras[:2])
    body += ('\n<p><strong>Baca Juga: <a href="https://prolitenews.com/'
             'berita-lain-yang-terkait/">Berita lain yang terkait</a>'
             '</strong></p>\n')
    body += "\n".join("<p>%s</p>" % esc(p) for p in paras[2:])
    return head(a, "Prolite", "id-ID",
                '<meta property="article:section" content="News">\n') + """<body class="post-template-default single single-post">
<div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding"><a href="https://prolitenews.com/" rel="home">Prolite</a></div></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article class="post type-post status-publish format-standard hentry category-news">
  <header class="entry-header">
    <div class="entry-meta"><span class="cat-links"><a href="https://prolitenews.com/news/" rel="category tag">News</a></span></div>
    <h1 class="entry-title">{title}</h1>
    <div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{iso}">{day}</time></a></span></div>
  </header>
  <div class="entry-content">
{body}
  </div>
  <footer class="entry-footer"><span class="tags-links">Tags: <a href="https://prolitenews.com/tag/kota-bandung/" rel="tag">Kota Bandung</a></span></footer>
</article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-next"><a href="https://prolitenews.com/berita-lain-yang-terkait/" rel="next"><span class="meta-nav">Baca Selanjutnya</span> <span class="post-title">Berita lain</span></a></div></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3></div></div>
</main></div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {year} Prolite.</div></footer>
</div>
</body>
</html>
""".format(title=esc(a["title"]), url=url_of(a), iso=t.isoformat(),
           day=indo_date(t, False, False), body=body, year=t.year)


def page_solotrust(a):
    """tests/plugins/solotrust/read-4900-seed.html's layout."""
    t = a["time"]
    paras = paragraphs(a)
    paras[0] = "SOLO, solotrust.com- " + paras[0]
    paras[-1] += " (%s)" % a["reporter"].split()[0]
    paras.append("(%s)" % "".join(w[0].lower() for w in a["editor"].split()))
    body = "\n".join("<p>%s</p>" % esc(p) for p in paras)
    return head(a, "solotrust.com") + """<body>
<div class="header"><a href="https://www.solotrust.com/">solotrust.com</a></div>
<div class="container"><div class="row">
<div class="col-md-8">
  <div class="label-kanal"><a href="https://www.solotrust.com/kanal/ekonomi-bisnis">Ekonomi &amp; Bisnis</a></div>
  <div class="detail">
    <h1 class="detail-title">{title}</h1>
    <div class="detail-kanal">Ekonomi &amp; Bisnis</div>
    <div class="detail-date">{human} WIB</div>
    <div class="detail-photo"><img src="https://solotrust.com/data/foto-berita/{seq}.jpg" alt=""><div class="detail-caption">Ilustrasi pertemuan. (<span class="photo-credit"></span>)</div></div>
    <div class="detail-content">
{body}
    </div>
    <div class="share">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a></div>
  </div>
</div>
<div class="col-md-4"><div class="sidebar"><h4>Terpopuler</h4></div></div>
</div></div>
<div class="footer">&copy; {year} solotrust.com</div>
</body>
</html>
""".format(title=esc(a["title"]), human=indo_date(t, False, True),
           seq=a["seq"], body=body, url=url_of(a), year=t.year)


def page_jabarekspres(a):
    """tests/plugins/jabarekspres/chandler-2016-seed.html's layout."""
    t = a["time"]
    paras = paragraphs(a)
    paras[0] = "bandungekspres.co.id, %s \u2013 %s" % (a["city"].upper(),
                                                     paras[0])
    paras[-1] += " (%s)" % "/".join(x[:3].lower() for x in
                                    (a["reporter"], a["editor"]))
    body = "\n".join("<p>%s</p>" % esc(p) for p in paras)
    return head(a, "Jabar Ekspres", "id-ID",
                '<meta property="article:section" content="Bandung">\n') + """<body class="post-template-default single single-post td-standard-pack">
<div id="td-outer-wrap" class="td-theme-wrap">
<div class="td-header-wrap"><a href="https://jabarekspres.com/">Jabar Ekspres</a></div>
<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default">
<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article class="post type-post status-publish format-standard category-bandung">
  <div class="td-post-header">
    <ul class="td-category"><li class="entry-category"><a href="https://jabarekspres.com/berita/category/bandung/">Bandung</a></li></ul>
    <header class="td-post-title">
      <h1 class="entry-title">{title}</h1>
      <div class="td-module-meta-info">
        <div class="td-post-author-name"><div class="td-author-by">Oleh</div> <a href="https://jabarekspres.com/author/admin/">admin</a></div>
        <span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{iso}">{day}</time></span>
      </div>
    </header>
  </div>
  <div class="td-post-content">
{body}
  </div>
  <footer><div class="td-post-source-tags"><ul class="td-tags"><li><span>TAGS</span></li><li><a href="https://jabarekspres.com/berita/tag/bandung/">Bandung</a></li></ul></div></footer>
</article>
<div class="comments" id="comments"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3></div></div>
</div></div></div>
</div></div>
</div>
</body>
</html>
""".format(title=esc(a["title"]), iso=t.isoformat(),
           day=indo_date(t, False, False), body=body)


def page_pelitajabar(a):
    """tests/plugins/pelitajabar/umkm-tahan-krisis-seed.html's layout."""
    t = a["time"]
    paras = paragraphs(a)
    paras[0] = "BANDUNG, PelitaJabar \u2013 " + paras[0]
    body = "\n".join("<p>%s</p>" % esc(p) for p in paras[:2])
    body += ("\n<div><div>ADVERTISEMENT</div><div>SCROLL TO RESUME CONTENT"
             "</div></div>\n")
    body += "\n".join("<p>%s</p>" % esc(p) for p in paras[2:])
    body += "\n<p>Rls</p>"
    return head(a, "PelitaJabar", "id-ID",
                '<meta property="article:published_time" content="%s">\n'
                % t.isoformat()) + """<body class="post-template-default single single-post jnews">
<div class="jeg_viewport">
<div class="jeg_header_wrapper"><div class="jeg_header"><div class="jeg_logo"><a href="https://pelitajabar.com/">PelitaJabar</a></div></div></div>
<div class="jeg_main"><div class="jeg_container"><div class="jeg_content jeg_singlepage"><div class="container"><div class="row">
<div class="jeg_main_content col-md-8"><div class="jeg_inner_content">
  <div class="entry-header">
    <h1 class="jeg_post_title">{title}</h1>
    <div class="jeg_meta_container"><div class="jeg_post_meta jeg_post_meta_1"><div class="meta_left">
      <div class="jeg_meta_author"><span class="meta_text">by</span> <a href="https://pelitajabar.com/author/redaksi/">Redaksi</a></div>
      <div class="jeg_meta_date"><a href="{url}">{day}</a></div>
      <div class="jeg_meta_category"><span><span class="meta_text">in</span> <a href="https://pelitajabar.com/category/bandung-raya/" rel="category tag">Bandung Raya</a></span></div>
    </div></div></div>
  </div>
  <div class="entry-content no-share">
    <div class="content-inner ">
{body}
    </div>
    <div class="jeg_post_tags"><span>Tags:</span> <a href="https://pelitajabar.com/tag/umkm/" rel="tag">UMKM</a></div>
  </div>
  <div class="jnews_comment_container"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3></div></div>
</div></div>
<div class="jeg_sidebar col-md-4"><div class="widget"><h3 class="jeg_block_title"><span>Terpopuler</span></h3></div></div>
</div></div></div></div></div>
</div>
</body>
</html>
""".format(title=esc(a["title"]), url=url_of(a),
           day=indo_date(t, False, False), body=body)


def article_page(a):
    return {"antara": page_antara, "prolite": page_prolite,
            "solotrust": page_solotrust, "jabarekspres": page_jabarekspres,
            "pelitajabar": page_pelitajabar}[a["outlet"]](a)


def listings(o, arts):
    """[(path, items, next_path or None)] of an outlet's archive pages:
    one newest-first chain (antara, prolite, solotrust) or one chain per
    month (jabarekspres, pelitajabar), as the plugins' archive hooks
    name them."""
    per = PER_PAGE[o]
    newest = sorted(arts, key=lambda a: (a["time"], a["n"]), reverse=True)
    chains = []
    if o in ("jabarekspres", "pelitajabar"):
        months = {}
        for a in newest:
            months.setdefault((a["time"].year, a["time"].month), []).append(a)
        for (y, m), items in sorted(months.items(), reverse=True):
            base = ("/berita/%04d/%02d/" if o == "jabarekspres"
                    else "/%04d/%02d/") % (y, m)
            chains.append((base, items))
    else:
        chains.append((None, newest))
    out = []
    for base, items in chains:
        pages = max(1, (len(items) + per - 1) // per)
        for n in range(1, pages + 1):
            if o == "antara":
                path = "/terkini/%d" % n
            elif o == "solotrust":
                path = "/indeks" if n == 1 else "/indeks?page=%d" % n
            elif o == "prolite":
                path = "/news/" if n == 1 else "/news/page/%d/" % n
            else:
                path = base if n == 1 else "%spage/%d/" % (base, n)
            out.append([path, items[(n - 1) * per:n * per], None])
            if n > 1:
                out[-2][2] = path
    return out


def listing_page(o, path, items, nxt):
    host = "https://" + HOSTS[o]
    lis = []
    for a in items:
        t, u, ti = a["time"], url_of(a), esc(a["title"])
        if o == "antara":
            lis.append(
                '  <article class="simple-post simple-big clearfix">\n'
                '    <header><h3><a href="%s" title="%s">%s</a></h3>\n'
                '    <p class="simple-share">%s</p></header>\n'
                '  </article>' % (u, ti, ti, indo_date(t)))
        elif o == "solotrust":
            lis.append(
                '  <div class="item"><div class="item-date">%s WIB</div>'
                '<h3><a href="%s">%s</a></h3></div>'
                % (indo_date(t, False, True), u, ti))
        elif o == "prolite":
            lis.append(
                '<article class="post type-post status-publish hentry '
                'category-news">\n  <header class="entry-header"><h2 '
                'class="entry-title"><a href="%s" rel="bookmark">%s</a></h2>'
                '\n  <div class="entry-meta"><span class="posted-on"><time '
                'class="entry-date published" datetime="%s">%s</time></span>'
                '</div></header>\n</article>'
                % (u, ti, t.isoformat(), indo_date(t, False, False)))
        elif o == "jabarekspres":
            lis.append(
                '  <div class="td_module_10 td_module_wrap">\n    <div '
                'class="item-details"><h3 class="entry-title td-module-title">'
                '<a href="%s" rel="bookmark">%s</a></h3>\n    <div class='
                '"td-module-meta-info"><span class="td-post-date"><time '
                'class="entry-date updated td-module-date" datetime="%s">%s'
                '</time></span></div></div>\n  </div>'
                % (u, ti, t.isoformat(), indo_date(t, False, False)))
        else:
            lis.append(
                '    <article class="jeg_post jeg_pl_md_3 format-standard">'
                '\n      <div class="jeg_postblock_content">\n        <h3 '
                'class="jeg_post_title"><a href="%s">%s</a></h3>\n        '
                '<div class="jeg_post_meta"><div class="jeg_meta_date"><a '
                'href="%s"><i class="fa fa-clock-o"></i> %s</a></div></div>'
                '\n      </div>\n    </article>'
                % (u, ti, u, indo_date(t, False, False)))
    nxt_abs = host + nxt if nxt else None
    link = '<link rel="next" href="%s">\n' % nxt_abs if nxt else ""
    if o == "antara":
        pager = ('  <nav aria-label="pagination"><ul class="pagination">'
                 '<li class="page-item"><a class="page-link" href="%s" '
                 'aria-label="Next">&raquo;</a></li></ul></nav>' % nxt_abs
                 ) if nxt else ""
        link = ""
        body = ('<header class="header"><nav><a href="%s/terkini">Terkini'
                '</a></nav></header>\n<div class="container"><div class="row">'
                '<div class="col-md-8">\n  <h1 class="title">Terkini</h1>\n'
                '%s\n%s\n</div></div></div>' % (host, "\n".join(lis), pager))
    elif o == "solotrust":
        pager = ('<ul class="pagination"><li><a href="%s">&raquo;</a></li>'
                 '</ul>' % nxt_abs) if nxt else ""
        link = ""
        body = ('<div class="header"><a href="%s/">solotrust.com</a></div>\n'
                '<h1>Indeks Berita</h1>\n<div class="indeks">\n%s\n</div>\n%s'
                % (host, "\n".join(lis), pager))
    elif o == "prolite":
        pager = ('<nav class="navigation pagination"><div class="nav-links">'
                 '<a class="next page-numbers" href="%s">Berikutnya</a></div>'
                 '</nav>' % nxt_abs) if nxt else ""
        body = ('<main id="main" class="site-main">\n%s\n%s\n</main>'
                % ("\n".join(lis), pager))
    elif o == "jabarekspres":
        pager = ('<div class="page-nav td-pb-padding-side"><a href="%s">'
                 '<i class="td-icon-menu-right"></i></a></div>' % nxt_abs
                 ) if nxt else ""
        body = ('<div class="td-main-content-wrap"><div class="td-container">'
                '\n<div class="td-ss-main-content">\n%s\n%s\n</div></div></div>'
                % ("\n".join(lis), pager))
    else:
        pager = ('<div class="jeg_navigation jeg_pagination"><a class="page_nav '
                 'next" href="%s"><span class="navtext">Selanjutnya</span></a>'
                 '</div>' % nxt_abs) if nxt else ""
        body = ('<div class="jeg_main"><div class="jeg_main_content col-md-8">'
                '\n  <div class="jeg_postblock"><div class="jeg_posts">\n%s\n'
                '  </div></div>\n%s\n</div></div>' % ("\n".join(lis), pager))
    return ("<!DOCTYPE html>\n<!-- Generated by tests/backfill/gen_archive.py"
            " in the layout of tests/plugins/%s/. -->\n<html lang=\"id\">"
            "<head><meta charset=\"utf-8\"><title>Arsip - %s</title>\n"
            "<link rel=\"canonical\" href=\"%s%s\">\n%s</head>\n<body>\n%s\n"
            "</body></html>\n" % (o, HOSTS[o], host, path, link, body))


def file_of(root, host, path):
    """The file serving path (with its query) on host: "/a/b/" and "/a/b"
    are a/b/index.html, "/x.html" stays x.html, "?q" adds "__q/q"."""
    path, _, query = path.partition("?")
    rel = path.lstrip("/")
    if not rel or rel.endswith("/") or not rel.endswith(".html"):
        rel = os.path.join(rel, "index.html")
    if query:
        rel = os.path.join(rel + ".q", query.replace("/", "_"))
    return os.path.join(root, host, rel)


def write(root, host, path, text):
    full = file_of(root, host, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def generate(args):
    start = dt.date.fromisoformat(args.start)
    arts = make_articles(args.count, start, args.days, args.seed)
    for o in OUTLETS:
        host = HOSTS[o]
        os.makedirs(os.path.join(args.out, host), exist_ok=True)
        with open(os.path.join(args.out, host, "robots.txt"), "w") as f:
            f.write("User-agent: *\nAllow: /\n")
        mine = [a for a in arts if a["outlet"] == o]
        for a in mine:
            write(args.out, host, a["path"], article_page(a))
        for path, items, nxt in listings(o, mine):
            write(args.out, host, path, listing_page(o, path, items, nxt))
    # Short article URLs (the ID without the slug, which is what the
    # plugins give as canonical form) redirect to the full one, as the
    # sites' CMSs do.
    redirects = {}
    for a in arts:
        if a["outlet"] in ("antara", "solotrust"):
            short = "/".join(a["path"].split("/")[:3])
            redirects.setdefault(HOSTS[a["outlet"]], {})[short] = a["path"]
    with open(os.path.join(args.out, "redirects.json"), "w") as f:
        json.dump(redirects, f)
    manifest = [{"outlet": a["outlet"], "url": url_of(a),
                 "published": a["time"].isoformat(), "title": a["title"]}
                for a in arts]
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump({"outlets": OUTLETS, "hosts": HOSTS, "start": START,
                   "articles": manifest}, f, indent=0)
    print("%d articles in %s" % (len(arts), args.out))


def in_window(published, frm, to):
    day = published[:10]
    return frm <= day <= to


def window(args):
    with open(os.path.join(args.root, "manifest.json")) as f:
        m = json.load(f)
    for a in m["articles"]:
        if in_window(a["published"], args.frm, args.to):
            print(a["outlet"], a["url"])


def certs(args):
    """A throw-away CA and a certificate for the outlets' host names,
    made with the openssl command line tool: ca.pem (give it to warta as
    ca_file), server.pem and server.key (for serve --cert/--key)."""
    import subprocess
    d = args.dir
    os.makedirs(d, exist_ok=True)
    names = sorted(set(HOSTS.values()))
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


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        st = self.server.state
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = self.path.split("#", 1)[0]
        status, body = 404, b"not found\n"
        bare = path.split("?", 1)[0]
        if path in st.fail or bare in st.fail:
            status, body = 500, b"failing on purpose\n"
        elif host and ".." not in path and "/" not in host:
            full = file_of(st.root, host, path)
            if bare == "/robots.txt":
                full = os.path.join(st.root, host, "robots.txt")
            if os.path.isfile(full):
                with open(full, "rb") as f:
                    body = f.read()
                status = 200
        location = None
        if status == 404 and bare in st.redirects.get(host, {}):
            status, body = 301, b"moved\n"
            location = "https://%s%s" % (host, st.redirects[host][bare])
        if st.slow and status == 200 and bare != "/robots.txt":
            time.sleep(st.slow)
        ctype = ("text/plain" if bare.endswith(".txt") or status != 200
                 else "text/html; charset=utf-8")
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        st.log({"host": host, "path": path, "status": status,
                "t": time.time()})


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class State:
    def __init__(self, root, log, fail, slow):
        self.root, self.fail, self.slow = root, set(fail), slow
        try:
            with open(os.path.join(root, "redirects.json")) as f:
                self.redirects = json.load(f)
        except FileNotFoundError:
            self.redirects = {}
        self.lock = threading.Lock()
        self.logf = open(log, "a", encoding="utf-8") if log else None

    def log(self, entry):
        if self.logf:
            with self.lock:
                self.logf.write(json.dumps(entry) + "\n")
                self.logf.flush()


def serve(args):
    """One server for every outlet, routed by the Host header; TLS when
    --cert and --key are given. Prints its port on the first line."""
    st = State(args.root, args.log, args.fail or [], args.slow)
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = st
    if args.cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--count", type=int, default=2100)
    g.add_argument("--start", default="2023-01-01")
    g.add_argument("--days", type=int, default=730)
    g.add_argument("--seed", type=int, default=20240601)
    s = sub.add_parser("serve")
    s.add_argument("--root", required=True)
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--log")
    s.add_argument("--fail", action="append")
    s.add_argument("--slow", type=float, default=0.0)
    s.add_argument("--cert")
    s.add_argument("--key")
    c = sub.add_parser("certs")
    c.add_argument("--dir", required=True)
    w = sub.add_parser("window")
    w.add_argument("--root", required=True)
    w.add_argument("frm")
    w.add_argument("to")
    args = ap.parse_args()
    {"generate": generate, "serve": serve, "window": window,
     "certs": certs}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
