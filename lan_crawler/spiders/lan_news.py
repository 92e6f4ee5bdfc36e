"""The `lan_news` spider: discovers a site's posts and requests the ones not yet archived.

Discovery goes by phases (`discovery.PHASES`), each begun when the spider is idle:
robots.txt, then the REST API's posts (newest changes first, stopping at the first
page with nothing new), the sitemaps robots.txt names, the usual sitemaps when those
gave nothing, the posts all sitemaps list (the newest first), and last the feed, with
the listings when no sitemap and no API named a post. Reading each surface is
`surfaces.py`; what becomes of each post URL, `posts.py`.

With `-s LAN_DISTRIBUTED=redis://...` it is one worker of a shared run: the first worker
discovers, the others answer the post requests it shares (`lan_crawler.distributed`).

Arguments: `-a site=ID` (a declared site, default lan.go.id), `-a base_url=URL` (with
`site`, the same site elsewhere: a mirror, the sample site; alone, the declared site at
that host or else any WordPress site, undeclared), `-a full=1` (fetch every post again).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy import signals as scrapy_signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from lan_crawler import signals
from lan_crawler.sites import site_for, with_slash
from lan_crawler.spiders.surfaces import SurfaceSpider
from lan_crawler.urls import Site

if TYPE_CHECKING:
    from lan_crawler.distributed import SharedRun

logger = logging.getLogger(__name__)

MIN_DELAY = 0.001  # seconds: the least delay between a site's requests


class LanNewsSpider(SurfaceSpider):
    name = "lan_news"
    allowed_domains: list[str]

    def __init__(self, site: str = "", base_url: str = "", full: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site_arg, self.base_url_arg = site, with_slash(base_url) if base_url else ""
        self.full = full.lower() in ("1", "true", "yes")
        self.state: dict[str, Any] = {}  # JOBDIR replaces it with the saved one

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> LanNewsSpider:
        spider: LanNewsSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        folder = settings.get("SITES_DIR")
        spider.declaration = site_for(
            spider.site_arg, spider.base_url_arg, Path(folder) if folder else None
        )
        spider.site = Site.from_url(spider.base_url_arg or spider.declaration.base_url)
        spider.allowed_domains = [spider.site.host]
        polite = spider.declaration.politeness  # at spider priority: `-s` still overrides
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", polite.concurrency, "spider")
        settings.set("DOWNLOAD_DELAY", polite.delay, "spider")
        if settings.getfloat("DOWNLOAD_DELAY") < MIN_DELAY:
            # Scrapy 2.14+ starts every queued request of a site at once when its delay is 0,
            # whatever CONCURRENT_REQUESTS_PER_DOMAIN says; any delay at all keeps the limit
            settings.set("DOWNLOAD_DELAY", MIN_DELAY, "cmdline")
        spider.max_listing_pages = settings.getint("MAX_LISTING_PAGES")
        spider.max_size = settings.getint("DOWNLOAD_MAXSIZE")  # inflated sitemaps too
        spider.fallbacks = settings.getbool("EXTRACTION_FALLBACKS")
        spider.max_posts = settings.getint("MAX_POSTS_PER_RUN")
        spider.media_max_size = settings.getint("MEDIA_MAXSIZE")
        spider.max_sitemaps = settings.getint("MAX_SITEMAPS_PER_RUN")
        crawler.signals.connect(spider.idle, signal=scrapy_signals.spider_idle)
        crawler.signals.connect(spider.dropped, signal=scrapy_signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        stats.set_value("lan/site", self.site.root)
        stats.set_value("lan/discovered", self.progress.discovered)
        if self.archive.refused:
            return
        if (shared := self.shared_run()) is not None:
            # another worker discovers this run's posts: answer what it shares
            async for request in shared.requests():
                yield request
            return
        begin = self.progress.begin()
        if begin == "stale":
            logger.warning("JOBDIR holds a crawl that already finished: give each run its own")
            stats.set_value("lan/stale_jobdir", True)
        if begin != "start":
            return
        logger.info("Crawling %s%s", self.site.root, " (full recrawl)" if self.full else "")
        robots = urljoin(self.site.root, "/robots.txt")
        yield Request(robots, self.parse_robots, errback=self.robots_failed, priority=10)

    def shared_run(self) -> SharedRun | None:
        """This worker's part in a shared run that another worker discovers, if any."""
        if not self.settings.get("LAN_DISTRIBUTED"):
            return None
        # imported only then: the spider's modules import nothing that writes the archive
        from lan_crawler.distributed import helping

        return helping(self.crawler)

    def idle(self) -> None:
        """Nothing in flight: begin the next phase that has something to request."""
        progress = self.progress
        if not progress.started:
            return  # not this spider's discovery (`scrapy parse`)
        while progress.phase != "done":
            requests = list(self.begin_phase(progress.advance()))
            if requests:
                for request in requests:
                    self.crawler.engine.crawl(request)
                raise DontCloseSpider

    def begin_phase(self, phase: str) -> Iterator[Request]:
        progress, surfaces = self.progress, self.declaration.discovery
        if phase == "sitemaps":
            yield from self.sitemap_requests(progress.named_sitemaps, self.site.url("robots.txt"))
        elif phase == "probes" and not progress.sitemap_entries:
            tried = set(progress.named_sitemaps)
            urls = [self.site.url(path) for path in surfaces.sitemaps]
            guesses = [u for u in urls if u not in tried]
            yield from self.sitemap_requests(guesses, self.site.root, probe=True)
        elif phase == "sitemap-posts":
            for url, lastmod in progress.release():
                yield from self.article_request(url, lastmod, listed=True, surface="sitemap")
        elif phase == "feed":
            listed = frozenset(map(self.site.record_id, progress.listed))
            complete = progress.sitemaps_complete
            source = self.site.source
            self.tell(signals.sitemaps_read, source=source, listed=listed, complete=complete)
            nothing = not progress.sitemap_entries and not progress.api_entries
            if nothing and surfaces.listings:
                logger.info("No sitemap and no API named a post: reading the listings")
                yield self.follow(self.site.root, self.parse_listing, listing_page=1, home=True)
            if surfaces.feed:
                yield self.follow(self.site.url(surfaces.feed), self.parse_feed, revisit=True)

    def closed(self, reason: str) -> None:
        if not self.archive.refused:  # a refused run did nothing of the job
            self.progress.finished = reason == "finished"
