"""Site declarations: everything about one crawled site, in one module per site.

A declaration says where the site is, which discovery surfaces it offers, which
template profiles its pages use, what its own chrome looks like, which clock it
keeps and how gently to crawl it. What WordPress itself prints lives in
`lan_crawler.wordpress` and `lan_crawler.extract`; a new site is one new module
here (with its fixtures): every declaration in this package is found by itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from lan_crawler.extract.hints import SiteHints


@dataclass(frozen=True)
class Discovery:
    """The surfaces that list the site's posts, besides robots.txt's `Sitemap:` lines."""

    rest_api: bool  # ask WordPress's REST API (`?rest_route=/wp/v2/posts`) first
    sitemaps: tuple[str, ...]  # tried when robots.txt's give nothing (relative to the base URL)
    feed: str | None  # the RSS feed, read after the sitemaps
    listings: bool  # page through the home and category listings when nothing else lists posts


@dataclass(frozen=True)
class Politeness:
    concurrency: int  # requests to the site at a time
    delay: float  # seconds between requests (AutoThrottle may lengthen it)


@dataclass(frozen=True)
class SiteDeclaration:
    id: str
    name: str
    base_url: str  # scheme://host/path/, with the trailing slash
    permalinks: Literal["plain", "pretty"]
    discovery: Discovery
    extraction: SiteHints
    politeness: Politeness

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"site {self.id}: base_url is not an http(s) URL: {self.base_url}")
        if not self.base_url.endswith("/"):
            raise ValueError(f"site {self.id}: base_url must end with a slash")


def _declared() -> dict[str, SiteDeclaration]:
    """Every site declaration of the modules in this package, by id."""
    found: dict[str, SiteDeclaration] = {}
    for module in pkgutil.iter_modules(__path__):
        for value in vars(importlib.import_module(f"{__name__}.{module.name}")).values():
            declared = isinstance(value, SiteDeclaration)
            if declared and found.setdefault(value.id, value) is not value:
                raise ValueError(f"site {value.id} is declared twice")
    return found


SITES = _declared()
DEFAULT_SITE = SITES["lan.go.id"]


def get_site(site_id: str) -> SiteDeclaration:
    """The declaration of `site_id`; a ValueError naming the known ones when there is none."""
    try:
        return SITES[site_id]
    except KeyError:
        raise ValueError(f"no site {site_id!r} is declared; known: {', '.join(SITES)}") from None
