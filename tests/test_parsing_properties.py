"""Property tests: whatever a site (or an attacker) sends, the parsers of URLs, ids, dates
and discovery answers return a value or their own documented error, never a crash."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lan_crawler import discovery
from lan_crawler.extract.dates import parse_date
from lan_crawler.extract.encoding import decode_html
from lan_crawler.urls import Site, strip_tracking
from lan_crawler.wordpress import parse_post_id

SITE = Site.from_url("https://lan.go.id/")
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))  # more, to search harder
# CI runs the same examples every time: a red run is one anybody can reproduce
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)

# pieces of URLs as sitemaps, feeds and listings give them, odd ones included
digits = st.text(st.characters(categories=["Nd", "No"]), max_size=30)  # "²", "١٢", "007"
ids = st.one_of(digits, st.integers().map(str), st.text(max_size=20))
hosts = st.sampled_from(["lan.go.id", "www.lan.go.id", "LAN.GO.ID", "example.org", "", "[::1"])
ports = st.sampled_from(["", ":443", ":80", ":8080", ":99999", ":x", ":"])
schemes = st.sampled_from(["https", "http", "ftp", "javascript", ""])
paths = st.sampled_from(["/", "/index.php", "/2021/03/29/slug/", "/wp-content/a.pdf", ""])
urls = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda scheme, host, port, path, key, value, tail: (
            f"{scheme}://{host}{port}{path}?{key}={value}{tail}"
        ),
        schemes,
        hosts,
        ports,
        paths,
        st.sampled_from(["p", "page_id", "cat", "utm_source", "P"]),
        ids,
        st.text(max_size=20),
    ),
)


@SETTINGS
@given(st.one_of(ids, st.integers(), st.none(), st.booleans(), st.floats()))
def test_a_post_id_is_bounded_ascii_digits_or_none(text: object) -> None:
    post_id = parse_post_id(text)
    if post_id is not None:
        assert 0 < post_id < 2**63
        assert str(post_id) == str(text)  # no other spelling of a number is taken


@SETTINGS
@given(urls)
def test_every_url_is_an_entry_problem_or_a_url_the_site_can_read(url: str) -> None:
    problem = discovery.entry_problem(url)
    if problem is not None:
        assert isinstance(problem, str) and problem
        return
    clean = strip_tracking(url)
    post_id = SITE.post_id(clean)
    if post_id is not None:
        assert SITE.contains(clean) and 0 < post_id < 2**63
    SITE.relative(clean)
    assert isinstance(SITE.is_listing_or_page(clean), bool)


@SETTINGS
@given(urls)
def test_a_site_is_made_from_a_url_or_refused_with_a_value_error(url: str) -> None:
    try:
        site = Site.from_url(url)
    except ValueError:
        return
    assert site.root.endswith("/") and site.contains(site.root)


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.dates().map(str), st.datetimes().map(str)))
def test_a_lastmod_is_an_aware_time_or_none(value: str) -> None:
    moment = discovery.parse_lastmod(value)
    assert moment is None or moment.tzinfo is not None


dates_written = st.one_of(
    st.text(max_size=60),
    st.builds(
        "{} {} {} {}".format,
        st.sampled_from(["Senin,", "", "Kamis"]),
        st.integers(-5, 99),
        st.sampled_from(["Maret", "Mar", "Desember", "Agustus", "xyz"]),
        st.integers(-1, 99999),
    ),
    st.builds("{}/{}/{}".format, st.integers(-1, 99), st.integers(-1, 99), st.integers(-1, 99999)),
    st.builds("{}-{}-{}T{}:{}".format, *(st.integers(-1, 9999) for _ in range(5))),
)


@SETTINGS
@given(dates_written, st.one_of(st.none(), st.dates()))
def test_a_date_is_parsed_or_warned_about(text: str, reference: date | None) -> None:
    parsed, warning = parse_date(text, reference=reference)
    if parsed is None:
        assert isinstance(warning, str) and warning
    else:
        assert parsed.isoformat().startswith(parsed.day.isoformat())


xml_junk = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda tag, loc, lastmod: (
            f'<?xml version="1.0"?><{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url></{tag}>"
        ).encode("utf-8", "surrogatepass"),
        st.sampled_from(["urlset", "sitemapindex", "rss", "html"]),
        urls,
        st.text(max_size=30),
    ),
)


@SETTINGS
@given(xml_junk)
def test_a_sitemap_is_read_or_refused_as_no_sitemap(body: bytes) -> None:
    try:
        sitemap = discovery.read_sitemap(body, 1_000_000)
    except discovery.NotASitemap:
        return
    for entry in sitemap.entries:
        assert isinstance(entry.loc, str)
        assert entry.lastmod is None or isinstance(entry.lastmod, datetime)
    list(discovery.feed_links(body, SITE.contains))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
api_items = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(ids, st.integers(), json_values),
        "link": st.one_of(urls, json_values),
        "modified_gmt": st.one_of(st.text(max_size=25), st.datetimes().map(str), json_values),
        "content": st.one_of(st.fixed_dictionaries({"rendered": json_values}), json_values),
    },
)


@SETTINGS
@given(st.one_of(st.lists(st.one_of(api_items, json_values), max_size=6), json_values))
def test_a_rest_answer_gives_its_good_posts_and_names_the_others(data: object) -> None:
    body = json.dumps(data).encode()
    try:
        posts, skipped = discovery.read_api_posts(body)
    except discovery.NotAnApiAnswer:
        assert not isinstance(data, list)
        return
    assert isinstance(data, list) and len(posts) + len(skipped) == len(data)
    assert all(0 < post.id < 2**63 and isinstance(post.link, str) for post in posts)
    assert set(discovery.read_api_content(body)) <= {
        parse_post_id(item.get("id")) for item in data if isinstance(item, dict)
    }


@SETTINGS
@given(st.binary(max_size=400), st.one_of(st.none(), st.text(max_size=20)))
def test_any_bytes_decode_to_text(body: bytes, declared: str | None) -> None:
    text, warning = decode_html(body, declared)
    assert isinstance(text, str)
    assert warning is None or isinstance(warning, str)
    if body.isascii():
        assert text == body.decode("ascii") and warning is None


def test_bad_rest_items_are_named_and_the_rest_kept() -> None:
    body = json.dumps(
        [
            {"id": 5, "link": "https://lan.go.id/?p=5", "modified_gmt": "2024-01-02T03:04:05"},
            {"id": "²", "link": "https://lan.go.id/?p=6"},
            {"id": 7},
            "junk",
            {"id": 8, "link": "https://lan.go.id/?p=8", "modified_gmt": "yesterday"},
        ]
    ).encode()
    posts, skipped = discovery.read_api_posts(body)
    assert [(p.id, p.modified is None) for p in posts] == [(5, False), (8, True)]
    assert skipped == [
        "item 2: no usable post id ('²')",
        "item 3 (post 7): no link",
        "item 4: no usable post id ('junk')",
    ]
