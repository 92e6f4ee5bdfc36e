"""The `lan_news` spider: discovers the site's posts and requests the ones not yet archived.

Discovery, in order: robots.txt's `Sitemap:` lines (else the WordPress default
sitemap), the sitemaps with their `lastmod`, the RSS feed for the freshest
posts, and, when there is no usable sitemap, the home and category listings
page by page. Extraction happens in `lan_crawler.extract`; storage in the
pipelines. This module only decides what to request.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from lan_crawler.archive import Archive, post_number
from lan_crawler.extract.article import ExtractionFailed, NotAnArticle, extract_article
from lan_crawler.extract.profile import OCEANWP
from lan_crawler.urls import Site, strip_tracking

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://lan.go.id/"
# where WordPress serves its core sitemap when robots.txt names none
FALLBACK_SITEMAPS = ("wp-sitemap.xml",)
MAX_ALIAS_HOPS = 5  # redirects followed from an old URL to its post
# sub-sitemaps that list no posts: pages, taxonomies, users (WordPress core and Yoast names)
_NOT_POST_SITEMAP = (
    "posts-page",
    "taxonomies",
    "users",
    "page-sitemap",
    "category-sitemap",
    "post_tag-sitemap",
    "author-sitemap",
)


class LanNewsSpider(Spider):
    name = "lan_news"
    archive: Archive
    max_listing_pages: int

    def __init__(self, base_url: str = DEFAULT_BASE_URL, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site = Site.from_url(base_url if base_url.endswith("/") else base_url + "/")
        self.allowed_domains = [self.site.host]
        self.profile = OCEANWP
        self.failures: list[dict[str, str]] = []  # every URL that gave no record, and why
        self._sitemaps_pending = 0  # sitemap requests not answered yet
        self._sitemaps_done = False
        self._sitemap_entries = 0  # URLs the sitemaps listed

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> LanNewsSpider:
        spider: LanNewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.archive = Archive(Path(crawler.settings.get("ARCHIVE_DIR", "archive")))
        spider.max_listing_pages = crawler.settings.getint("MAX_LISTING_PAGES", 2000)
        return spider

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def start(self) -> AsyncIterator[Any]:
        logger.info("Crawling %s into %s", self.site.root, self.archive.root.resolve())
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
        declared = [
            url
            for url in sitemap_urls_from_robots(response.body, response.url)
            if self.site.contains(url)
        ]
        if declared:
            yield from self.sitemap_requests(declared)
        else:
            yield from self.sitemap_requests(
                [self.site.url(p) for p in FALLBACK_SITEMAPS], probe=True
            )

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        self.note_failure(failure)
        yield from self.sitemap_requests([self.site.url(p) for p in FALLBACK_SITEMAPS], probe=True)

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
        sitemap = _read_sitemap(response.body)
        if sitemap is None:
            if not response.meta.get("probe"):
                logger.warning("Not a sitemap: %s", response.url)
        elif sitemap.type == "sitemapindex":
            subs = [
                entry["loc"]
                for entry in sitemap
                if self.site.contains(entry["loc"])
                and not any(n in entry["loc"] for n in _NOT_POST_SITEMAP)
            ]
            yield from self.sitemap_requests(subs)
        else:
            entries = list(sitemap)
            self._sitemap_entries += len(entries)
            self.stats.inc_value("lan/discovered/sitemap", len(entries))
            for entry in entries:
                yield from self.article_request(
                    entry["loc"], lastmod=_parse_lastmod(entry.get("lastmod"))
                )
        yield from self._after_sitemaps()

    def sitemap_failed(self, failure: Failure) -> Iterator[Request]:
        self._sitemaps_pending -= 1
        if _request(failure).meta.get("probe"):
            logger.info("No sitemap at %s (%s)", _request(failure).url, _failure_reason(failure))
        else:
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
        """A home, category or archive page: its post links, its categories, its next page."""
        assert isinstance(response, TextResponse)
        links = response.css(self.profile.listing_links).xpath("@href").getall()
        links += [
            url
            for url in response.css("a::attr(href)").getall()
            if self.site.post_id(response.urljoin(url))
        ]
        self.stats.inc_value("lan/discovered/listing", len(links))
        for href in dict.fromkeys(links):
            yield from self.article_request(response.urljoin(href))
        if response.meta.get("home"):
            for href in dict.fromkeys(response.css("a::attr(href)").getall()):
                url = response.urljoin(href)
                query = dict(parse_qsl(urlsplit(url).query))
                if self.site.contains(url) and query.keys() == {"cat"}:
                    yield Request(
                        url,
                        callback=self.parse_listing,
                        meta={"listing_page": 1},
                        errback=self.note_failure,
                    )
        page = response.meta.get("listing_page", 1)
        next_href = response.css(self.profile.next_page).xpath("@href").get()
        if next_href and page < self.max_listing_pages:
            url = response.urljoin(next_href)
            if self.site.contains(url):
                yield Request(
                    url,
                    callback=self.parse_listing,
                    meta={"listing_page": page + 1},
                    errback=self.note_failure,
                )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            root = etree.fromstring(
                response.body, parser=etree.XMLParser(recover=True, resolve_entities=False)
            )
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            logger.warning("Unreadable feed: %s", response.url)
            return
        items = root.findall(".//item")
        self.stats.inc_value("lan/discovered/feed", len(items))
        for item in items:
            guid, link = item.findtext("guid") or "", item.findtext("link") or ""
            url = guid if self.site.post_id(guid.strip()) else link
            if url.strip():
                yield from self.article_request(url.strip())

    # --- articles ----------------------------------------------------------------

    def article_request(
        self, url: str, lastmod: datetime | None = None, hops: int = 0
    ) -> Iterator[Request]:
        """A request for a post URL, unless it is off-site, not a post, or already archived."""
        stats = self.stats
        url = strip_tracking(url)
        if not self.site.contains(url):
            stats.inc_value("lan/skipped/offsite")
            logger.debug("Not following off-site URL %s", url)
            return
        post_id = self.site.post_id(url) or self.archive.aliases.get(self.site.relative(url))
        if post_id is not None:
            if self.archive.is_current(self.site.record_id(post_id), lastmod):
                stats.inc_value("lan/skipped/current")
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
                },
            )

    def parse_alias(self, response: Response) -> Iterator[Any]:
        """An old URL's answer: a redirect leads to its post, a page may be the post itself."""
        if 300 <= response.status < 400:
            location = (response.headers.get("Location") or b"").decode("latin-1")
            target = strip_tracking(response.urljoin(location)) if location else ""
            post_id = self.site.post_id(target)
            if post_id is not None:
                self.archive.add_alias(self.site.relative(response.url), post_id)
            yield from self.article_request(
                target, response.meta["lastmod"], response.meta["hops"] + 1
            )
            return
        for record in self.parse_article(response):
            self.archive.add_alias(self.site.relative(response.url), post_number(record["id"]))
            yield record

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        stats = self.stats
        if not isinstance(response, TextResponse):
            content_type = (response.headers.get("Content-Type") or b"").decode(errors="replace")
            self.record_failure(
                response.url, f"not HTML ({content_type or 'no Content-Type'})", "not_html"
            )
            return
        try:
            record = extract_article(
                response.text,
                response.url,
                site_url=self.site.root,
                fetched_at=datetime.now(UTC),
                lastmod=response.meta.get("lastmod"),
            )
        except NotAnArticle as skip:
            stats.inc_value(f"lan/skipped/not_a_post/{skip.reason.replace(' ', '_')}")
            logger.info("Not a post (%s): %s", skip.reason, response.url)
            return
        except ExtractionFailed as failed:
            self.record_failure(response.url, f"extraction failed: {failed.reason}", "extraction")
            return
        for warning in record["extraction"]["warnings"]:
            logger.warning("%s: %s", record["id"], warning)
        yield dict(record)

    # --- bookkeeping ---------------------------------------------------------------

    def note_failure(self, failure: Failure) -> None:
        """Errback: record why a request gave nothing (HTTP status, timeout, refusal)."""
        error = failure.value
        if isinstance(error, HttpError):
            kind = f"http_{error.response.status}"
        else:
            kind = "ignored" if isinstance(error, IgnoreRequest) else "download"
        self.record_failure(_request(failure).url, _failure_reason(failure), kind)

    def record_failure(self, url: str, reason: str, kind: str) -> None:
        self.failures.append({"url": url, "reason": reason})
        self.stats.inc_value(f"lan/failed/{kind}")
        logger.warning("Skipped %s: %s", url, reason)

    def closed(self, reason: str) -> None:
        self.archive.save_aliases()
        stats = self.stats.get_stats()
        logger.info(
            "lan_news %s: %d new, %d changed, %d unchanged, %d skipped as current, %d failed",
            reason,
            stats.get("lan/records/new", 0),
            stats.get("lan/records/changed", 0),
            stats.get("lan/records/unchanged", 0),
            stats.get("lan/skipped/current", 0),
            len(self.failures),
        )


def _request(failure: Failure) -> Request:
    """The request an errback's failure is about (Scrapy sets it on the failure)."""
    request: Request = failure.request  # type: ignore[attr-defined]
    return request


def _failure_reason(failure: Failure) -> str:
    if isinstance(failure.value, HttpError):
        return f"HTTP {failure.value.response.status}"
    return failure.getErrorMessage() or type(failure.value).__name__


def _read_sitemap(body: bytes) -> Sitemap | None:
    """A parsed sitemap (gzipped or not), or None when the body is not one."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return None
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration):
        return None
    return sitemap if sitemap.type in ("sitemapindex", "urlset") else None


def _parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap lastmod (W3C datetime); a bare date counts from its midnight UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
