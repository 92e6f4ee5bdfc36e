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
# a post URL answered 404 or 410: record_id, reason
post_gone = object()
# every sitemap has been read: source (host), listed (the record ids they list),
# complete (False when a sitemap could not be read: absence then proves nothing)
sitemaps_read = object()


class ArchiveView(Protocol):
    """What the spider may ask the archive."""

    @property
    def refused(self) -> str | None:
        """Why the archive takes no crawl now (another crawl holds it), or None."""

    def is_current(self, record_id: str, lastmod: datetime | None) -> bool:
        """Whether the archived record is as new as `lastmod` (any record when None)."""

    def post_id_of(self, alias: str) -> int | None:
        """The post a site-relative URL was seen to redirect to, if known."""


class NoArchive:
    """The view when no archive is open (`scrapy parse`, `scrapy shell`): nothing is known."""

    refused: str | None = None

    def is_current(self, record_id: str, lastmod: datetime | None) -> bool:
        return False

    def post_id_of(self, alias: str) -> int | None:
        return None
