"""Never lose, never lie: hostile input, faults and crashes, each with a real crawl.

Bad sitemap entries are skipped and the rest goes on; a failing site or a full disk is an
unhealthy run with its own exit status; inputs are bounded; a page cannot take another
post's record; stray bytes stay local; every loss is in the run report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lan_crawler.archive import Archive
from lan_crawler.cli import main as lan_archive
from lan_crawler.commands.crawl import ExitCode
from lan_crawler.demo import LOOPBACK_SETTINGS, crawl_command, crawl_env
from lan_crawler.record import schema_errors
from lan_crawler.sample_site import SETUPS, Faults, load_posts, running
from lan_crawler.sample_site.site import BULK_FIRST
from lan_crawler.verify import verify
from tests.conftest import PROJECT_ROOT, kill_crawl_after, run_crawl

POSTS = load_posts()
NO_API = replace(SETUPS["plain-core"], rest=False)  # the sitemaps alone name the posts


def records(archive: Path) -> dict[str, dict[str, Any]]:
    files = (json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json"))
    return {r["id"]: r for r in files}


def report(archive: Path) -> dict[str, Any]:
    return json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text())


def post_hits(entries: list[tuple[str, int, str]]) -> list[str]:
    return [t for t, status, _ in entries if t.startswith("/?p=") and status == 200]


@pytest.mark.parametrize("bad", ["?p=\u00b2", "?p=" + "9" * 1000, "ftp://x/?p=1", "h" * 3000])
def test_a_bad_sitemap_entry_loses_nothing_else(bad: str, tmp_path: Path) -> None:
    archive, quiet = tmp_path / "archive", POSTS[5].id
    with running(Faults(), setup=NO_API) as server:
        assert run_crawl(server.base_url, archive).returncode == ExitCode.HEALTHY
        entry = bad if "://" in bad or len(bad) > 2000 else server.base_url + bad
        server.site.faults = replace(server.site.faults, bad_entries=(entry,))
        server.site.delete_post(quiet)  # leaves the sitemap: but this run's reading is flawed
        second = run_crawl(server.base_url, archive, "-s", "WITHDRAWN_AFTER_RUNS=1")
    assert second.returncode == ExitCode.HEALTHY, second.log[-3000:]
    assert len(records(archive)) == len(POSTS)
    skipped = report(archive)["skipped_entries"]
    assert skipped["count"] == 1 and skipped["first"][0]["entry"] == entry[:300]
    assert skipped["first"][0]["surface"] == "sitemap"
    # absence is not counted after a sitemap could not be read whole
    assert not (archive / "state" / "presence.json").exists()


def test_a_site_whose_posts_all_fail_is_an_unhealthy_run(tmp_path: Path) -> None:
    with running(Faults(post_status=500)) as server:
        done = run_crawl(server.base_url, tmp_path / "archive", "-s", "RETRY_TIMES=0")
    assert done.returncode == ExitCode.UNHEALTHY
    problems = report(tmp_path / "archive")["problems"]
    assert problems == [
        f"{len(POSTS)} of {len(POSTS)} post requests gave no article (more than 20%): "
        "is the site down, or its template new?"
    ]


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` at `folder` (mounting needs root, which CI has)."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


# Where no tmpfs can be mounted: the crawl's process runs out of space at its 10th fsync,
# until the flag file is removed.
_SIMULATED_ENOSPC = """
import errno, os
_fsync, _calls = os.fsync, [0]
def fsync(fd):
    _calls[0] += 1
    if _calls[0] > 10 and os.path.exists({flag!r}):
        raise OSError(errno.ENOSPC, "No space left on device")
    _fsync(fd)
os.fsync = fsync
"""


@contextmanager
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Any]]:
    """An archive folder on a disk that fills up, and a function that frees it."""
    if can_mount():
        with small_disk(tmp_path / "disk", "400k") as disk:
            remount = ["mount", "-o", "remount,size=64m", str(disk)]
            yield disk / "archive", lambda: subprocess.run(remount, check=True)
        return
    flag, hooks = tmp_path / "disk-full", tmp_path / "hooks"
    flag.touch()
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(_SIMULATED_ENOSPC.format(flag=str(flag)))
    paths = [str(hooks), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    yield tmp_path / "archive", flag.unlink


def test_a_full_disk_stops_the_crawl_and_keeps_every_written_record_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with full_disk(tmp_path, monkeypatch) as (archive, free), running(Faults()) as server:
        full = run_crawl(server.base_url, archive)
        kept = list(archive.glob("[0-9]*/*/*/*.json"))
        for path in kept:  # every record written is whole
            assert schema_errors(json.loads(path.read_text())) == []
        assert not list(archive.rglob(".*.tmp"))
        free()
        again = run_crawl(server.base_url, archive)
        first, _ = sorted((archive / "runs").glob("*.json"))
        first_report = json.loads(first.read_text())
        stored = records(archive)
        _, problems = verify(Archive(archive))
    assert full.returncode == ExitCode.ARCHIVE_UNWRITABLE, full.log[-3000:]
    assert again.returncode == ExitCode.HEALTHY, again.log[-3000:]
    # the full run's end was written, or else the rerun marked it: never "running"
    assert first_report["status"] in ("finished", "interrupted")
    assert first_report["healthy"] is False
    assert len(stored) == len(POSTS) > len(kept)
    assert problems == []  # the index is in step with the records


@pytest.mark.parametrize("kind", ["a file", "read-only"])
def test_an_unusable_archive_folder_is_one_clear_line(kind: str, tmp_path: Path) -> None:
    if kind == "a file":
        archive = tmp_path / "archive"
        archive.write_text("not a folder\n")
        done = run_crawl("http://127.0.0.1:9/", archive)
    else:
        with small_disk(tmp_path / "disk", "1m") as disk:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            done = run_crawl("http://127.0.0.1:9/", disk / "archive")
    assert done.returncode == ExitCode.ARCHIVE_UNWRITABLE
    assert "Traceback" not in done.log
    assert "Refusing to crawl: cannot write the archive" in done.log


def test_a_sitemap_of_200000_urls_is_read_in_bounded_memory_newest_first(tmp_path: Path) -> None:
    archive, bulk = tmp_path / "archive", 200_000
    faults = Faults(bulk_posts=bulk)
    with running(faults, setup=NO_API) as server:  # WordPress's 2,000 URLs per sitemap
        caps = ["-s", "MAX_POSTS_PER_RUN=50", "-s", "MAX_SITEMAPS_PER_RUN=80"]
        done = run_crawl(server.base_url, archive, *caps, timeout=300)
        hits = post_hits(server.log.entries)
    assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
    run = report(archive)
    assert run["posts"]["requested"] == 50 and len(hits) == 50
    # an index of 101 sitemaps of 2,000 posts: the index and the 79 newest read (the site's
    # own posts are in the first)
    problems = run["surfaces"]["sitemap"]["problems"]
    assert [
        p for p in problems if p.endswith("22 sitemaps past MAX_SITEMAPS_PER_RUN (80) not read")
    ]
    feed = run["surfaces"]["feed"]["entries"]  # the site's own newest: in no sitemap read
    assert run["posts"]["left_for_next_run"] == run["surfaces"]["sitemap"]["entries"] - 50 + feed
    newest = {f"/?p={BULK_FIRST + bulk - 1 - n}" for n in range(50)}  # the newest bulk posts
    assert set(hits) == newest
    assert run["peak_memory_mb"] < 400


def test_a_page_naming_another_post_never_takes_its_record(tmp_path: Path) -> None:
    spoofer, victim = POSTS[3], POSTS[4]
    archive = tmp_path / "archive"
    with running(Faults(spoofed_shortlink=(spoofer.id, victim.id))) as server:
        done = run_crawl(server.base_url, archive)
    assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
    kept = records(archive)
    assert kept[f"127.0.0.1:{victim.id}"]["title"] == victim.title
    spoofed = kept[f"127.0.0.1:{spoofer.id}"]
    assert spoofed["title"] == spoofer.title
    conflict = f"post ids disagree: the page says [{victim.id}], asked for {spoofer.id}"
    assert conflict in spoofed["extraction"]["warnings"]
    assert report(archive)["identity_conflicts"] == [
        {"id": f"127.0.0.1:{spoofer.id}", "conflict": conflict}
    ]


def test_a_few_stray_bytes_leave_a_utf8_page_utf8(tmp_path: Path) -> None:
    damaged = next(
        p for p in POSTS if "–" in p.title or any("–" in "".join(b.lines) for b in p.blocks)
    )
    archive = tmp_path / "archive"
    with running(Faults(bad_bytes_post=damaged.id)) as server:
        assert run_crawl(server.base_url, archive).returncode == ExitCode.HEALTHY
    record = records(archive)[f"127.0.0.1:{damaged.id}"]
    assert "â€" not in record["text"] and "–" in record["text"]  # no mojibake
    assert "charset: 6 bytes that are not UTF-8 replaced" in record["extraction"]["warnings"]


def test_every_loss_is_in_the_report_and_the_posts_add_up(tmp_path: Path) -> None:
    looping, archive = POSTS[8].id, tmp_path / "archive"
    faults = replace(Faults.realistic(POSTS), redirect_loop_post=looping)
    with running(faults, setup=NO_API) as server:
        done = run_crawl(server.base_url, archive)
        base = server.base_url
    assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
    run = report(archive)
    failed = {f["url"].removeprefix(base): f["reason"] for f in run["articles"]["failed"]}
    assert failed[f"?p={looping}"] == f"redirect loop: back to {base}?p={looping}&loop=1"
    assert failed["?p=8998"] == "redirected off the site, to https://example.org/berita/"
    posts = run["posts"]
    assert posts["requested"] == sum(
        v for k, v in posts.items() if k not in ("requested", "left_for_next_run")
    )
    assert posts["not_answered"] == 0


def test_a_killed_run_is_found_by_verify_and_marked_by_the_next_run(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with running(Faults()) as server:
        kill_crawl_after(server.base_url, archive, records=5, delay=0.1)
        _, problems = verify(Archive(archive))
        assert [p.problem for p in problems if p.path.startswith("runs/")] == [
            "run never finished (killed?): the next crawl marks it"
        ]
        assert run_crawl(server.base_url, archive).returncode == ExitCode.HEALTHY
    reports = [json.loads(p.read_text()) for p in sorted((archive / "runs").glob("*.json"))]
    assert reports[0]["status"] == "interrupted" and reports[0]["marked_by"] == reports[1]["run_id"]
    assert verify(Archive(archive))[1] == []
    # both WARC files indexed, the killed run's by the next one, each capture named once
    for report in reports:
        index = (archive / report["warc"]).with_name(f"{report['run_id']}.cdxj")
        lines = index.read_text().splitlines()
        assert lines and all(f'"filename": "{report["run_id"]}.warc.gz"' in line for line in lines)


def test_records_and_reports_follow_the_umask(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with running(Faults()) as server:
        command = crawl_command(server.base_url, archive, LOOPBACK_SETTINGS)
        done = subprocess.run(
            ["sh", "-c", 'umask 027 && exec "$@"', "sh", *command],
            cwd=PROJECT_ROOT,
            env=crawl_env(),
            capture_output=True,
            check=False,
        )
    assert done.returncode == ExitCode.HEALTHY
    modes = {
        oct(p.stat().st_mode & 0o777)
        for p in archive.rglob("*")
        if p.is_file() and p.name != "index.sqlite-shm"
    }
    assert modes == {"0o640"}


@contextmanager
def read_only_copy(source: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the archive on a read-only mount (or, without root, read-only by mode)."""
    if not can_mount():
        archive = tmp_path / "read-only"
        shutil.copytree(source, archive)
        for path in [archive, *archive.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        yield archive
        return
    with small_disk(tmp_path / "disk", "64m") as disk:
        shutil.copytree(source, disk / "archive")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        yield disk / "archive"


def test_read_verbs_work_on_a_read_only_archive_and_write_nothing(tmp_path: Path) -> None:
    source = tmp_path / "crawled"
    with running(Faults()) as server:
        assert run_crawl(server.base_url, source).returncode == ExitCode.HEALTHY
    (source / "index.sqlite").unlink()  # and it has no index either
    for extra in source.glob("index.sqlite-*"):
        extra.unlink()
    torn = source / "2024/01/02/1-torn.json"
    torn.parent.mkdir(parents=True, exist_ok=True)
    torn.write_text('{"schema_version": 1, "id": "lan')
    out = tmp_path / "out.jsonl"
    with read_only_copy(source, tmp_path) as archive:
        before = {p: p.stat().st_mtime_ns for p in archive.rglob("*")}
        runner, where = CliRunner(), ["--archive", str(archive)]
        for args in (
            ["list", "--limit", "3", "--json"],
            ["search", "kompetensi", "--json"],
            ["show", str(POSTS[0].id), "--json"],
        ):
            done = runner.invoke(lan_archive, [*args, *where])
            assert done.exit_code == 0, (args, done.output)
        stats = runner.invoke(lan_archive, ["stats", "--json", *where])
        export = runner.invoke(
            lan_archive, ["export", "--format", "jsonl", "--out", str(out), "--json", *where]
        )
        after = {p: p.stat().st_mtime_ns for p in archive.rglob("*")}
    assert json.loads(stats.stdout)["articles"] == len(POSTS)
    assert json.loads(stats.stdout)["skipped_unreadable"] == 1  # the torn file, said
    assert json.loads(export.stdout)["exported"] == len(POSTS)
    assert json.loads(export.stdout)["skipped_unreadable"] == 1
    assert "2024/01/02/1-torn.json" in export.stderr
    assert after == before  # nothing written, not even an index


@pytest.mark.parametrize(
    "args",
    [
        ["show", "\u00b2"],
        ["show", "9" * 40],
        ["list", "--limit", "99999999999999999999999"],
        ["show", "{broken}"],
        ["show", "{foreign}"],
    ],
)
def test_odd_cli_input_gets_a_message_not_a_traceback(args: list[str], tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with running(Faults(), posts=POSTS[:3]) as server:
        assert run_crawl(server.base_url, archive).returncode == ExitCode.HEALTHY
    (tmp_path / "broken.json").write_text('{"schema_version": 1, "id": "lan')
    (tmp_path / "foreign.json").write_text('{"name": "something else"}')
    args = [
        a.format(broken=tmp_path / "broken.json", foreign=tmp_path / "foreign.json") for a in args
    ]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lan-archive"), *args, "--archive", str(archive)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (1, 2)
    assert "Traceback" not in done.stderr and done.stderr.strip()


def test_extract_refuses_a_page_past_the_size_limit(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_bytes(b"<html>" + b" " * 2_000_000 + b"</html>")
    done = CliRunner().invoke(
        lan_archive,
        ["extract", str(page), "--url", "https://lan.go.id/?p=1", "--max-size", "1000000"],
    )
    assert done.exit_code == 1
    assert "more than --max-size 1000000" in done.output
