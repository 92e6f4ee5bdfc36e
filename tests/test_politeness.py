"""Politeness as promised, measured at the server: never more requests at once than
CONCURRENT_REQUESTS_PER_DOMAIN, whatever the delay."""

from __future__ import annotations

from pathlib import Path

import pytest

from lan_crawler.commands.crawl import ExitCode
from lan_crawler.sample_site import Faults, load_posts, running
from tests.conftest import run_crawl

POSTS = load_posts()[:8]


@pytest.mark.parametrize(("delay", "concurrency"), [("0", 2), ("0.05", 1)])
def test_the_site_never_sees_more_requests_at_once_than_promised(
    delay: str, concurrency: int, tmp_path: Path
) -> None:
    with running(Faults(slow_server=0.3), posts=POSTS) as server:
        done = run_crawl(
            server.base_url,
            tmp_path / "archive",
            *("-s", f"DOWNLOAD_DELAY={delay}"),
            *("-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"),
        )
        most = server.log.most_in_flight
    assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
    assert most == concurrency  # reached, and never passed
