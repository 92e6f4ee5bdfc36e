"""Item pipelines, in order: drop duplicates, store (the archive validates against the schema)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from lan_crawler.archive import Archive, InvalidRecord
from lan_crawler.record import ArticleRecord

logger = logging.getLogger(__name__)


class _Component:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)


class DedupePipeline(_Component):
    """Drop a second record for a post id already handled in this run."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Any) -> Any:
        if item["id"] in self.seen:
            self.stats.inc_value("lan/records/duplicate")
            raise DropItem(f"duplicate record {item['id']} ({item['url']})")
        self.seen.add(item["id"])
        return item


class ArchivePipeline(_Component):
    """Hand each record to the crawl's archive (the spider's `archive`); count what happened.

    A record the archive refuses as invalid is dropped, with the fields that fail.
    """

    @property
    def archive(self) -> Archive:
        archive: Archive = self.crawler.spider.archive  # type: ignore[union-attr]
        return archive

    def process_item(self, item: Any) -> Any:
        record: ArticleRecord = item
        try:
            result = self.archive.store(record)
        except InvalidRecord as invalid:
            self.stats.inc_value("lan/records/invalid")
            raise DropItem(str(invalid)) from invalid
        self.stats.inc_value(f"lan/records/{result}")
        if result != "unchanged":
            logger.info("Archived %s (%s): %s", record["id"], result, record["title"])
        return item
