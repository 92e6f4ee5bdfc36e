"""Re-extract every article from the archive's WARC files, with no network.

After an extractor fix, this repairs the whole archive: for each post the
latest stored 200 response is extracted again, through the crawl's own
page-to-record path, with the sitemap `lastmod` the crawl knew when it fetched
the page; a record whose title or text comes out different is stored as a new
version (the old one is kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lan_crawler import discovery
from lan_crawler.archive import Archive, InvalidRecord
from lan_crawler.extract.article import ExtractionError
from lan_crawler.extract.encoding import is_html
from lan_crawler.page import FetchedPage, record_from_page
from lan_crawler.record import ArticleRecord
from lan_crawler.sites import SiteDeclaration
from lan_crawler.urls import Site
from lan_crawler.warc import StoredResponse, read_response_at, read_responses


@dataclass
class Outcome:
    warc_files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0})
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


@dataclass(frozen=True)
class _Stored:
    """Where a post's newest response is, and the lastmod the crawl had for it then."""

    path: Path
    relative: str
    offset: int
    fetched_at: datetime
    lastmod: datetime | None


def _maybe_sitemap(url: str, content_type: str) -> bool:
    return "xml" in content_type or "gzip" in content_type


def latest_post_responses(
    archive: Archive, max_size: int
) -> Iterator[tuple[StoredResponse, datetime | None]]:
    """For each post, the newest 200 HTML response the WARC files hold, and its lastmod.

    Sitemaps are read in the order the crawls fetched them, so each response gets
    the lastmod the newest sitemap before it gave (bodies read once, posts' later).
    """
    lastmods: dict[str, datetime | None] = {}
    latest: dict[str, _Stored] = {}
    for path in archive.warc_files():
        relative = path.relative_to(archive.root).as_posix()
        for response in read_responses(path, relative, _maybe_sitemap):
            if response.status != 200:
                continue
            site = Site.from_url(response.url)
            if response.body is not None:
                _note_lastmods(response.body, site, archive, lastmods, max_size)
                continue
            post_id = site.post_id(response.url)
            if post_id is None or not is_html(response.content_type):
                continue  # listings, old URLs answering in place, files
            key = site.record_id(post_id)
            if key not in latest or response.fetched_at >= latest[key].fetched_at:
                latest[key] = _Stored(
                    path, relative, response.raw["offset"], response.fetched_at, lastmods.get(key)
                )
    for stored in latest.values():
        yield read_response_at(stored.path, stored.relative, stored.offset), stored.lastmod


def _note_lastmods(
    body: bytes,
    site: Site,
    archive: Archive,
    lastmods: dict[str, datetime | None],
    max_size: int,
) -> None:
    try:
        sitemap = discovery.read_sitemap(body, max_size)
    except discovery.NotASitemap:
        return  # the feed, or a sitemap the crawl could not read either
    if sitemap.is_index:
        return
    for entry in sitemap.entries:
        post_id = site.post_id(entry.loc) or archive.aliases.get(site.relative(entry.loc))
        if post_id is not None:
            lastmods[site.record_id(post_id)] = entry.lastmod


def re_extracted(
    archive: Archive, site: SiteDeclaration, *, fallbacks: bool, max_size: int
) -> Iterator[tuple[str, ArticleRecord | ExtractionError]]:
    """(URL, its record or why there is none) for each post's newest stored response."""
    for response, lastmod in latest_post_responses(archive, max_size):
        assert response.body is not None
        page = FetchedPage(
            response.url,
            response.body,
            response.content_type,
            response.fetched_at,
            lastmod,
            response.raw,
        )
        try:
            yield response.url, record_from_page(page, site, fallbacks=fallbacks)
        except ExtractionError as error:
            yield response.url, error


def reprocess(
    archive: Archive, site: SiteDeclaration, *, fallbacks: bool, max_size: int
) -> Outcome:
    """Extract again from stored responses; store what changed. The caller holds the lock."""
    outcome = Outcome(warc_files=len(archive.warc_files()))
    for url, record in re_extracted(archive, site, fallbacks=fallbacks, max_size=max_size):
        if isinstance(record, ExtractionError):
            outcome.failed.append((url, record.summary))
            continue
        try:
            outcome.counts[archive.store(record)] += 1
        except InvalidRecord as invalid:
            outcome.failed.append((url, str(invalid)))
    archive.save_state()
    return outcome
