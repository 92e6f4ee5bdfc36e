"""The site's discovery surfaces (robots.txt, sitemaps, feed, listings), read by pure functions;
and how far a crawl's discovery has come."""

from __future__ import annotations

import heapq
import json
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
from lan_crawler.wordpress import NOT_POST_SITEMAP_QUERY, NOT_POST_SITEMAPS, parse_post_id


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None

    def newest_first(self) -> tuple[bool, datetime]:
        """Sort key: the most recently changed first, entries without a lastmod last."""
        return (self.lastmod is not None, self.lastmod or _EPOCH)


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
    # AttributeError: Scrapy before 2.14 on bytes that parse to no element at all
    except (etree.XMLSyntaxError, StopIteration, AttributeError) as error:
        raise NotASitemap(f"not XML ({error})") from error
    if sitemap.type not in ("sitemapindex", "urlset"):
        raise NotASitemap(f"XML, but no sitemap (<{sitemap.type}>)")
    entries = [SitemapEntry(e["loc"], parse_lastmod(e.get("lastmod"))) for e in sitemap]
    return ParsedSitemap(sitemap.type == "sitemapindex", entries)


MAX_URL_LENGTH = 2048  # longer URLs are no WordPress links but junk or an attack


def entry_problem(url: object) -> str | None:
    """Why an entry a surface lists cannot be a post URL, or None when it may be one."""
    if not isinstance(url, str) or not url.strip():
        return "no URL"
    if len(url) > MAX_URL_LENGTH:
        return f"URL of {len(url)} characters"
    try:
        parts = urlsplit(url.strip())
        query = dict(parse_qsl(parts.query))
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError as error:
        return f"malformed URL ({error})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL"
    if "p" in query and parse_post_id(query["p"]) is None:
        return f"invalid post id {query['p'][:40]!r}"
    return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def is_post_sitemap(url: str) -> bool:
    """Whether a sitemap an index names may list posts (not pages, terms or users)."""
    query = dict(parse_qsl(urlsplit(url).query))
    if any(query.get(key) in values for key, values in NOT_POST_SITEMAP_QUERY.items()):
        return False
    return not any(name in urlsplit(url).path for name in NOT_POST_SITEMAPS)


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


@dataclass(frozen=True)
class ApiPost:
    """A post as the REST API lists it (`_fields=id,link,modified_gmt`)."""

    id: int
    link: str
    modified: datetime | None  # modified_gmt, as an aware UTC time


class NotAnApiAnswer(ValueError):
    """The body is no REST API answer (HTML, an error object, malformed JSON)."""


def _api_items(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except ValueError as error:
        raise NotAnApiAnswer(f"not JSON ({error.__class__.__name__})") from None
    if isinstance(data, dict) and "code" in data:
        raise NotAnApiAnswer(f"{data.get('code')}: {data.get('message')}")
    if not isinstance(data, list):
        raise NotAnApiAnswer("not a list of posts")
    return data


def _usable(items: list[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, item) of the items with a usable id: a string or a thousand digits is not."""
    for item in items:
        if isinstance(item, dict) and (post_id := parse_post_id(item.get("id"))) is not None:
            yield post_id, item


def read_api_posts(body: bytes) -> tuple[list[ApiPost], list[str]]:
    """The posts of a `wp/v2/posts` answer, and why each item that is none was left out."""
    posts, skipped = [], []
    for n, item in enumerate(_api_items(body), 1):
        post_id = parse_post_id(item.get("id")) if isinstance(item, dict) else None
        link = item.get("link") if isinstance(item, dict) else None
        if post_id is None:
            got = repr(item.get("id") if isinstance(item, dict) else item)
            skipped.append(f"item {n}: no usable post id ({got[:40]})")
        elif not isinstance(link, str) or not link:
            skipped.append(f"item {n} (post {post_id}): no link")
        else:
            posts.append(ApiPost(post_id, link, _gmt(item.get("modified_gmt"))))
    return posts, skipped


def read_api_content(body: bytes) -> dict[int, str]:
    """Post id -> `content.rendered` (the_content(), HTML) of a `wp/v2/posts` answer."""
    found = {}
    for post_id, item in _usable(_api_items(body)):
        content = item.get("content")
        rendered = content.get("rendered") if isinstance(content, dict) else None
        if isinstance(rendered, str):
            found[post_id] = rendered
    return found


@dataclass(frozen=True)
class ApiPostContent:
    modified: datetime | None
    content: str | None


def read_api_post(body: bytes) -> ApiPostContent:
    """One post as `wp/v2/posts/<id>` gives it: its modification time and content."""
    items = list(_usable(_api_items(b"[" + body + b"]" if body.lstrip()[:1] == b"{" else body)))
    if len(items) != 1:
        raise NotAnApiAnswer("not one post")
    item = items[0][1]
    content = item.get("content")
    rendered = content.get("rendered") if isinstance(content, dict) else None
    return ApiPostContent(_gmt(item.get("modified_gmt")), rendered)


def _gmt(value: Any) -> datetime | None:
    """A REST `*_gmt` time (`2021-03-29T09:42:00`, no offset: UTC)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# A crawl's discovery goes through these phases, each started when the one before has
# nothing left in flight (the spider is idle):
PHASES = (
    "api",  # the REST API's posts, newest changes first: each post that needs fetching
    "sitemaps",  # the sitemaps robots.txt names, and the posts they list
    "probes",  # when those gave nothing: the sitemaps WordPress and Yoast usually serve
    "sitemap-posts",  # the posts every sitemap read lists, the newest first, up to the cap
    "feed",  # the feed; the listings too when no sitemap and no API named a post
    "done",
)


@dataclass
class Progress:
    """How far a crawl's discovery has come. The spider keeps it in `spider.state`, which
    JOBDIR saves on a pause, so a resumed crawl goes on where it stopped."""

    started: bool = False
    finished: bool = False  # the job ran to its end: its JOBDIR holds nothing more to do
    phase: str = PHASES[0]
    named_sitemaps: list[str] = field(default_factory=list)  # robots.txt's Sitemap: lines
    sitemaps_failed: bool = False  # a sitemap robots.txt names could not be read
    sitemap_entries: int = 0  # URLs the sitemaps listed
    sitemaps_requested: int = 0
    api_entries: int = 0  # posts the REST API listed
    listed: set[int] = field(default_factory=set)  # post ids the sitemaps listed
    # the sitemaps' post URLs to request, a min-heap (oldest first) of at most the cap:
    # (newest_first key, order seen, url, lastmod, post id when known)
    held: list[tuple[tuple[bool, datetime], int, str, datetime | None, int | None]] = field(
        default_factory=list
    )
    held_seen: int = 0
    unresolved_deferred: bool = False  # a URL of unknown post was left for the next run
    requested: set[int] = field(default_factory=set)  # post ids requested this run
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

    def advance(self) -> str:
        """Move on to the next phase; the phase now begun."""
        self.phase = PHASES[min(PHASES.index(self.phase) + 1, len(PHASES) - 1)]
        return self.phase

    def hold(self, url: str, lastmod: datetime | None, post_id: int | None, room: int) -> bool:
        """Keep a sitemap's post URL until every sitemap is read, the newest `room` of them:
        whether one (this or an older one) was left for the next run."""
        item = (SitemapEntry(url, lastmod).newest_first(), self.held_seen, url, lastmod, post_id)
        self.held_seen += 1
        if len(self.held) < room:
            heapq.heappush(self.held, item)
            return False
        left = heapq.heappushpop(self.held, item) if room > 0 else item
        self.unresolved_deferred |= left[4] is None
        return True

    def release(self) -> list[tuple[str, datetime | None]]:
        """The held URLs, newest first, and none held after."""
        held, self.held = sorted(self.held, reverse=True), []
        return [(url, lastmod) for _, _, url, lastmod, _ in held]

    @property
    def sitemaps_complete(self) -> bool:
        """Every sitemap was read and listed posts, each known: a post missing is gone."""
        complete = not self.sitemaps_failed and not self.unresolved_deferred
        return complete and self.sitemap_entries > 0
