# SPDX-License-Identifier: MIT
"""The Scrapy side of bench/crawl: the same job warta does in the
benchmark, written the way a Scrapy user would. It reads the feed and the
sitemap index (gzip-compressed child included), fetches every article
once (Scrapy's duplicate filter), pulls the fields warta's generic parse
gives (title, canonical URL, published time, author, body paragraphs)
with CSS/XPath selectors and stores one row per article in SQLite with
the settings warta's store uses (WAL, synchronous=NORMAL), one commit per
item. robots.txt is obeyed, politeness is off.

Run: scrapy runspider spider.py -a base=http://127.0.0.1:PORT -a db=FILE
"""
import json
import sqlite3

import scrapy
from scrapy.spiders import SitemapSpider


class NewsSpider(SitemapSpider):
    name = "bench"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "bench-scrapy/1.0 (+https://example.org/bench)",
    }

    def __init__(self, base, db, *a, **kw):
        self.sitemap_urls = [base + "/sitemap_index.xml"]
        self.feed = base + "/rss/terkini.xml"
        self.con = sqlite3.connect(db)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.execute("CREATE TABLE IF NOT EXISTS articles (url TEXT "
                         "PRIMARY KEY, title TEXT, published TEXT, "
                         "authors TEXT, text TEXT)")
        super().__init__(*a, **kw)

    def start_requests(self):
        yield from super().start_requests()
        yield scrapy.Request(self.feed, callback=self.parse_feed)

    def parse_feed(self, response):
        response.selector.remove_namespaces()
        for link in response.xpath("//item/link/text()").getall():
            yield response.follow(link.strip(), callback=self.parse)

    def parse(self, response):
        meta = {}
        for s in response.css("script[type='application/ld+json']::text"):
            try:
                meta = json.loads(s.get())
            except ValueError:
                pass
        title = meta.get("headline") or response.css("h1::text").get()
        paras = [p.strip() for p in response.css(
            "div.post-content p::text").getall() if p.strip()]
        self.con.execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
            (response.css("link[rel=canonical]::attr(href)").get()
             or response.url, title, meta.get("datePublished"),
             json.dumps([(meta.get("author") or {}).get("name")]),
             "\n\n".join(paras)))
        self.con.commit()

    def closed(self, reason):
        self.con.close()
