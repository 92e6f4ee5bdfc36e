"""Every WordPress setup lan.go.id may run, with the REST API on and off, end to end.

Plain permalinks with core's sitemaps, plain permalinks with Yoast's (which then do not
work), pretty permalinks with Yoast's; each site mid-redesign (OceanWP, Elementor and a
block theme at once). Every post is archived once under its `?p=ID` identity, exactly as
published, by its template's profile; an edited post is found and versioned.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lan_crawler.archive import Archive
from lan_crawler.commands.crawl import ExitCode
from lan_crawler.sample_site import SETUPS, Faults, SampleServer, load_posts, running
from tests.conftest import assert_matches, run_crawl

POSTS = load_posts()
EDITED = POSTS[1]  # one of the newest: on the home page's first listing page


def records(archive: Path) -> dict[str, dict[str, Any]]:
    files = (json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json"))
    return {r["id"]: r for r in files}


def report(archive: Path) -> dict[str, Any]:
    return json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text())


def post_pages(server: SampleServer) -> Counter[int]:
    """How often each post's page was served (at `?p=ID` or at its slug), 200 only."""
    by_slug = {f"/{p.slug}/": p.id for p in POSTS}
    hits: Counter[int] = Counter()
    for target, status, _ in server.log.entries:
        plain = re.fullmatch(r"/\?p=(\d+)", target)
        post_id = int(plain[1]) if plain else by_slug.get(target)
        if status == 200 and post_id:
            hits[post_id] += 1
    return hits


@pytest.mark.parametrize("api", [True, False], ids=["api", "no-api"])
@pytest.mark.parametrize("name", list(SETUPS))
def test_every_setup_archives_every_post_once_and_finds_an_edit(
    name: str, api: bool, tmp_path: Path
) -> None:
    setup = replace(SETUPS[name], rest=api)
    sitemaps = not setup.yoast_sitemaps or setup.pretty  # Yoast's need pretty permalinks
    archive = tmp_path / "archive"
    with running(Faults(), template="mixed", setup=setup) as server:
        first = run_crawl(server.base_url, archive)
        fetched = post_pages(server)
        server.site.edit_post(EDITED.id, title=EDITED.title + " (Diperbarui)")
        server.log.clear()
        # RECHECK_AFTER_HOURS=0: where nothing tells modification times, the newest are due
        second = run_crawl(server.base_url, archive, "-s", "RECHECK_AFTER_HOURS=0")
        fetched_again = post_pages(server)
        home_page = {p.id for p in POSTS[:10]}
        site = server.site

    assert first.returncode == second.returncode == ExitCode.HEALTHY, first.log[-3000:]
    assert report(archive)["healthy"]
    # every post once, under its post id, whatever its URLs
    assert fetched == Counter({p.id: 1 for p in POSTS})
    kept = records(archive)
    assert sorted(kept) == sorted(f"127.0.0.1:{p.id}" for p in POSTS)
    for post in POSTS:
        record = kept[f"127.0.0.1:{post.id}"]
        expected = site.expected_record(
            post if post.id != EDITED.id else replace(post, title=record["title"])
        )
        parts = []
        if expected["modified"] is None and (api or sitemaps):  # the page shows none
            expected["modified"] = record["modified"]
            parts.append("modified=rest-api" if api else "modified=sitemap")
        if api:
            parts.append("checked=rest-api")
        method = expected["extraction"]["method"] + ("; " + ", ".join(parts) if parts else "")
        assert record["extraction"]["method"] == method, post.id
        assert_matches(record, expected, skip=("fetched_at", "modified"))
    # the edit is found: alone where a surface tells modification times, else with the
    # newest posts, fetched again as they came due
    assert set(fetched_again) == ({EDITED.id} if api or sitemaps else home_page)
    assert kept[f"127.0.0.1:{EDITED.id}"]["title"].endswith("(Diperbarui)")
    assert len(Archive(archive).versions(f"127.0.0.1:{EDITED.id}")) == 1


def test_a_switch_to_pretty_permalinks_between_runs_fetches_nothing_again(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    with running(Faults(), setup=SETUPS["plain-core"]) as server:
        assert run_crawl(server.base_url, archive).returncode == ExitCode.HEALTHY
        server.site.set_setup(SETUPS["pretty-yoast"])
        server.log.clear()
        again = run_crawl(server.base_url, archive)
        fetched = post_pages(server)
        requests = len(server.log.entries)
    assert again.returncode == ExitCode.HEALTHY, again.log[-3000:]
    assert fetched == Counter()  # the API said which post each slug is
    assert requests <= 8  # robots.txt, the API, Yoast's sitemaps (index and posts), feed
    assert len(records(archive)) == len(POSTS)  # no duplicate under a slug


def test_a_deleted_post_is_asked_for_again_only_when_it_changes_or_its_wait_is_over(
    tmp_path: Path,
) -> None:
    archive, gone = tmp_path / "archive", POSTS[12]
    with running(Faults()) as server:
        assert run_crawl(server.base_url, archive).returncode == ExitCode.HEALTHY
        server.site.delete_post(gone.id, stale_sitemap=True)  # listed still, answers 404
        asked = []
        for extra in ([], [], ["-s", "GONE_RETRY_AFTER_HOURS=0"]):
            server.log.clear()
            assert run_crawl(server.base_url, archive, *extra).returncode == ExitCode.HEALTHY
            asked.append(server.log.count(f"/?p={gone.id}"))
    assert asked == [1, 0, 1]  # found gone; left alone; asked again once its wait was over
    state = json.loads((archive / "state" / "gone.json").read_text())
    assert state[f"127.0.0.1:{gone.id}"]["checks"] == 2
    presence = json.loads((archive / "state" / "presence.json").read_text())
    assert presence[f"127.0.0.1:{gone.id}"]["withdrawn"]
