"""Several `scrapy crawl` workers sharing one site through a real Redis server
(LAN_DISTRIBUTED): each post fetched once, all of them archived, the site asked no harder
than by one crawl, and a killed worker's posts fetched by the next run."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown

from lan_crawler.archive import Archive, ArchiveLocked, JsonState
from lan_crawler.commands.crawl import ExitCode
from lan_crawler.demo import LOOPBACK_SETTINGS, crawl_command, crawl_env
from lan_crawler.distributed import RunKeys, WorkerShare, shared_politeness
from lan_crawler.sample_site import Faults, load_posts, running
from lan_crawler.sample_site.server import SampleServer
from lan_crawler.verify import verify
from tests.conftest import PROJECT_ROOT, free_port

POSTS = load_posts()
AGENT = "lan-crawler/test (+worker {})"  # each worker its own, to tell them apart at the server


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A redis-server of its own on a free port, keeping nothing on disk."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder]
    server = subprocess.Popen([*map(str, command), "--appendonly", "no"], stdout=subprocess.DEVNULL)
    client = Redis(port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except (OSError, RedisDown):
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """The workers a test starts: any still running when it ends (a failed test) is killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def start_worker(
    started: list[subprocess.Popen[bytes]],
    server: SampleServer,
    archive: Path,
    redis_url: str,
    run: str,
    number: int,
    **settings: str,
) -> subprocess.Popen[bytes]:
    """`scrapy crawl lan_news` as one worker of the shared run `run`."""
    shared = {
        **LOOPBACK_SETTINGS,
        "RETRY_BACKOFF_BASE": "0.2",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "2",  # what the site may take from all of them
        "LAN_WORKERS": "2",
        "LAN_DISTRIBUTED": redis_url,
        "LAN_RUN": run,
        "USER_AGENT": AGENT.format(number),
        **settings,
    }
    worker = subprocess.Popen(
        crawl_command(server.base_url, archive, shared),
        cwd=PROJECT_ROOT,
        env=crawl_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started.append(worker)
    return worker


def post_fetches(server: SampleServer) -> Counter[tuple[int, str]]:
    """(post id, worker's User-Agent) of every post page the server answered."""
    fetched: Counter[tuple[int, str]] = Counter()
    for target, _, agent in list(server.log.entries):
        query = dict(parse_qsl(urlsplit(target).query))
        if query.keys() == {"p"}:
            fetched[int(query["p"]), agent] += 1
    return fetched


def per_post(fetches: Counter[tuple[int, str]]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for (post_id, _), count in fetches.items():
        counts[post_id] += count
    return counts


def reports(archive: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((archive / "runs").glob("*.json"))]


def archived_posts(archive: Path) -> set[int]:
    return {int(record_id.rpartition(":")[2]) for record_id in Archive(archive).entries}


def test_two_workers_fetch_every_post_once_and_no_harder_than_one(
    tmp_path: Path, redis_url: str, workers: list[subprocess.Popen[bytes]]
) -> None:
    archive = tmp_path / "archive"
    with running(Faults(slow_server=0.05)) as server:
        for n in (1, 2):
            start_worker(workers, server, archive, redis_url, "both", n)
        ended = [worker.wait(timeout=120) for worker in workers]
        last_exit = time.monotonic()
        last_request = server.log.times[-1]
        fetches, most = post_fetches(server), server.log.most_in_flight
        # a worker of the run given another folder: it would split the run's archive
        elsewhere = tmp_path / "elsewhere"
        stray = start_worker(workers, server, elsewhere, redis_url, "both", 3)
        assert stray.wait(timeout=60) == ExitCode.COULD_NOT_START
    assert not (elsewhere / "runs").exists()
    assert ended == [ExitCode.HEALTHY, ExitCode.HEALTHY]
    assert per_post(fetches) == Counter({post.id: 1 for post in POSTS})  # each once
    assert len({agent for _, agent in fetches}) == 2  # both took a share
    assert archived_posts(archive) == {post.id for post in POSTS}
    assert most <= 2  # never more at once than the site's limit for one crawl
    assert last_exit - last_request < 5  # the helper did not linger once the run was over
    runs = reports(archive)
    assert [r["status"] for r in runs] == ["finished", "finished"]
    assert sorted(r["shared_run"]["discovers"] for r in runs) == [False, True]
    # each report counts the posts its worker answered; together, every post once
    assert sum(r["posts"]["requested"] for r in runs) == len(POSTS)
    assert sum(r["articles"]["new"] for r in runs) == len(POSTS)
    assert all(r["healthy"] and r["posts"]["not_answered"] == 0 for r in runs)
    assert verify(Archive(archive))[1] == []


def test_a_killed_workers_posts_are_fetched_by_the_next_run(
    tmp_path: Path, redis_url: str, workers: list[subprocess.Popen[bytes]]
) -> None:
    archive, posts = tmp_path / "archive", POSTS[:20]
    redis = Redis.from_url(redis_url)
    no_media = {"MEDIA_MAXSIZE": "0"}
    with running(Faults(slow_server=0.2), posts=posts) as server:
        first = start_worker(workers, server, archive, redis_url, "first", 1, **no_media)
        deadline = time.monotonic() + 30
        while not redis.exists(RunKeys.of("first").open):  # the first worker discovers
            assert time.monotonic() < deadline
            time.sleep(0.05)
        helper = start_worker(workers, server, archive, redis_url, "first", 2, **no_media)
        while sum(n for (_, agent), n in post_fetches(server).items() if "2)" in agent) < 3:
            assert time.monotonic() < deadline and helper.poll() is None
            time.sleep(0.02)
        helper.send_signal(signal.SIGKILL)
        helper.wait()
        assert first.wait(timeout=60) == ExitCode.HEALTHY
        in_first_run = per_post(post_fetches(server))
        left = {p.id for p in posts} - archived_posts(archive)

        server.log.clear()
        follow_up = start_worker(workers, server, archive, redis_url, "second", 1, LAN_WORKERS="1")
        assert follow_up.wait(timeout=60) == ExitCode.HEALTHY
        in_second_run = per_post(post_fetches(server))
    assert max(in_first_run.values()) == 1  # no post fetched twice by the first run's workers
    assert set(in_second_run) == left  # the next run fetched what the killed one lost, only
    assert archived_posts(archive) == {p.id for p in posts}
    assert verify(Archive(archive))[1] == []
    by_status = Counter(r["status"] for r in reports(archive))
    assert by_status == {"finished": 2, "interrupted": 1}


def test_workers_share_the_sites_politeness() -> None:
    assert shared_politeness(2, 1.0, 1.0, 2) == WorkerShare(1, 2.0, 0.5)
    assert shared_politeness(8, 0.5, 1.0, 4) == WorkerShare(2, 2.0, 0.25)
    assert shared_politeness(2, 1.0, 1.0, 1) == WorkerShare(2, 1.0, 1.0)
    assert shared_politeness(1, 1.0, 1.0, 3).concurrency == 1  # never none at all


def test_workers_saving_state_keep_each_others_changes(tmp_path: Path) -> None:
    path = tmp_path / "state" / "gone.json"
    first, second = JsonState(path), JsonState(path)
    first.set("a", 1)
    first.set("old", 0)
    first.save()
    first.set("c", 3)  # not saved yet
    second.set("b", 2)
    second.remove("old")
    second.save()
    first.save()  # its "c" on top of the other's changes; "old" does not come back
    assert json.loads(path.read_text()) == {"a": 1, "b": 2, "c": 3}


def test_a_shared_runs_workers_hold_the_archive_together_and_no_crawl_beside_them(
    tmp_path: Path,
) -> None:
    discoverer, helper, alone = (Archive(tmp_path) for _ in range(3))
    discoverer.lock()
    with pytest.raises(ArchiveLocked):  # not before the discoverer has repaired it
        helper.lock(shared=True)
    discoverer.share_lock()
    helper.lock(shared=True)
    with pytest.raises(ArchiveLocked):
        alone.lock()
    discoverer.unlock()
    with pytest.raises(ArchiveLocked):  # a helper still at work
        alone.lock()
    helper.unlock()
    alone.lock()
    alone.unlock()
