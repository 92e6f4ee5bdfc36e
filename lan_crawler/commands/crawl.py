"""`scrapy crawl`, exiting non-zero when the run was refused or unhealthy.

Scrapy's own command exits 0 whenever the crawler started. For cron and Scrapyd
that hides the failures that matter, so this one, which replaces it inside the
project, exits with:

    0  the run finished and was healthy
    1  the crawl could not start (Scrapy's own failure)
    2  refused: another crawl holds the archive
    3  unhealthy: the reasons are in the log and in the run report
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from lan_crawler.report import REFUSED_EXIT_CODE, UNHEALTHY_EXIT_CODE


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider: scrapy crawl lan_news")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if stats.get("lan/refused"):
            self.exitcode = REFUSED_EXIT_CODE
        elif stats.get("lan/unhealthy"):
            self.exitcode = UNHEALTHY_EXIT_CODE
