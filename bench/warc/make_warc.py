#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a CC-NEWS style WARC file (one gzip member per record) for the
WARC ingestion benchmark: N articles of the five seed outlets' layouts
(tests/backfill/gen_archive.py) made as heavy as real news pages are:
a long body (12 to 20 paragraphs), and around it the weight real pages
carry (navigation with hundreds of links, inline scripts and styles, a
sidebar, related-article lists, a footer), about 60-90 KB of HTML per
page. Each article gets a request record and a response record; one in
ten responses is gzip-encoded; warcinfo, metadata and non-HTML responses
are mixed in as a crawl has them.

    make_warc.py OUT.warc.gz [N]        (N defaults to 5000)
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "backfill"))
import gen_archive  # noqa: E402
import warclib  # noqa: E402

SENTENCES = [
    "Pemerintah daerah menilai kerja sama tersebut membuka peluang "
    "investasi baru bagi pelaku usaha mikro, kecil dan menengah.",
    "Nota kesepahaman itu ditandatangani oleh kedua kepala daerah di "
    "balai kota dan disaksikan perwakilan kementerian.",
    "Program pertukaran pelajar akan dimulai pada tahun ajaran baru "
    "dengan melibatkan sekolah menengah kejuruan.",
    "Menurut data dinas perdagangan, nilai ekspor produk kerajinan "
    "meningkat 12 persen dibanding tahun lalu.",
    "Delegasi dari kota mitra dijadwalkan berkunjung bulan depan untuk "
    "meninjau pusat inkubasi bisnis dan pasar tradisional.",
    "Anggaran sebesar Rp2,5 miliar disiapkan untuk pelatihan sumber daya "
    "manusia di bidang pariwisata dan ekonomi kreatif.",
    "Kepala Bappeda mengatakan evaluasi kerja sama dilakukan setiap enam "
    "bulan agar manfaatnya terasa oleh masyarakat.",
    "Kedua kota juga sepakat bertukar pengalaman dalam pengelolaan sampah "
    "dan transportasi publik yang ramah lingkungan.",
]


def heavy(page, rnd, a):
    """Add what makes a real page heavy: longer body, boilerplate."""
    extra = "".join(
        "<p>%s %s</p>\n" % (rnd.choice(SENTENCES), rnd.choice(SENTENCES))
        for _ in range(rnd.randint(8, 16)))
    menu = "".join('<li><a href="/kanal/%d/topik-%d">Topik %d</a></li>'
                   % (i, i, i) for i in range(rnd.randint(150, 300)))
    script = ("<script>var cfg=%s;</script>\n" % ("[" + ",".join(
        str(rnd.randrange(10 ** 6)) for _ in range(4000)) + "]"))
    style = "<style>%s</style>\n" % "".join(
        ".c%d{margin:%dpx;padding:%dpx}" % (i, i % 7, i % 5)
        for i in range(600))
    related = "".join(
        '<li><a href="/berita/%d/terkait-%d">Berita terkait nomor %d '
        'tentang kerja sama daerah</a></li>' % (i, i, i)
        for i in range(rnd.randint(20, 40)))
    # The extra paragraphs go into the body's container: before its end.
    for end in ("<br><br><p><span class=\"baca-juga\">",
                "\n  </div>\n  <footer", "\n    </div>\n    <div class=\"share",
                "\n  </div>\n  <div class=\"jeg_post_tags", "(rls/red)</p>"):
        if end in page:
            if end == "(rls/red)</p>":
                page = page.replace(end, end + "\n" + extra, 1)
            else:
                page = page.replace(end, "\n" + extra + end, 1)
            break
    page = page.replace("</head>", style + script + "</head>", 1)
    page = page.replace(
        "</body>", "<aside class=\"sidebar widget\"><ul>%s</ul></aside>"
        "<footer class=\"site-footer\"><ul>%s</ul></footer></body>"
        % (related, menu), 1)
    return page


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    rnd = random.Random(20240601)
    arts = gen_archive.make_articles(n, gen_archive.dt.date(2023, 1, 1),
                                     730, 20240601)
    size = 0
    with warclib.Writer(out, gz=True) as w:
        w.write(warclib.warcinfo())
        for i, a in enumerate(arts):
            uri = gen_archive.url_of(a)
            date = a["time"].astimezone(gen_archive.dt.timezone.utc)
            wdate = date.strftime("%Y-%m-%dT%H:%M:%SZ")
            w.write(warclib.record("request", warclib.http_request(uri), uri,
                                   wdate, "application/http; msgtype=request"))
            page = heavy(gen_archive.article_page(a), rnd, a)
            size += len(page)
            w.write(warclib.record(
                "response", warclib.http_response(
                    page, encoding="gzip" if i % 10 == 0 else None), uri,
                wdate, "application/http; msgtype=response"))
            if i % 20 == 0:
                w.write(warclib.record(
                    "response", warclib.http_response(
                        b"\xff\xd8\xff\xe0" + os.urandom(20000),
                        "image/jpeg"), uri + "/foto.jpg", wdate,
                    "application/http; msgtype=response"))
            if i % 4 == 0:
                w.write(warclib.record("metadata", b"fetchTimeMs: 120\r\n",
                                       uri, wdate, "application/warc-fields"))
    print("%s: %d articles, %.1f KB of HTML per page on average"
          % (out, n, size / n / 1024.0))


if __name__ == "__main__":
    main()
