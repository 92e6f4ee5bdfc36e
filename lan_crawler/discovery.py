"""The site's discovery surfaces (robots.txt, sitemaps, feed, listings), read by pure functions;
and how far a crawl's discovery has come."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree
from protego import Protego
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from lan_crawler.extract.dom import UnparseablePage, parse_html, select
from lan_crawler.extract.profile import GENERIC, TemplateProfile
from lan_crawler.wordpress import NOT_POST_SITEMAPS


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None


@dataclass(frozen=True)
class ParsedSitemap:
    is_index: bool
    entries: list[SitemapEntry]


class NotASitemap(ValueError):
    """The body is no sitemap, or one that cannot be read within the size limit."""


def read_sitemap(body: bytes, max_size: int) -> ParsedSitemap:
    """A sitemap or sitemap index, gzipped or not, inflated to at most `max_size` bytes."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)  # Scrapy's: stops as soon as it is too big
        except ValueError as too_big:
            raise NotASitemap(f"gzipped sitemap inflates past {max_size} bytes") from too_big
        except (OSError, EOFError, zlib.error) as error:
            raise NotASitemap(f"corrupt gzip ({error})") from error
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration) as error:
        raise NotASitemap(f"not XML ({error})") from error
    if sitemap.type not in ("sitemapindex", "urlset"):
        raise NotASitemap(f"XML, but no sitemap (<{sitemap.type}>)")
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


@dataclass(frozen=True)
class Robots:
    disallows_site: bool  # the home page and the posts are forbidden to this crawler
    sitemaps: list[str]  # its `Sitemap:` lines, absolute


def read_robots(robots_txt: bytes, url: str, root: str, user_agent: str) -> Robots:
    """What robots.txt (fetched from `url`) says to this crawler about the site at `root`."""
    rules = Protego.parse(robots_txt.decode("utf-8", errors="replace"))
    forbidden = not rules.can_fetch(root, user_agent) and not rules.can_fetch(
        f"{root}?p=1", user_agent
    )
    return Robots(forbidden, [urljoin(url, sitemap) for sitemap in rules.sitemaps])


@dataclass(frozen=True)
class Listing:
    """A home, category or archive page, as discovery reads it."""

    entries: list[str]  # its post entries' links, in order
    links: list[str]  # every link on the page
    next_page: str | None  # the link to its next page

    def categories(self) -> list[str]:
        """Links to category listings (`?cat=<id>`, nothing else)."""
        found = [u for u in self.links if dict(parse_qsl(urlsplit(u).query)).keys() == {"cat"}]
        return list(dict.fromkeys(found))


def read_listing(page: str, url: str, templates: Sequence[TemplateProfile]) -> Listing:
    """The listing's links, with the selectors of the first template whose entries it shows."""
    try:
        doc = parse_html(page)
    except UnparseablePage:
        return Listing([], [], None)

    def hrefs(anchors: Iterable[Any]) -> list[str]:
        return [urljoin(url, a.get("href")) for a in anchors if a.get("href")]

    for template in (*templates, GENERIC):
        if entries := select(doc, template.listing_links):
            following = hrefs(select(doc, template.next_page))[:1]
            return Listing(
                hrefs(entries), hrefs(doc.iter("a")), following[0] if following else None
            )
    return Listing([], hrefs(doc.iter("a")), None)


@dataclass
class Progress:
    """How far a crawl's discovery has come. The spider keeps it in `spider.state`, which
    JOBDIR saves on a pause, so a resumed crawl goes on where it stopped."""

    started: bool = False
    finished: bool = False  # the job ran to its end: its JOBDIR holds nothing more to do
    sitemaps_done: bool = False  # every sitemap (and every post they list) has been fetched
    sitemaps_failed: bool = False  # a sitemap could not be read
    sitemap_entries: int = 0  # URLs the sitemaps listed
    listed: set[int] = field(default_factory=set)  # post ids the sitemaps listed
    discovered: int = 0  # post URLs found on every surface

    def begin(self) -> str:
        """What a run with this progress does: "start", "resume" a paused job, or nothing
        ("stale") when its JOBDIR holds a job that already finished."""
        if self.finished:
            return "stale"
        if self.started:
            return "resume"
        self.started = True
        return "start"

    @property
    def sitemaps_complete(self) -> bool:
        """Every sitemap was read and listed posts: a post missing from them is gone."""
        return not self.sitemaps_failed and self.sitemap_entries > 0
