"""Shared fixtures: the sample site served over real HTTP, and real `scrapy crawl` runs."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lan_crawler.demo import LOOPBACK_SETTINGS, crawl_command, crawl_env
from lan_crawler.sites import DEFAULT_ID

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def kill_crawl_after(base_url: str, archive: Path, records: int, delay: float) -> None:
    """Start a crawl one request at a time, `delay` apart, and SIGKILL it once `records`
    records are in the archive (or after a minute)."""
    settings = {**LOOPBACK_SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    process = subprocess.Popen(
        crawl_command(base_url, archive, {**settings, "DOWNLOAD_DELAY": str(delay)}),
        cwd=PROJECT_ROOT,
        env=crawl_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(list(archive.glob("[0-9]*/*/*/*.json"))) < records and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()


@dataclass
class CrawlRun:
    returncode: int
    log: str  # the crawl's stderr: Scrapy's log, stats dump included


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_in_project(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A command run from the project folder with the crawl's environment, output captured."""
    return subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_crawl(
    base_url: str, archive: Path, *extra: str, timeout: float = 120, site: str = DEFAULT_ID
) -> CrawlRun:
    """`scrapy crawl lan_news` of a declared site served at `base_url`, in a subprocess, as
    cron would run it."""
    settings = {**LOOPBACK_SETTINGS, "RETRY_BACKOFF_BASE": "0.2"}  # quick retries
    command = crawl_command(base_url, archive, settings, site=site)
    done = run_in_project(command + list(extra), timeout)
    return CrawlRun(done.returncode, done.stderr)


def assert_matches(
    record: Mapping[str, Any], expected: Mapping[str, Any], *, skip: tuple[str, ...] = ()
) -> None:
    """Every field of the expected record, but `extraction` and those skipped, is equal."""
    for field in expected:
        if field not in ("extraction", *skip):
            assert record[field] == expected[field], (record.get("id"), field)


@pytest.fixture
def crawl() -> Callable[..., CrawlRun]:
    return run_crawl


class TrapServer:
    """Another site, on `localhost`: records every request it gets (there should be none)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                trap.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self._httpd.server_address[1]}/berita/rilis-mitra/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def trap() -> Iterator[TrapServer]:
    server = TrapServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def scrapyd_egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as an egg for Scrapyd, built once for every test that deploys it."""
    from tests.scrapyd_nodes import build_egg  # it imports this module

    return build_egg(tmp_path_factory.mktemp("egg"))
