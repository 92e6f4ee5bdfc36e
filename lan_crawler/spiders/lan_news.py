"""The `lan_news` spider: discovers a site's posts and requests the ones not yet archived.

Discovery, in order: robots.txt's `Sitemap:` lines (else the site's declared sitemaps),
the sitemaps and the posts they list, with their `lastmod`; once that is done (the
spider is idle), the feed, and the listings when the sitemaps listed nothing. Reading
the surfaces is `lan_crawler.discovery`; what becomes of each post URL, `posts.py`.

Arguments: `-a site=ID` (a declared site, default lan.go.id), `-a base_url=URL` (the
same site elsewhere: a mirror, the sample site), `-a full=1` (fetch every post again).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy import signals as scrapy_signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from lan_crawler import discovery, signals
from lan_crawler.sites import DEFAULT_SITE, get_site
from lan_crawler.spiders.posts import PostSpider
from lan_crawler.urls import Site

logger = logging.getLogger(__name__)


class LanNewsSpider(PostSpider):
    name = "lan_news"
    max_listing_pages: int
    max_size: int

    def __init__(
        self, site: str = DEFAULT_SITE.id, base_url: str = "", full: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.declaration = get_site(site)
        root = base_url or self.declaration.base_url
        self.site = Site.from_url(root if root.endswith("/") else root + "/")
        self.allowed_domains = [self.site.host]
        self.full = full.lower() in ("1", "true", "yes")
        self.state: dict[str, Any] = {}  # JOBDIR replaces it with the saved one

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> LanNewsSpider:
        spider: LanNewsSpider = super().from_crawler(crawler, *args, **kwargs)
        polite = spider.declaration.politeness  # at spider priority: `-s` still overrides
        crawler.settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", polite.concurrency, "spider")
        crawler.settings.set("DOWNLOAD_DELAY", polite.delay, "spider")
        spider.max_listing_pages = crawler.settings.getint("MAX_LISTING_PAGES")
        spider.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")  # inflated sitemaps too
        spider.fallbacks = crawler.settings.getbool("EXTRACTION_FALLBACKS")
        crawler.signals.connect(spider.idle, signal=scrapy_signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        stats.set_value("lan/site", self.site.root)
        stats.set_value("lan/discovered", self.progress.discovered)
        if self.archive.refused:
            return
        begin = self.progress.begin()
        if begin == "stale":
            logger.error("JOBDIR holds a crawl that already finished: give each run its own")
            stats.set_value("lan/stale_jobdir", True)
        if begin != "start":
            return
        logger.info("Crawling %s%s", self.site.root, " (full recrawl)" if self.full else "")
        robots = urljoin(self.site.root, "/robots.txt")
        yield Request(robots, self.parse_robots, errback=self.robots_failed, priority=10)

    def idle(self) -> None:
        """Sitemaps and their posts are done: on to the feed and, maybe, the listings."""
        if not self.progress.started or self.progress.sitemaps_done:
            return  # not this spider's discovery (`scrapy parse`), or done with it
        self.progress.sitemaps_done = True
        for request in self.after_sitemaps():
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def closed(self, reason: str) -> None:
        if not self.archive.refused:  # a refused run did nothing of the job
            self.progress.finished = reason == "finished"

    # --- sitemaps ------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        agent = self.settings["USER_AGENT"]
        robots = discovery.read_robots(response.body, response.url, self.site.root, agent)
        if robots.disallows_site:
            logger.error("robots.txt at %s disallows the whole site", response.url)
            self.crawler.stats.set_value("lan/robots_disallow_all", True)
            self.progress.sitemaps_done = True  # nor any other surface
            return
        named = [url for url in robots.sitemaps if self.site.contains(url)]
        yield from self.sitemap_requests(named) if named else self.declared_sitemaps()

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        self.note_failure(failure)
        yield from self.declared_sitemaps()

    def declared_sitemaps(self) -> Iterator[Request]:
        urls = [self.site.url(path) for path in self.declaration.discovery.sitemaps]
        return self.sitemap_requests(urls, probe=True)

    def sitemap_requests(self, urls: Iterable[str], probe: bool = False) -> Iterator[Request]:
        """Requests for sitemaps, first in line; a `probe` is a guess that may well be absent."""
        for url in urls:
            meta = {"probe": probe}
            yield Request(
                url, self.parse_sitemap, errback=self.sitemap_failed, meta=meta, priority=5
            )

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        max_size = response.meta.get("download_maxsize", self.max_size)
        try:
            sitemap = discovery.read_sitemap(response.body, max_size)
        except discovery.NotASitemap as problem:
            if not response.meta["probe"]:
                self.progress.sitemaps_failed = True
                self.record_failure(response.url, f"unreadable sitemap: {problem}", "sitemap")
            return
        locs = [entry.loc for entry in sitemap.entries]
        if sitemap.is_index:
            posts = (u for u in locs if self.site.contains(u) and discovery.is_post_sitemap(u))
            yield from self.sitemap_requests(posts)
            return
        self.progress.sitemap_entries += len(locs)
        self.discovered(len(locs), "sitemap")
        for entry in sitemap.entries:
            yield from self.article_request(entry.loc, entry.lastmod, listed=True)

    def sitemap_failed(self, failure: Failure) -> None:
        if not failure.request.meta["probe"]:  # type: ignore[attr-defined]
            self.progress.sitemaps_failed = True
            self.note_failure(failure)

    def after_sitemaps(self) -> Iterator[Request]:
        """Tell the archive what the sitemaps listed; then the feed, and maybe the listings."""
        progress = self.progress
        listed = frozenset(map(self.site.record_id, progress.listed))
        complete = progress.sitemaps_complete
        self.tell(signals.sitemaps_read, source=self.site.source, listed=listed, complete=complete)
        surfaces = self.declaration.discovery
        if not progress.sitemap_entries and surfaces.listings:
            logger.info("No usable sitemap: discovering posts from the listings")
            yield self.follow(self.site.root, self.parse_listing, listing_page=1, home=True)
        if surfaces.feed:
            yield self.follow(self.site.url(surfaces.feed), self.parse_feed)

    # --- feed and listings ---------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Request]:
        links = list(discovery.feed_links(response.body, lambda u: bool(self.site.post_id(u))))
        self.discovered(len(links), "feed")
        for url in links:
            yield from self.article_request(url)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its posts, its categories, its next page.

        Paging stops at the first page whose entries are all archived (the newest come
        first), unless the run is a full one.
        """
        assert isinstance(response, TextResponse)
        templates = self.declaration.extraction.templates
        listing = discovery.read_listing(response.text, response.url, templates)
        self.discovered(len(listing.entries), "listing")
        posts = [url for url in listing.links if self.site.post_id(url)]
        known = 0
        for url in dict.fromkeys(listing.entries + posts):
            requests = list(self.article_request(url))
            yield from requests
            known += url in listing.entries and not requests
        if response.meta["home"]:
            for url in filter(self.site.contains, listing.categories()):
                yield self.follow(url, self.parse_listing, listing_page=1, home=False)
        if listing.entries and known == len(set(listing.entries)) and not self.full:
            logger.info("Listing %s holds only archived posts: not paging further", response.url)
            return
        page, following = response.meta["listing_page"], listing.next_page
        if following and page < self.max_listing_pages and self.site.contains(following):
            yield self.follow(following, self.parse_listing, listing_page=page + 1, home=False)
