"""Routing of the sample site: which bytes answer which WordPress URL, faults included.

The site runs in one of the WordPress setups lan.go.id may run (`SETUPS`): plain
permalinks with core's sitemaps, plain permalinks with Yoast's sitemaps (which then
do not work), pretty permalinks with Yoast's sitemaps; each with the REST API on or
off. `SampleSite.respond()` is pure apart from the fault state (the flaky post's first
answer); the HTTP server in `server.py` only moves its answers over the wire.
"""

from __future__ import annotations

import math
import re
import threading
import zlib
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from lan_crawler.sample_site import blocks, content, elementor, oceanwp, rest, surfaces
from lan_crawler.sample_site.answer import Answer, redirect, xml
from lan_crawler.sample_site.content import Context
from lan_crawler.sample_site.identity import LAN, SiteIdentity, StaticPage
from lan_crawler.sample_site.posts import Post, expected_record, expected_text, wp_slug

POSTS_PER_PAGE = 10  # WordPress's default "Blog pages show at most"
GZIP_BOMB = "sitemap-arsip.xml.gz"


class Theme(Protocol):
    def render_post(self, ctx: Context, post: Post, body: str | None = None) -> str: ...


# how a single post can look: lan.go.id's theme, an Elementor redesign, a block theme
THEMES: dict[str, Theme] = {"oceanwp": oceanwp, "elementor": elementor, "block-theme": blocks}
TEMPLATES = (*THEMES, "mixed")

# ids WordPress would have given to things that are not posts of the site
MISSING_POST_ID = 8999  # listed by a stale sitemap cache, deleted since: 404
MOVED_POST_ID = 8998  # moved to another site: 301 off-site
NOT_HTML_POST_ID = 8997  # a post URL that answers with a PDF
BULK_FIRST = 1_000_001  # the first id of the `bulk_posts` fault's posts


@dataclass(frozen=True)
class Setup:
    """How the site's WordPress is set up (Yoast SEO is active in every setup)."""

    pretty: bool = False  # pretty permalinks (`/%postname%/`), else plain ones (`?p=ID`)
    yoast_sitemaps: bool = False  # Yoast's XML sitemaps on, which turns core's off
    rest: bool = True  # the REST API answers anonymous clients (no security plugin)


SETUPS = {
    "plain-core": Setup(),
    "plain-yoast": Setup(yoast_sitemaps=True),
    "pretty-yoast": Setup(pretty=True, yoast_sitemaps=True),
}

STATIC_PAGES: tuple[StaticPage, ...] = LAN.pages  # lan.go.id's; a site serves its own


@dataclass(frozen=True)
class Faults:
    """Realistic faults the site can show; each is off when its field is falsy."""

    flaky_post: int | None = None  # answers 500 once, then 200
    slow_post: int | None = None  # answers after `slow_seconds`
    slow_seconds: float = 1.0
    missing_in_sitemap: bool = False  # the sitemap lists a deleted post (404)
    old_url: int | None = None  # this post is also listed under an old slug URL that 301s
    tracking_links: bool = False  # listings, widgets and the feed add utm_* parameters
    offsite_url: str | None = None  # a foreign URL listed by the sitemap and the home page
    broken_post: int | None = None  # a template glitch serves the post with an empty body
    disallowed_post: int | None = None  # robots.txt disallows that post's URL
    sitemaps: bool = True  # False: no Sitemap line in robots.txt, every sitemap a 404
    throttled_post: int | None = None  # answers 429 with Retry-After once, then 200
    retry_after: int = 1  # seconds, in that Retry-After header
    reset_post: int | None = None  # drops the connection without an answer once
    hang_post: int | None = None  # answers only after `hang_seconds` once (a timeout)
    hang_seconds: float = 3.0
    cp1252_post: int | None = None  # served in windows-1252 under a header that says UTF-8
    huge_post: int | None = None  # served padded to ~300 kB
    non_html: bool = False  # the sitemap lists post 8997, which answers with a PDF
    disallow_all: bool = False  # robots.txt disallows the whole site
    gzip_bomb_mb: int = 0  # robots.txt also names a .xml.gz sitemap inflating to this many MB
    slow_server: float = 0.0  # every answer comes this many seconds late
    bad_entries: tuple[str, ...] = ()  # written into the post sitemap as its third entries
    post_status: int = 0  # every post page answers this status (500: the database is down)
    bulk_posts: int = 0  # the post sitemap lists this many more posts (ids from BULK_FIRST)
    spoofed_shortlink: tuple[int, int] | None = None  # (post, other): its shortlink names other
    bad_bytes_post: int | None = None  # that post's UTF-8 page holds a few invalid bytes
    redirect_loop_post: int | None = None  # that post's URL redirects to itself
    unknown_template: bool = False  # every post in a redesign no site profile knows

    @classmethod
    def realistic(
        cls, posts: tuple[Post, ...], offsite_url: str = "https://example.org/berita/"
    ) -> Faults:
        """Every fault at once, on fixed posts: what the demo and the end-to-end tests crawl."""
        return cls(
            flaky_post=posts[3].id,
            slow_post=posts[5].id,
            missing_in_sitemap=True,
            old_url=5297,
            tracking_links=True,
            offsite_url=offsite_url,
            throttled_post=posts[7].id,
            reset_post=posts[9].id,
            cp1252_post=posts[11].id,
            non_html=True,
        )


class SampleSite:
    """A WordPress site of the LAN family at `base_url` (which must end with a slash).

    `identity` says which (lan.go.id by default); `template` and `setup` default to
    the identity's own, and `posts` to its posts.
    """

    def __init__(
        self,
        base_url: str,
        faults: Faults | None = None,
        posts: tuple[Post, ...] | None = None,
        sitemap_page_size: int | None = None,
        template: str | None = None,
        setup: Setup | None = None,
        identity: SiteIdentity = LAN,
    ) -> None:
        template = template or identity.template
        if template not in TEMPLATES:
            raise ValueError(f"unknown template {template!r}; known: {', '.join(TEMPLATES)}")
        setup = setup or SETUPS[identity.setup]
        self.identity = identity
        self.template = template
        self.posts = posts if posts is not None else identity.posts()
        self.faults = faults or Faults()
        self.setup = setup
        self.sitemap_page_size = sitemap_page_size  # None: as core and Yoast do
        self._bulk: dict[bool, list[surfaces.Entry]] = {}
        self.ctx = Context(
            base_url,
            self.posts,
            identity.pages,
            self.faults.tracking_links,
            setup.pretty,
            identity,
        )
        self._by_id = {p.id: p for p in self.posts}
        self._served_once: set[int] = set()
        self._stale_entries: list[tuple[str, str]] = []  # deleted posts a cache still lists
        self._lock = threading.Lock()
        self._render_post = cache(
            lambda post: self.theme(post).render_post(self.ctx, post).encode()
        )

    def template_of(self, post: Post) -> str:
        """The template rendering `post`: the site's, or per section when it is mixed."""
        if self.template != "mixed":
            return self.template
        # a site mid-redesign: one section already rebuilt in Elementor, one on a block theme
        if "Politeknik STIA LAN" in post.categories:
            return "elementor"
        return "block-theme" if post.categories == ("Pengumuman",) else "oceanwp"

    def theme(self, post: Post) -> Theme:
        return THEMES[self.template_of(post)]

    def expected_record(self, post: Post) -> dict[str, Any]:
        """What a perfect crawl of this site stores for `post`."""
        return expected_record(post, self.base_url, self.template_of(post))

    @property
    def base_url(self) -> str:
        return self.ctx.base_url

    def old_url(self, post: Post) -> str:
        """The date-based permalink the post had before the site's current permalinks."""
        return f"{self.base_url}{post.published:%Y/%m/%d}/{post.slug}/"

    # --- routing ---------------------------------------------------------------

    def respond(self, target: str) -> Answer:
        """The answer to a GET of `target` (path and query, as sent on the request line)."""
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        if path == "/robots.txt":
            return self.robots_txt()
        if path == f"/{GZIP_BOMB}":
            return self.gzip_bomb()
        if path.startswith("/wp-content/uploads/"):
            return self.upload(path)
        if "rest_route" in query:  # works whatever the permalinks
            route = query.pop("rest_route")
            return rest.answer(self.ctx, route, query, self.setup.rest)
        if path in ("/", "/index.php"):
            return self.query_route(query)
        if self.setup.pretty:
            return self.pretty_route(path, query)
        return self.old_permalink(path)  # plain permalinks: no rewrite rules, all else is 404

    def query_route(self, q: dict[str, str]) -> Answer:
        """The home URL with WordPress's query variables (pretty sites redirect most)."""
        pretty = self.setup.pretty
        if "sitemap" in q:
            return self.core_sitemap(q)
        page = _int(q.get("paged", "1"))
        if page is None:
            return self.not_found()
        if "feed" in q:
            if q["feed"] not in ("rss2", "rss", ""):
                return self.not_found()
            return redirect(self.ctx.feed_url()) if pretty else self.feed()
        if "p" in q:
            return self.single(q["p"])
        if "page_id" in q:
            page_id = _int(q["page_id"])
            known = page_id in {p.id for p in self.ctx.pages}
            if pretty and known and page_id is not None:
                return redirect(self.ctx.page_url(page_id))
            return self.static_page(q["page_id"])
        if "attachment_id" in q:
            return self.attachment(q["attachment_id"])
        if "cat" in q:
            name = next((n for n, cid in self.identity.categories if str(cid) == q["cat"]), None)
            if name is None:
                return self.not_found()
            if pretty:
                return redirect(self.ctx.listing_page(self.ctx.category_url(name), page))
            return self.category(name, page)
        if "tag" in q:
            return self.tag(q["tag"], page)
        if "m" in q:
            return self.month(q["m"], page)
        if "author" in q:
            return self.author(page)
        if "s" in q:
            return self.search(q["s"], page)
        if q and set(q) - {"paged"} and not all(k.startswith("utm_") for k in q):
            return self.not_found()
        if pretty and page > 1:
            return redirect(self.ctx.listing_page(self.base_url, page))
        return self.home(page)

    def pretty_route(self, path: str, q: dict[str, str]) -> Answer:
        """A path under pretty permalinks: sitemaps, the API, feeds, listings, posts, pages."""
        if path.startswith("/wp-json"):
            return rest.answer(self.ctx, path.removeprefix("/wp-json") or "/", q, self.setup.rest)
        if path.endswith(".xml"):
            return self.pretty_sitemap(path.removeprefix("/"))
        if path == "/feed/":
            return self.feed()
        page = 1
        if match := re.fullmatch(r"(.*/)page/(\d+)/", path):
            path, page = match[1], int(match[2])
        if path == "/":
            return self.home(page)
        segments = path.strip("/").split("/")
        if segments[0] == "category" and len(segments) == 2:
            name = next((n for n, _ in self.identity.categories if wp_slug(n) == segments[1]), None)
            return self.category(name, page) if name else self.not_found()
        if segments[0] == "tag" and len(segments) == 2:
            return self.tag(segments[1], page)
        if segments == ["author", self.identity.author_slug]:
            return self.author(page)
        if re.fullmatch(r"\d{4}/\d{2}", "/".join(segments)):
            return self.month("".join(segments), page)
        if len(segments) == 1 and (post := self._by_slug(segments[0])):
            return self.post_page(post)
        static = next((p for p in self.ctx.pages if self.ctx.page_url(p.id).endswith(path)), None)
        if static:
            return self.static_page(str(static.id))
        return self.old_permalink(path)

    def _by_slug(self, slug: str) -> Post | None:
        return next((p for p in self.posts if p.slug == slug), None)

    # --- pages -----------------------------------------------------------------

    def single(self, raw_id: str) -> Answer:
        """`?p=ID`: the post itself, or under pretty permalinks a redirect to it."""
        post_id = _int(raw_id)
        if post_id == MOVED_POST_ID and self.faults.offsite_url:
            return redirect(self.faults.offsite_url)
        if post_id in {p.id for p in self.ctx.pages}:
            return redirect(self.ctx.page_url(post_id))
        if post_id is not None and post_id == self.faults.redirect_loop_post:
            return redirect(f"{self.ctx.shortlink(post_id)}&loop=1", 302)
        if post_id == NOT_HTML_POST_ID and self.faults.non_html:
            return Answer(200, _PDF, content_type="application/pdf")
        post = self._by_id.get(post_id) if post_id is not None else None
        if post_id is not None and BULK_FIRST <= post_id < BULK_FIRST + self.faults.bulk_posts:
            post = self.bulk_post(post_id)
        if post is None:
            return self.not_found()
        if self.setup.pretty and post.id in self._by_id:
            return redirect(self.ctx.post_url(post.id))
        return self.post_page(post)

    def bulk_post(self, post_id: int) -> Post:
        """One of the `bulk_posts`: a copy of the newest post, under its own id and title,
        untagged (so no next/prev links among the site's own posts)."""
        model = self.posts[0]
        moment = model.published + timedelta(minutes=1 + post_id - BULK_FIRST)  # the newest
        return replace(
            model, id=post_id, title=f"Arsip {post_id}", published=moment, modified=moment, tags=()
        )

    def post_page(self, post: Post) -> Answer:
        f = self.faults
        if f.post_status:
            return Answer(f.post_status, b"<h1>Error establishing a database connection</h1>")
        if fault := self._first_time_fault(post.id):
            return fault
        delay = f.slow_seconds if post.id == f.slow_post else 0.0
        headers = {"Link": f"<{self.ctx.shortlink(post.id)}>; rel=shortlink"}
        if self.setup.rest:
            api = self.ctx.rest_url(f"/wp/v2/posts/{post.id}")
            headers["Link"] = f'<{self.ctx.rest_url("/")}>; rel="https://api.w.org/", ' + (
                f'<{api}>; rel="alternate"; title="JSON"; type="application/json", '
                + headers["Link"]
            )
        content_type = "text/html; charset=UTF-8"
        if post.id == f.broken_post:
            page = self.theme(post).render_post(self.ctx, post, body="").encode()
        else:
            page = self._render_post(post)
        if f.spoofed_shortlink and post.id == f.spoofed_shortlink[0]:
            other = self.ctx.shortlink(f.spoofed_shortlink[1])
            page = page.replace(
                f"href='{self.ctx.shortlink(post.id)}'".encode(), f"href='{other}'".encode()
            )
        if post.id == f.bad_bytes_post:  # a plugin wrote a few bytes of another charset
            page = page.replace(b"</p>", b"\x96\x93</p>", 3)
        if post.id == f.cp1252_post:  # the page says windows-1252, the server says UTF-8
            html = page.decode().replace('<meta charset="UTF-8">', '<meta charset="windows-1252">')
            page = html.encode("cp1252", errors="xmlcharrefreplace")
        if f.unknown_template:  # a redesign no profile knows: no theme marker, new classes
            page = page.replace(b"oceanwp-theme", b"novatheme").replace(b"entry-content", b"isi")
        if post.id == f.huge_post:
            page = page.replace(b"</body>", b"<!--" + b" " * 300_000 + b"--></body>")
        return Answer(200, page, content_type=content_type, headers=headers, delay=delay)

    def _first_time_fault(self, post_id: int) -> Answer | None:
        """The fault a post shows on its first request only (500, 429, reset, hang)."""
        f = self.faults
        if post_id not in {f.flaky_post, f.throttled_post, f.reset_post, f.hang_post}:
            return None
        with self._lock:
            if post_id in self._served_once:
                return None
            self._served_once.add(post_id)
        if post_id == f.flaky_post:
            return Answer(500, b"<h1>Error establishing a database connection</h1>")
        if post_id == f.throttled_post:
            return Answer(429, b"Too Many Requests", headers={"Retry-After": str(f.retry_after)})
        if post_id == f.reset_post:
            return Answer(0, b"", drop=True)
        return Answer(200, self._render_post(self._by_id[post_id]), delay=f.hang_seconds)

    # --- changes between crawls --------------------------------------------------

    def publish(self, post: Post) -> None:
        """Add a post to the site, as an editor publishing it would."""
        self._set_posts((*self.posts, post))

    def edit_post(self, post_id: int, **changes: Any) -> Post:
        """Change a post as an editor would; its modification time moves."""
        old = self._by_id[post_id]
        changes.setdefault("modified", max(old.modified, old.published) + timedelta(days=30))
        new = replace(old, **changes, post_name=old.slug)  # a new title keeps the slug
        self._set_posts(tuple(new if p.id == post_id else p for p in self.posts))
        return new

    def delete_post(self, post_id: int, stale_sitemap: bool = False) -> None:
        """Remove a post: it answers 404 and leaves the sitemaps (unless a stale cache
        keeps listing it, with a new lastmod)."""
        self._set_posts(tuple(p for p in self.posts if p.id != post_id))
        if stale_sitemap:
            self._stale_entries.append((self.ctx.shortlink(post_id), "2026-01-01T00:00:00+00:00"))

    def set_setup(self, setup: Setup) -> None:
        """Reconfigure WordPress (switch permalinks, turn Yoast's sitemaps or the API on/off)."""
        self.setup = setup
        self.ctx = replace(self.ctx, pretty=setup.pretty)
        self._render_post.cache_clear()

    def _set_posts(self, posts: tuple[Post, ...]) -> None:
        self.posts = posts
        self.ctx = replace(self.ctx, posts=posts)
        self._by_id = {p.id: p for p in posts}
        self._render_post.cache_clear()

    def old_permalink(self, path: str) -> Answer:
        """WordPress's old-slug redirect: /YYYY/MM/DD/slug/ answers 301 to the post."""
        post = self._by_id.get(self.faults.old_url or -1)
        if post and self.old_url(post) == self.base_url + path.lstrip("/"):
            return redirect(self.ctx.post_url(post.id))
        return self.not_found()

    def static_page(self, raw_id: str) -> Answer:
        page = next((p for p in self.ctx.pages if str(p.id) == raw_id), None)
        if page is None:
            return self.not_found()
        return Answer(200, oceanwp.render_page(self.ctx, page).encode())

    def attachment(self, raw_id: str) -> Answer:
        """Attachment pages: WordPress gives every featured image one (id = post id + 1)."""
        for post in self.posts:
            if post.featured and str(post.id + 1) == raw_id:
                url = post.upload_url(self.base_url, post.featured[0])
                return Answer(
                    200, oceanwp.render_attachment(self.ctx, post, post.id + 1, url).encode()
                )
        return self.not_found()

    # --- listings ----------------------------------------------------------------

    def home(self, page: int) -> Answer:
        extra = []
        if page == 1 and self.faults.old_url in self._by_id:
            old = self._by_id[self.faults.old_url]
            extra.append((old.title, self.old_url(old)))
        if page == 1 and self.faults.offsite_url:
            extra.append(("Rilis bersama mitra kerja sama", self.faults.offsite_url))
        return self.listing(
            "Berita Terbaru", list(self.posts), page, self.base_url, "home blog", extra
        )

    def category(self, name: str, page: int) -> Answer:
        cid = self.identity.category_ids[name]
        return self.listing(
            name,
            [p for p in self.posts if name in p.categories],
            page,
            self.ctx.category_url(name),
            f"archive category category-{wp_slug(name)} category-{cid}",
        )

    def tag(self, slug: str, page: int) -> Answer:
        tagged = [p for p in self.posts if slug in map(wp_slug, p.tags)]
        if not tagged:
            return self.not_found()
        name = next(t for t in tagged[0].tags if wp_slug(t) == slug)
        return self.listing(name, tagged, page, self.ctx.tag_url(name), f"archive tag tag-{slug}")

    def month(self, yyyymm: str, page: int) -> Answer:
        month = [p for p in self.posts if f"{p.published:%Y%m}" == yyyymm]
        if not month:
            return self.not_found()
        first = month[0].published
        name = f"Bulan: {content.MONTHS[first.month - 1]} {first.year}"
        url = self.ctx.date_url(first.year, first.month)
        return self.listing(name, month, page, url, "archive date")

    def author(self, page: int) -> Answer:
        url = self.ctx.author_url()
        return self.listing(self.identity.author, list(self.posts), page, url, "archive author")

    def search(self, words: str, page: int) -> Answer:
        found = [p for p in self.posts if words.lower() in expected_text(p).lower()]
        url = self.ctx.search_url(words)
        return self.listing(f"Hasil pencarian: {words}", found, page, url, "search")

    def listing(
        self,
        heading: str,
        posts: list[Post],
        page: int,
        first_page: str,
        body_class: str,
        extra: list[tuple[str, str]] | None = None,
    ) -> Answer:
        total = max(1, math.ceil(len(posts) / POSTS_PER_PAGE))
        if page < 1 or page > total:
            return self.not_found()
        shown = posts[(page - 1) * POSTS_PER_PAGE : page * POSTS_PER_PAGE]
        html = oceanwp.render_listing(
            self.ctx,
            heading=heading,
            posts=shown,
            page=page,
            total_pages=total,
            url_for_page=lambda n: self.ctx.listing_page(first_page, n),
            body_class=f"{body_class} paged-{page}",
            extra_entries=extra or [],
        )
        return Answer(200, html.encode())

    def not_found(self) -> Answer:
        return Answer(404, oceanwp.render_not_found(self.ctx).encode())

    def upload(self, path: str) -> Answer:
        """Media files: a tiny valid file of the right type for any uploaded name."""
        if path.endswith((".jpg", ".jpeg")):
            return Answer(200, _JPEG, content_type="image/jpeg")
        if path.endswith(".png"):
            return Answer(200, _PNG, content_type="image/png")
        if path.endswith(".pdf"):
            return Answer(200, _PDF, content_type="application/pdf")
        return Answer(200, b"PK\x05\x06" + bytes(18), content_type="application/octet-stream")

    # --- machine surfaces (surfaces.py prints them) --------------------------------

    def robots_txt(self) -> Answer:
        f, ctx = self.faults, self.ctx
        rules = ["Disallow: /?s="] + (
            [f"Disallow: /?p={f.disallowed_post}"] if f.disallowed_post else []
        )
        sitemap = None
        if f.sitemaps:
            yoast = f"{ctx.base_url}sitemap_index.xml"
            sitemap = yoast if self.setup.yoast_sitemaps else surfaces.core_index_url(ctx)
        body = surfaces.robots_txt(sitemap, rules, f.disallow_all)
        if f.gzip_bomb_mb:
            body += f"Sitemap: {ctx.base_url}{GZIP_BOMB}\n"
        return Answer(200, body.encode(), content_type="text/plain; charset=utf-8")

    def gzip_bomb(self) -> Answer:
        """A small gzip file holding a sitemap of `gzip_bomb_mb` MB (a plugin gone wrong)."""
        if not self.faults.gzip_bomb_mb:
            return self.not_found()
        return Answer(
            200, _gzip_bomb(self.base_url, self.faults.gzip_bomb_mb), "application/x-gzip"
        )

    def _post_entries(self, yoast: bool) -> list[surfaces.Entry]:
        """The post sitemap's entries: by id as core lists them, by modification as Yoast."""
        ctx = self.ctx
        ordered = sorted(self.posts, key=(lambda p: p.modified) if yoast else (lambda p: p.id))
        stamp = surfaces.yoast_time if yoast else surfaces.w3c
        images = surfaces.post_images if yoast else (lambda ctx, post: ())
        entries: list[surfaces.Entry] = [
            (ctx.post_url(p.id), stamp(p.modified), images(ctx, p)) for p in ordered
        ]
        if yoast:  # the posts page (the home page) opens Yoast's post sitemap
            newest = max((p.modified for p in self.posts), default=None)
            entries.insert(0, (ctx.base_url, stamp(newest) if newest else None, ()))
        entries += [(loc, lastmod, ()) for loc, lastmod in self._stale_entries]
        f = self.faults
        entries[2:2] = [(entry, None, ()) for entry in f.bad_entries]
        entries += self._bulk_entries(yoast)
        if f.old_url in self._by_id:
            post = self._by_id[f.old_url]
            entries.append((self.old_url(post), stamp(post.modified), ()))
        if f.missing_in_sitemap:
            entries.append((ctx.shortlink(MISSING_POST_ID), "2024-06-03T02:00:00+00:00", ()))
        if f.non_html:
            entries.append((ctx.shortlink(NOT_HTML_POST_ID), "2024-06-10T02:00:00+00:00", ()))
        if f.offsite_url:
            entries.append((ctx.shortlink(MOVED_POST_ID), "2024-07-01T02:00:00+00:00", ()))
            entries.append((f.offsite_url, "2024-07-01T02:00:00+00:00", ()))
        return entries

    def _bulk_entries(self, yoast: bool) -> list[surfaces.Entry]:
        """The `bulk_posts` fault's entries, made once: there may be a million."""
        if yoast not in self._bulk:
            stamp, ctx = surfaces.yoast_time if yoast else surfaces.w3c, self.ctx
            self._bulk[yoast] = [
                (ctx.shortlink(BULK_FIRST + n), stamp(self.bulk_post(BULK_FIRST + n).modified), ())
                for n in range(self.faults.bulk_posts)
            ]
        return self._bulk[yoast]

    def _serves_core_sitemaps(self) -> bool:
        return self.faults.sitemaps and not self.setup.yoast_sitemaps

    def core_sitemap(self, q: dict[str, str]) -> Answer:
        """`?sitemap=...`: core's sitemaps; the home page when they are off (an unknown var)."""
        if not self._serves_core_sitemaps():
            return self.home(1)
        kind, subtype, n = q["sitemap"], q.get("sitemap-subtype", ""), _int(q.get("paged", "1"))
        return self._core_answer(kind, subtype, n or 0)

    def _core_answer(self, kind: str, subtype: str, n: int) -> Answer:
        ctx = self.ctx
        size = self.sitemap_page_size or surfaces.CORE_PER_SITEMAP
        posts = self._post_entries(yoast=False)
        if kind == "index":
            return xml(surfaces.core_index(ctx, math.ceil(len(posts) / size)))
        if kind == "posts" and subtype == "post":
            entries = posts[(n - 1) * size : n * size] if n >= 1 else []
        elif n != 1:
            entries = []
        else:
            categories, tags = surfaces.term_entries(ctx, self.posts)
            pages: list[surfaces.Entry] = [(ctx.page_url(p.id), None, ()) for p in ctx.pages]
            lists: dict[tuple[str, str], list[surfaces.Entry]] = {
                ("posts", "page"): [(ctx.base_url, None, ()), *pages],  # the home page first
                ("taxonomies", "category"): categories,
                ("taxonomies", "post_tag"): tags,
                ("users", ""): [(ctx.author_url(), None, ())],
            }
            entries = lists.get((kind, subtype), [])
        return xml(surfaces.core_urlset(ctx, entries)) if entries else self.not_found()

    def pretty_sitemap(self, name: str) -> Answer:
        """`/wp-sitemap*.xml` (core) or Yoast's `*sitemap*.xml`, as the setup serves them."""
        if not self.faults.sitemaps:
            return self.not_found()
        if not self.setup.yoast_sitemaps:
            if name == "wp-sitemap.xml":
                return self._core_answer("index", "", 0)
            match = re.fullmatch(r"wp-sitemap-(posts|taxonomies|users)(?:-(\w+))?-(\d+)\.xml", name)
            if not match:
                return self.not_found()
            return self._core_answer(match[1], match[2] or "", int(match[3]))
        if name == "wp-sitemap.xml":  # Yoast sends core's index to its own
            return redirect(f"{self.base_url}sitemap_index.xml")
        return self.yoast_sitemap(name)

    def yoast_sitemap(self, name: str) -> Answer:
        ctx = self.ctx
        size = self.sitemap_page_size or surfaces.YOAST_PER_SITEMAP
        posts = self._post_entries(yoast=True)
        post_maps = [
            "post-sitemap.xml" if n == 1 else f"post-sitemap{n}.xml"
            for n in range(1, math.ceil(len(posts) / size) + 1)
        ]
        newest = max((p.modified for p in self.posts), default=None)
        stamp = surfaces.yoast_time(newest) if newest else None
        if name == "sitemap_index.xml":
            names = [*post_maps, "page-sitemap.xml", "category-sitemap.xml"]
            names += ["post_tag-sitemap.xml", "author-sitemap.xml"]
            return xml(surfaces.yoast_index(ctx, [(n, stamp) for n in names]))
        categories, tags = surfaces.term_entries(ctx, self.posts)
        if name in post_maps:
            n = post_maps.index(name)
            entries = posts[n * size : (n + 1) * size]
        else:
            others: dict[str, list[surfaces.Entry]] = {
                "page-sitemap.xml": [(ctx.page_url(p.id), stamp, ()) for p in ctx.pages],
                "category-sitemap.xml": categories,
                "post_tag-sitemap.xml": tags,
                "author-sitemap.xml": [(ctx.author_url(), stamp, ())],
            }
            entries = others.get(name, [])
        return xml(surfaces.yoast_urlset(ctx, entries)) if entries else self.not_found()

    def feed(self) -> Answer:
        body = surfaces.rss_feed(self.ctx, self.posts)
        return Answer(200, body.encode(), content_type="application/rss+xml; charset=UTF-8")


@cache
def _gzip_bomb(base_url: str, megabytes: int) -> bytes:
    entry = f"<url><loc>{base_url}?p=1</loc></url>".encode()
    chunk = entry * (2**20 // len(entry))
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    parts = [packer.compress(b'<?xml version="1.0" encoding="UTF-8"?><urlset>')]
    parts += [packer.compress(chunk) for _ in range(megabytes)]
    parts += [packer.compress(b"</urlset>"), packer.flush()]
    return b"".join(parts)


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


# A 1x1 transparent PNG and a minimal one-page PDF: enough for a media URL to be real.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e5270ade0000000049454e44ae426082"
)
_JPEG = bytes.fromhex(  # 2x2 pixels, baseline JPEG
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a1816"
    "16183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c6567"
    "63ffdb0043011112121815182f1a1a2f63423842636363636363636363636363636363636363636363636363"
    "6363636363636363636363636363636363636363636363636363ffc000110800020002030122000211010311"
    "01ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303"
    "020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f024"
    "33627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63646566"
    "6768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7"
    "b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc400"
    "1f0100030101010101010101010000000000000102030405060708090a0bffc400b511000201020404030407"
    "05040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a"
    "162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a63646566676869"
    "6a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9"
    "bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c030100"
    "02110311003f00c0a28a2bd83cc3ffd9"
)
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
