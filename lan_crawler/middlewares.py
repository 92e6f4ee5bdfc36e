"""Downloader middlewares: stay on the site, retry with backoff, keep every response in WARC."""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from lan_crawler import __version__
from lan_crawler.urls import Site
from lan_crawler.warc import WarcFile

logger = logging.getLogger(__name__)


class SiteOnlyMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter, made strict: the spider's site only, port and path included.

    Stock `allowed_domains` ignores ports, so a mirror on 127.0.0.1:8000 would
    follow a redirect to 127.0.0.1:9000. Checked for every scheduled request,
    redirects included.
    """

    def should_follow(self, request: Request, spider: Spider) -> bool:
        site: Site | None = getattr(spider, "site", None)
        if site is None:
            return super().should_follow(request, spider)
        return site.contains(request.url)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but after a pause that doubles each time (with jitter).

    A 429 or 503 carrying `Retry-After` waits at least that long (up to
    RETRY_AFTER_MAX seconds), and the whole site slows down for that long too.
    The pause holds back only the retried request, not the rest of the crawl.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.maximum = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 600.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            wait = self._backoff(request)
            retry_after = _retry_after(response) if response.status in (429, 503) else None
            if retry_after is not None:
                wait = max(wait, min(retry_after, self.retry_after_max))
                self._slow_down_site(request, wait)
            logger.info("Retrying %s in %.1f s (HTTP %d)", request.url, wait, response.status)
            await asyncio.sleep(wait)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            wait = self._backoff(request)
            logger.info("Retrying %s in %.1f s (%s)", request.url, wait, type(exception).__name__)
            await asyncio.sleep(wait)
        return result

    def _backoff(self, request: Request) -> float:
        attempt = int(request.meta.get("retry_times", 0))  # retries already made
        return float(min(self.maximum, self.base * 2**attempt) * random.uniform(0.75, 1.25))

    def _slow_down_site(self, request: Request, seconds: float) -> None:
        """Space the site's requests `seconds` apart for the next `seconds`, then as before."""
        engine = self.crawler.engine
        slot = (
            engine.downloader.slots.get(engine.downloader.get_slot_key(request)) if engine else None
        )
        if slot is None or slot.delay >= seconds:
            return
        before, slot.delay = slot.delay, seconds

        def restore() -> None:
            if slot.delay == seconds:  # unless AutoThrottle has moved it since
                slot.delay = before

        asyncio.get_running_loop().call_later(seconds, restore)


def _retry_after(response: Response) -> float | None:
    """Seconds the server asks to wait: `Retry-After: 120` or an HTTP date."""
    value = (response.headers.get("Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class WarcMiddleware:
    """Writes every response (and its request) to the run's WARC file under the archive.

    Sits next to the downloader, so it sees answers as they came: compressed
    bodies, errors and redirects included. The response record's place is left
    in `request.meta["warc"]` for the record built from it.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.warc: WarcFile | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        archive = getattr(spider, "archive", None)
        run_id = getattr(spider, "run_id", None)
        if archive is None or run_id is None or getattr(spider, "refused", None):
            return
        relative = f"warc/{run_id}.warc.gz"
        self.warc = WarcFile(archive.root / relative, relative, f"lan-crawler/{__version__}")

    def spider_closed(self, spider: Spider) -> None:
        if self.warc:
            self.warc.close()
            self.warc = None

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if self.warc is not None:
            request.meta["warc"] = self.warc.write(
                response.url,
                request.method,
                _headers(request.headers),
                response.status,
                _headers(response.headers),
                response.body,
            )
            if self.crawler.stats:
                self.crawler.stats.inc_value("lan/warc/records")
        return response


def _headers(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
