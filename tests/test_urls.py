"""Post ids, canonical URLs and site bounds for plain-permalink WordPress sites."""

from __future__ import annotations

import pytest

from lan_crawler.urls import Site, is_document_url, strip_tracking

LAN = Site.from_url("https://lan.go.id/")
MIRROR = Site.from_url("http://127.0.0.1:8000/")


@pytest.mark.parametrize(
    ("url", "post_id"),
    [
        ("https://lan.go.id/?p=5297", 5297),
        ("https://lan.go.id/index.php?p=5297", 5297),
        ("https://lan.go.id/?p=5297&utm_source=rss&utm_medium=rss", 5297),
        ("http://lan.go.id/?p=5297", 5297),  # http and https are the same site
        ("https://www.lan.go.id/?p=5297", 5297),
        ("https://lan.go.id/?p=5297#respond", 5297),
        ("https://lan.go.id/?page_id=2", None),
        ("https://lan.go.id/?p=5297&replytocom=12", None),
        ("https://lan.go.id/?cat=3", None),
        ("https://lan.go.id/?p=abc", None),
        ("https://lan.go.id/berita/?p=5297", None),
        ("https://example.org/?p=5297", None),
        ("https://lan.go.id.evil.example/?p=5297", None),
    ],
)
def test_post_id(url: str, post_id: int | None) -> None:
    assert LAN.post_id(url) == post_id


@pytest.mark.parametrize(
    ("url", "inside"),
    [
        ("http://127.0.0.1:8000/?p=1", True),
        ("http://127.0.0.1:8000/wp-sitemap.xml", True),
        ("http://127.0.0.1:9000/?p=1", False),  # another port is another site
        ("http://localhost:8000/?p=1", False),
        ("ftp://127.0.0.1:8000/?p=1", False),
        ("http://127.0.0.1:notaport/", False),
        ("javascript:void(0)", False),
    ],
)
def test_site_contains(url: str, inside: bool) -> None:
    assert MIRROR.contains(url) is inside


def test_record_identity_ignores_the_mirror_port() -> None:
    assert MIRROR.record_id(5297) == "127.0.0.1:5297"
    assert Site.from_url("http://127.0.0.1:9999/?p=1").record_id(5297) == "127.0.0.1:5297"
    assert LAN.post_url(5297) == "https://lan.go.id/?p=5297"


def test_site_from_any_url_of_it() -> None:
    assert Site.from_url("https://lan.go.id/?p=5297").root == "https://lan.go.id/"
    assert Site.from_url("https://lan.go.id/index.php?p=1").root == "https://lan.go.id/"
    assert Site.from_url("https://example.org/blog/?p=1").root == "https://example.org/blog/"
    assert Site.from_url("https://lan.go.id/2021/03/29/slug/").root == "https://lan.go.id/"
    with pytest.raises(ValueError, match="not an http"):
        Site.from_url("file:///etc/passwd")


def test_relative_urls_survive_a_port_change() -> None:
    old = "http://127.0.0.1:8000/2021/03/29/slug-lama/"
    assert MIRROR.relative(old) == "2021/03/29/slug-lama/"
    assert Site.from_url("http://127.0.0.1:9000/").relative(old.replace("8000", "9000")) == (
        "2021/03/29/slug-lama/"
    )


def test_strip_tracking() -> None:
    assert strip_tracking("https://lan.go.id/?p=5&utm_source=x&fbclid=y&gclid=z#top") == (
        "https://lan.go.id/?p=5"
    )
    assert strip_tracking("https://lan.go.id/?cat=3&paged=2") == "https://lan.go.id/?cat=3&paged=2"


@pytest.mark.parametrize(
    ("url", "is_document"),
    [
        ("https://lan.go.id/wp-content/uploads/2021/03/a.pdf", True),
        ("https://lan.go.id/wp-content/uploads/2021/03/A.PDF", True),
        ("https://lan.go.id/wp-content/uploads/2023/09/jadwal.xlsx", True),
        ("https://lan.go.id/wp-content/uploads/2021/03/foto.jpg", False),
        ("https://lan.go.id/?p=5", False),
    ],
)
def test_document_urls(url: str, is_document: bool) -> None:
    assert is_document_url(url) is is_document
