"""The sample site's posts: the `.post` source format and the ground truth it implies.

Each post is written once, in `posts/<id>.post` (format in README.md). The theme
renders it to HTML; the functions here say what a perfect extractor must get
back from that HTML, independently of the extractor's code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lan_crawler.record import content_sha256, word_count

WIB = timezone(timedelta(hours=7))
POSTS_DIR = Path(__file__).parent / "posts"

CATEGORIES: dict[str, int] = {
    "Berita": 3,
    "Pengembangan Kompetensi": 5,
    "Kajian Kebijakan": 7,
    "Inovasi Administrasi Negara": 9,
    "Politeknik STIA LAN": 11,
    "Pengumuman": 13,
}

INLINE = re.compile(r"\*\*(?P<b>.+?)\*\*|\*(?P<i>.+?)\*|\[(?P<t>[^\]]+)\]\((?P<u>[^)\s]+)\)")
_DATELINE = re.compile(r"^(?P<place>[^\s–—-][^–—]{0,40}?) [–—-] ")


@dataclass(frozen=True)
class Block:
    """One body block: `kind` is paragraph, heading, quote, ul, ol, table, image, file or baca."""

    kind: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Post:
    id: int
    title: str
    published: datetime
    modified: datetime
    author: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    featured: tuple[str, str] | None  # (file name, alt text)
    blocks: tuple[Block, ...]
    post_name: str | None = None  # the slug, once the title was edited (WordPress keeps it)

    @property
    def slug(self) -> str:
        return self.post_name or wp_slug(self.title)

    def upload_url(self, base_url: str, file_name: str) -> str:
        """Where WordPress stores a media file uploaded with this post."""
        return f"{base_url}wp-content/uploads/{self.published:%Y/%m}/{file_name}"


def wp_slug(title: str) -> str:
    """WordPress's sanitize_title, near enough: ASCII, lower case, hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def parse_post(source: str, tz: tzinfo = WIB) -> Post:
    """Parse one `.post` file's text; its times are local to the site's zone `tz`."""
    head, sep, body = source.partition("\n---\n")
    if not sep:
        raise ValueError("missing '---' line between header and body")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()

    def when(key: str) -> datetime:
        return datetime.strptime(fields[key], "%Y-%m-%d %H:%M").replace(tzinfo=tz)

    def names(key: str) -> tuple[str, ...]:
        return tuple(n.strip() for n in fields.get(key, "").split(";") if n.strip())

    featured = None
    if "featured" in fields:
        file_name, _, alt = fields["featured"].partition("|")
        featured = (file_name.strip(), alt.strip())
    published = when("published")
    return Post(
        id=int(fields["id"]),
        title=fields["title"],
        published=published,
        modified=when("modified") if "modified" in fields else published,
        author=fields["author"],
        categories=names("categories"),
        tags=names("tags"),
        featured=featured,
        blocks=tuple(_parse_block(chunk) for chunk in body.strip("\n").split("\n\n")),
    )


def _parse_block(chunk: str) -> Block:
    lines = tuple(chunk.split("\n"))
    first = lines[0]
    if first.startswith("## "):
        return Block("heading", (first[3:],))
    if first.startswith("> "):
        return Block("quote", tuple(line[2:] for line in lines))
    if first.startswith("- "):
        return Block("ul", tuple(line[2:] for line in lines))
    if re.match(r"\d+\. ", first):
        return Block("ol", tuple(line.split(". ", 1)[1] for line in lines))
    if first.startswith("|"):
        return Block("table", lines)
    match = re.fullmatch(r"\[(image|file|baca): (.+)\]", first)
    if match:
        return Block(match[1], tuple(part.strip() for part in match[2].split("|")))
    if len(lines) > 1:
        raise ValueError(f"paragraph wrapped over several lines: {first[:60]!r}")
    return Block("paragraph", lines)


def table_rows(block: Block) -> list[list[str]]:
    """The table's cells, row by row; Markdown's `|---|` separator rows are skipped."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.lines]
    return [row for row in rows if not all(re.fullmatch(r":?-+:?", cell) for cell in row)]


@cache
def load_posts(folder: Path = POSTS_DIR, tz: tzinfo = WIB) -> tuple[Post, ...]:
    """Every post in `folder` (LAN's by default), newest first (the order of WordPress
    listings), its times local to `tz`."""
    posts = [parse_post(p.read_text(encoding="utf-8"), tz) for p in folder.glob("*.post")]
    return tuple(sorted(posts, key=lambda p: (p.published, p.id), reverse=True))


def synthetic_posts(count: int) -> tuple[Post, ...]:
    """`count` posts made from the written ones (new ids, titles and dates), for benchmarks.

    Deterministic; one every six hours back from the newest written post.
    "Baca juga" lines are left out, since they would point to posts of the written set.
    """
    written = load_posts()
    start = written[0].published
    made = []
    for n in range(count):
        model = written[n % len(written)]
        moment = start - timedelta(hours=6 * n)
        made.append(
            replace(
                model,
                id=20000 + 3 * (count - n),
                title=f"{model.title} (Seri {n + 1})",
                published=moment,
                modified=moment,
                blocks=tuple(b for b in model.blocks if b.kind != "baca"),
            )
        )
    return tuple(made)


# --- ground truth: what a perfect extraction of a rendered post returns -----------


def inline_text(markup: str) -> str:
    """The visible text of inline markup."""
    return INLINE.sub(lambda m: m["b"] or m["i"] or m["t"], markup)


def expected_text(post: Post) -> str:
    """The clean body: one paragraph per block, blank-line separated, chrome-free."""
    parts: list[str] = []
    for block in post.blocks:
        if block.kind in ("paragraph", "heading"):
            parts.append(inline_text(block.lines[0]))
        elif block.kind == "quote":
            parts.extend(inline_text(line) for line in block.lines)
        elif block.kind in ("ul", "ol"):
            parts.append("\n".join(inline_text(item) for item in block.lines))
        elif block.kind == "table":
            rows = table_rows(block)
            parts.append("\n".join("\t".join(inline_text(c) for c in row) for row in rows))
        # image captions, file blocks and "Baca juga" lines are not body text
    return "\n\n".join(parts)


def expected_dateline(post: Post) -> str | None:
    first = post.blocks[0]
    if first.kind != "paragraph":
        return None
    match = _DATELINE.match(first.lines[0])
    return match["place"] if match and len(match["place"].split()) <= 3 else None


def expected_images(post: Post, base_url: str) -> list[dict[str, str | None]]:
    images: list[dict[str, str | None]] = []
    if post.featured:
        file_name, alt = post.featured
        images.append({"url": post.upload_url(base_url, file_name), "caption": None, "alt": alt})
    for block in post.blocks:
        if block.kind == "image":
            file_name, caption, alt = block.lines
            url = post.upload_url(base_url, file_name)
            images.append({"url": url, "caption": caption, "alt": alt})
    return images


def document_links(post: Post) -> list[tuple[str, str]]:
    """(file name, title) of every document the post links, in order of appearance."""
    found: list[tuple[str, str]] = []
    for block in post.blocks:
        if block.kind == "file":
            found.append((block.lines[0], block.lines[1]))
        elif block.kind not in ("image", "baca"):
            for line in block.lines:
                for m in INLINE.finditer(line):
                    if m["u"] and m["u"].startswith("files/"):
                        found.append((m["u"].removeprefix("files/"), m["t"]))
    return found


def expected_attachments(post: Post, base_url: str) -> list[dict[str, str]]:
    return [
        {"url": post.upload_url(base_url, name), "title": title}
        for name, title in document_links(post)
    ]


def expected_record(post: Post, base_url: str, template: str = "oceanwp") -> dict[str, Any]:
    """The record a perfect crawl of `base_url` stores for `post` (`fetched_at` left None).

    `template` is the theme that rendered the post: the block theme shows no
    modification date for a post never edited, so nothing can tell it.
    """
    source = urlsplit(base_url).hostname or ""
    text = expected_text(post)
    return {
        "schema_version": 1,
        "id": f"{source}:{post.id}",
        "source": source,
        "url": f"{base_url}?p={post.id}",
        "title": post.title,
        "published": post.published.isoformat(),
        "modified": (
            None
            if template == "block-theme" and post.modified == post.published
            else post.modified.isoformat()
        ),
        "author": post.author,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "dateline": expected_dateline(post),
        "text": text,
        "images": expected_images(post, base_url),
        "attachments": expected_attachments(post, base_url),
        "language": "id",
        "word_count": word_count(text),
        "content_sha256": content_sha256(post.title, text),
        "fetched_at": None,
        "extraction": {"method": f"profile:{template}", "warnings": []},
    }
