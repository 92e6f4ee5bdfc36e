"""The run report: what each crawl did, written under the archive, and whether it was healthy.

A run is unhealthy (and `scrapy crawl lan_news` exits with status 3) when
pages that should be posts gave no article beyond a threshold, when more
records than a threshold came from fallbacks (the template changed), when
robots.txt forbids the whole site, or when no request succeeded at all.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from lan_crawler.archive import write_atomic

if TYPE_CHECKING:
    from lan_crawler.spiders.lan_news import LanNewsSpider

logger = logging.getLogger(__name__)

UNHEALTHY_EXIT_CODE = 3
REFUSED_EXIT_CODE = 2


@dataclass(frozen=True)
class Thresholds:
    max_failure_rate: float  # post pages that gave no record / post pages fetched
    max_fallback_rate: float  # records from fallback layers / records extracted
    min_count: int = 3  # a rate is judged only past this many pages: one odd post is no alarm


def assess(stats: dict[str, Any], thresholds: Thresholds) -> list[str]:
    """Why a run is unhealthy, from its stats; empty when it is healthy."""
    problems = []
    if stats.get("lan/robots_disallow_all"):
        problems.append("robots.txt disallows the whole site")
    requests = stats.get("downloader/request_count", 0)
    answered = sum(
        count
        for key, count in stats.items()
        if key.startswith("downloader/response_status_count/") and int(key.rsplit("/", 1)[1]) < 500
    )
    if requests and not answered:
        problems.append(f"no request succeeded ({requests} made)")
    pages = stats.get("lan/post_pages", 0)
    failed = stats.get("lan/failed/extraction", 0) + stats.get("lan/post_pages/not_an_article", 0)
    if failed >= thresholds.min_count and failed / pages > thresholds.max_failure_rate:
        problems.append(
            f"{failed} of {pages} post pages gave no article "
            f"(more than {thresholds.max_failure_rate:.0%}): has the site's template changed?"
        )
    extracted = stats.get("lan/extracted", 0)
    fallback = stats.get("lan/extracted/fallback", 0)
    if fallback >= thresholds.min_count and fallback / extracted > thresholds.max_fallback_rate:
        problems.append(
            f"{fallback} of {extracted} articles came from fallback extraction "
            f"(more than {thresholds.max_fallback_rate:.0%}): the site profile no longer matches"
        )
    return problems


class RunReport:
    """Writes `runs/<run id>.json` under the archive when a run starts and when it ends."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.thresholds = Thresholds(
            settings.getfloat("HEALTH_MAX_FAILURE_RATE", 0.2),
            settings.getfloat("HEALTH_MAX_FALLBACK_RATE", 0.5),
            settings.getint("HEALTH_MIN_COUNT", 3),
        )
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        if getattr(spider, "refused", None) or not hasattr(spider, "archive"):
            return
        ours = cast("LanNewsSpider", spider)
        self._write(ours, {"run_id": ours.run_id, "status": "running", **self._where(ours)})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if getattr(spider, "refused", None) or not hasattr(spider, "archive"):
            return
        self._finish(cast("LanNewsSpider", spider), reason)

    def _finish(self, spider: LanNewsSpider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        problems = assess(stats, self.thresholds)
        if problems:
            self.crawler.stats.set_value("lan/unhealthy", "; ".join(problems))
        report = build_report(spider, stats, reason, problems)
        self._write(spider, report)
        articles = report["articles"]
        logger.info(
            "Run %s %s in %.0f s: %d new, %d changed, %d unchanged, %d skipped as current, "
            "%d failed, %d requests%s",
            spider.run_id,
            "healthy" if not problems else "UNHEALTHY",
            report["duration_seconds"] or 0,
            articles["new"],
            articles["changed"],
            articles["unchanged"],
            articles["skipped_current"],
            len(articles["failed"]),
            report["requests"],
            "" if not problems else " - " + "; ".join(problems),
        )

    def _where(self, spider: LanNewsSpider) -> dict[str, Any]:
        return {
            "site": spider.site.root,
            "archive": str(spider.archive.root.resolve()),
            "started_at": spider.started_at,
        }

    def _write(self, spider: LanNewsSpider, report: dict[str, Any]) -> None:
        path = spider.archive.root / "runs" / f"{spider.run_id}.json"
        write_atomic(path, (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode())


def build_report(
    spider: LanNewsSpider, stats: dict[str, Any], reason: str, problems: list[str]
) -> dict[str, Any]:
    """The finished run's report, from the spider's failures and the crawl stats."""
    now = datetime.now(UTC)
    started = datetime.fromisoformat(spider.started_at.replace("Z", "+00:00"))
    by_status = {
        key.rsplit("/", 1)[1]: value
        for key, value in sorted(stats.items())
        if key.startswith("downloader/response_status_count/")
    }
    return {
        "run_id": spider.run_id,
        "status": "finished",
        "site": spider.site.root,
        "archive": str(spider.archive.root.resolve()),
        "started_at": spider.started_at,
        "finished_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration_seconds": round((now - started).total_seconds(), 1),
        "finish_reason": reason,
        "healthy": not problems,
        "problems": problems,
        "requests": stats.get("downloader/request_count", 0),
        "responses_by_status": by_status,
        "bytes_received": stats.get("downloader/response_bytes", 0),
        "warc": f"warc/{spider.run_id}.warc.gz",
        "articles": {
            "new": stats.get("lan/records/new", 0),
            "changed": stats.get("lan/records/changed", 0),
            "unchanged": stats.get("lan/records/unchanged", 0),
            "skipped_current": stats.get("lan/skipped/current", 0),
            "from_fallbacks": stats.get("lan/extracted/fallback", 0),
            "withdrawn": spider.withdrawn_now,
            "failed": spider.failures,
        },
    }
