"""What the `lan_news` spider does with a post URL: the base class of its discovery.

A post is requested only if the archive's copy is older than what discovery says
of it (its sitemap `lastmod`); an old or pretty URL is followed by hand to learn
which post it names; a post page becomes its record through `lan_crawler.page`.
Whatever gave no record, and what discovery learned, is told to the archive
(`lan_crawler.signals`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from lan_crawler import discovery, signals
from lan_crawler.discovery import Progress
from lan_crawler.extract.article import ExtractionError
from lan_crawler.page import FetchedPage, record_from_page
from lan_crawler.record import ArticleRecord
from lan_crawler.signals import ArchiveView, NoArchive
from lan_crawler.sites import SiteDeclaration
from lan_crawler.urls import Site, strip_tracking

logger = logging.getLogger(__name__)

MAX_ALIAS_HOPS = 5  # redirects followed from an old URL to its post
GONE = (404, 410)  # a post answering these has been withdrawn
REDIRECTS = [301, 302, 303, 307, 308]
# failed post requests that say nothing of the site's health (each is in the report still):
# the post is gone, robots.txt or the crawl's own rules refused it (off the site, a redirect
# loop), or it is no web page
NOT_ALARMING = frozenset({"http_404", "http_410", "ignored", "not_html", "not_a_post"})


class PostSpider(Spider):
    """A spider's handling of post URLs, whichever surface named them."""

    archive: ArchiveView = NoArchive()  # the archive extension sets the real one on opening
    declaration: SiteDeclaration
    site: Site
    full: bool  # fetch every post again, whatever the archive holds
    fallbacks: bool  # EXTRACTION_FALLBACKS
    max_posts: int  # MAX_POSTS_PER_RUN
    media_max_size: int  # MEDIA_MAXSIZE: 0 captures no media
    state: dict[str, Any]
    # callbacks of requests any worker of a shared run may answer (lan_crawler.distributed):
    # they read no discovery progress; the others stay with the worker that discovers
    shared_callbacks = frozenset({"parse_article", "kept"})

    @property
    def progress(self) -> Progress:
        progress: Progress = self.state.setdefault("discovery", Progress())
        return progress

    def follow(self, url: str, callback: Callable[..., Any], **meta: Any) -> Request:
        return Request(url, callback, errback=self.note_failure, meta=meta)

    def article_request(
        self,
        url: str,
        lastmod: datetime | None = None,
        hops: int = 0,
        listed: bool = False,
        recheck: bool = False,
        surface: str = "listing",
        hold: bool = False,
    ) -> Iterator[Request]:
        """A request for a post URL, unless it is off-site, not a post, or already archived.

        `listed`: the URL comes from a sitemap (its post counts as present on the site);
        `recheck`: fetch an archived post again if its copy is due for a recheck; `hold`:
        keep it until every sitemap is read (`Progress.hold`). An entry that is no usable
        URL is skipped, named in the report; the others go on.
        """
        problem = discovery.entry_problem(url)
        if problem is None:
            try:
                yield from self._article_request(url, lastmod, hops, listed, recheck, hold)
                return
            except ValueError as error:  # input no check foresaw: this entry only is lost
                problem = f"unreadable entry ({error})"
        if listed:
            self.progress.sitemaps_failed = True  # an unread entry: absence proves nothing
        self.tell(signals.entry_skipped, surface=surface, url=str(url), reason=problem)

    def _article_request(
        self,
        url: str,
        lastmod: datetime | None,
        hops: int,
        listed: bool,
        recheck: bool,
        hold: bool = False,
    ) -> Iterator[Request]:
        url, stats, progress = strip_tracking(url), self.crawler.stats, self.progress
        if not self.site.contains(url):
            stats.inc_value("lan/skipped/offsite")
            return
        post_id = self.site.post_id(url) or self.archive.post_id_of(self.site.relative(url))
        if listed and post_id is not None:
            progress.listed.add(post_id)
        if hold and (post_id is None or self.is_due(post_id, lastmod)):
            room = self.max_posts - len(progress.requested)
            if progress.hold(url, lastmod, post_id, room):
                stats.inc_value("lan/post_deferred")  # the next run takes it
            return
        if post_id is not None:
            yield from self.post_request(post_id, url, lastmod, "sitemap", recheck=recheck)
        elif not self.site.is_listing_or_page(url) and hops <= MAX_ALIAS_HOPS:
            # an old or pretty URL: follow its redirect by hand, to learn which post it names
            redirects = {"dont_redirect": True, "handle_httpstatus_list": REDIRECTS}
            yield self.follow(
                url, self.parse_alias, lastmod=lastmod, hops=hops, listed=listed, **redirects
            )

    def is_archived(self, url: str) -> bool:
        """Whether a post URL names a post the archive holds as it is."""
        url = strip_tracking(url)
        post_id = self.site.post_id(url) or self.archive.post_id_of(self.site.relative(url))
        return post_id is not None and not self.archive.wants(self.site.record_id(post_id), None)

    def post_request(
        self,
        post_id: int,
        url: str,
        lastmod: datetime | None,
        lastmod_from: str,
        api_content: str | None = None,
        recheck: bool = False,
    ) -> Iterator[Request]:
        """The post's page at `url` (a URL of it: its permalink, `?p=ID`, an old one that
        redirects), once per run, unless the archive holds it as it is."""
        if post_id in self.progress.requested:
            return
        if len(self.progress.requested) >= self.max_posts:
            if post_id not in self.progress.listed:  # a sitemap's post is counted there
                self.crawler.stats.inc_value("lan/post_deferred")  # the next run takes it
            return
        if not self.is_due(post_id, lastmod, recheck):
            self.crawler.stats.inc_value("lan/skipped/current")
            return
        self.progress.requested.add(post_id)
        self.crawler.stats.inc_value("lan/post_requests")
        meta = {"post_id": post_id, "lastmod": lastmod, "lastmod_from": lastmod_from}
        yield self.follow(url, self.parse_article, **meta, api_content=api_content)

    def is_due(self, post_id: int, lastmod: datetime | None, recheck: bool = False) -> bool:
        """Whether the post is to be fetched: not yet this run, and its copy is older than
        `lastmod`, missing, or (`recheck`) due for a recheck."""
        if post_id in self.progress.requested:
            return False
        record_id = self.site.record_id(post_id)
        if self.full:
            return True
        if (declined := self.archive.declined(record_id)) is not None:
            categories, modified = declined
            # asked again once it changed, or once the declaration no longer refuses it
            changed = lastmod is not None and lastmod.tzinfo is not None and lastmod > modified
            return changed or self.declaration.categories.refuses(categories) is None
        due = recheck and self.archive.due_for_recheck(record_id)
        return due or self.archive.wants(record_id, lastmod)

    def parse_alias(self, response: Response) -> Iterator[Any]:
        """An old URL's answer: a redirect leads to its post, a page may be the post itself."""
        alias, meta = self.site.relative(response.url), response.meta
        if 300 <= response.status < 400:
            location = (response.headers.get("Location") or b"").decode("latin-1")
            target = strip_tracking(response.urljoin(location)) if location else ""
            if (post_id := self.site.post_id(target)) is not None:
                self.tell(signals.alias_found, alias=alias, post_id=post_id)
            yield from self.article_request(
                target, meta["lastmod"], meta["hops"] + 1, meta["listed"], surface="redirect"
            )
            return
        self.crawler.stats.inc_value("lan/post_requests")  # the old URL is the post's page
        for output in self.parse_article(response):
            if isinstance(output, dict):  # the record (then requests for its media)
                post_id = int(output["id"].rpartition(":")[2])
                self.tell(signals.alias_found, alias=alias, post_id=post_id)
            yield output

    def parse_article(self, response: Response) -> Iterator[dict[str, Any] | Request]:
        self.crawler.stats.inc_value("lan/post_pages")
        page = FetchedPage.from_response(response)
        try:
            record = record_from_page(
                page, self.declaration, base_url=self.site.root, fallbacks=self.fallbacks
            )
        except ExtractionError as failed:
            self.record_failure(response.url, failed.summary, failed.kind, post=True)
            return
        if why := self.declaration.categories.refuses(record["categories"]):
            # the declaration's choice, not a fault: counted, named and remembered (an
            # unchanged post is not asked for again), nothing archived
            self.crawler.stats.inc_value("lan/skipped_category")
            modified = record["modified"] or record["published"]
            self.tell(
                signals.post_declined,
                record_id=record["id"],
                url=record["url"],
                categories=record["categories"],
                modified=modified,
                reason=why,
            )
            return
        yield dict(record)
        yield from self.media_requests(record)

    def media_requests(self, record: ArticleRecord) -> Iterator[Request]:
        """The post's images and attachments from the site's own media library that no
        earlier run kept, to keep in the WARC beside its page (each at most MEDIA_MAXSIZE)."""
        if not self.media_max_size:
            return
        urls = [image["url"] for image in record["images"]]
        urls += [attachment["url"] for attachment in record["attachments"]]
        for url in dict.fromkeys(urls):
            if self.site.is_upload(url) and not self.archive.captured(url):
                self.crawler.stats.inc_value("lan/media_requests")
                meta = {"media": True, "download_maxsize": self.media_max_size}
                yield Request(url, self.kept, errback=self.note_failure, priority=-10, meta=meta)

    def kept(self, response: Response) -> None:
        """A media file's answer: the WARC holds it now (WarcCapture), nothing to parse."""
        self.crawler.stats.inc_value("lan/media_kept")

    # --- what the run learned ------------------------------------------------------

    def tell(self, signal: object, **facts: Any) -> None:
        """Tell the archive (and whoever listens) what discovery learned."""
        self.crawler.signals.send_catch_log(signal, **facts)

    def discovered(self, count: int, surface: str) -> None:
        self.progress.discovered += count
        self.crawler.stats.set_value("lan/discovered", self.progress.discovered)
        self.crawler.stats.inc_value(f"lan/discovered/{surface}", count)

    def note_failure(self, failure: Failure) -> None:
        """Errback: record why a request gave nothing (HTTP status, timeout, refusal)."""
        error, request = failure.value, failure.request  # type: ignore[attr-defined]
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the URL requested
        if isinstance(error, HttpError):
            status = error.response.status
            kind = f"http_{status}"
            meta = request.meta
            post_id = meta.get("post_id") or self.site.post_id(url)
            if status in GONE and post_id:
                record_id, lastmod = self.site.record_id(post_id), meta.get("lastmod")
                self.tell(signals.post_gone, record_id=record_id, status=status, lastmod=lastmod)
        else:
            kind = "ignored" if isinstance(error, IgnoreRequest) else "download"
        self.record_failure(url, self.failure_reason(failure), kind, "post_id" in request.meta)

    def dropped(self, request: Request) -> None:
        """The scheduler refused a request: a post's is a loss, reported."""
        if "post_id" in request.meta:
            reason = "dropped: the same URL was requested before in this run"
            url = (request.meta.get("redirect_urls") or [request.url])[0]
            self.record_failure(url, reason, "dropped", post=True)

    @staticmethod
    def failure_reason(failure: Failure) -> str:
        if isinstance(failure.value, HttpError):
            return f"HTTP {failure.value.response.status}"
        return failure.getErrorMessage() or type(failure.value).__name__

    def surface(self, surface: str, url: str, entries: int, problem: str | None = None) -> None:
        """Tell what a discovery surface gave, for the run report."""
        self.tell(signals.surface_read, surface=surface, url=url, entries=entries, problem=problem)
        if problem:
            logger.info("%s %s gave nothing: %s", surface, url, problem)

    def record_failure(self, url: str, reason: str, kind: str, post: bool = False) -> None:
        """A URL gave nothing; `post`: it was a post request (counted for health)."""
        self.crawler.stats.inc_value(f"lan/failed/{kind}")
        if post:
            self.crawler.stats.inc_value("lan/post_failed")
            if kind not in NOT_ALARMING:  # a server or network error, or no article in it
                self.crawler.stats.inc_value("lan/post_errors")
        logger.warning("Skipped %s: %s", url, reason)
        self.tell(signals.page_failed, url=url, reason=reason, kind=kind)
