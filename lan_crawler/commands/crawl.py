"""`scrapy crawl`, writing the archive and exiting with a status that says how the run went.

Scrapy's own command exits 0 whenever the crawler started. For cron, systemd and
Scrapyd that hides the failures that matter, so this one, which replaces it inside
the project, turns the archive on (no other command writes it) and exits with an
`ExitCode`. Scrapy's usage error keeps its own status, 2.
"""

from __future__ import annotations

import argparse
from enum import IntEnum
from typing import Any, ClassVar

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError


class ExitCode(IntEnum):
    HEALTHY = 0  # the run finished and was healthy
    COULD_NOT_START = 1  # Scrapy's own failure: a bad spider argument, a broken setting
    # 2 is Scrapy's: a usage error on the command line
    UNHEALTHY = 3  # the reasons are in the log and in the run report
    ARCHIVE_LOCKED = 4  # another crawl holds the archive: this one wrote nothing
    ARCHIVE_UNWRITABLE = 5  # the archive cannot be written (full disk, no permission, a file)


class Command(ScrapyCrawl):
    default_settings: ClassVar[dict[str, Any]] = {
        **ScrapyCrawl.default_settings,
        "ARCHIVE_ENABLED": True,
    }

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider: scrapy crawl lan_news")
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = ExitCode.COULD_NOT_START
            return
        stats = crawler.stats.get_stats()
        if stats.get("lan/refused"):
            self.exitcode = ExitCode.ARCHIVE_LOCKED
        elif stats.get("lan/unwritable") or stats.get("lan/write_error"):
            self.exitcode = ExitCode.ARCHIVE_UNWRITABLE
        elif stats.get("lan/unhealthy"):
            self.exitcode = ExitCode.UNHEALTHY
