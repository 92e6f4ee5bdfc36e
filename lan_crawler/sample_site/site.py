"""Routing of the sample site: which bytes answer which WordPress URL, faults included.

`SampleSite.respond()` is pure apart from the fault state (the flaky post's first
answer); the HTTP server in `server.py` only moves its answers over the wire.
"""

from __future__ import annotations

import math
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, timedelta
from email.utils import format_datetime
from functools import cache
from html import escape
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from lan_crawler.sample_site import blocks, content, elementor, oceanwp
from lan_crawler.sample_site.content import Context, StaticPage
from lan_crawler.sample_site.posts import (
    CATEGORIES,
    Post,
    expected_record,
    expected_text,
    load_posts,
    wp_slug,
)

POSTS_PER_PAGE = 10  # WordPress's default "Blog pages show at most"
GZIP_BOMB = "sitemap-arsip.xml.gz"


class Theme(Protocol):
    def render_post(self, ctx: Context, post: Post, body: str | None = None) -> str: ...


# how a single post can look: lan.go.id's theme, an Elementor redesign, a block theme
THEMES: dict[str, Theme] = {"oceanwp": oceanwp, "elementor": elementor, "block-theme": blocks}
TEMPLATES = (*THEMES, "mixed")
FEED_ITEMS = 10

# ids WordPress would have given to things that are not posts of the site
MISSING_POST_ID = 8999  # listed by a stale sitemap cache, deleted since: 404
MOVED_POST_ID = 8998  # moved to another site: 301 off-site
NOT_HTML_POST_ID = 8997  # a post URL that answers with a PDF

STATIC_PAGES = (
    StaticPage(
        2,
        "Profil",
        (
            "Lembaga Administrasi Negara adalah lembaga pemerintah nonkementerian yang bertugas "
            "melaksanakan pengkajian dan pendidikan serta pelatihan aparatur sipil negara.",
        ),
    ),
    StaticPage(
        14,
        "Sejarah",
        (
            "Lembaga ini berdiri pada 1957 dan sejak itu terus menyesuaikan peran dengan kebutuhan "
            "birokrasi Indonesia.",
        ),
        parent=2,
    ),
    StaticPage(
        16,
        "Visi dan Misi",
        (
            "Visi: menjadi lembaga pembina administrasi negara yang unggul.",
            "Misi: menyelenggarakan kajian, pengembangan kompetensi, dan pendidikan tinggi terapan.",
        ),
        parent=2,
    ),
    StaticPage(
        18,
        "Struktur Organisasi",
        ("Struktur organisasi terdiri atas Kepala, Sekretariat Utama, dan empat Kedeputian.",),
        parent=2,
    ),
    StaticPage(
        20,
        "PPID",
        (
            "Pejabat Pengelola Informasi dan Dokumentasi melayani permohonan informasi publik "
            "pada hari kerja.",
        ),
    ),
    StaticPage(22, "Kontak", (f"Alamat: {content.ADDRESS}. {content.PHONE}.",)),
)


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
    sitemaps: bool = True  # False: no Sitemap line in robots.txt, no wp-sitemap.xml
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


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/html; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


class SampleSite:
    """A LAN-like WordPress site at `base_url` (which must end with a slash)."""

    def __init__(
        self,
        base_url: str,
        faults: Faults | None = None,
        posts: tuple[Post, ...] | None = None,
        sitemap_page_size: int = 2000,
        template: str = "oceanwp",
    ) -> None:
        if template not in TEMPLATES:
            raise ValueError(f"unknown template {template!r}; known: {', '.join(TEMPLATES)}")
        self.template = template
        self.posts = posts if posts is not None else load_posts()
        self.faults = faults or Faults()
        self.sitemap_page_size = sitemap_page_size
        self.ctx = Context(base_url, self.posts, STATIC_PAGES, self.faults.tracking_links)
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
        """The pretty permalink the post had before the site switched to plain permalinks."""
        return f"{self.base_url}{post.published:%Y/%m/%d}/{post.slug}/"

    # --- routing ---------------------------------------------------------------

    def respond(self, target: str) -> Answer:
        """The answer to a GET of `target` (path and query, as sent on the request line)."""
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        routes: dict[str, Callable[[], Answer]] = {
            "/robots.txt": self.robots_txt,
            "/wp-sitemap.xml": self.sitemap_index,
            f"/{GZIP_BOMB}": self.gzip_bomb,
        }
        if path in routes:
            return routes[path]()
        if path.startswith("/wp-sitemap-"):
            return self.sub_sitemap(path.removeprefix("/wp-sitemap-").removesuffix(".xml"))
        if path.startswith("/wp-content/uploads/"):
            return self.upload(path)
        if path not in ("/", "/index.php"):
            return self.old_permalink(path)
        return self.query_route(query)

    def query_route(self, q: dict[str, str]) -> Answer:
        page = _int(q.get("paged", "1"))
        if page is None:
            return self.not_found()
        if "feed" in q:
            return self.feed() if q["feed"] in ("rss2", "rss", "") else self.not_found()
        if "p" in q:
            return self.single(q["p"])
        if "page_id" in q:
            return self.static_page(q["page_id"])
        if "attachment_id" in q:
            return self.attachment(q["attachment_id"])
        if "cat" in q:
            name = next((n for n, cid in CATEGORIES.items() if str(cid) == q["cat"]), None)
            if name is None:
                return self.not_found()
            return self.listing(
                name,
                [p for p in self.posts if name in p.categories],
                page,
                f"?cat={q['cat']}&",
                f"archive category category-{wp_slug(name)} category-{q['cat']}",
            )
        if "tag" in q:
            tagged = [p for p in self.posts if q["tag"] in map(wp_slug, p.tags)]
            if not tagged:
                return self.not_found()
            name = next(t for t in tagged[0].tags if wp_slug(t) == q["tag"])
            return self.listing(
                name, tagged, page, f"?tag={q['tag']}&", f"archive tag tag-{q['tag']}"
            )
        if "m" in q:
            month = [p for p in self.posts if f"{p.published:%Y%m}" == q["m"]]
            if not month:
                return self.not_found()
            name = (
                f"Bulan: {content.MONTHS[month[0].published.month - 1]} {month[0].published.year}"
            )
            return self.listing(name, month, page, f"?m={q['m']}&", "archive date")
        if "author" in q:
            return self.listing(
                "Humas LAN", list(self.posts), page, f"?author={q['author']}&", "archive author"
            )
        if "s" in q:
            found = [p for p in self.posts if q["s"].lower() in expected_text(p).lower()]
            return self.listing(
                f"Hasil pencarian: {q['s']}", found, page, f"?s={q['s']}&", "search"
            )
        if q and set(q) - {"paged"} and not all(k.startswith("utm_") for k in q):
            return self.not_found()
        extra = []
        if page == 1 and self.faults.old_url in self._by_id:
            old = self._by_id[self.faults.old_url]
            extra.append((old.title, self.old_url(old)))
        if page == 1 and self.faults.offsite_url:
            extra.append(("Rilis bersama mitra kerja sama", self.faults.offsite_url))
        return self.listing("Berita Terbaru", list(self.posts), page, "?", "home blog", extra)

    # --- pages -----------------------------------------------------------------

    def single(self, raw_id: str) -> Answer:
        post_id = _int(raw_id)
        if post_id == MOVED_POST_ID and self.faults.offsite_url:
            return Answer(301, b"", headers={"Location": self.faults.offsite_url})
        if post_id in {p.id for p in STATIC_PAGES}:
            return Answer(301, b"", headers={"Location": f"{self.base_url}?page_id={post_id}"})
        if post_id == NOT_HTML_POST_ID and self.faults.non_html:
            return Answer(200, _PDF, content_type="application/pdf")
        post = self._by_id.get(post_id) if post_id is not None else None
        if post is None:
            return self.not_found()
        if fault := self._first_time_fault(post.id):
            return fault
        f = self.faults
        delay = f.slow_seconds if post.id == f.slow_post else 0.0
        headers = {"Link": f"<{self.ctx.shortlink(post.id)}>; rel=shortlink"}
        content_type = "text/html; charset=UTF-8"
        if post.id == f.broken_post:
            page = self.theme(post).render_post(self.ctx, post, body="").encode()
        else:
            page = self._render_post(post)
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

    def edit_post(self, post_id: int, **changes: Any) -> Post:
        """Change a post as an editor would; its modification time moves."""
        old = self._by_id[post_id]
        changes.setdefault("modified", max(old.modified, old.published) + timedelta(days=30))
        new = replace(old, **changes)
        self._set_posts(tuple(new if p.id == post_id else p for p in self.posts))
        return new

    def delete_post(self, post_id: int, stale_sitemap: bool = False) -> None:
        """Remove a post: it answers 404 and leaves the sitemaps (unless a stale cache
        keeps listing it, with a new lastmod)."""
        self._set_posts(tuple(p for p in self.posts if p.id != post_id))
        if stale_sitemap:
            self._stale_entries.append((self.ctx.post_url(post_id), "2026-01-01T00:00:00+00:00"))

    def _set_posts(self, posts: tuple[Post, ...]) -> None:
        self.posts = posts
        self.ctx = replace(self.ctx, posts=posts)
        self._by_id = {p.id: p for p in posts}
        self._render_post.cache_clear()

    def old_permalink(self, path: str) -> Answer:
        """WordPress's old-slug redirect: /YYYY/MM/DD/slug/ answers 301 to the post."""
        post = self._by_id.get(self.faults.old_url or -1)
        if post and self.old_url(post) == self.base_url + path.lstrip("/"):
            return Answer(301, b"", headers={"Location": self.ctx.post_url(post.id)})
        return self.not_found()

    def static_page(self, raw_id: str) -> Answer:
        page = next((p for p in STATIC_PAGES if str(p.id) == raw_id), None)
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

    def listing(
        self,
        heading: str,
        posts: list[Post],
        page: int,
        prefix: str,
        body_class: str,
        extra: list[tuple[str, str]] | None = None,
    ) -> Answer:
        total = max(1, math.ceil(len(posts) / POSTS_PER_PAGE))
        if page < 1 or page > total:
            return self.not_found()
        shown = posts[(page - 1) * POSTS_PER_PAGE : page * POSTS_PER_PAGE]

        def url_for_page(n: int) -> str:
            base = f"{self.base_url}{prefix}".rstrip("?&")
            return base if n == 1 else f"{self.base_url}{prefix}paged={n}"

        html = oceanwp.render_listing(
            self.ctx,
            heading=heading,
            posts=shown,
            page=page,
            total_pages=total,
            url_for_page=url_for_page,
            body_class=f"{body_class} paged-{page}",
            extra_entries=extra or [],
        )
        return Answer(200, html.encode())

    def not_found(self) -> Answer:
        return Answer(404, oceanwp.render_not_found(self.ctx).encode())

    def upload(self, path: str) -> Answer:
        """Media files: a tiny valid file of the right type for any uploaded name."""
        if path.endswith((".jpg", ".jpeg", ".png")):
            return Answer(200, _PNG, content_type="image/png")
        if path.endswith(".pdf"):
            return Answer(200, _PDF, content_type="application/pdf")
        return Answer(200, b"PK\x05\x06" + bytes(18), content_type="application/octet-stream")

    # --- machine surfaces --------------------------------------------------------

    def robots_txt(self) -> Answer:
        lines = [
            "User-agent: *",
            "Disallow: /wp-admin/",
            "Allow: /wp-admin/admin-ajax.php",
            "Disallow: /?s=",
        ]
        if self.faults.disallowed_post:
            lines.append(f"Disallow: /?p={self.faults.disallowed_post}")
        if self.faults.disallow_all:
            lines = ["User-agent: *", "Disallow: /"]
        if self.faults.sitemaps:
            lines += ["", f"Sitemap: {self.base_url}wp-sitemap.xml"]
        if self.faults.gzip_bomb_mb:
            lines.append(f"Sitemap: {self.base_url}{GZIP_BOMB}")
        return Answer(
            200, ("\n".join(lines) + "\n").encode(), content_type="text/plain; charset=utf-8"
        )

    def gzip_bomb(self) -> Answer:
        """A small gzip file holding a sitemap of `gzip_bomb_mb` MB (a plugin gone wrong)."""
        if not self.faults.gzip_bomb_mb:
            return self.not_found()
        return Answer(
            200, _gzip_bomb(self.base_url, self.faults.gzip_bomb_mb), "application/x-gzip"
        )

    def _post_sitemap_entries(self) -> list[tuple[str, str]]:
        """(loc, lastmod) of the post sitemap, oldest first as WordPress orders it."""
        entries = [(self.ctx.post_url(p.id), _w3c(p)) for p in reversed(self.posts)]
        entries += self._stale_entries
        if self.faults.old_url in self._by_id:
            post = self._by_id[self.faults.old_url]
            entries.append((self.old_url(post), _w3c(post)))
        if self.faults.missing_in_sitemap:
            entries.append((self.ctx.post_url(MISSING_POST_ID), "2024-06-03T02:00:00+00:00"))
        if self.faults.non_html:
            entries.append((self.ctx.post_url(NOT_HTML_POST_ID), "2024-06-10T02:00:00+00:00"))
        if self.faults.offsite_url:
            entries.append((self.ctx.post_url(MOVED_POST_ID), "2024-07-01T02:00:00+00:00"))
            entries.append((self.faults.offsite_url, "2024-07-01T02:00:00+00:00"))
        return entries

    def sitemap_index(self) -> Answer:
        if not self.faults.sitemaps:
            return self.not_found()
        pages = math.ceil(len(self._post_sitemap_entries()) / self.sitemap_page_size)
        names = [f"posts-post-{n}" for n in range(1, pages + 1)]
        names += ["posts-page-1", "taxonomies-category-1", "taxonomies-post_tag-1", "users-1"]
        locs = "".join(
            f"<sitemap><loc>{self.base_url}wp-sitemap-{n}.xml</loc></sitemap>" for n in names
        )
        return _xml(
            f'<?xml-stylesheet type="text/xsl" href="{self.base_url}wp-sitemap-index.xsl" ?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>\n'
        )

    def sub_sitemap(self, name: str) -> Answer:
        if not self.faults.sitemaps:
            return self.not_found()
        kind, _, number = name.rpartition("-")
        n = _int(number) or 0
        entries: list[tuple[str, str | None]]
        if kind == "posts-post":
            size = self.sitemap_page_size
            entries = list(self._post_sitemap_entries()[(n - 1) * size : n * size])
        elif kind == "posts-page" and n == 1:
            entries = [(f"{self.base_url}?page_id={p.id}", None) for p in STATIC_PAGES]
        elif kind == "taxonomies-category" and n == 1:
            entries = [(f"{self.base_url}?cat={cid}", None) for cid in CATEGORIES.values()]
        elif kind == "taxonomies-post_tag" and n == 1:
            tags = sorted({wp_slug(t) for p in self.posts for t in p.tags})
            entries = [(f"{self.base_url}?tag={t}", None) for t in tags]
        elif kind == "users" and n == 1:
            entries = [(f"{self.base_url}?author=2", None)]
        else:
            entries = []
        if not entries:
            return self.not_found()
        urls = "".join(
            f"<url><loc>{escape(loc)}</loc>"
            + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
            + "</url>"
            for loc, lastmod in entries
        )
        return _xml(
            f'<?xml-stylesheet type="text/xsl" href="{self.base_url}wp-sitemap.xsl" ?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
        )

    def feed(self) -> Answer:
        items = []
        for post in self.posts[:FEED_ITEMS]:
            link = self.ctx.listed_url(post, "rss")
            cats = "".join(
                f"<category><![CDATA[{c}]]></category>" for c in post.categories + post.tags
            )
            items.append(
                f"<item><title>{content.text(post.title)}</title><link>{escape(link)}</link>"
                f"<dc:creator><![CDATA[{post.author}]]></dc:creator>"
                f"<pubDate>{format_datetime(post.published.astimezone(UTC), usegmt=True)}</pubDate>{cats}"
                f'<guid isPermaLink="false">{self.ctx.post_url(post.id)}</guid>'
                f"<description><![CDATA[{content.excerpt(post)} [&#8230;]]]></description>"
                f"<content:encoded><![CDATA[{content.content_html(self.ctx, post)}]]></content:encoded>"
                "</item>"
            )
        newest = self.posts[0].modified if self.posts else None
        last_build = format_datetime(newest.astimezone(UTC), usegmt=True) if newest else ""
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n<channel>'
            f"<title>{content.SITE_NAME}</title>"
            f'<atom:link href="{self.base_url}?feed=rss2" rel="self" type="application/rss+xml" />'
            f"<link>{self.base_url}</link><description>{content.TAGLINE}</description>"
            f"<lastBuildDate>{last_build}</lastBuildDate><language>id</language>"
            "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>"
            f"<generator>https://wordpress.org/?v=6.6.2</generator>{''.join(items)}</channel></rss>\n"
        )
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


def _w3c(post: Post) -> str:
    return post.modified.astimezone(UTC).isoformat()


def _xml(body: str) -> Answer:
    return Answer(
        200,
        ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode(),
        content_type="application/xml; charset=UTF-8",
    )


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


# A 1x1 transparent PNG and a minimal one-page PDF: enough for a media URL to be real.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e5270ade0000000049454e44ae426082"
)
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
