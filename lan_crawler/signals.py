"""How the spider and the archive talk during a crawl.

The spider never writes: it asks the archive a few questions through a read-only
`ArchiveView` (set as `spider.archive` when the spider opens) and tells it what
discovery learned through these signals, sent with `crawler.signals`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

# an old or pretty URL redirected to a post: alias (site-relative URL), post_id (int)
alias_found = object()
# a page that should have given a record gave none: url, reason (a few words), kind
page_failed = object()
# a post URL answered 404 or 410: record_id, status, lastmod (what discovery said of it)
post_gone = object()
# an entry a surface listed is no usable URL: surface, url, reason
entry_skipped = object()
# a post the declaration does not archive: record_id, url, categories, modified, reason
post_declined = object()
# a discovery surface was read: surface ("robots.txt", "sitemap", "rest-api", "feed",
# "listing"), url, entries (post URLs it named), problem (why it gave nothing, or None)
surface_read = object()
# every sitemap has been read: source (host), listed (the record ids they list),
# complete (False when a sitemap could not be read: absence then proves nothing)
sitemaps_read = object()


class ArchiveView(Protocol):
    """What the spider may ask the archive."""

    @property
    def refused(self) -> str | None:
        """Why the archive takes no crawl now (another crawl holds it), or None."""

    def wants(self, record_id: str, lastmod: datetime | None) -> bool:
        """Whether to fetch the post: not archived, changed since (`lastmod` newer), or
        gone once (404) and due for another try."""

    def post_id_of(self, alias: str) -> int | None:
        """The post a site-relative URL was seen to redirect to, if known."""

    def due_for_recheck(self, record_id: str) -> bool:
        """Whether the archived copy is old enough to be fetched again (RECHECK_AFTER_HOURS)."""

    def captured(self, url: str) -> bool:
        """Whether the file at `url` (an image, an attachment) is in the WARC files already."""

    def declined(self, record_id: str) -> tuple[list[str], datetime] | None:
        """The categories and modification time of a post an earlier run did not archive
        (its declaration refused its categories), if any."""


class NoArchive:
    """The view when no archive is open (`scrapy parse`, `scrapy shell`): nothing is known."""

    refused: str | None = None

    def wants(self, record_id: str, lastmod: datetime | None) -> bool:
        return True

    def post_id_of(self, alias: str) -> int | None:
        return None

    def due_for_recheck(self, record_id: str) -> bool:
        return True

    def captured(self, url: str) -> bool:
        return False

    def declined(self, record_id: str) -> tuple[list[str], datetime] | None:
        return None
