"""Re-extract every article from the archive's WARC files, with no network.

After an extractor fix, this repairs the whole archive: for each post the
latest stored 200 response is extracted again, and a record whose title or
text comes out different is stored as a new version (the old one is kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lan_crawler.archive import Archive, InvalidRecord
from lan_crawler.extract.article import ExtractionError, extract_article
from lan_crawler.extract.encoding import charset_of, decode_html, is_html
from lan_crawler.urls import Site
from lan_crawler.warc import StoredResponse, read_responses


@dataclass
class Outcome:
    warc_files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0})
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


def latest_post_responses(archive: Archive) -> Iterator[StoredResponse]:
    """For each post, the newest 200 HTML response the archive's WARC files hold."""
    latest: dict[str, StoredResponse] = {}
    for path in sorted(archive.root.glob("warc/*.warc.gz")):
        for response in read_responses(path, path.relative_to(archive.root).as_posix()):
            if response.status != 200 or not is_html(response.content_type):
                continue
            site = Site.from_url(response.url)
            post_id = site.post_id(response.url)
            if post_id is None:  # sitemaps, listings, old URLs answering in place
                continue
            key = site.record_id(post_id)
            if key not in latest or response.fetched_at >= latest[key].fetched_at:
                latest[key] = response
    yield from latest.values()


def reprocess(archive: Archive) -> Outcome:
    """Extract again from stored responses; store what changed. The caller holds the lock."""
    outcome = Outcome(warc_files=len(list(archive.root.glob("warc/*.warc.gz"))))
    for response in latest_post_responses(archive):
        page, _ = decode_html(response.body, charset_of(response.content_type))
        site = Site.from_url(response.url)
        try:
            record = extract_article(
                page, response.url, site_url=site.root, fetched_at=response.fetched_at
            )
        except ExtractionError as error:
            outcome.failed.append((response.url, error.reason))
            continue
        record["raw"] = response.raw
        try:
            outcome.counts[archive.store(record)] += 1
        except InvalidRecord as invalid:
            outcome.failed.append((response.url, str(invalid)))
    archive.save_state()
    return outcome
