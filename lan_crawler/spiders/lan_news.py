"""The `lan_news` spider: discovers the site's posts and requests the ones not yet archived.

Discovery, in order: robots.txt's `Sitemap:` lines (else the WordPress default
sitemap), the sitemaps with their `lastmod`; once every sitemap is read, the RSS
feed, and the home and category listings when the sitemaps listed nothing.
Reading those surfaces is `lan_crawler.discovery`, extraction is
`lan_crawler.extract`, storage the pipelines: this module decides what to
request, and keeps the run's account (failures, withdrawn posts).

Arguments: `-a base_url=URL` (default https://lan.go.id/), `-a full=1` to fetch
every post again whatever the archive holds.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from lan_crawler import discovery
from lan_crawler.archive import Archive, ArchiveLocked, post_number
from lan_crawler.extract.article import ExtractionFailed, NotAnArticle, extract_article
from lan_crawler.extract.encoding import charset_of, decode_html, is_html
from lan_crawler.extract.profile import OCEANWP
from lan_crawler.urls import Site, strip_tracking
from lan_crawler.warc import run_id

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://lan.go.id/"
# where WordPress serves its core sitemap when robots.txt names none
FALLBACK_SITEMAPS = ("wp-sitemap.xml",)
MAX_ALIAS_HOPS = 5  # redirects followed from an old URL to its post
GONE = (404, 410)  # an archived post answering these has been withdrawn


class LanNewsSpider(Spider):
    name = "lan_news"
    archive: Archive
    max_listing_pages: int
    withdraw_after_runs: int
    fallbacks: bool

    def __init__(self, base_url: str = DEFAULT_BASE_URL, full: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site = Site.from_url(base_url if base_url.endswith("/") else base_url + "/")
        self.allowed_domains = [self.site.host]
        self.full = full.lower() in ("1", "true", "yes")
        self.profile = OCEANWP  # whose listing selectors discovery uses
        now = datetime.now(UTC)
        self.run_id = run_id(now)
        self.started_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.refused: str | None = None  # why this run does not crawl (the archive is locked)
        self.failures: list[dict[str, str]] = []  # every URL that gave no record, and why
        self.withdrawn_now: list[str] = []  # record ids this run found withdrawn
        self._sitemaps_pending = 0  # sitemap requests not answered yet
        self._sitemaps_done = False
        self._sitemaps_failed = False
        self._sitemap_entries = 0  # URLs the sitemaps listed
        self._listed: set[str] = set()  # record ids the sitemaps listed
        self._gone: set[str] = set()  # archived posts that answered 404 or 410 this run

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> LanNewsSpider:
        spider: LanNewsSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.archive = Archive(Path(settings.get("ARCHIVE_DIR", "archive")))
        spider.max_listing_pages = settings.getint("MAX_LISTING_PAGES", 2000)
        spider.withdraw_after_runs = settings.getint("WITHDRAWN_AFTER_RUNS", 3)
        spider.fallbacks = settings.getbool("EXTRACTION_FALLBACKS", True)
        try:
            spider.archive.lock()
        except ArchiveLocked as locked:
            spider.refused = str(locked)
            return spider
        for leftover in spider.archive.remove_temp_files():
            logger.warning("Removed %s, left by a crawl that was killed while writing", leftover)
        if fixes := spider.archive.sync_index():
            logger.warning("Index brought in line with the record files (%d rows)", fixes)
        return spider

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def start(self) -> AsyncIterator[Any]:
        if self.refused:
            logger.error("Refusing to crawl: %s", self.refused)
            self.stats.set_value("lan/refused", self.refused)
            return
        logger.info(
            "Run %s: crawling %s into %s%s",
            self.run_id,
            self.site.root,
            self.archive.root.resolve(),
            " (full recrawl)" if self.full else "",
        )
        yield Request(
            self.site.url("robots.txt"),
            callback=self.parse_robots,
            errback=self.robots_failed,
            priority=10,
        )

    # --- discovery ---------------------------------------------------------------
    # Sitemaps first; once every sitemap is read (or none worked), the feed, and the
    # listings when the sitemaps listed nothing. Going in this order gives every post
    # found in a sitemap its lastmod before any other surface can name it.

    def parse_robots(self, response: Response) -> Iterator[Request]:
        agent = self.settings.get("USER_AGENT", "")
        if discovery.disallows_site(response.body, self.site.root, agent):
            logger.error(
                "robots.txt at %s disallows the whole site: nothing to crawl", response.url
            )
            self.stats.set_value("lan/robots_disallow_all", True)
            return
        declared = [
            url
            for url in sitemap_urls_from_robots(response.body, response.url)
            if self.site.contains(url)
        ]
        if declared:
            yield from self.sitemap_requests(declared)
        else:
            yield from self.sitemap_requests(self._fallback_sitemaps(), probe=True)

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        self.note_failure(failure)
        yield from self.sitemap_requests(self._fallback_sitemaps(), probe=True)

    def _fallback_sitemaps(self) -> list[str]:
        return [self.site.url(path) for path in FALLBACK_SITEMAPS]

    def sitemap_requests(self, urls: Iterable[str], probe: bool = False) -> Iterator[Request]:
        """Requests for sitemaps; a `probe` is a guess whose absence is no failure."""
        for url in urls:
            self._sitemaps_pending += 1
            yield Request(
                url,
                callback=self.parse_sitemap,
                errback=self.sitemap_failed,
                meta={"probe": probe},
                priority=5,
            )
        yield from self._after_sitemaps()

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        self._sitemaps_pending -= 1
        sitemap = discovery.read_sitemap(response.body)
        if sitemap is None:
            if not response.meta.get("probe"):
                logger.warning("Not a sitemap: %s", response.url)
                self._sitemaps_failed = True
        elif sitemap.is_index:
            subs = [
                e.loc
                for e in sitemap.entries
                if self.site.contains(e.loc) and discovery.is_post_sitemap(e.loc)
            ]
            yield from self.sitemap_requests(subs)
        else:
            self._sitemap_entries += len(sitemap.entries)
            self.stats.inc_value("lan/discovered/sitemap", len(sitemap.entries))
            for entry in sitemap.entries:
                yield from self.article_request(entry.loc, entry.lastmod, listed=True)
        yield from self._after_sitemaps()

    def sitemap_failed(self, failure: Failure) -> Iterator[Request]:
        self._sitemaps_pending -= 1
        if _request(failure).meta.get("probe"):
            logger.info("No sitemap at %s (%s)", _request(failure).url, _failure_reason(failure))
        else:
            self._sitemaps_failed = True
            self.note_failure(failure)
        yield from self._after_sitemaps()

    def _after_sitemaps(self) -> Iterator[Request]:
        """Once no sitemap is pending: the feed, and the listings if sitemaps gave nothing."""
        if self._sitemaps_pending or self._sitemaps_done:
            return
        self._sitemaps_done = True
        if not self._sitemap_entries:
            logger.info("No usable sitemap: discovering posts from the listings")
            yield Request(
                self.site.root,
                callback=self.parse_listing,
                meta={"listing_page": 1, "home": True},
                errback=self.note_failure,
            )
        yield Request(
            self.site.url("?feed=rss2"), callback=self.parse_feed, errback=self.note_failure
        )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its post links, its categories, its next page.

        Paging stops at the first page whose entries are all archived (newest come
        first), unless the run is a full one.
        """
        assert isinstance(response, TextResponse)
        hrefs = response.css(self.profile.listing_links).xpath("@href").getall()
        entries = [response.urljoin(href) for href in hrefs]
        others = [
            response.urljoin(href)
            for href in response.css("a::attr(href)").getall()
            if self.site.post_id(response.urljoin(href))
        ]
        self.stats.inc_value("lan/discovered/listing", len(entries))
        known = 0
        for url in dict.fromkeys(entries + others):
            requests = list(self.article_request(url))
            yield from requests
            known += url in entries and not requests
        if response.meta.get("home"):
            yield from self._category_listings(response)
        page = response.meta.get("listing_page", 1)
        next_href = response.css(self.profile.next_page).xpath("@href").get()
        if entries and known == len(set(entries)) and not self.full:
            logger.info("Listing %s holds only archived posts: not paging further", response.url)
            return
        if next_href and page < self.max_listing_pages:
            url = response.urljoin(next_href)
            if self.site.contains(url):
                yield Request(
                    url,
                    callback=self.parse_listing,
                    meta={"listing_page": page + 1},
                    errback=self.note_failure,
                )

    def _category_listings(self, response: TextResponse) -> Iterator[Request]:
        for href in dict.fromkeys(response.css("a::attr(href)").getall()):
            url = response.urljoin(href)
            if self.site.contains(url) and dict(parse_qsl(urlsplit(url).query)).keys() == {"cat"}:
                yield Request(
                    url,
                    callback=self.parse_listing,
                    meta={"listing_page": 1},
                    errback=self.note_failure,
                )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        links = list(discovery.feed_links(response.body, lambda u: bool(self.site.post_id(u))))
        self.stats.inc_value("lan/discovered/feed", len(links))
        for url in links:
            yield from self.article_request(url)

    # --- articles ----------------------------------------------------------------

    def article_request(
        self, url: str, lastmod: datetime | None = None, hops: int = 0, listed: bool = False
    ) -> Iterator[Request]:
        """A request for a post URL, unless it is off-site, not a post, or already archived.

        `listed`: the URL comes from a sitemap (its post counts as present on the site).
        """
        url = strip_tracking(url)
        if not self.site.contains(url):
            self.stats.inc_value("lan/skipped/offsite")
            logger.debug("Not following off-site URL %s", url)
            return
        post_id = self.site.post_id(url) or self.archive.aliases.get(self.site.relative(url))
        if post_id is not None:
            record_id = self.site.record_id(post_id)
            if listed:
                self._listed.add(record_id)
            if not self.full and self.archive.is_current(record_id, lastmod):
                self.stats.inc_value("lan/skipped/current")
                return
            yield Request(
                self.site.post_url(post_id),
                callback=self.parse_article,
                errback=self.note_failure,
                meta={"lastmod": lastmod},
            )
        elif not self.site.is_listing_or_page(url) and hops <= MAX_ALIAS_HOPS:
            # an old or pretty URL: follow its redirect by hand, to learn which post it names
            yield Request(
                url,
                callback=self.parse_alias,
                errback=self.note_failure,
                meta={
                    "dont_redirect": True,
                    "handle_httpstatus_list": [301, 302, 303, 307, 308],
                    "lastmod": lastmod,
                    "hops": hops,
                    "listed": listed,
                },
            )

    def parse_alias(self, response: Response) -> Iterator[Any]:
        """An old URL's answer: a redirect leads to its post, a page may be the post itself."""
        if 300 <= response.status < 400:
            location = (response.headers.get("Location") or b"").decode("latin-1")
            target = strip_tracking(response.urljoin(location)) if location else ""
            post_id = self.site.post_id(target)
            if post_id is not None:
                self.archive.aliases.set(self.site.relative(response.url), post_id)
            meta = response.meta
            yield from self.article_request(
                target, meta["lastmod"], meta["hops"] + 1, meta["listed"]
            )
            return
        for record in self.parse_article(response):
            self.archive.aliases.set(self.site.relative(response.url), post_number(record["id"]))
            yield record

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        stats = self.stats
        stats.inc_value("lan/post_pages")
        content_type = (response.headers.get("Content-Type") or b"").decode(errors="replace")
        if not is_html(content_type):
            self.record_failure(
                response.url, f"not HTML ({content_type or 'no Content-Type'})", "not_html"
            )
            return
        page, charset_problem = decode_html(response.body, charset_of(content_type))
        if charset_problem:
            stats.inc_value("lan/charset_mismatch")
            logger.warning("%s: %s", response.url, charset_problem)
        try:
            record = extract_article(
                page,
                response.url,
                site_url=self.site.root,
                fetched_at=datetime.now(UTC),
                lastmod=response.meta.get("lastmod"),
                fallbacks=self.fallbacks,
            )
        except NotAnArticle as skip:
            stats.inc_value("lan/post_pages/not_an_article")
            self.record_failure(response.url, f"not a post ({skip.reason})", "not_a_post")
            return
        except ExtractionFailed as failed:
            self.record_failure(response.url, f"extraction failed: {failed.reason}", "extraction")
            return
        record["raw"] = response.meta.get("warc")
        stats.inc_value("lan/extracted")
        if not record["extraction"]["method"].startswith("profile:"):
            stats.inc_value("lan/extracted/fallback")
        for warning in record["extraction"]["warnings"]:
            logger.warning("%s: %s", record["id"], warning)
        yield dict(record)

    # --- bookkeeping ---------------------------------------------------------------

    def note_failure(self, failure: Failure) -> None:
        """Errback: record why a request gave nothing (HTTP status, timeout, refusal)."""
        error = failure.value
        url = _request(failure).url
        if isinstance(error, HttpError):
            status = error.response.status
            kind = f"http_{status}"
            post_id = self.site.post_id(url)
            if status in GONE and post_id and self.archive.get(self.site.record_id(post_id)):
                self._gone.add(self.site.record_id(post_id))
                self._withdraw(self.site.record_id(post_id), f"HTTP {status}", runs=1)
        else:
            kind = "ignored" if isinstance(error, IgnoreRequest) else "download"
        self.record_failure(url, _failure_reason(failure), kind)

    def record_failure(self, url: str, reason: str, kind: str) -> None:
        self.failures.append({"url": url, "reason": reason})
        self.stats.inc_value(f"lan/failed/{kind}")
        logger.warning("Skipped %s: %s", url, reason)

    def _withdraw(self, record_id: str, reason: str, runs: int) -> None:
        already = self.archive.withdrawn(record_id) is not None
        withdrawn = self.archive.mark_missing(record_id, reason, self.started_at, runs)
        if withdrawn and not already and record_id not in self.withdrawn_now:
            self.withdrawn_now.append(record_id)
            logger.warning("%s is withdrawn from the site (%s)", record_id, reason)

    def _account_for_absent_posts(self) -> None:
        """After a complete sitemap crawl: archived posts no sitemap listed are missing."""
        if self._sitemaps_failed or not self._sitemap_entries or self.refused:
            return
        source = self.site.source + ":"
        for record_id in self.archive.entries:
            if not record_id.startswith(source):
                continue
            if record_id in self._gone:  # listed, but answered 404 or 410
                continue
            if record_id in self._listed:
                self.archive.mark_present(record_id)
            elif not self.archive.withdrawn(record_id):
                self._withdraw(record_id, "gone from every sitemap", self.withdraw_after_runs)

    def closed(self, reason: str) -> None:
        if self.refused:
            return
        self._account_for_absent_posts()
        self.archive.save_state()
        self.archive.index.close()
        self.archive.unlock()


def _request(failure: Failure) -> Request:
    """The request an errback's failure is about (Scrapy sets it on the failure)."""
    request: Request = failure.request  # type: ignore[attr-defined]
    return request


def _failure_reason(failure: Failure) -> str:
    if isinstance(failure.value, HttpError):
        return f"HTTP {failure.value.response.status}"
    return failure.getErrorMessage() or type(failure.value).__name__
