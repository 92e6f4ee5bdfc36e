"""Scrapy's commands in the project: only `scrapy crawl` writes the archive, and its exit
status says one thing each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lan_crawler.archive import Archive
from lan_crawler.commands.crawl import ExitCode
from lan_crawler.sample_site import Faults, load_posts, running
from tests.conftest import run_crawl, run_in_project

SEED_ID = load_posts()[-1].id


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return run_in_project([sys.executable, "-m", "scrapy", *args])


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`: size and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


@pytest.mark.parametrize("command", ["parse", "shell", "check", "bench", "list"])
def test_only_crawl_touches_the_archive(command: str, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "README.md").write_text("an archive\n")
    before = tree(archive)
    with running(Faults()) as server:
        base = server.base_url
        post = f"{base}?p={SEED_ID}"
        args = {
            "parse": [
                "--spider",
                "lan_news",
                "-c",
                "parse_article",
                "-a",
                f"base_url={base}",
                post,
            ],
            "shell": [post, "-c", "response.status"],
            "check": ["lan_news"],
            "bench": ["-s", "CLOSESPIDER_TIMEOUT=1"],
            "list": [],
        }[command]
        done = scrapy(command, *args, "-s", f"ARCHIVE_DIR={archive}")
        served = list(server.log.entries)
    assert done.returncode == 0, done.stderr[-3000:]
    assert tree(archive) == before
    if command == "parse":  # the command did its job: the post was fetched and extracted
        assert f"/?p={SEED_ID}" in [t for t, _, _ in served]
        assert '"schema_version": 1' in done.stdout or "'schema_version': 1" in done.stdout
    if command == "list":
        assert done.stdout.split() == ["lan_news"]


def test_exit_statuses_say_one_thing_each(tmp_path: Path) -> None:
    usage = scrapy("crawl", "lan_news", "other_spider")
    no_such_site = scrapy("crawl", "lan_news", "-a", "site=no.such.site")
    cannot_start = scrapy("crawl", "lan_news", "-s", 'EXTENSIONS={"no.such.Extension": 1}')
    holder = Archive(tmp_path / "locked")
    holder.lock()  # a crawl already running
    try:
        with running(Faults()) as healthy, running(Faults(disallow_all=True)) as forbidding:
            locked = run_crawl(healthy.base_url, tmp_path / "locked")
            unhealthy = run_crawl(forbidding.base_url, tmp_path / "forbidden")
            fine = run_crawl(healthy.base_url, tmp_path / "fine")
    finally:
        holder.unlock()
    assert usage.returncode == 2  # Scrapy's own usage error
    assert no_such_site.returncode == 2  # a site nobody declared is one too, said so
    assert "no site 'no.such.site' is declared; known: lan.go.id" in no_such_site.stderr
    assert cannot_start.returncode == ExitCode.COULD_NOT_START
    assert locked.returncode == ExitCode.ARCHIVE_LOCKED
    assert unhealthy.returncode == ExitCode.UNHEALTHY
    assert fine.returncode == ExitCode.HEALTHY
    failing = [usage, cannot_start, locked, unhealthy]
    assert len({run.returncode for run in failing}) == len(failing)  # all different
    assert 0 not in {run.returncode for run in failing}
