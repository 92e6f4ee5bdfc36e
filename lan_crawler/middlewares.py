"""Downloader middlewares: stay on the site, say why a redirect is not followed, fetch
robots.txt once, retry with backoff."""

from __future__ import annotations

import asyncio
import logging
import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

from lan_crawler.urls import Site

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


class RedirectGuard:
    """A redirect off the site, or back to a URL already in its chain, fails the request
    (IgnoreRequest, with the reason) so that its errback reports it.

    Scrapy follows a redirect by scheduling a new request, which its offsite and
    duplicate filters then drop without a word to the spider: a loss no report saw.
    Placed after RedirectMiddleware, it sees the answer first.
    """

    REDIRECTS = (301, 302, 303, 307, 308)

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuard:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        location = response.headers.get("Location")
        if response.status not in self.REDIRECTS or not location or _handles(request, response):
            return response
        target = safe_url_string(urljoin(request.url, location.decode("latin-1")))
        if target in (*request.meta.get("redirect_urls", ()), request.url):
            raise IgnoreRequest(f"redirect loop: back to {target}")
        site: Site | None = getattr(self.crawler.spider, "site", None)
        if site is not None and not site.contains(target):
            raise IgnoreRequest(f"redirected off the site, to {target}")
        return response


def _handles(request: Request, response: Response) -> bool:
    """Whether the request takes a redirect as its answer (RedirectMiddleware won't follow)."""
    meta = request.meta
    return bool(
        meta.get("dont_redirect")
        or meta.get("handle_httpstatus_all")
        or response.status in meta.get("handle_httpstatus_list", ())
    )


class RobotsTxtOnce:
    """Answers the spider's own robots.txt request with the copy Scrapy fetched just before.

    RobotsTxtMiddleware downloads robots.txt ahead of the first request to a host;
    the spider reads the same file for its `Sitemap:` lines. Placed after it, this
    keeps the site from being asked twice. The copy is flagged "cached", so it is
    not captured in the WARC file again.
    """

    def __init__(self) -> None:
        self.fetched: dict[str, Response] = {}

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        if _is_robots_txt(request.url) and request.meta.get("dont_obey_robotstxt"):
            request.meta["revisit"] = True  # the one captured: unchanged, a revisit record
        elif _is_robots_txt(request.url):
            copy = self.fetched.pop(request.url, None)
            if copy is not None:
                return copy.replace(request=request, flags=[*copy.flags, "cached"])
        return None

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        # RobotsTxtMiddleware's own request is the one that does not obey robots.txt
        if _is_robots_txt(request.url) and request.meta.get("dont_obey_robotstxt"):
            self.fetched[request.url] = response
        return response


def _is_robots_txt(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but after a pause that doubles each time (with jitter).

    A 429 or 503 carrying `Retry-After` waits at least that long (up to
    RETRY_AFTER_MAX seconds), and the whole site slows down for that long too.
    The pause holds back only the retried request, not the rest of the crawl.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.maximum = settings.getfloat("RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler  # Scrapy before 2.14 does not set it
        return middleware

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        # Scrapy before 2.14 passes the spider and needs it back; later ones pass none
        result = super().process_response(request, response, *_given(spider))
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
        result = super().process_exception(request, exception, *_given(spider))
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


def _given(spider: Spider | None) -> tuple[Spider, ...]:
    return () if spider is None else (spider,)


def _retry_after(response: Response) -> float | None:
    """Seconds the server asks to wait: `Retry-After: 120` or an HTTP date."""
    value = (response.headers.get("Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if re.fullmatch(r"[0-9]{1,9}", value, re.ASCII):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
