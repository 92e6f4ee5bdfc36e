"""Unattended runs, end to end: versions, withdrawn posts, WARC and reprocess, crash safety,
the archive lock, run reports and exit codes, network faults."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from lan_crawler.archive import Archive
from lan_crawler.cli import main as lan_archive
from lan_crawler.commands.crawl import ExitCode
from lan_crawler.sample_site import SETUPS, Faults, load_posts, running
from lan_crawler.warc import read_responses
from tests.conftest import CrawlRun, kill_crawl_after

POSTS = load_posts()
Crawl = Callable[..., CrawlRun]


def records(archive: Path) -> dict[str, dict[str, Any]]:
    return {
        r["id"]: r for r in (json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json"))
    }


def snapshot(archive: Path) -> dict[str, bytes]:
    return {
        p.relative_to(archive).as_posix(): p.read_bytes() for p in archive.glob("[0-9]*/*/*/*.json")
    }


def post_hits(entries: list[tuple[str, int, str]]) -> list[str]:
    return [t for t, status, _ in entries if t.startswith("/?p=") and status == 200]


def run_report(archive: Path) -> dict[str, Any]:
    reports = sorted((archive / "runs").glob("*.json"))
    return json.loads(reports[-1].read_text())


def test_an_edited_post_becomes_a_new_version_and_only_it_is_fetched(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    edited = POSTS[4]
    with running(Faults()) as server:
        assert crawl(server.base_url, archive).returncode == 0
        before = records(archive)[f"127.0.0.1:{edited.id}"]
        server.site.edit_post(edited.id, title=edited.title + " (Diperbarui)")
        server.log.clear()
        second = crawl(server.base_url, archive)
        assert second.returncode == 0, second.log[-2000:]
        assert post_hits(server.log.entries) == [f"/?p={edited.id}"]
    after = records(archive)[f"127.0.0.1:{edited.id}"]
    assert after["title"] == edited.title + " (Diperbarui)"
    assert after["modified"] > before["modified"]
    versions = Archive(archive).versions(after["id"])
    assert len(versions) == 1
    assert json.loads((archive / versions[0]).read_text()) == before
    report = run_report(archive)
    assert report["articles"]["changed"] == 1 and report["articles"]["new"] == 0


def test_a_deleted_post_is_withdrawn_never_deleted(tmp_path: Path, crawl: Crawl) -> None:
    archive = tmp_path / "archive"
    gone_quietly, gone_loudly = POSTS[10].id, POSTS[12].id
    with running(Faults()) as server:
        assert crawl(server.base_url, archive).returncode == 0
        server.site.delete_post(gone_quietly)  # leaves the sitemaps
        server.site.delete_post(gone_loudly, stale_sitemap=True)  # listed, but answers 404
        second = crawl(server.base_url, archive, "-s", "WITHDRAWN_AFTER_RUNS=2")
        third = crawl(server.base_url, archive, "-s", "WITHDRAWN_AFTER_RUNS=2")
    assert second.returncode == third.returncode == 0
    state = json.loads((archive / "state" / "presence.json").read_text())
    loud, quiet = state[f"127.0.0.1:{gone_loudly}"], state[f"127.0.0.1:{gone_quietly}"]
    assert loud["withdrawn"] and loud["reason"] == "HTTP 404"
    assert quiet["withdrawn"] and quiet["reason"] == "gone from every sitemap"
    assert quiet["first_missing"] < quiet["withdrawn"]  # missing for two runs, then withdrawn
    assert f"127.0.0.1:{gone_quietly}" in records(archive)  # the record stays
    assert f"127.0.0.1:{gone_loudly}" in records(archive)
    assert run_report(archive)["articles"]["withdrawn"] == [f"127.0.0.1:{gone_quietly}"]


def test_warc_holds_every_response_and_records_point_into_it(tmp_path: Path, crawl: Crawl) -> None:
    archive = tmp_path / "archive"
    with running(Faults.realistic(POSTS)) as server:
        assert crawl(server.base_url, archive).returncode == 0
    warcs = list((archive / "warc").glob("*.warc.gz"))
    assert len(warcs) == 1
    stored = list(read_responses(warcs[0], f"warc/{warcs[0].name}"))
    urls = {r.url.removeprefix(server.base_url) for r in stored}
    assert {"robots.txt", "?sitemap=index", "?feed=rss2", f"?p={POSTS[0].id}"} <= urls
    assert any(url.startswith("?rest_route=/wp/v2/posts") for url in urls)  # API answers too
    assert {r.status for r in stored} >= {200, 301, 404, 429, 500}
    by_offset = {r.raw["offset"]: r for r in stored}
    for record in records(archive).values():
        raw = record["raw"]
        assert raw["warc"] == f"warc/{warcs[0].name}"
        response = by_offset[raw["offset"]]
        assert response.raw["record_id"] == raw["record_id"]
        assert response.url == record["url"]


def test_reprocess_offline_gives_the_crawls_records_and_repairs_damage(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    with running(Faults.realistic(POSTS)) as server:
        assert crawl(server.base_url, archive).returncode == 0
    # the server is gone: reprocess works from the WARC alone
    crawled = snapshot(archive)
    result = CliRunner().invoke(lan_archive, ["reprocess", "--archive", str(archive)])
    assert result.exit_code == 0, result.output
    assert f"0 changed (earlier versions kept), 0 new, {len(POSTS)} unchanged" in result.output
    assert snapshot(archive) == crawled

    # an extractor bug once damaged a record: reprocessing restores it, keeping the damage
    damaged_path = next(iter(archive.glob("[0-9]*/*/*/*.json")))
    damaged = json.loads(damaged_path.read_text())
    damaged["text"], damaged["content_sha256"] = "rusak", "0" * 64
    damaged_path.write_text(json.dumps(damaged, ensure_ascii=False, indent=2) + "\n")
    result = CliRunner().invoke(lan_archive, ["reprocess", "--archive", str(archive)])
    assert "1 changed" in result.output
    assert snapshot(archive) == crawled
    assert len(Archive(archive).versions(damaged["id"])) == 1


def test_a_killed_crawl_leaves_a_consistent_archive_and_the_next_run_completes(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    faults = replace(Faults(), slow_post=None)
    with running(faults) as server:
        kill_crawl_after(server.base_url, archive, records=8, delay=0.15)
        first_hits = post_hits(server.log.entries)
        kept = records(archive)  # every file that is there parses: no half-written record
        assert 8 <= len(kept) < len(POSTS)
        server.log.clear()
        second = crawl(server.base_url, archive)
        assert second.returncode == 0, second.log[-2000:]
        again = set(post_hits(server.log.entries))
    assert len(records(archive)) == len(POSTS)
    assert not {f"/?p={r.split(':')[1]}" for r in kept} & again  # nothing archived is fetched again
    assert set(first_hits) | again >= {f"/?p={p.id}" for p in POSTS}
    assert not list(archive.rglob(".*.tmp"))
    report = run_report(archive)
    assert report["status"] == "finished" and report["healthy"]


def test_a_second_crawl_on_the_same_archive_is_refused(tmp_path: Path, crawl: Crawl) -> None:
    archive = tmp_path / "archive"
    holder = Archive(archive)
    holder.lock()  # a crawl already running
    try:
        with running(Faults()) as server:
            refused = crawl(server.base_url, archive)
            assert server.log.entries == []
    finally:
        holder.unlock()
    assert refused.returncode == ExitCode.ARCHIVE_LOCKED
    assert f"Refusing to crawl: archive {archive} is in use by pid {os.getpid()}" in refused.log
    assert sorted(p.name for p in archive.iterdir()) == [".lock"]  # nothing written


def test_an_unknown_template_with_fallbacks_off_is_an_unhealthy_run(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    with running(Faults(unknown_template=True)) as server:
        done = crawl(server.base_url, archive, "-s", "EXTRACTION_FALLBACKS=False")
    assert done.returncode == ExitCode.UNHEALTHY
    report = run_report(archive)
    assert not report["healthy"]
    assert f"{len(POSTS)} of {len(POSTS)} post requests gave no article" in report["problems"][0]
    assert len(report["articles"]["failed"]) == len(POSTS)
    assert "UNHEALTHY" in done.log


def test_the_same_redesign_with_fallbacks_archives_but_still_raises_the_alarm(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    with running(Faults(unknown_template=True)) as server:
        done = crawl(server.base_url, archive)
    assert done.returncode == ExitCode.UNHEALTHY
    assert len(records(archive)) == len(POSTS)  # nothing lost meanwhile
    assert "came from fallback extraction" in run_report(archive)["problems"][0]


def test_a_run_where_every_request_fails_is_unhealthy(tmp_path: Path, crawl: Crawl) -> None:
    with running(Faults()) as server:
        dead = server.base_url  # the server stops when the block ends
    done = crawl(dead, tmp_path / "archive", "-s", "RETRY_TIMES=1")
    assert done.returncode == ExitCode.UNHEALTHY
    assert "no request succeeded" in run_report(tmp_path / "archive")["problems"][0]


def test_robots_txt_forbidding_the_site_stops_the_run(tmp_path: Path, crawl: Crawl) -> None:
    with running(Faults(disallow_all=True)) as server:
        done = crawl(server.base_url, tmp_path / "archive")
        assert post_hits(server.log.entries) == []
    assert done.returncode == ExitCode.UNHEALTHY
    assert run_report(tmp_path / "archive")["problems"] == ["robots.txt disallows the whole site"]


def test_timeouts_are_retried_and_oversized_answers_refused(tmp_path: Path, crawl: Crawl) -> None:
    hung, huge = POSTS[2].id, POSTS[6].id
    faults = Faults(hang_post=hung, hang_seconds=3, huge_post=huge)
    with running(faults) as server:
        done = crawl(
            server.base_url,
            tmp_path / "archive",
            "-s",
            "DOWNLOAD_TIMEOUT=1",
            "-s",
            "DOWNLOAD_MAXSIZE=200000",
        )
        hits = post_hits(server.log.entries)
    assert done.returncode == 0, done.log[-2000:]
    kept = records(tmp_path / "archive")
    assert f"127.0.0.1:{hung}" in kept and hits.count(f"/?p={hung}") == 2
    assert "TimeoutError" in done.log or "took longer than" in done.log
    assert f"127.0.0.1:{huge}" not in kept
    assert f"Skipped {server.base_url}?p={huge}:" in done.log
    failed = run_report(tmp_path / "archive")["articles"]["failed"]
    assert any(f["url"].endswith(f"?p={huge}") and "size" in f["reason"] for f in failed)


def test_incremental_listing_crawls_stop_paging_and_full_recrawls_do_not(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    no_api = replace(SETUPS["plain-core"], rest=False)  # nothing but the listings
    with running(Faults(sitemaps=False), setup=no_api) as server:
        assert crawl(server.base_url, archive).returncode == 0
        server.log.clear()
        assert crawl(server.base_url, archive).returncode == 0
        incremental = [t for t, _, _ in server.log.entries]
        server.log.clear()
        full = crawl(server.base_url, archive, "-a", "full=1")
        assert full.returncode == 0
        everything = [t for t, _, _ in server.log.entries]
    assert "/" in incremental and "/?paged=2" not in incremental
    assert not post_hits([(t, 200, "") for t in incremental])
    assert "/?paged=5" in everything
    assert len(set(post_hits([(t, 200, "") for t in everything]))) == len(POSTS)
    assert "0 new, 0 changed" in full.log  # fetched again, but nothing to rewrite


def test_jobdir_runs_complete(tmp_path: Path, crawl: Crawl) -> None:
    with running(Faults()) as server:
        done = crawl(server.base_url, tmp_path / "archive", "-s", f"JOBDIR={tmp_path / 'job'}")
    assert done.returncode == 0, done.log[-2000:]
    assert len(records(tmp_path / "archive")) == len(POSTS)


def test_a_post_saved_again_unchanged_is_fetched_once_not_rewritten(
    tmp_path: Path, crawl: Crawl
) -> None:
    archive = tmp_path / "archive"
    touched = POSTS[6]
    with running(Faults()) as server:
        assert crawl(server.base_url, archive).returncode == 0
        before = snapshot(archive)
        server.site.edit_post(touched.id)  # only its modification time moves
        server.log.clear()
        assert crawl(server.base_url, archive).returncode == 0
        assert post_hits(server.log.entries) == [f"/?p={touched.id}"]
        server.log.clear()
        assert crawl(server.base_url, archive).returncode == 0
        assert post_hits(server.log.entries) == []
    assert snapshot(archive) == before
    assert Archive(archive).versions(f"127.0.0.1:{touched.id}") == []
