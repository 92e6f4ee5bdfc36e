"""The archive as a Scrapy component: the one writer under ARCHIVE_DIR during a crawl.

    ArchiveExtension  opens and locks the archive, repairs what a killed run left,
                      stores records, versions and state, keeps the run's WARC file
                      and report, and closes it all
    ArchivePipeline   hands it each record
    WarcCapture       hands it every response, as the downloader got it

The project's `scrapy crawl` turns it on (ARCHIVE_ENABLED); `scrapy parse`, `shell`,
`check` and `bench` leave the archive alone. The spider only reads, through an
`ArchiveView`, and tells the archive what discovery learned (lan_crawler.signals).
"""

from __future__ import annotations

import logging
import resource
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from lan_crawler import __version__
from lan_crawler import signals as lan_signals
from lan_crawler.archive import (
    Archive,
    ArchiveLocked,
    InvalidRecord,
    StoreResult,
    parse_stamp,
    warc_path,
)
from lan_crawler.record import ArticleRecord, Raw
from lan_crawler.report import (
    RunAccount,
    Thresholds,
    assess,
    finished_report,
    running_report,
    summary_line,
    utc_stamp,
)
from lan_crawler.signals import NoArchive
from lan_crawler.warc import WarcFile

logger = logging.getLogger(__name__)

MAX_URLS_SHOWN = 20  # per surface, in the run report


class ArchiveExtension:
    """Owns the archive for the length of a crawl."""

    def __init__(self, crawler: Crawler, archive: Archive, refused: str | None) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.archive = archive
        self.refused = refused  # why this run may not write (another crawl holds the lock)
        self.withdraw_after = settings.getint("WITHDRAWN_AFTER_RUNS")
        self.retry_gone_after = timedelta(hours=settings.getfloat("GONE_RETRY_AFTER_HOURS"))
        self.recheck_after = timedelta(hours=settings.getfloat("RECHECK_AFTER_HOURS"))
        self.thresholds = Thresholds.from_settings(settings)
        self.started = datetime.now(UTC)
        name = "refused" if refused else archive.new_run_id(self.started)
        self.run = RunAccount(name, utc_stamp(self.started), failures=[], withdrawn=[])
        self.warc: WarcFile | None = None
        connect = crawler.signals.connect
        connect(self.spider_opened, signal=signals.spider_opened)
        if refused:
            return  # the spider starts nothing; no other handler is needed
        connect(self.spider_closed, signal=signals.spider_closed)
        connect(self.alias_found, signal=lan_signals.alias_found)
        connect(self.page_failed, signal=lan_signals.page_failed)
        connect(self.post_gone, signal=lan_signals.post_gone)
        connect(self.sitemaps_read, signal=lan_signals.sitemaps_read)
        connect(self.surface_read, signal=lan_signals.surface_read)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured("only the project's `scrapy crawl` writes the archive")
        archive = Archive(Path(settings["ARCHIVE_DIR"]))
        try:
            archive.lock()
        except ArchiveLocked as locked:
            return cls(crawler, archive, refused=str(locked))
        return cls(crawler, archive, refused=None)

    @property
    def warc_name(self) -> str:
        return warc_path(self.run.run_id).as_posix()

    # --- opening and closing ------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        if self.refused:
            logger.error("Refusing to crawl: %s", self.refused)
            self.stats.set_value("lan/refused", self.refused)
            spider.archive = _Refused(self.refused)  # type: ignore[attr-defined]
            return
        for leftover in self.archive.remove_temp_files():
            logger.warning("Removed %s, left by a crawl that was killed while writing", leftover)
        if fixes := self.archive.sync_index():
            logger.warning("Index brought in line with the record files (%d rows)", fixes)
        self.warc = self.archive.open_warc(self.run.run_id, f"lan-crawler/{__version__}")
        where = str(self.archive.root.resolve())
        self.archive.write_report(self.run.run_id, running_report(self.run, where, self.warc_name))
        logger.info("Run %s: archiving into %s", self.run.run_id, where)
        # the spider reads the archive through this view and nothing else (as SpiderState
        # hands it `spider.state`)
        view = _Reader(self.archive, self.started, self.retry_gone_after, self.recheck_after)
        spider.archive = view  # type: ignore[attr-defined]

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.archive.save_state()
        if self.warc:
            self.warc.close()
        # the process's high-water mark (kB on Linux): MemoryUsage samples only once a minute
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stats.set_value("lan/peak_memory_mb", round(peak / 1024))
        stats = self.stats.get_stats()
        problems = assess(stats, reason, self.thresholds)
        if problems:
            self.stats.set_value("lan/unhealthy", "; ".join(problems))
        report = finished_report(
            self.run,
            str(self.archive.root.resolve()),
            self.warc_name,
            stats,
            reason,
            problems,
            datetime.now(UTC),
        )
        self.archive.write_report(self.run.run_id, report)
        self.archive.index.close()
        self.archive.unlock()
        logger.info(summary_line(report))

    # --- what the crawl hands over --------------------------------------------------

    def capture(self, request: Request, response: Response) -> tuple[Raw, datetime] | None:
        """Keep an exchange in the run's WARC file: where it is, and when it was fetched."""
        if self.warc is None:
            return None
        self.stats.inc_value("lan/warc/records")
        return self.warc.write(
            response.url,
            request.method,
            _headers(request.headers),
            response.status,
            _headers(response.headers),
            response.body,
        )

    def store(self, record: ArticleRecord) -> StoreResult:
        extraction = record["extraction"]
        for warning in extraction["warnings"]:
            logger.warning("%s: %s", record["id"], warning)
        result = self.archive.store(record)  # InvalidRecord: the caller drops the item
        self.stats.inc_value("lan/extracted")
        if not extraction["method"].startswith("profile:"):
            self.stats.inc_value("lan/extracted/fallback")
        self.stats.inc_value(f"lan/records/{result}")
        if result != "unchanged":
            logger.info("Archived %s (%s): %s", record["id"], result, record["title"])
        return result

    # --- what the spider learned ----------------------------------------------------

    def alias_found(self, alias: str, post_id: int) -> None:
        self.archive.aliases.set(alias, post_id)

    def page_failed(self, url: str, reason: str, kind: str) -> None:
        self.run.failures.append({"url": url, "reason": reason})

    def post_gone(self, record_id: str, status: int, lastmod: datetime | None) -> None:
        self.archive.note_gone(record_id, status, lastmod, self.started)
        if self.archive.get(record_id):
            self._withdraw(record_id, f"HTTP {status}", runs=1)

    def surface_read(self, surface: str, url: str, entries: int, problem: str | None) -> None:
        """What each discovery surface gave: requests, post URLs, and why not, per surface."""
        account = self.run.surfaces.setdefault(
            surface, {"requests": 0, "entries": 0, "worked": False, "urls": [], "problems": []}
        )
        account["requests"] += 1
        account["entries"] += entries
        account["worked"] |= problem is None
        if url not in account["urls"] and len(account["urls"]) < MAX_URLS_SHOWN:
            account["urls"].append(url)
        if problem and len(account["problems"]) < MAX_URLS_SHOWN:
            account["problems"].append(f"{url}: {problem}")

    def sitemaps_read(self, source: str, listed: frozenset[str], complete: bool) -> None:
        """After a complete sitemap crawl, archived posts no sitemap listed are missing; a
        listed post that answered 404 or 410 (now or before) stays as it is."""
        if not complete:
            return
        for record_id in list(self.archive.entries):
            if not record_id.startswith(source + ":") or self.archive.gone.get(record_id):
                continue
            if record_id in listed:
                self.archive.mark_present(record_id)
            elif not self.archive.withdrawn(record_id):
                self._withdraw(record_id, "gone from every sitemap", self.withdraw_after)

    def _withdraw(self, record_id: str, reason: str, runs: int) -> None:
        already = self.archive.withdrawn(record_id) is not None
        withdrawn = self.archive.mark_missing(record_id, reason, self.run.started_at, runs)
        if withdrawn and not already and record_id not in self.run.withdrawn:
            self.run.withdrawn.append(record_id)
            logger.warning("%s is withdrawn from the site (%s)", record_id, reason)


class _Reader:
    """The read-only view of the archive the spider gets."""

    refused: str | None = None

    def __init__(
        self, archive: Archive, now: datetime, retry_gone_after: timedelta, recheck: timedelta
    ) -> None:
        self._archive = archive
        self._now = now
        self._retry_gone_after = retry_gone_after
        self._recheck = recheck

    def wants(self, record_id: str, lastmod: datetime | None) -> bool:
        return self._archive.wants(record_id, lastmod, self._now, self._retry_gone_after)

    def post_id_of(self, alias: str) -> int | None:
        value = self._archive.aliases.get(alias)
        return value if isinstance(value, int) else None

    def due_for_recheck(self, record_id: str) -> bool:
        entry = self._archive.get(record_id)
        fetched = entry.fetched_at if entry else None
        return fetched is None or self._now - parse_stamp(fetched) >= self._recheck


class _Refused(NoArchive):
    def __init__(self, reason: str) -> None:
        self.refused = reason


class ArchivePipeline:
    """Hands each record to the archive; a record it refuses as invalid is dropped."""

    def __init__(self, archive: ArchiveExtension) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(_archive_of(crawler))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        try:
            self.archive.store(item)
        except InvalidRecord as invalid:
            self.archive.stats.inc_value("lan/records/invalid")
            raise DropItem(str(invalid)) from invalid
        return item


class WarcCapture:
    """Downloader middleware next to the downloader: every answer as it came, into the WARC.

    Compressed bodies, errors and redirects included; answers served from a cache
    (flag "cached") were captured when they were fetched. Where the response record
    is, and when it was fetched, are left in `request.meta` ("warc", "fetched_at")
    for the record built from it.
    """

    def __init__(self, archive: ArchiveExtension) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        return cls(_archive_of(crawler))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if "cached" not in response.flags and (captured := self.archive.capture(request, response)):
            request.meta["warc"], request.meta["fetched_at"] = captured
        return response


def _archive_of(crawler: Crawler) -> ArchiveExtension:
    archive = crawler.get_extension(ArchiveExtension)
    if archive is None:
        raise NotConfigured("no archive in this run")
    return archive


def _headers(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
