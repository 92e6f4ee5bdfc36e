"""The sample site over real HTTP: WordPress routes, machine surfaces, switchable faults."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from lan_crawler.sample_site import (
    SETUPS,
    Faults,
    SampleServer,
    SampleSite,
    load_posts,
    running,
)
from lan_crawler.sample_site.posts import CATEGORIES

POSTS = load_posts()
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
GOLDEN = Path(__file__).parent / "golden" / "oceanwp"


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    faults = replace(Faults.realistic(POSTS), slow_seconds=0.5)
    with running(faults, sitemap_page_size=20) as served:
        yield served


def test_the_site_is_big_and_varied_enough() -> None:
    assert len(POSTS) >= 40
    assert {p.published.year for p in POSTS} >= {2021, 2022, 2023, 2024}
    used = {c for p in POSTS for c in p.categories}
    assert len(used) >= 4 and used <= set(CATEGORIES)
    kinds = {b.kind for p in POSTS for b in p.blocks}
    assert {"image", "file", "table", "ul", "ol", "quote", "baca"} <= kinds
    seed = next(p for p in POSTS if p.id == 5297)
    assert seed.published.date() == date(2021, 3, 29)


def test_pages_are_the_same_bytes_every_run() -> None:
    site = SampleSite("https://lan.go.id/", Faults())
    for page in GOLDEN.glob("*.html"):
        assert site.respond(f"/?p={page.stem}").body == page.read_bytes(), page.name


def test_robots_names_core_s_sitemap_index_under_plain_permalinks(server: SampleServer) -> None:
    status, headers, body = get(server.base_url + "robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {server.base_url}?sitemap=index" in body.decode()


def locs(body: bytes) -> list[str]:
    return [loc.text or "" for loc in ElementTree.fromstring(body).findall(".//sm:loc", NS)]


def test_core_sitemaps_under_plain_permalinks_list_every_post_with_lastmod(
    server: SampleServer,
) -> None:
    status, _, body = get(server.base_url + "?sitemap=index")
    assert status == 200
    assert b"&#038;sitemap-subtype=post&#038;paged=1" in body  # as esc_url writes it
    post_maps = [u for u in locs(body) if "sitemap-subtype=post&" in u]
    assert len(post_maps) == 3  # 43 posts and 5 faulty entries, 20 per sitemap page
    assert f"{server.base_url}?sitemap=taxonomies&sitemap-subtype=category&paged=1" in locs(body)
    listed: dict[str, str] = {}
    for url in post_maps:
        status, _, xml = get(url)
        assert status == 200
        for entry in ElementTree.fromstring(xml).findall("sm:url", NS):
            listed[entry.findtext("sm:loc", namespaces=NS) or ""] = (
                entry.findtext("sm:lastmod", namespaces=NS) or ""
            )
    for post in POSTS:
        assert listed[f"{server.base_url}?p={post.id}"] == post.modified.isoformat()
    assert get(server.base_url + "wp-sitemap.xml")[0] == 404  # no rewrite rules


def test_yoast_sitemaps_under_plain_permalinks_do_not_work() -> None:
    with running(Faults(), setup=SETUPS["plain-yoast"]) as served:
        base = served.base_url
        robots = get(base + "robots.txt")[2].decode()
        assert f"Sitemap: {base}sitemap_index.xml" in robots
        status, headers, body = get(base + "sitemap_index.xml")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
        status, headers, body = get(base + "?sitemap=index")  # core's are off: the home page
        assert status == 200 and b"blog-entry-title" in body


def test_pretty_permalinks_with_yoast() -> None:
    with running(Faults(), setup=SETUPS["pretty-yoast"]) as served:
        base, post = served.base_url, POSTS[0]
        status, headers, _ = get(f"{base}?p={post.id}")
        assert (status, headers["Location"]) == (301, f"{base}{post.slug}/")
        status, _, page = get(f"{base}{post.slug}/")
        assert status == 200 and f"?p={post.id}".encode() in page  # the shortlink
        assert get(f"{base}wp-sitemap.xml")[1]["Location"] == f"{base}sitemap_index.xml"
        assert f"Sitemap: {base}sitemap_index.xml" in get(base + "robots.txt")[2].decode()
        index = locs(get(f"{base}sitemap_index.xml")[2])
        assert index[:2] == [f"{base}post-sitemap.xml", f"{base}page-sitemap.xml"]
        _, _, sitemap = get(f"{base}post-sitemap.xml")
        urls = ElementTree.fromstring(sitemap).findall("sm:url", NS)
        assert urls[0].findtext("sm:loc", namespaces=NS) == base  # the posts page first
        listed = {u.findtext("sm:loc", namespaces=NS): u for u in urls}
        featured = next(p for p in POSTS if p.featured)
        entry = listed[f"{base}{featured.slug}/"]
        image = "{http://www.google.com/schemas/sitemap-image/1.1}"
        assert entry.findtext(f"{image}image/{image}loc", "").endswith(featured.featured[0])
        category = get(f"{base}category/pengumuman/")
        assert category[0] == 200 and b"Pengumuman" in category[2]
        assert get(f"{base}?cat=13")[1]["Location"] == f"{base}category/pengumuman/"
        assert get(f"{base}page/2/")[0] == 200


def api(url: str) -> tuple[int, dict[str, str], Any]:
    status, headers, body = get(url)
    return status, headers, json.loads(body)


@pytest.mark.parametrize("setup", ["plain-core", "pretty-yoast"])
def test_the_rest_api_answers_as_wordpress_does(setup: str) -> None:
    with running(Faults(), setup=SETUPS[setup]) as served:
        base = served.base_url
        route = "wp-json/wp/v2/posts?" if setup == "pretty-yoast" else "?rest_route=/wp/v2/posts&"
        status, headers, posts = api(f"{base}{route}per_page=20&orderby=id&order=asc")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert (headers["X-WP-Total"], headers["X-WP-TotalPages"]) == (str(len(POSTS)), "3")
        assert 'rel="next"' in headers["Link"]
        assert [p["id"] for p in posts] == sorted(p.id for p in POSTS)[:20]
        first = posts[0]
        post = next(p for p in POSTS if p.id == first["id"])
        assert first["link"] == served.site.ctx.post_url(post.id)
        assert first["modified_gmt"] == f"{post.modified.astimezone(UTC):%Y-%m-%dT%H:%M:%S}"
        assert first["content"]["rendered"].startswith("<p>")
        status, _, trimmed = api(f"{base}?rest_route=/wp/v2/posts&_fields=id,link&per_page=1")
        assert status == 200 and set(trimmed[0]) == {"id", "link"}
        newest = max(POSTS, key=lambda p: p.modified)
        after = (newest.modified - timedelta(seconds=1)).isoformat()
        status, _, changed = api(f"{base}?rest_route=/wp/v2/posts&modified_after={after}")
        assert [p["id"] for p in changed] == [newest.id]
        status, _, error = api(f"{base}?rest_route=/wp/v2/posts&page=99")
        assert (status, error["code"]) == (400, "rest_post_invalid_page_number")
        status, _, error = api(f"{base}?rest_route=/wp/v2/posts&per_page=101")
        assert (status, error["code"]) == (400, "rest_invalid_param")


def test_a_security_plugin_can_shut_the_rest_api() -> None:
    with running(Faults(), setup=replace(SETUPS["plain-core"], rest=False)) as served:
        status, _, error = api(f"{served.base_url}?rest_route=/wp/v2/posts")
    assert (status, error["code"]) == (401, "rest_cannot_access")


def test_feed_has_the_ten_newest_posts(server: SampleServer) -> None:
    status, headers, body = get(server.base_url + "?feed=rss2")
    assert status == 200 and "rss+xml" in headers["Content-Type"]
    items = ElementTree.fromstring(body).findall(".//item")
    assert [i.findtext("guid") for i in items] == [
        f"{server.base_url}?p={p.id}" for p in POSTS[:10]
    ]
    assert "utm_source=rss" in (items[0].findtext("link") or "")  # the tracking fault


def test_listings_paginate_like_wordpress(server: SampleServer) -> None:
    status, _, home = get(server.base_url)
    assert status == 200 and b'class="next page-numbers"' in home
    last = -(-len(POSTS) // 10)
    status, _, page = get(f"{server.base_url}?paged={last}")
    assert status == 200 and b'class="next page-numbers"' not in page
    assert get(f"{server.base_url}?paged={last + 1}")[0] == 404
    status, _, category = get(f"{server.base_url}?cat=13")
    assert status == 200 and b"Pengumuman" in category


def test_static_pages_and_404(server: SampleServer) -> None:
    status, _, page = get(server.base_url + "?page_id=2")
    assert status == 200 and b"page-id-2" in page
    status, _, missing = get(server.base_url + "?p=123456")
    assert status == 404 and b"error404" in missing and b"Skip to content" in missing


def test_faults(server: SampleServer) -> None:
    faults = server.site.faults
    flaky = f"{server.base_url}?p={faults.flaky_post}"
    assert get(flaky)[0] == 500
    assert get(flaky)[0] == 200
    started = time.monotonic()
    assert get(f"{server.base_url}?p={faults.slow_post}")[0] == 200
    assert time.monotonic() - started >= 0.5
    status, headers, _ = get(server.site.old_url(next(p for p in POSTS if p.id == 5297)))
    assert status == 301 and headers["Location"] == f"{server.base_url}?p=5297"
    status, headers, _ = get(server.base_url + "?p=8998")
    assert status == 301 and headers["Location"] == faults.offsite_url
    assert get(server.base_url + "?p=8999")[0] == 404


def test_sitemapless_mode() -> None:
    with running(Faults(sitemaps=False)) as served:
        assert b"Sitemap:" not in get(served.base_url + "robots.txt")[2]
        assert get(served.base_url + "wp-sitemap.xml")[0] == 404
        assert get(served.base_url + "wp-sitemap-posts-post-1.xml")[0] == 404


def test_request_log_records_path_status_and_agent(server: SampleServer) -> None:
    server.log.clear()
    get(server.base_url + "?page_id=22")
    assert server.log.entries[-1][:2] == ("/?page_id=22", 200)
    assert server.log.entries[-1][2].startswith("Python-urllib")


def test_oceanwp_single_post_markup_is_the_themes() -> None:
    """What partials/single/*.php print: the post's article has no class, related posts do."""
    from lxml import html

    site = SampleSite("https://lan.go.id/", Faults())
    doc = html.document_fromstring(site.respond("/?p=5205").body)
    (article,) = doc.cssselect("#content > article#post-5205")
    assert article.get("class") is None
    assert article.cssselect("header.entry-header > h2.single-post-title.entry-title")
    assert article.cssselect("div.entry-content.clr[itemprop=text]")
    labels = [s.text for s in article.cssselect("ul.meta.ospm-default .screen-reader-text")]
    assert labels == ["Post author:", "Post published:", "Post category:"]  # comments closed
    related = article.cssselect("section#related-posts article.related-post")
    assert related and all(
        {"post", "type-post", "status-publish", "hentry"} <= set(a.get("class").split())
        for a in related
    )
    assert not doc.cssselect("#comments")
    toggle = doc.cssselect(".oceanwp-mobile-menu-icon a.mobile-menu")[0]
    assert toggle.get("href") == "https://lan.go.id/#mobile-menu-toggle"
    assert [s.text for s in toggle.cssselect("span")] == ["Menu", "Close"]
    assert (
        doc.cssselect("a.skip-link.screen-reader-text[href='#main']")[0].text == "Skip to content"
    )
    assert doc.cssselect("header.page-header h1.page-header-title")[0].text == "Blog"


def test_yoast_graph_and_core_head_links() -> None:
    """Yoast's one @graph with its node types and @id conventions; core's head links."""
    import json

    from lxml import html

    site = SampleSite("https://lan.go.id/", Faults())
    doc = html.document_fromstring(site.respond("/?p=5297").body)
    (script,) = doc.cssselect("script.yoast-schema-graph")
    graph = json.loads(script.text)["@graph"]
    types = [node["@type"] for node in graph]
    assert types == [
        "Article",
        "WebPage",
        "ImageObject",
        "BreadcrumbList",
        "WebSite",
        "Organization",
        "Person",
    ]
    url = "https://lan.go.id/?p=5297"
    article = graph[0]
    assert article["@id"] == f"{url}#article" and article["isPartOf"] == {"@id": url}
    assert article["author"]["@id"] == graph[-1]["@id"]
    assert article["author"]["@id"].startswith("https://lan.go.id/#/schema/person/")
    assert article["publisher"] == {"@id": "https://lan.go.id/#organization"}
    assert article["inLanguage"] == "id-ID" and article["wordCount"] > 100
    assert article["articleSection"] == ["Berita", "Inovasi Administrasi Negara"]
    assert graph[2]["@id"] == f"{url}#primaryimage"
    assert graph[3]["@id"] == f"{url}#breadcrumb"
    rels = {(link.get("rel"), link.get("type")): link.get("href") for link in doc.iter("link")}
    assert rels[("https://api.w.org/", None)] == "https://lan.go.id/?rest_route=/"
    assert rels[("alternate", "application/json")].endswith("rest_route=/wp/v2/posts/5297")
    assert rels[("shortlink", None)] == url
    assert doc.cssselect("meta[name=generator]")[0].get("content").startswith("WordPress ")
