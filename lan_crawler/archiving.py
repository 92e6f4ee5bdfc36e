"""The archive as a Scrapy component: the one writer under ARCHIVE_DIR during a crawl.

    ArchiveExtension  opens and locks the archive, repairs what a killed run left,
                      stores records, versions and state, keeps the run's WARC file
                      and report, and closes it all
    ArchivePipeline   hands it each record
    WarcCapture       hands it every response, as the downloader got it

The project's `scrapy crawl` turns it on (ARCHIVE_ENABLED); `scrapy parse`, `shell`,
`check` and `bench` leave the archive alone. The spider only reads, through an
`ArchiveView`, and tells the archive what discovery learned (lan_crawler.signals).

In a shared run (lan_crawler.distributed) each worker is the writer of what it fetched:
the discoverer locks the archive alone, repairs it, then shares the lock with the run's
helpers; each worker keeps its own WARC file and report and stores its own posts (each
fetched by one worker only); state changes are merged key by key.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from lan_crawler import __version__
from lan_crawler import signals as lan_signals
from lan_crawler.archive import (
    Archive,
    ArchiveLocked,
    InvalidRecord,
    StoreResult,
    parse_stamp,
    report_path,
    warc_path,
)
from lan_crawler.collection import member_root
from lan_crawler.extract.article import IDENTITY_CONFLICT
from lan_crawler.memory import peak_memory_kb
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
from lan_crawler.sites import SiteDeclaration
from lan_crawler.warc import Capture, WarcFile, payload_digest

logger = logging.getLogger(__name__)

MAX_URLS_SHOWN = 20  # per surface, in the run report


class WriteFailed(Exception):
    """The archive could not be written (disk full, no permission): the run stops."""


@dataclass(frozen=True)
class Refusal:
    """Why this run may not write the archive: another crawl holds it, or it is unwritable."""

    stat: str  # "lan/refused" (locked) or "lan/unwritable"
    reason: str


class ArchiveExtension:
    """Owns the archive for the length of a crawl."""

    def __init__(self, crawler: Crawler, archive: Archive, refused: Refusal | None) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.archive = archive
        self.refused = refused
        self.write_error: str | None = None  # once set, nothing more is written
        self.withdraw_after = settings.getint("WITHDRAWN_AFTER_RUNS")
        self.retry_gone_after = timedelta(hours=settings.getfloat("GONE_RETRY_AFTER_HOURS"))
        self.recheck_after = timedelta(hours=settings.getfloat("RECHECK_AFTER_HOURS"))
        self.thresholds = Thresholds.from_settings(settings)
        self.started = datetime.now(UTC)
        self.shared = shared_part(settings)
        self.helper = self.shared is not None and not self.shared["discovers"]
        suffix = f"-{self.shared['worker']}" if self.helper and self.shared else ""
        name = "refused" if refused else archive.new_run_id(self.started, suffix)
        self.run = RunAccount(
            name, utc_stamp(self.started), failures=[], withdrawn=[], shared=self.shared
        )
        self.warc: WarcFile | None = None
        self.errors = ErrorCounter(self.stats)
        connect = crawler.signals.connect
        connect(self.spider_opened, signal=signals.spider_opened)
        if refused:
            return  # the spider starts nothing; no other handler is needed
        logging.getLogger().addHandler(self.errors)
        connect(self.spider_closed, signal=signals.spider_closed)
        connect(self.alias_found, signal=lan_signals.alias_found)
        connect(self.page_failed, signal=lan_signals.page_failed)
        connect(self.post_gone, signal=lan_signals.post_gone)
        connect(self.sitemaps_read, signal=lan_signals.sitemaps_read)
        connect(self.surface_read, signal=lan_signals.surface_read)
        connect(self.entry_skipped, signal=lan_signals.entry_skipped)
        connect(self.post_declined, signal=lan_signals.post_declined)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured("only the project's `scrapy crawl` writes the archive")
        archive = Archive(archive_root(settings, getattr(crawler.spider, "declaration", None)))
        shared = shared_part(settings)
        try:
            archive.lock(shared=shared is not None and not shared["discovers"])
        except ArchiveLocked as locked:
            return cls(crawler, archive, Refusal("lan/refused", str(locked)))
        except OSError as error:  # not a folder, read-only, no permission
            return cls(crawler, archive, _unwritable(archive, error))
        return cls(crawler, archive, refused=None)

    @property
    def warc_name(self) -> str:
        return warc_path(self.run.run_id).as_posix()

    # --- opening and closing ------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        if not self.refused:
            try:
                self.open_run()
            except (OSError, sqlite3.Error) as error:
                self.archive.unlock()
                self.refused = _unwritable(self.archive, error)
        if self.refused:
            logger.error("Refusing to crawl: %s", self.refused.reason)
            self.stats.set_value(self.refused.stat, self.refused.reason)
            spider.archive = _Refused(self.refused.reason)  # type: ignore[attr-defined]
            return
        # the spider reads the archive through this view and nothing else (as SpiderState
        # hands it `spider.state`)
        view = _Reader(self.archive, self.started, self.retry_gone_after, self.recheck_after)
        spider.archive = view  # type: ignore[attr-defined]

    def open_run(self) -> None:
        """Repair what a killed run left, bring the README and the JSON Schema beside the records
        up to date, then open this run's WARC file and report.

        A helper of a shared run repairs nothing: the run's discoverer did, alone, before it
        shared the lock; the other workers' temp files and running reports are theirs.
        """
        if not self.helper:
            self.repair()
        self.warc = self.archive.open_warc(self.run.run_id, f"lan-crawler/{__version__}")
        where = str(self.archive.root.resolve())
        self.archive.write_report(self.run.run_id, running_report(self.run, where, self.warc_name))
        if self.shared is not None and not self.helper:
            self.archive.share_lock()  # the other workers of the run may come in now
        logger.info("Run %s: archiving into %s", self.run.run_id, where)

    def repair(self) -> None:
        for leftover in self.archive.remove_temp_files():
            logger.warning("Removed %s, left by a crawl that was killed while writing", leftover)
        if fixes := self.archive.sync_index():
            logger.warning("Index brought in line with the record files (%d rows)", fixes)
        for run, cut in self.archive.mark_interrupted(self.run.run_id):
            tail = f"; its WARC file's torn last {cut} bytes cut" if cut else ""
            logger.warning("Run %s was interrupted before it finished%s", run, tail)
        for name in self.archive.write_guides():  # an archive copied elsewhere documents itself
            logger.info("Wrote %s into the archive (it was missing or outdated)", name)

    def write_failed(self, error: Exception, stop: bool = True) -> WriteFailed:
        """Stop the crawl at once: what is written stays whole, nothing more is tried."""
        if self.write_error is None:
            self.write_error = f"writing the archive failed: {error}"
            logger.error("%s: stopping the crawl", self.write_error)
            self.stats.set_value("lan/write_error", self.write_error)
            if stop:
                close_run(self.crawler, "write_error")
        return WriteFailed(self.write_error)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        logging.getLogger().removeHandler(self.errors)
        try:
            self.finish_run(reason)
        except (OSError, sqlite3.Error) as error:
            self.write_failed(error, stop=False)
            logger.error("Run %s: its report could not be written", self.run.run_id)
        finally:
            self.archive.index.close()
            self.archive.unlock()

    def finish_run(self, reason: str) -> None:
        if self.warc:
            self.warc.close()
            try:  # for replay tools and WACZ packages; the WARC file stays the truth
                self.archive.index_warc(self.run.run_id)
            except OSError as error:
                self.write_failed(error, stop=False)
        self.archive.save_state()
        self.stats.set_value("lan/peak_memory_mb", round(peak_memory_kb() / 1024))
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
        logger.info(summary_line(report))
        # `scrapy crawl` repeats these on stderr when the run fails (the log may be a file)
        self.stats.set_value("lan/summary", summary_line(report))
        self.stats.set_value("lan/problems", problems)
        self.stats.set_value("lan/report", str(self.archive.root / report_path(self.run.run_id)))
        self.archive.write_report(self.run.run_id, report)

    # --- what the crawl hands over --------------------------------------------------

    def capture(self, request: Request, response: Response) -> tuple[Raw, datetime] | None:
        """Keep an exchange in the run's WARC file: where it is, and when it was fetched.

        A surface (robots.txt, a sitemap, the feed) unchanged since its last capture is
        written as a revisit record; media files and surfaces are noted as captured.
        """
        if self.warc is None or self.write_error:
            return None
        self.stats.inc_value("lan/warc/records")
        url, meta = response.url, request.meta
        noted = response.status == 200 and bool(meta.get("revisit") or meta.get("media"))
        digest = payload_digest(response.body) if noted else None
        kept = self.archive.captures.get(url) if noted and meta.get("revisit") else None
        same = isinstance(kept, dict) and kept.get("digest") == digest
        revisit_of = Capture(kept["digest"], kept["date"]) if same and kept else None
        try:
            captured = self.warc.write(
                url,
                request.method,
                _headers(request.headers),
                response.status,
                _headers(response.headers),
                response.body,
                ip_address=str(response.ip_address) if response.ip_address else None,
                revisit_of=revisit_of,
            )
        except OSError as error:
            self.write_failed(error)
            return None
        if revisit_of is not None:
            self.stats.inc_value("lan/warc/revisits")
        elif noted:
            self.archive.captures.set(url, {"digest": digest, "date": utc_stamp(captured[1])})
        return captured

    def store(self, record: ArticleRecord) -> StoreResult:
        """Write a record; InvalidRecord or WriteFailed when it is not written."""
        if self.write_error:
            raise WriteFailed(self.write_error)
        extraction = record["extraction"]
        for warning in extraction["warnings"]:
            logger.warning("%s: %s", record["id"], warning)
            if warning.startswith(IDENTITY_CONFLICT):
                self.run.conflicts.append({"id": record["id"], "conflict": warning})
        try:
            result = self.archive.store(record)
        except (OSError, sqlite3.Error) as error:
            raise self.write_failed(error) from error
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

    def entry_skipped(self, surface: str, url: str, reason: str) -> None:
        skipped = self.run.skipped_entries
        skipped["count"] += 1
        if len(skipped["first"]) < MAX_URLS_SHOWN:
            skipped["first"].append({"surface": surface, "entry": url[:300], "reason": reason})

    def post_declined(
        self, record_id: str, url: str, categories: list[str], modified: str, reason: str
    ) -> None:
        self.entry_skipped("categories", url, reason)
        self.archive.declined.set(record_id, {"categories": categories, "modified": modified})

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

    def captured(self, url: str) -> bool:
        """Whether a file at `url` is kept whole in the archive's WARC files already."""
        return self._archive.captures.get(url) is not None

    def declined(self, record_id: str) -> tuple[list[str], datetime] | None:
        entry = self._archive.declined.get(record_id)
        return (entry["categories"], parse_stamp(entry["modified"])) if entry else None

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
            self.archive.page_failed(item["url"], str(invalid), "invalid")
            raise DropItem(str(invalid)) from invalid
        except WriteFailed as failed:
            self.archive.stats.inc_value("lan/records/unwritten")
            raise DropItem(str(failed)) from failed
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


class ErrorCounter(logging.Handler):
    """Counts ERROR log records that no health check accounts for (a spider exception,
    an engine error): retry give-ups are failed requests, and this project's own errors
    are problems the report names already."""

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(logging.ERROR)
        self.stats = stats

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("lan_crawler", "scrapy.downloadermiddlewares.retry")):
            return
        self.stats.inc_value("lan/errors_logged")
        if not self.stats.get_value("lan/first_error"):
            self.stats.set_value("lan/first_error", record.getMessage()[:300])


def archive_root(settings: Any, declaration: SiteDeclaration | None) -> Path:
    """The archive a crawl writes: its site's in COLLECTION_DIR when set, else ARCHIVE_DIR."""
    collection = settings.get("COLLECTION_DIR")
    if collection and declaration is not None:
        return member_root(Path(collection), declaration.id)
    return Path(settings["ARCHIVE_DIR"])


def shared_part(settings: Any) -> dict[str, Any] | None:
    """This worker's place in a shared run (set by lan_crawler.distributed), or None."""
    if not settings.getint("LAN_WORKER"):
        return None
    return {
        "run": settings["LAN_RUN"],
        "worker": settings.getint("LAN_WORKER"),
        "discovers": settings.getbool("LAN_DISCOVERS"),
    }


def _unwritable(archive: Archive, error: Exception) -> Refusal:
    why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return Refusal("lan/unwritable", f"cannot write the archive {archive.root}: {why}")


def close_run(crawler: Crawler, reason: str) -> None:
    """Ask the engine to close the spider now (Scrapy 2.14+ and before)."""
    engine = crawler.engine
    if hasattr(engine, "close_spider_async"):
        deferred_from_coro(engine.close_spider_async(reason=reason))
    elif crawler.spider is not None:
        engine.close_spider(crawler.spider, reason)


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
