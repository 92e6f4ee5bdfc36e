"""The family of sample sites: lan.go.id, stialan.ac.id and lombokutarakab.go.id served at
once, each on its own loopback address with its own name, theme, setup, posts, category
term ids and clock; and a real crawl of the Lombok Utara site (Elementor, WITA)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from lan_crawler.sample_site import FAMILY, LAN, LOMBOK_UTARA, STIALAN, SampleServer, running_family
from lan_crawler.sample_site.content import text
from lan_crawler.sample_site.identity import WITA
from tests.conftest import PROJECT_ROOT, assert_matches, run_crawl

# what each template prints on a single post and no other does
THEME_MARKS = {
    "oceanwp": "oceanwp-theme",
    "elementor": 'data-elementor-type="single-post"',
    "block-theme": "wp-block-post-title",
}


@pytest.fixture(scope="module")
def family() -> Iterator[dict[str, SampleServer]]:
    with running_family() as servers:
        yield servers


def get(url: str) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers) of a GET, redirects followed."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def rest(server: SampleServer, route: str, query: str = "") -> Any:
    status, body, _ = get(f"{server.base_url}?rest_route={route}{query}")
    assert status == 200, body[:200]
    return json.loads(body)


def test_each_site_has_its_own_host_and_the_one_asked_for_is_served_alone(
    family: dict[str, SampleServer],
) -> None:
    assert list(family) == ["lan.go.id", "stialan.ac.id", "lombokutarakab.go.id"]
    hosts = {host: re.fullmatch(r"http://([\d.]+):\d+/", s.base_url) for host, s in family.items()}
    assert {host: m and m[1] for host, m in hosts.items()} == {
        "lan.go.id": "127.0.0.1",
        "stialan.ac.id": "127.0.0.2",
        "lombokutarakab.go.id": "127.0.0.3",
    }
    for host, server in family.items():
        assert server.site.identity is FAMILY[host]
        record = server.site.expected_record(server.site.posts[0])
        assert record["source"] == FAMILY[host].loopback
        assert record["id"] == f"{FAMILY[host].loopback}:{server.site.posts[0].id}"
    with running_family(["stialan.ac.id"], port=family["lan.go.id"].port) as alone:
        assert list(alone) == ["stialan.ac.id"]  # the same port, on another address
        assert get(alone["stialan.ac.id"].base_url)[0] == 200
    unknown = pytest.raises(ValueError, match=r"unknown sites example\.org")
    with unknown, running_family(["example.org"]):
        pass


@pytest.mark.parametrize("host", list(FAMILY))
def test_each_site_answers_with_its_own_name_theme_and_posts(
    family: dict[str, SampleServer], host: str
) -> None:
    server, identity = family[host], FAMILY[host]
    status, home, _ = get(server.base_url)
    assert status == 200
    assert f"<title>{identity.name} - {identity.tagline}</title>" in home
    assert identity.cookie_notice in home and identity.address in home
    for other in FAMILY.values():
        if other is not identity:
            assert other.name not in home.split("</head>")[0]
    posts = server.site.posts
    assert len(posts) == (43 if identity is LAN else 8)
    for post in posts:
        status, page, _ = get(f"{server.base_url}?p={post.id}")  # pretty sites redirect
        assert status == 200
        assert text(post.title) in page
        assert identity.name in page.split("</head>")[0]
        marks = {t for t, mark in THEME_MARKS.items() if mark in page}
        assert marks == {identity.template}
    # the REST API lists the site's own posts with its own category term ids
    listed = rest(server, "/wp/v2/posts", "&per_page=100&_fields=id,categories")
    assert [item["id"] for item in listed] == [p.id for p in posts]
    for item, post in zip(listed, posts, strict=True):
        assert item["categories"] == [identity.category_ids[c] for c in post.categories]
    assert rest(server, "/")["name"] == identity.name
    # the category listings are at the site's term ids, under its permalinks
    for name, term_id in identity.categories:
        status, page, _ = get(f"{server.base_url}?cat={term_id}")
        assert status == 200 and f"category-{term_id}" in page, name
    # the feed: the site's name, its ten newest posts
    status, feed, _ = get(f"{server.base_url}?feed=rss2")
    channel = etree.fromstring(feed.encode()).find("channel")
    assert channel is not None
    assert channel.findtext("title") == identity.name
    assert channel.findtext("description") == identity.tagline
    guids = [g.text for g in channel.iterfind("item/guid")]
    assert guids == [f"{server.base_url}?p={p.id}" for p in posts[:10]]


def test_posts_of_different_sites_with_the_same_id_are_different_posts(
    family: dict[str, SampleServer],
) -> None:
    lan, klu, stia = (family[s.host] for s in (LAN, LOMBOK_UTARA, STIALAN))
    for other, post_id in ((klu, 5297), (stia, 6241)):
        mine = next(p for p in lan.site.posts if p.id == post_id)
        theirs = next(p for p in other.site.posts if p.id == post_id)
        assert mine.title != theirs.title
        first, second = lan.site.expected_record(mine), other.site.expected_record(theirs)
        assert first["id"] != second["id"] and first["text"] != second["text"]
        assert rest(other, f"/wp/v2/posts/{post_id}")["title"]["rendered"] == text(theirs.title)
        assert text(theirs.title) in get(f"{other.base_url}?p={post_id}")[1]


def test_lombok_utara_prints_its_dates_in_wita(family: dict[str, SampleServer]) -> None:
    server = family[LOMBOK_UTARA.host]
    late = next(
        p for p in server.site.posts if p.id == 5521
    )  # 00:35 WITA: 23:35 WIB the day before
    assert late.published.utcoffset() == WITA.utcoffset(None)
    assert late.published.isoformat() == "2024-12-10T00:35:00+08:00"
    item = rest(server, "/wp/v2/posts/5521")
    assert (item["date"], item["date_gmt"]) == ("2024-12-10T00:35:00", "2024-12-09T16:35:00")
    # the API's `after` is in the site's zone too
    after = rest(server, "/wp/v2/posts", "&after=2024-12-10T00:30:00&_fields=id")
    assert [i["id"] for i in after] == [5580, 5521]
    # the page: the date as the site shows it, the schema plugin's offset, Yoast's UTC
    page = get(f"{server.base_url}?p=5521")[1]
    assert "10 Desember 2024" in page
    assert '"datePublished": "2024-12-10T00:35:00+08:00"' in page
    assert 'content="2024-12-09T16:35:00+00:00"' in page
    # core's sitemap: lastmod in the site's zone (wp_date, DATE_W3C)
    sitemap = get(f"{server.base_url}?sitemap=posts&sitemap-subtype=post&paged=1")[1]
    stamps = re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert len(stamps) == 8 and all(s.endswith("+08:00") for s in stamps)
    assert "2024-12-10T00:35:00+08:00" in stamps
    # the feed: RFC 2822 in GMT, the same moment
    feed = etree.fromstring(get(f"{server.base_url}?feed=rss2")[1].encode())
    dates = {i.findtext("guid"): i.findtext("pubDate") for i in feed.iterfind("channel/item")}
    assert parsedate_to_datetime(dates[f"{server.base_url}?p=5521"]) == late.published


def test_stialan_runs_pretty_permalinks_yoast_sitemaps_and_wib(
    family: dict[str, SampleServer],
) -> None:
    server = family[STIALAN.host]
    post = next(p for p in server.site.posts if p.id == 6241)
    request = urllib.request.Request(f"{server.base_url}?p=6241")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as moved:
        opener.open(request, timeout=10)
    assert moved.value.code == 301
    assert moved.value.headers["Location"] == f"{server.base_url}{post.slug}/"
    page = get(f"{server.base_url}{post.slug}/")[1]
    assert '<time datetime="2023-10-18T14:10:00+07:00">' in page
    assert f"<title>{post.title} &#8211; {STIALAN.name}</title>" in page
    index = get(f"{server.base_url}sitemap_index.xml")[1]
    assert f"{server.base_url}post-sitemap.xml" in index
    assert get(f"{server.base_url}?sitemap=index")[0] == 200  # the home page: no core sitemaps
    posts = get(f"{server.base_url}post-sitemap.xml")[1]
    assert f"<loc>{server.base_url}{post.slug}/</loc>" in posts
    assert "<lastmod>2023-10-19T02:25:00+00:00</lastmod>" in posts  # Yoast: UTC
    item = rest(server, "/wp/v2/posts/6241")
    assert item["date"] == "2023-10-18T14:10:00" and item["link"].endswith(f"/{post.slug}/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_a_crawl_of_lombok_utara_stores_its_expected_records(
    family: dict[str, SampleServer], tmp_path: Path
) -> None:
    server = family[LOMBOK_UTARA.host]
    archive = tmp_path / "archive"
    run = run_crawl(server.base_url, archive, site=LOMBOK_UTARA.host)  # its own declaration
    assert run.returncode == 0, run.log[-3000:]
    by_id = {p.id: p for p in server.site.posts}
    records = [
        json.loads(path.read_text(encoding="utf-8")) for path in archive.glob("[0-9]*/*/*/*.json")
    ]
    assert sorted(r["id"] for r in records) == sorted(f"127.0.0.3:{i}" for i in by_id)
    for record in records:
        expected = server.site.expected_record(by_id[int(record["id"].split(":")[1])])
        assert_matches(record, expected, skip=("fetched_at", "published", "modified"))
        # the same moments; the record's offset is the crawl's to choose (Asia/Jakarta today)
        for field in ("published", "modified"):
            assert datetime.fromisoformat(record[field]) == datetime.fromisoformat(
                expected[field]
            ), (record["id"], field)
        assert record["extraction"]["method"].startswith("profile:elementor")
        # post 5521, published 00:35 WITA (23:35 WIB the day before), shows 10 Desember:
        # on the declared clock (Asia/Makassar) every source agrees
        assert record["extraction"]["warnings"] == [], record["id"]
    assert datetime.fromisoformat(
        next(r for r in records if r["id"] == "127.0.0.3:5521")["published"]
    ) == datetime(2024, 12, 9, 16, 35, tzinfo=UTC)


def test_the_command_serves_the_family_and_names_each_site() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "lan_crawler.sample_site", "--family", "--port", "0"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in FAMILY]
    finally:
        process.terminate()
        process.wait(timeout=10)
    for line, identity in zip(lines, FAMILY.values(), strict=True):
        match = re.match(rf"{re.escape(identity.host)} at (http://[\d.]+:\d+/) ", line)
        assert match and f"//{identity.loopback}:" in match[1], line
