"""A collection: two declared sites crawled by real `scrapy crawl` runs, one archive per
site, read together by `lan-archive`; a site's declaration choosing the categories it keeps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lan_crawler.archive import Archive
from lan_crawler.cli import main
from lan_crawler.demo import LOOPBACK_SETTINGS, crawl_command
from lan_crawler.sample_site import Faults, load_posts, running
from lan_crawler.sample_site.server import SampleServer, running_family
from lan_crawler.sample_site.site import SampleSite
from lan_crawler.sites import DEFAULT_ID
from tests.conftest import run_in_project

POSTS = load_posts()
SKIPPED = "Pengumuman"  # the LAN-like site's declaration here does not archive announcements
# the family's sites by host: lan.go.id's is declared afresh (in a SITES_DIR folder) as
# warta.example; the others are crawled with their own packaged declarations
SITE_OF = {
    "lan.go.id": "warta.example",
    "stialan.ac.id": "stialan.ac.id",
    "lombokutarakab.go.id": "lombokutarakab.go.id",
}
SOURCE_OF = {
    "warta.example": "127.0.0.1",
    "stialan.ac.id": "127.0.0.2",
    "lombokutarakab.go.id": "127.0.0.3",
}


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The sample family, each site crawled with its declaration into one collection."""
    tmp = tmp_path_factory.mktemp("collection")
    sites, folder = tmp / "sites", tmp / "archives"
    sites.mkdir()
    runs, posts = {}, {}
    with running_family() as servers:
        lan = servers["lan.go.id"]
        (sites / "warta.example.toml").write_text(
            f'id = "warta.example"\nname = "Warta"\nbase_url = "{lan.base_url}"\n'
            f'[categories]\nskip = ["{SKIPPED}"]\n'
        )
        for host, server in servers.items():
            settings = {**LOOPBACK_SETTINGS, "SITES_DIR": str(sites), "COLLECTION_DIR": str(folder)}
            site = SITE_OF[host]
            command = crawl_command(server.base_url, tmp / "unused", settings, site=site)
            runs[site], posts[site] = run_in_project(command), server.site.posts
    yield folder, {"runs": runs, "posts": posts}


def lan_archive(*args: str) -> Any:
    done = CliRunner().invoke(main, [*args, "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_each_site_has_its_own_archive_with_its_own_ids(
    collection: tuple[Path, dict[str, Any]],
) -> None:
    folder, made = collection
    assert all(run.returncode == 0 for run in made["runs"].values()), made["runs"]
    assert not (folder.parent / "unused").exists()  # ARCHIVE_DIR is not written
    assert sorted(p.name for p in folder.iterdir()) == sorted(SOURCE_OF)
    for site, posts in made["posts"].items():
        listed = lan_archive("list", "--archive", str(folder / site), "--limit", "100")
        kept = [p for p in posts if site != "warta.example" or SKIPPED not in p.categories]
        assert {row["id"] for row in listed} == {f"{SOURCE_OF[site]}:{p.id}" for p in kept}


def test_a_skipped_category_is_named_in_the_run_report(
    collection: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = collection
    (report_file,) = (folder / "warta.example" / "runs").glob("*.json")
    report = json.loads(report_file.read_text())
    skipped = [p for p in POSTS if SKIPPED in p.categories]
    assert skipped and report["skipped_entries"]["count"] == len(skipped)
    assert {entry["surface"] for entry in report["skipped_entries"]["first"]} == {"categories"}
    assert report["healthy"] is True


def test_the_verbs_read_a_collection_as_one(collection: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = collection
    both = lan_archive("list", "--archive", str(folder), "--limit", "1000")
    separate = lan_archive(
        "list",
        "--archive",
        str(folder / "lombokutarakab.go.id"),
        "--archive",
        str(folder / "stialan.ac.id"),
        "--archive",
        str(folder / "warta.example"),
        "--limit",
        "1000",
    )
    assert both == separate
    assert {row["id"].partition(":")[0] for row in both} == set(SOURCE_OF.values())
    # newest first across the sites; each path names its archive
    moments = [row["published"] for row in both]
    assert moments == sorted(moments, reverse=True)
    site_of = {source: site for site, source in SOURCE_OF.items()}
    for row in both:
        assert Path(row["path"]).is_file()
        assert Path(row["path"]).is_relative_to(folder / site_of[row["id"].partition(":")[0]])

    found = lan_archive("search", "--archive", str(folder), "aparatur", "--limit", "60")
    assert {row["id"].partition(":")[0] for row in found} == set(SOURCE_OF.values())
    # the archives (in the order of their names) take turns
    turns = [SOURCE_OF[site] for site in sorted(SOURCE_OF)]
    assert [row["id"].partition(":")[0] for row in found[:6]] == turns * 2

    stats = lan_archive("stats", "--archive", str(folder))
    assert stats["articles"] == len(both)

    shown = lan_archive("show", "--archive", str(folder), both[-1]["id"])
    assert shown["id"] == both[-1]["id"]
    # post 5297 is a post of lan.go.id and of Lombok Utara (each WordPress numbers its own)
    several = CliRunner().invoke(main, ["show", "--archive", str(folder), "5297"])
    assert several.exit_code == 1 and "is in several sources" in several.stderr


def test_export_writes_every_site_of_a_collection(
    collection: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _ = collection
    out = tmp_path / "all.jsonl"
    done = CliRunner().invoke(
        main, ["export", "--archive", str(folder), "--format", "jsonl", "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    listed = lan_archive("list", "--archive", str(folder), "--limit", "1000")
    assert sorted(ids) == sorted(row["id"] for row in listed) and len(set(ids)) == len(ids)


def test_a_site_nobody_declared_is_crawled_by_its_base_url_alone(tmp_path: Path) -> None:
    server = SampleServer("127.0.0.3", make_site=lambda u: SampleSite(u, Faults())).start()
    try:
        command = crawl_command(server.base_url, tmp_path / "unused", dict(LOOPBACK_SETTINGS))
        command.remove(f"site={DEFAULT_ID}")
        command.remove("-a")  # the first: -a base_url=... stays
        command += ["-s", f"COLLECTION_DIR={tmp_path / 'archives'}"]
        done = run_in_project(command)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-2000:]
    listed = lan_archive("list", "--archive", str(tmp_path / "archives"), "--limit", "1000")
    assert {row["id"] for row in listed} == {f"127.0.0.3:{p.id}" for p in POSTS}
    assert (tmp_path / "archives" / "127.0.0.3").is_dir()


def test_verify_checks_every_archive_of_a_collection(
    collection: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = collection
    listed = lan_archive("list", "--archive", str(folder), "--limit", "1000")
    checked = lan_archive("verify", "--archive", str(folder))
    assert checked == {"records": len(listed), "problems": []}
    victim = Path(listed[0]["path"])
    intact = victim.read_bytes()
    victim.write_bytes(intact[:40])  # a torn record, as a bad disk leaves it
    try:
        done = CliRunner().invoke(main, ["verify", "--archive", str(folder), "--json"])
    finally:
        victim.write_bytes(intact)
    assert done.exit_code == 1
    assert [p["path"] for p in json.loads(done.stdout)["problems"]] == [victim.as_posix()]


def test_a_search_with_many_hits_everywhere_goes_newest_first_across_the_sites(
    collection: tuple[Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = collection
    monkeypatch.setattr("lan_crawler.index.RANKED_HITS", 1)  # "many" hits: more than one
    found = lan_archive("search", "--archive", str(folder), "aparatur", "--limit", "60")
    assert {row["id"].partition(":")[0] for row in found} == set(SOURCE_OF.values())
    moments = [datetime.fromisoformat(row["published"]) for row in found]
    assert moments == sorted(moments, reverse=True)


def test_reindex_rebuilds_every_archive_and_goes_on_past_a_locked_one(
    collection: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = collection
    counts = {
        site: len(lan_archive("list", "--archive", str(folder / site), "--limit", "100"))
        for site in sorted(SOURCE_OF)
    }
    rebuilt = lan_archive("reindex", "--archive", str(folder))
    assert [(Path(a["index"]).parent.name, a["indexed"]) for a in rebuilt["archives"]] == list(
        counts.items()
    )
    busy = Archive(folder / "stialan.ac.id")
    busy.lock()  # a crawl of that site is running
    try:
        done = CliRunner().invoke(main, ["reindex", "--archive", str(folder), "--json"])
    finally:
        busy.unlock()
    assert done.exit_code == 1
    report = json.loads(done.stdout)
    assert report["locked"] == [str(folder / "stialan.ac.id")]
    assert [Path(a["index"]).parent.name for a in report["archives"]] == [
        "lombokutarakab.go.id",
        "warta.example",
    ]


def test_a_post_the_declaration_declines_is_asked_for_again_only_when_it_changes(
    tmp_path: Path,
) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    declined = [p for p in POSTS if SKIPPED in p.categories]
    with running(Faults()) as server:
        (sites / "warta.example.toml").write_text(
            f'id = "warta.example"\nname = "Warta"\nbase_url = "{server.base_url}"\n'
            f'[categories]\nskip = ["{SKIPPED}"]\n'
        )
        settings = {**LOOPBACK_SETTINGS, "SITES_DIR": str(sites)}
        command = crawl_command(server.base_url, tmp_path / "archive", settings, "warta.example")

        def asked() -> set[int]:
            done = run_in_project(command)
            assert done.returncode == 0, done.stderr[-2000:]
            targets = server.log.targets()
            server.log.clear()
            return {p.id for p in declined if f"/?p={p.id}" in targets}

        assert asked() == {p.id for p in declined}  # the first run reads them to know
        assert asked() == set()  # unchanged: not asked again
        server.site.edit_post(declined[0].id, title=declined[0].title + " (Revisi)")
        assert asked() == {declined[0].id}  # changed: read again, and declined again
    listed = lan_archive("list", "--archive", str(tmp_path / "archive"), "--limit", "100")
    assert {row["id"] for row in listed} == {
        f"127.0.0.1:{p.id}" for p in POSTS if SKIPPED not in p.categories
    }
