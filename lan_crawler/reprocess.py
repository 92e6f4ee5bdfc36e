"""Re-extract every article from the archive's WARC files, with no network.

After an extractor fix, this repairs the whole archive: for each post the
latest stored 200 response is extracted again, through the crawl's own
page-to-record path, with what the crawl knew of the post when it fetched the
page (the sitemap's `lastmod`, or the REST API's time and content); a record
whose title or text comes out different is stored as a new version (the old one
is kept).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
class Known:
    """Where a post's newest response is, and what the crawl knew of the post then."""

    path: Path
    relative: str
    offset: int
    fetched_at: datetime
    lastmod: datetime | None
    lastmod_from: str
    api_content: str | None
    post_id: int


@dataclass
class _RunKnowledge:
    """What one run had learned before fetching a post: its REST API data, its sitemaps."""

    api_modified: dict[str, datetime | None] = field(default_factory=dict)
    api_content: dict[str, str] = field(default_factory=dict)
    lastmods: dict[str, datetime | None] = field(default_factory=dict)


def _discovery_answer(url: str, content_type: str) -> bool:
    return any(kind in content_type for kind in ("xml", "gzip", "json"))


Progress = Callable[[str, int, int], None]  # (what is being done, done, total)


def latest_post_responses(
    archive: Archive, max_size: int, progress: Progress | None = None
) -> Iterator[tuple[StoredResponse, Known]]:
    """For each post, the newest 200 HTML response the WARC files hold, and what the run
    that fetched it knew of the post then (as the crawl passed it on to extraction)."""
    newest = newest_posts(archive, max_size, progress)
    for done, known in enumerate(newest.values(), 1):
        yield read_response_at(known.path, known.relative, known.offset), known
        if progress:
            progress("Re-extracting", done, len(newest))


def newest_posts(
    archive: Archive, max_size: int, progress: Progress | None = None
) -> dict[str, Known]:
    """By record id, where each post's newest 200 HTML response is and what its run knew.

    Each WARC file is one run; its discovery answers are read in the order the run got
    them, so a post's page gets the API content or sitemap lastmod the run had for it.
    Post pages' bodies are not read here.
    """
    latest: dict[str, Known] = {}
    files = archive.warc_files()
    for done, path in enumerate(files, 1):
        relative = path.relative_to(archive.root).as_posix()
        run = _RunKnowledge()
        for response in read_responses(path, relative, _discovery_answer):
            if response.status != 200:
                continue
            site = Site.from_url(response.url)
            if response.body is not None:
                _learn(response.body, response.content_type, site, archive, run, max_size)
                continue
            alias = archive.aliases.get(site.relative(response.url))
            post_id = site.post_id(response.url) or alias
            if not isinstance(post_id, int) or not is_html(response.content_type):
                continue  # listings, files
            key = site.record_id(post_id)
            if key in latest and response.fetched_at < latest[key].fetched_at:
                continue
            from_api = key in run.api_content
            latest[key] = Known(
                path,
                relative,
                response.raw["offset"],
                response.fetched_at,
                run.api_modified.get(key) if from_api else run.lastmods.get(key),
                "rest-api" if from_api else "sitemap",
                run.api_content.get(key),
                post_id,
            )
        if progress:
            progress("Reading WARC files", done, len(files))
    return latest


def _learn(
    body: bytes,
    content_type: str,
    site: Site,
    archive: Archive,
    run: _RunKnowledge,
    max_size: int,
) -> None:
    """Note what a discovery answer (sitemap, REST API) told the run about its posts."""
    if "json" in content_type:
        try:
            posts, _ = discovery.read_api_posts(body)
            contents = discovery.read_api_content(body)
        except discovery.NotAnApiAnswer:
            return
        run.api_modified.update((site.record_id(p.id), p.modified) for p in posts)
        run.api_content.update((site.record_id(i), c) for i, c in contents.items())
        return
    try:
        sitemap = discovery.read_sitemap(body, max_size)
    except discovery.NotASitemap:
        return  # the feed, or a sitemap the crawl could not read either
    if sitemap.is_index:
        return
    for entry in sitemap.entries:
        post_id = site.post_id(entry.loc) or archive.aliases.get(site.relative(entry.loc))
        if isinstance(post_id, int):
            run.lastmods[site.record_id(post_id)] = entry.lastmod


def re_extracted(
    archive: Archive,
    site: SiteDeclaration,
    *,
    fallbacks: bool,
    max_size: int,
    progress: Progress | None = None,
) -> Iterator[tuple[str, ArticleRecord | ExtractionError]]:
    """(URL, its record or why there is none) for each post's newest stored response."""
    for response, known in latest_post_responses(archive, max_size, progress):
        assert response.body is not None
        page = FetchedPage(
            response.url,
            response.body,
            response.content_type,
            response.fetched_at,
            known.lastmod,
            response.raw,
            known.lastmod_from,
            known.api_content,
            known.post_id,
        )
        try:
            yield response.url, record_from_page(page, site, fallbacks=fallbacks)
        except ExtractionError as error:
            yield response.url, error


def reprocess(
    archive: Archive,
    site: SiteDeclaration,
    *,
    fallbacks: bool,
    max_size: int,
    progress: Progress | None = None,
) -> Outcome:
    """Extract again from stored responses; store what changed. The caller holds the lock."""
    outcome = Outcome(warc_files=len(archive.warc_files()))
    again = re_extracted(archive, site, fallbacks=fallbacks, max_size=max_size, progress=progress)
    for url, record in again:
        if isinstance(record, ExtractionError):
            outcome.failed.append((url, record.summary))
            continue
        try:
            outcome.counts[archive.store(record)] += 1
        except InvalidRecord as invalid:
            outcome.failed.append((url, str(invalid)))
    archive.save_state()
    return outcome
