"""`scrapy crawl`, writing the archive and exiting with a status that says how the run went.

Scrapy's own command exits 0 whenever the crawler started. For cron, systemd and
Scrapyd that hides the failures that matter, so this one, which replaces it inside
the project, turns the archive on (no other command writes it) and exits with an
`ExitCode`. Scrapy's usage error keeps its own status, 2.

A run that fails says why on standard error, even when the log goes to LOG_FILE, and a
healthy run prints nothing: cron mails exactly the failures.
"""

from __future__ import annotations

import argparse
import sys
from enum import IntEnum
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from lan_crawler.sites import site_for


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
        assert self.crawler_process and self.settings is not None
        if args[0] == "lan_news":  # a site it cannot crawl is the command line's mistake
            folder = self.settings.get("SITES_DIR")
            try:
                site_for(
                    opts.spargs.get("site", ""),
                    opts.spargs.get("base_url", ""),
                    Path(folder) if folder else None,
                )
            except ValueError as error:
                raise UsageError(str(error)) from None
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}  # none if it never started
        # a crawler that failed to build (a broken setting) never opened its spider; Scrapy
        # 2.13 does not count that as a failed bootstrap
        if self.crawler_process.bootstrap_failed or "start_time" not in stats:
            self.exitcode = ExitCode.COULD_NOT_START
        elif stats.get("lan/refused"):
            self.exitcode = ExitCode.ARCHIVE_LOCKED
        elif stats.get("lan/unwritable") or stats.get("lan/write_error"):
            self.exitcode = ExitCode.ARCHIVE_UNWRITABLE
        elif stats.get("lan/unhealthy"):
            self.exitcode = ExitCode.UNHEALTHY
        log_file = self.settings.get("LOG_FILE") if self.settings else None
        sys.stderr.write(failure_message(self.exitcode, stats, log_file))


def failure_message(exitcode: int, stats: dict[str, Any], log_file: str | None) -> str:
    """What a person must read about a failed run: the summary and each reason; "" when
    the run was healthy or stood down for another crawl (exit 4 is no failure)."""
    if exitcode in (ExitCode.HEALTHY, ExitCode.ARCHIVE_LOCKED):
        return ""
    log = f"the log: {log_file}" if log_file else "the log above"
    if exitcode == ExitCode.COULD_NOT_START:
        return f"lan-crawler: the crawl could not start (exit status 1): see {log}\n"
    lines = [f"lan-crawler: the crawl failed (exit status {exitcode})"]
    if summary := stats.get("lan/summary"):
        lines.append(summary)
    reasons = stats.get("lan/problems") or [
        stats[key] for key in ("lan/unwritable", "lan/write_error") if stats.get(key)
    ]
    lines += [f"  - {reason}" for reason in reasons]
    if report := stats.get("lan/report"):
        lines.append(f"report: {report}")
    lines.append(f"more in {log}")
    return "\n".join(lines) + "\n"
