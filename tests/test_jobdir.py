"""Pausing and resuming a crawl with JOBDIR, as Scrapy promises: SIGINT, then the same command.

Each crawl is paused at a different point (discovery just begun, sitemaps or listings
being read, posts being fetched), in both discovery modes; the resumed run completes
the crawl with every post archived once and none fetched twice.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lan_crawler.commands.crawl import ExitCode
from lan_crawler.demo import LOOPBACK_SETTINGS, crawl_command, crawl_env
from lan_crawler.sample_site import SETUPS, Faults, load_posts, running
from lan_crawler.sample_site.server import SampleServer
from tests.conftest import PROJECT_ROOT, CrawlRun, run_crawl

POSTS = load_posts()
SLOW = {**LOOPBACK_SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "DOWNLOAD_DELAY": "0.05"}


def reports(archive: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((archive / "runs").glob("*.json"))]


def post_fetches(server: SampleServer) -> Counter[str]:
    entries = server.log.entries
    return Counter(t for t, status, _ in entries if t.startswith("/?p=") and status == 200)


def pause_after(server: SampleServer, archive: Path, job: Path, requests: int) -> int:
    """Start a crawl, send it SIGINT once the site has answered `requests` requests; its status."""
    process = subprocess.Popen(
        [*crawl_command(server.base_url, archive, SLOW), "-s", f"JOBDIR={job}"],
        cwd=PROJECT_ROOT,
        env=crawl_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(server.log.entries) < requests and process.poll() is None:
        assert time.monotonic() < deadline, "the crawl did not get that far"
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    return process.wait(timeout=60)


@pytest.mark.parametrize("mode", ["api-and-sitemaps", "listings"])
@pytest.mark.parametrize("point", [1, 3, 20], ids=["discovery", "surfaces", "posts"])
def test_a_paused_crawl_resumes_and_archives_every_post_once(
    mode: str, point: int, tmp_path: Path
) -> None:
    archive, job = tmp_path / "archive", tmp_path / "job"
    listings = mode == "listings"  # no sitemap, no API: the listings only
    setup = replace(SETUPS["plain-core"], rest=not listings)
    with running(Faults(sitemaps=not listings), setup=setup) as server:
        # a paused run did not finish: it says so, by its exit status and its report
        assert pause_after(server, archive, job, point) == ExitCode.UNHEALTHY
        paused = reports(archive)[-1]
        assert paused["finish_reason"] == "shutdown" and paused["status"] == "stopped"
        assert paused["problems"] == ["the run stopped before its end (shutdown)"]
        resumed: CrawlRun = run_crawl(server.base_url, archive, "-s", f"JOBDIR={job}")
        fetched = post_fetches(server)
    assert resumed.returncode == ExitCode.HEALTHY, resumed.log[-3000:]
    records = [json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json")]
    assert sorted(r["id"] for r in records) == sorted(f"127.0.0.1:{p.id}" for p in POSTS)
    assert set(fetched) == {f"/?p={p.id}" for p in POSTS}
    assert max(fetched.values()) == 1  # nothing fetched twice across the pause
    final = reports(archive)[-1]
    assert final["healthy"] and final["finish_reason"] == "finished"
    assert final["articles"]["discovered"] >= len(POSTS)  # the paused part's discoveries count


def test_a_jobdir_of_a_finished_crawl_makes_an_unhealthy_run(tmp_path: Path) -> None:
    archive, job = tmp_path / "archive", tmp_path / "job"
    with running(Faults()) as server:
        done = run_crawl(server.base_url, archive, "-s", f"JOBDIR={job}")
        assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
        server.log.clear()
        again = run_crawl(server.base_url, archive, "-s", f"JOBDIR={job}")
        assert server.log.entries == []  # it discovered nothing, and did not pretend to
    assert again.returncode == ExitCode.UNHEALTHY
    assert reports(archive)[-1]["problems"] == [
        "JOBDIR holds a crawl that already finished: give each run its own"
    ]
