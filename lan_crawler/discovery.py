"""Reading the site's discovery surfaces: robots.txt, sitemaps, the RSS feed. Pure functions."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree
from protego import Protego
from scrapy.utils.sitemap import Sitemap

# sub-sitemaps that list no posts: pages, taxonomies, users (WordPress core and Yoast names)
NOT_POST_SITEMAPS = (
    "posts-page",
    "taxonomies",
    "users",
    "page-sitemap",
    "category-sitemap",
    "post_tag-sitemap",
    "author-sitemap",
)


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None


@dataclass(frozen=True)
class ParsedSitemap:
    is_index: bool
    entries: list[SitemapEntry]


def read_sitemap(body: bytes) -> ParsedSitemap | None:
    """A sitemap or sitemap index (gzipped or not), or None when the body is neither."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return None
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration):
        return None
    if sitemap.type not in ("sitemapindex", "urlset"):
        return None
    entries = [SitemapEntry(e["loc"], parse_lastmod(e.get("lastmod"))) for e in sitemap]
    return ParsedSitemap(sitemap.type == "sitemapindex", entries)


def is_post_sitemap(url: str) -> bool:
    return not any(name in url for name in NOT_POST_SITEMAPS)


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap lastmod (W3C datetime); a bare date counts from its midnight UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def feed_links(body: bytes, is_post: Callable[[str], bool]) -> Iterator[str]:
    """The post URL of each feed item: its guid when that is a post URL, else its link."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return
    if root is None:
        return
    for item in root.iter("item"):
        guid = (item.findtext("guid") or "").strip()
        link = (item.findtext("link") or "").strip()
        if guid and is_post(guid):
            yield guid
        elif link:
            yield link


def disallows_site(robots_txt: bytes, root: str, user_agent: str) -> bool:
    """Whether robots.txt forbids this crawler the site's home page and its posts."""
    rules = Protego.parse(robots_txt.decode("utf-8", errors="replace"))
    return not rules.can_fetch(root, user_agent) and not rules.can_fetch(f"{root}?p=1", user_agent)
