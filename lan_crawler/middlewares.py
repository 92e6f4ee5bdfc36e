"""Downloader middlewares."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

from lan_crawler.urls import Site


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
