"""Several workers crawling one site together through Redis (`-s LAN_DISTRIBUTED=redis://...`).

    SharedCrawl      add-on: scrapy-redis's scheduler and dupefilter under the run's own
                     keys, the site's politeness shared among LAN_WORKERS, and this
                     worker's place in the run (LAN_WORKER, LAN_DISCOVERS)
    SharedScheduler  scrapy-redis's scheduler; requests only this worker can answer
                     (discovery keeps its progress in memory) stay here, post pages and
                     media go to the queue every worker takes from
    SharedRun        extension: the discoverer's heartbeat in Redis, and a helper's
                     start(): take work from the shared queue until the run is over

Every worker of a run is started with the same LAN_RUN name; a new name is a new run, with
a fresh queue and fresh fingerprints. The first worker to claim the run discovers (robots.txt,
REST API, sitemaps, feed); the others answer what it shares, and quit once its discovery is
over and the queue is empty. Redis keys, all under `lan-crawler:<LAN_RUN>:`:

    requests    the shared queue (scrapy-redis's priority queue)
    dupefilter  fingerprints of every request of the run
    discovery   "alive" (expiring unless renewed) while the discoverer works, then "done"
    workers     a counter that numbers the workers as they join
    open        the discoverer's run id, once it has opened the archive: helpers may join
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redis import Redis
from scrapy import Request, Spider
from scrapy import signals as scrapy_signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import load_object
from scrapy_redis import connection
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall, deferLater

from lan_crawler.archive import report_path
from lan_crawler.archiving import ArchiveExtension, archive_root

logger = logging.getLogger(__name__)

RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
ALIVE, DONE = "alive", "done"
HEARTBEAT_SECONDS = 2.0  # how often the discoverer renews its claim
HEARTBEAT_TTL = 30  # seconds: a discoverer silent this long is taken for dead
OPEN_WAIT_SECONDS = 120.0  # how long a helper waits for the discoverer to open the archive
POLL_SECONDS = 0.1  # how often an idle helper looks at the shared queue
KEEP_SECONDS = 7 * 24 * 3600  # a run's keys outlive it this long, then Redis drops them
QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"  # by request priority, as Scrapy's own
TAKEN = "lan_taken"  # meta: popped from the shared queue by this worker, answered here
# the stats of requests counted where they are made, by the meta key that marks them: in a
# shared run, the worker that answers one counts it instead
ANSWERED = {"post_id": "lan/post_requests", "media": "lan/media_requests"}


@dataclass(frozen=True)
class RunKeys:
    requests: str
    dupefilter: str
    discovery: str
    workers: str
    open: str

    @classmethod
    def of(cls, run: str) -> RunKeys:
        prefix = f"lan-crawler:{run}:"
        names = ("requests", "dupefilter", "discovery", "workers", "open")
        return cls(*(prefix + name for name in names))

    def all(self) -> tuple[str, ...]:
        return (self.requests, self.dupefilter, self.discovery, self.workers, self.open)


@dataclass(frozen=True)
class WorkerShare:
    """One worker's share of the site's politeness."""

    concurrency: int  # CONCURRENT_REQUESTS_PER_DOMAIN (and CONCURRENT_REQUESTS)
    delay: float  # DOWNLOAD_DELAY
    target: float  # AUTOTHROTTLE_TARGET_CONCURRENCY


def shared_politeness(concurrency: int, delay: float, target: float, workers: int) -> WorkerShare:
    """What each of `workers` may do so that all of them together ask the site no more
    than one crawl would: a part of the requests at once (at least one), and each worker's
    delay as long as all of theirs together."""
    workers = max(1, workers)
    return WorkerShare(max(1, concurrency // workers), delay * workers, target / workers)


def run_name(settings: BaseSettings) -> str:
    run = settings.get("LAN_RUN") or ""
    if not RUN_NAME.fullmatch(run):
        raise ValueError(
            "LAN_DISTRIBUTED needs LAN_RUN=<name> (letters, digits, '.', '_', '-'), "
            "the same for every worker of one run and new for each run"
        )
    return str(run)


class SharedCrawl:
    """Add-on (ADDONS): turns a crawl into a worker of a shared run when LAN_DISTRIBUTED
    names a Redis server; off otherwise."""

    def __init__(self, crawler: Crawler, url: str, run: str, workers: int) -> None:
        self.crawler, self.url, self.run, self.workers = crawler, url, run, workers
        self.keys = RunKeys.of(run)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawl:
        settings = crawler.settings
        if not settings.get("LAN_DISTRIBUTED"):
            raise NotConfigured
        workers = settings.getint("LAN_WORKERS")
        return cls(crawler, settings["LAN_DISTRIBUTED"], run_name(settings), workers)

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in {
            "SCHEDULER": f"{__name__}.SharedScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "REDIS_URL": self.url,
            "SCHEDULER_QUEUE_CLASS": QUEUE_CLASS,
            "SCHEDULER_QUEUE_KEY": self.keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": self.keys.dupefilter,
            "SCHEDULER_PERSIST": True,  # a worker that ends leaves the others their work
        }.items():
            overrule(settings, name, value)
        self.share_politeness(settings)
        server = connection.get_redis_from_settings(settings)
        discovers = bool(server.set(self.keys.discovery, ALIVE, nx=True, ex=HEARTBEAT_TTL))
        worker = int(server.incr(self.keys.workers))
        overrule(settings, "LAN_WORKER", worker)
        overrule(settings, "LAN_DISCOVERS", discovers)
        logger.info(
            "Run %s on %s: worker %d, %s",
            self.run,
            self.url,
            worker,
            "discovering" if discovers else "helping",
        )
        if not discovers:
            opened = wait_for_archive(server, self.keys)
            if opened is not None:
                # the spider is made before the add-ons: its site names a collection's archive
                site = getattr(self.crawler.spider, "declaration", None)
                check_same_archive(archive_root(settings, site), self.run, opened)

    def share_politeness(self, settings: BaseSettings) -> None:
        """Each setting divided at its own priority: `-s` gives what the site may take."""
        share = shared_politeness(
            settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            settings.getfloat("DOWNLOAD_DELAY"),
            settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY"),
            self.workers,
        )
        if self.workers > settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"):
            logger.warning(
                "%d workers ask the site up to %d requests at once, more than its %d",
                self.workers,
                self.workers,
                settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            )
        # a worker takes from the shared queue no more than it may send at once
        for name, value in (
            ("CONCURRENT_REQUESTS_PER_DOMAIN", share.concurrency),
            ("CONCURRENT_REQUESTS", share.concurrency),
            ("DOWNLOAD_DELAY", share.delay),
            ("AUTOTHROTTLE_TARGET_CONCURRENCY", share.target),
        ):
            overrule(settings, name, value)


def overrule(settings: BaseSettings, name: str, value: Any) -> None:
    """Set `name` at the priority it has (or the add-ons'): this value, derived from it or
    needed by the shared run, replaces it whoever set it."""
    settings.set(name, value, max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"]))


def wait_for_archive(server: Redis, keys: RunKeys) -> str | None:
    """Block until the discoverer has opened the archive (it repairs it alone first): its
    run id; None when it ended without; raise when it does neither in time."""
    deadline = time.monotonic() + OPEN_WAIT_SECONDS
    while (opened := server.get(keys.open)) is None and is_alive(server.get(keys.discovery)):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the run's discoverer did not open the archive in time ({keys})")
        time.sleep(POLL_SECONDS)
    return opened.decode() if isinstance(opened, bytes) else opened


def check_same_archive(root: Path, run: str, discoverer: str) -> None:
    """Refuse to start on another folder than the discoverer's: the run's records would be
    split between two archives. Its running report there says it is the same."""
    try:
        report = json.loads((root / report_path(discoverer)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = {}
    if not isinstance(report, dict) or (report.get("shared_run") or {}).get("run") != run:
        raise RuntimeError(
            f"{root} is not the archive run {run} writes (its discoverer's report "
            f"{report_path(discoverer)} is not there): give every worker the same ARCHIVE_DIR"
        )


def is_alive(discovery: Any) -> bool:
    """Whether the discovery key says its worker is at work (Redis answers bytes)."""
    return discovery in (ALIVE, ALIVE.encode())


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler, but requests no other worker can answer stay with this one.

    A request is shared when its callback is one of the spider's `shared_callbacks`
    (post pages, media); discovery's own requests stay in memory here, checked against the
    same fingerprints. A post or media request counts for the worker that answers it
    (`ANSWERED`), not for the one that made it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.local: list[tuple[int, int, Request]] = []
        self.order = itertools.count()
        self.shared_callbacks: frozenset[str] = frozenset()

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.shared_callbacks = frozenset(getattr(spider, "shared_callbacks", ()))

    def is_shared(self, request: Request) -> bool:
        return getattr(request.callback, "__name__", None) in self.shared_callbacks

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.pop(TAKEN, False):  # taken from the shared queue by SharedRun
            self.answered_here(request)
            self.keep(request)
            return True
        if self.is_shared(request):
            queued: bool = super().enqueue_request(request)
            if queued:
                self.answered_here(request, -1)  # whoever takes it counts it
            if queued and "post_id" in request.meta:
                self.count("lan/shared/posts_queued")
            return queued
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.keep(request)
        return True

    def keep(self, request: Request) -> None:
        heapq.heappush(self.local, (-request.priority, next(self.order), request))

    def next_request(self) -> Request | None:
        if self.local:
            return heapq.heappop(self.local)[2]
        request: Request | None = super().next_request()
        if request is not None:
            self.answered_here(request)
        return request

    def answered_here(self, request: Request, by: int = 1) -> None:
        for key, stat in ANSWERED.items():
            if request.meta.get(key):
                self.count(stat, by)

    def count(self, stat: str, by: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(stat, by)

    def has_pending_requests(self) -> bool:
        return bool(self.local) or bool(super().has_pending_requests())

    def __len__(self) -> int:
        return len(self.local) + int(super().__len__())


class SharedRun:
    """Extension: this worker's part in the shared run, from its opening to its end."""

    def __init__(self, crawler: Crawler, server: Redis, keys: RunKeys) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.server = server
        self.keys = keys
        self.worker = settings.getint("LAN_WORKER")
        self.discovers = settings.getbool("LAN_DISCOVERS")
        self.heartbeat: LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=scrapy_signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=scrapy_signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRun:
        settings = crawler.settings
        if not settings.get("LAN_DISTRIBUTED"):
            raise NotConfigured
        server = connection.get_redis_from_settings(settings)
        return cls(crawler, server, RunKeys.of(run_name(settings)))

    def spider_opened(self, spider: Spider) -> None:
        """After the archive opened (this extension comes after it): a discoverer lets the
        helpers in, and keeps its claim alive while it works."""
        stats = self.crawler.stats
        stats.set_value("lan/shared/run", self.crawler.settings["LAN_RUN"])
        stats.set_value("lan/shared/worker", self.worker)
        stats.set_value("lan/shared/discovers", self.discovers)
        if not self.discovers:
            return
        if getattr(getattr(spider, "archive", None), "refused", None):
            self.server.set(self.keys.discovery, DONE, ex=KEEP_SECONDS)  # nothing to wait for
            return
        archive = self.crawler.get_extension(ArchiveExtension)
        opened = archive.run.run_id if archive is not None else ""
        self.server.set(self.keys.open, opened, ex=KEEP_SECONDS)
        self.heartbeat = LoopingCall(self.renew)
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)

    def renew(self) -> None:
        self.server.set(self.keys.discovery, ALIVE, ex=HEARTBEAT_TTL)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        if self.discovers:  # discovery is over, whatever the reason: helpers drain the queue
            self.server.set(self.keys.discovery, DONE, ex=KEEP_SECONDS)
        for key in self.keys.all():
            self.server.expire(key, KEEP_SECONDS)

    def over(self, queue: Any) -> bool:
        """Nothing more will come: discovery is done (or its worker died) and the queue is
        empty."""
        return not is_alive(self.server.get(self.keys.discovery)) and not len(queue)

    async def requests(self) -> AsyncIterator[Request]:
        """A helper's start(): requests taken from the shared queue whenever this worker has
        room, until the run is over. Its scheduler takes more as answers come; this loop
        only wakes it when the queue filled while it had nothing to do."""
        crawler = self.crawler
        queue = load_object(QUEUE_CLASS)(self.server, crawler.spider, self.keys.requests)
        while True:
            engine = crawler.engine
            request = None if engine is None or engine.needs_backout() else queue.pop()
            if request is not None:
                request.meta[TAKEN] = True
                yield request
            elif self.over(queue):
                return
            else:
                await pause(POLL_SECONDS)


async def pause(seconds: float) -> None:
    """Wait without blocking the crawl, whichever reactor runs it."""
    from twisted.internet import reactor  # imported here: importing installs a reactor

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


def helping(crawler: Crawler) -> SharedRun | None:
    """This worker's part in a shared run when another worker discovers; None otherwise."""
    shared = crawler.get_extension(SharedRun)
    return shared if shared is not None and not shared.discovers else None
