"""The offline demo: serve the bundled sample site, crawl it with `scrapy crawl`, summarise."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lan_crawler.archive import Archive
from lan_crawler.sample_site import Faults, load_posts, running
from lan_crawler.sites import DEFAULT_ID

# The sample site is our own server on loopback: no need to be polite to it.
LOOPBACK_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
}


def crawl_command(
    base_url: str, archive_dir: Path, settings: dict[str, str], site: str = DEFAULT_ID
) -> list[str]:
    """The `scrapy crawl lan_news` command line for a declared site served at `base_url`
    (by default lan.go.id, which the sample site imitates) and an archive folder."""
    command = [sys.executable, "-m", "scrapy", "crawl", "lan_news", "-a", f"site={site}"]
    command += ["-a", f"base_url={base_url}"]
    for name, value in {"ARCHIVE_DIR": str(archive_dir), **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_env() -> dict[str, str]:
    """The environment for a crawl started outside the project folder."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "lan_crawler.settings"}


@dataclass
class DemoResult:
    exit_code: int
    archive: Archive
    before: int  # records in the archive before the crawl


def run_demo(archive_dir: Path, log_level: str = "WARNING") -> DemoResult:
    """Serve the sample site (with its realistic faults) and crawl it into `archive_dir`."""
    before = len(Archive(archive_dir).entries)
    with running(Faults.realistic(load_posts())) as server:
        settings = {**LOOPBACK_SETTINGS, "LOG_LEVEL": log_level}
        command = crawl_command(server.base_url, archive_dir, settings)
        exit_code = subprocess.run(command, env=crawl_env(), check=False).returncode
    return DemoResult(exit_code, Archive(archive_dir), before)
