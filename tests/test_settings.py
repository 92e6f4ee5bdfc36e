"""Settings: every default lives once, in settings.py (or Scrapy's); a site's politeness in its
declaration."""

from __future__ import annotations

import ast
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.settings import Settings, default_settings

from lan_crawler import settings as project_settings
from lan_crawler.sites import DEFAULT_SITE
from lan_crawler.spiders.lan_news import MIN_DELAY, LanNewsSpider

PACKAGE = Path(project_settings.__file__).parent
GETTERS = {"get", "getint", "getfloat", "getbool", "getlist", "getdict", "getwithbase"}
# set by the project's `scrapy crawl` at command priority, so not in settings.py
COMMAND_SETTINGS = {"ARCHIVE_ENABLED"}


def settings_reads() -> list[tuple[str, str, int]]:
    """(file, setting name, number of arguments) of every read of a setting by name."""
    reads = []
    for path in PACKAGE.rglob("*.py"):
        if "sample_site" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in GETTERS
                and "settings" in ast.unparse(node.func.value)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).isupper()
            ):
                reads.append((path.name, node.args[0].value, len(node.args) + len(node.keywords)))
            elif (
                isinstance(node, ast.Subscript)
                and "settings" in ast.unparse(node.value)
                and isinstance(node.slice, ast.Constant)
            ):
                reads.append((path.name, node.slice.value, 1))
    return reads


def test_components_read_settings_without_defaults_of_their_own() -> None:
    reads = settings_reads()
    assert len(reads) > 10  # the scan finds them
    assert [r for r in reads if r[2] > 1] == []  # no default repeated beside a read
    known = set(dir(project_settings)) | set(dir(default_settings)) | COMMAND_SETTINGS
    assert {name for _, name, _ in reads} - known == set()


def crawler_settings(*overrides: tuple[str, str]) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    for name, value in overrides:
        settings.set(name, value, priority="cmdline")
    crawler = Crawler(LanNewsSpider, settings)
    LanNewsSpider.from_crawler(crawler)
    return crawler.settings


def test_politeness_comes_from_the_site_declaration_and_the_command_line_wins() -> None:
    polite = DEFAULT_SITE.politeness
    settings = crawler_settings()
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == polite.concurrency
    assert settings.getfloat("DOWNLOAD_DELAY") == polite.delay
    quick = crawler_settings(("DOWNLOAD_DELAY", "0.2"))
    assert quick.getfloat("DOWNLOAD_DELAY") == 0.2
    # no delay at all would let Scrapy 2.14+ start every queued request at once
    assert crawler_settings(("DOWNLOAD_DELAY", "0")).getfloat("DOWNLOAD_DELAY") == MIN_DELAY
