"""`lan-archive schedule`: one crawl per site over several Scrapyd nodes. The choice of nodes
as pure functions; then two real Scrapyd nodes crawling two sample sites into a collection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lan_crawler.cli import main
from lan_crawler.demo import LOOPBACK_SETTINGS
from lan_crawler.dispatch import (
    Node,
    NoNodeAnswered,
    Placement,
    active_sites,
    job_id,
    plan,
    site_of_job,
    succeeded,
)
from lan_crawler.sample_site import Faults, SampleServer, SampleSite, load_posts
from tests.conftest import free_port
from tests.scrapyd_nodes import scrapyd_nodes

SITES = ["a.test", "b.test", "c.test", "d.test", "e.test"]


def idle(*urls: str) -> list[Node]:
    return [Node(url, 0, {}) for url in urls]


def nodes_of(placements: list[Placement]) -> list[str]:
    return [p.node for p in placements]


def test_least_busy_splits_sites_over_idle_nodes_evenly() -> None:
    placed = plan(SITES[:4], idle("A", "B"))
    assert nodes_of(placed) == ["A", "B", "A", "B"]
    assert [p.site for p in placed] == SITES[:4]
    assert all(p.state == "planned" and site_of_job(p.job) == p.site for p in placed)


def test_least_busy_counts_the_jobs_it_places_and_breaks_ties_in_the_order_given() -> None:
    nodes = [Node("A", 2, {}), Node("B", 0, {}), Node("C", 1, {})]
    assert nodes_of(plan(SITES, nodes)) == ["B", "B", "C", "A", "B"]


def test_round_robin_takes_the_nodes_in_turn_whatever_their_load() -> None:
    nodes = [Node("A", 5, {}), Node("B", 0, {})]
    assert nodes_of(plan(SITES[:3], nodes, "round-robin")) == ["A", "B", "A"]


@pytest.mark.parametrize("pick", ["least-busy", "round-robin"])
def test_a_node_that_did_not_answer_is_skipped(pick: str) -> None:
    nodes = [Node("A", None, {}, "Connection refused"), Node("B", 3, {}), Node("C", 3, {})]
    assert nodes_of(plan(SITES[:4], nodes, pick)) == ["B", "C", "B", "C"]


def test_no_node_answering_is_an_error_naming_each() -> None:
    nodes = [Node("A", None, {}, "Connection refused"), Node("B", None, {}, "timed out")]
    with pytest.raises(NoNodeAnswered, match="A: Connection refused; B: timed out"):
        plan(SITES, nodes)


def test_a_site_with_a_job_anywhere_is_left_to_it_and_adds_no_load() -> None:
    nodes = [Node("A", 1, {}), Node("B", 1, {"b.test": "b.test_job"})]
    placed = plan(SITES[:3], nodes)
    assert placed[1] == Placement("b.test", "B", "already", "b.test_job")
    assert nodes_of(placed) == ["A", "B", "B"]  # b.test's job is in B's load already
    # the same site asked twice is one job
    assert len(plan(["a.test", "a.test"], nodes)) == 1


def test_success_is_every_site_scheduled_or_already_crawling() -> None:
    done = [Placement("a.test", "A", "scheduled", "j1"), Placement("b.test", "B", "already")]
    assert succeeded(done)
    assert not succeeded([*done, Placement("c.test", "A", "failed", problem="refused")])


def test_which_sites_a_node_crawls_from_its_job_list() -> None:
    ours = job_id("stialan.ac.id")
    listing = {
        "pending": [
            {"id": "x1", "spider": "lan_news", "args": {"site": "lombokutarakab.go.id"}},
            {"id": "x2", "spider": "lan_news", "args": {}},  # crawls lan.go.id
            {"id": "x3", "spider": "lan_news", "args": {"base_url": "http://mirror/"}},
            {"id": "x4", "spider": "other", "args": {"site": "other.test"}},
        ],
        "running": [
            {"id": ours, "spider": "lan_news"},
            {"id": "a_b", "spider": "lan_news"},  # not ours: its site is unknown
        ],
        "finished": [{"id": job_id("a.test"), "spider": "lan_news"}],
    }
    assert active_sites(listing) == {
        "lombokutarakab.go.id": "x1",
        "lan.go.id": "x2",
        "stialan.ac.id": ours,
    }
    assert site_of_job("0123") is None


def test_an_unknown_site_or_a_bad_setting_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "sites"
    folder.mkdir()
    (folder / "a.test.toml").write_text('id = "a.test"\nname = "A"\nbase_url = "http://a.test/"\n')
    runner = CliRunner()
    unknown = runner.invoke(
        main,
        ["schedule", "--node", "http://127.0.0.1:9/", "--site", "z.test"],
        env={"LAN_SITES_DIR": str(folder)},
    )
    assert unknown.exit_code == 2
    assert "no site 'z.test' is declared" in unknown.stderr and "a.test" in unknown.stderr
    bad = runner.invoke(main, ["schedule", "--node", "http://127.0.0.1:9/", "-s", "NOVALUE"])
    assert bad.exit_code == 2


# --- end to end ---------------------------------------------------------------------------


def declare(folder: Path, site_id: str, base_url: str) -> None:
    text = f'id = "{site_id}"\nname = "{site_id}"\nbase_url = "{base_url}"\n'
    (folder / f"{site_id}.toml").write_text(text)


def test_two_sites_over_two_nodes_are_crawled_once_each(tmp_path: Path, scrapyd_egg: Path) -> None:
    posts = load_posts()
    halves = {"kmp.test": posts[:3], "pameran.test": posts[3:6]}
    words = {"kmp.test": "puslatbang", "pameran.test": "pameran"}
    hosts = {"kmp.test": "127.0.0.1", "pameran.test": "127.0.0.2"}
    templates = {"kmp.test": "oceanwp", "pameran.test": "block-theme"}
    servers = {
        site: SampleServer(
            hosts[site],
            make_site=lambda url, s=site: SampleSite(
                url, Faults(), halves[s], template=templates[s]
            ),
        ).start()
        for site in halves
    }
    declarations, collection = tmp_path / "sites", tmp_path / "collection"
    declarations.mkdir()
    for site, server in servers.items():
        declare(declarations, site, server.base_url)
    settings = {
        "SITES_DIR": str(declarations),
        "COLLECTION_DIR": str(collection),
        **LOOPBACK_SETTINGS,
        "RETRY_BACKOFF_BASE": "0.2",
    }
    try:
        with scrapyd_nodes(tmp_path / "scrapyd", 2) as nodes:
            for node in nodes:
                node.deploy(scrapyd_egg)
            dead = f"http://127.0.0.1:{free_port()}/"
            command = ["schedule", "--node", nodes[0].base, "--node", dead]
            command += ["--node", nodes[1].base, "--site", "kmp.test", "--site", "pameran.test"]
            command += [
                arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")
            ]
            first = CliRunner().invoke(main, [*command, "--json"])
            assert first.exit_code == 0, first.output
            done = json.loads(first.stdout)
            assert [n["answered"] for n in done["nodes"]] == [True, False, True]
            assert [n["busy"] for n in done["nodes"]] == [0, None, 0]
            assert [(p["site"], p["node"], p["state"]) for p in done["sites"]] == [
                ("kmp.test", nodes[0].base, "scheduled"),
                ("pameran.test", nodes[1].base, "scheduled"),
            ]
            jobs = [p["job"] for p in done["sites"]]
            # asked again while they wait or run: nothing new, each named with its job
            again = CliRunner().invoke(main, command)
            assert again.exit_code == 0, again.output
            assert [line.split("\t") for line in again.stdout.splitlines()] == [
                ["kmp.test", nodes[0].base, jobs[0], "already"],
                ["pameran.test", nodes[1].base, jobs[1], "already"],
            ]
            assert again.stderr.startswith(f"skipped {dead}: ")
            for node, job in zip(nodes, jobs, strict=True):
                node.wait_finished(job)
            # one job per node
            assert [[j["id"] for j in node.jobs()["finished"]] for node in nodes] == [
                [jobs[0]],
                [jobs[1]],
            ]
    finally:
        for server in servers.values():
            server.stop()
    for site, server in servers.items():
        assert server.log.count("/robots.txt") == 1
        for post in halves[site]:
            assert server.log.count(f"/?p={post.id}") == 1, (site, post.id)
        records = [json.loads(p.read_text()) for p in (collection / site).glob("2*/*/*/*.json")]
        assert sorted(r["id"] for r in records) == sorted(
            f"{hosts[site]}:{post.id}" for post in halves[site]
        )
    # one search over the collection finds each site's word, in that site's archive only
    for site, word in words.items():
        found = CliRunner().invoke(main, ["search", "--archive", str(collection), word, "--json"])
        assert found.exit_code == 0, found.output
        ids = {row["id"] for row in json.loads(found.stdout)}
        assert ids and all(i.startswith(f"{hosts[site]}:") for i in ids), (word, ids)
