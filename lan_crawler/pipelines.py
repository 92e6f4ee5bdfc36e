"""Item pipelines before the archive's own (lan_crawler.archiving.ArchivePipeline)."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


class DedupePipeline:
    """Drop a second record for a post id already handled in this run."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if item["id"] in self.seen:
            self.stats.inc_value("lan/records/duplicate")  # a post's outcome: see report.py
            raise DropItem(f"duplicate record {item['id']} ({item['url']})")
        self.seen.add(item["id"])
        return item
