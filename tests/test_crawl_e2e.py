"""End to end: a real `scrapy crawl lan_news` subprocess against the sample site over HTTP.

Both discovery modes (the REST API and sitemaps; listings when the site has neither)
face the realistic faults: a post answering 500 once, a slow post, a sitemap entry that
is 404, an old URL that redirects, tracking parameters, an off-site link and an
off-site redirect, and a post whose template lost its content container.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lan_crawler.archive import slugify
from lan_crawler.sample_site import SETUPS, Faults, load_posts, running
from lan_crawler.sample_site.posts import expected_record
from lan_crawler.sample_site.site import (
    MISSING_POST_ID,
    MOVED_POST_ID,
    NOT_HTML_POST_ID,
    STATIC_PAGES,
)
from tests.conftest import CrawlRun, TrapServer, assert_matches

POSTS = load_posts()
BROKEN = 5326  # served with an empty body
DISALLOWED = 5640  # robots.txt forbids it


def expected_paths(lost: tuple[int, ...]) -> set[str]:
    return {
        f"{p.published:%Y/%m/%d}/{p.id}-{slugify(p.title)}.json" for p in POSTS if p.id not in lost
    }


def run_report(archive: Path) -> dict[str, Any]:
    """The newest run's report."""
    return json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text())


def record_files(archive: Path) -> dict[str, Path]:
    return {p.relative_to(archive).as_posix(): p for p in archive.glob("[0-9]*/*/*/*.json")}


def article_hits(entries: list[tuple[str, int, str]]) -> Counter[str]:
    """How often each post page was served with 200 (the PDF answering at a post URL aside)."""
    return Counter(
        t
        for t, status, _ in entries
        if re.fullmatch(r"/\?p=\d+", t) and status == 200 and t != f"/?p={NOT_HTML_POST_ID}"
    )


@pytest.mark.parametrize("mode", ["sitemaps", "listings"])
def test_crawl_archives_every_post_once_and_a_second_run_does_nothing(
    mode: str, tmp_path: Path, trap: TrapServer, crawl: Callable[..., CrawlRun]
) -> None:
    faults = replace(
        Faults.realistic(POSTS, offsite_url=trap.url),
        sitemaps=mode == "sitemaps",
        broken_post=BROKEN,
        disallowed_post=DISALLOWED,
        slow_seconds=0.5,
    )
    archive = tmp_path / "archive"
    setup = replace(SETUPS["plain-core"], rest=mode == "sitemaps")
    with running(faults, sitemap_page_size=20, setup=setup) as server:
        base = server.base_url
        first = crawl(base, archive)
        assert first.returncode == 0, first.log[-3000:]
        first_report = run_report(archive)
        served = list(server.log.entries)
        served_times = list(server.log.times)
        server.log.clear()
        before = {name: p.stat().st_mtime_ns for name, p in record_files(archive).items()}
        second = crawl(base, archive)
        assert second.returncode == 0, second.log[-3000:]
        served_again = list(server.log.entries)

    # every post archived once, at its dated path, exactly as published; the post whose
    # template lost its body too when the REST API gives its content
    files = record_files(archive)
    api = mode == "sitemaps"
    assert set(files) == expected_paths((DISALLOWED,) if api else (BROKEN, DISALLOWED))
    by_id = {p.id: p for p in POSTS}
    for path in files.values():
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        post = by_id[int(record["id"].split(":")[1])]
        expected = expected_record(post, base)
        assert_matches(record, expected, skip=("fetched_at",))
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["fetched_at"])
        # the page in windows-1252 under a UTF-8 header was decoded right (checked above),
        # and the record says the header was wrong
        wrong_charset = ["charset: declared UTF-8, but the page is windows-1252"]
        if post.id == BROKEN:
            assert record["extraction"]["method"].startswith("rest-api")
            assert "text: profile:oceanwp: no text" in record["extraction"]["warnings"]
        else:
            assert record["extraction"]["warnings"] == (
                wrong_charset if post.id == faults.cp1252_post else []
            )
            assert record["extraction"]["method"].endswith("checked=rest-api") == api

    # static pages are never archived (nor, with sitemaps, even requested)
    assert not any(t.startswith("/?page_id=") for t, _, _ in served if mode == "sitemaps")
    page_titles = {p.title for p in STATIC_PAGES}
    assert not any(json.loads(p.read_text())["title"] in page_titles for p in files.values())

    # the flaky, throttled and dropped posts were retried and recovered
    for post_id, first_status in (
        (faults.flaky_post, 500),
        (faults.throttled_post, 429),
        (faults.reset_post, 0),
    ):
        assert [s for t, s, _ in served if t == f"/?p={post_id}"] == [first_status, 200]
    # Retry-After was honoured: the throttled post waited before asking again
    times = [
        when
        for (t, _, _), when in zip(served, served_times, strict=True)
        if t == f"/?p={faults.throttled_post}"
    ]
    assert times[1] - times[0] >= faults.retry_after

    # what gave no record is in the run report, with why
    failed = {f["url"].removeprefix(base): f["reason"] for f in first_report["articles"]["failed"]}
    if mode == "sitemaps":  # only the sitemap lists these
        assert failed.pop(f"?p={NOT_HTML_POST_ID}") == "not HTML (application/pdf)"
        assert failed.pop(f"?p={MISSING_POST_ID}") == "HTTP 404"
        moved = failed.pop(f"?p={MOVED_POST_ID}")
        assert moved == f"redirected off the site, to {faults.offsite_url}"
    if not api:
        assert failed.pop(f"?p={BROKEN}").startswith("extraction failed: no article text")
    assert failed == {f"?p={DISALLOWED}": "Forbidden by robots.txt"}

    # redirects and tracking links collapse onto one request per post
    hits = article_hits(served)
    assert set(hits) == {f"/?p={p.id}" for p in POSTS if p.id != DISALLOWED}
    assert max(hits.values()) == 1
    assert not any("utm_" in t for t, _, _ in served)
    old_url = "/" + server.site.old_url(by_id[5297]).removeprefix(base)
    assert [s for t, s, _ in served if t == old_url] == [301]

    # nothing off-site is ever requested, redirects included
    assert trap.hits == []

    # robots.txt is obeyed, and asked for once per run
    assert not any(t == f"/?p={DISALLOWED}" for t, _, _ in served + served_again)
    assert [t for t, _, _ in served].count("/robots.txt") == 1
    assert [t for t, _, _ in served_again].count("/robots.txt") == 1

    # an honest User-Agent on every request
    assert all(agent.startswith("lan-crawler/") and "+https://" in agent for _, _, agent in served)

    # discovery used the surfaces the mode offers, and the run report says which
    listing_pages = [t for t, _, _ in served if "paged=" in t and "sitemap=" not in t]
    assert bool(listing_pages) == (mode == "listings")
    surfaces = first_report["surfaces"]
    assert surfaces["rest-api"]["worked"] == api
    if api:
        assert surfaces["rest-api"]["entries"] == len(POSTS)
        assert surfaces["sitemap"]["worked"] and "listing" not in surfaces
    else:
        assert surfaces["rest-api"]["problems"][0].endswith(
            "rest_cannot_access: Only authenticated users can access the REST API."
        )
        assert not surfaces["sitemap"]["worked"] and surfaces["listing"]["worked"]

    # the second run writes nothing and requests no archived article page
    after = {name: p.stat().st_mtime_ns for name, p in record_files(archive).items()}
    assert after == before
    assert set(article_hits(served_again)) <= {f"/?p={BROKEN}"}
    assert not any(t == old_url for t, _, _ in served_again)
    report = run_report(archive)
    assert report["healthy"] and report["articles"]["new"] == report["articles"]["changed"] == 0
