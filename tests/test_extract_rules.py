"""Extraction over the whole sample site, chrome never leaking, and failures that say why."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lan_crawler.extract.article import ExtractionFailed, NotAnArticle, extract_article
from lan_crawler.sample_site import Faults, SampleSite, load_posts
from lan_crawler.sample_site.identity import LAN
from lan_crawler.sample_site.posts import expected_record, expected_text
from tests.conftest import assert_matches
from tests.pages import URL, post_page

BASE = "http://127.0.0.1:8000/"
SITE = SampleSite(BASE, Faults(broken_post=5326))
POSTS = load_posts()

# every piece of chrome the theme and its plugins print around a post (see
# sample_site/oceanwp.py; OceanWP's own labels are English, WordPress core's Indonesian)
CHROME = [
    "Menu",
    "Close",
    "Mobile Menu",
    "Skip to content",
    "Blog",
    "Home",
    "Please Share This",
    "Share this content",
    "Opens in a new window",
    "Share on Facebook",
    "Share on X",
    "Previous Post",
    "Next Post",
    "Read more articles",
    "You Might Also Like",
    "Read more about the article",
    "Berita Terbaru",
    "Kategori",
    "Arsip",
    "Tautan Instansi",
    "Tags:",
    "Post author:",
    "Post published:",
    "Post category:",
    "Pos oleh",
    "Continue Reading",
    LAN.address,
    "Jam Layanan",
    "Kami menggunakan cookie",
    "Setuju",
    "Tolak",
    "Hak Cipta Dilindungi",
    "Search",
    "Search this website",
    "Beranda",
    "Profil",
    "PPID",
    "Kontak",
    "Layanan",
    "Selamat datang di laman resmi",
    # what the sample site printed before its markup followed the theme: still never text
    "Share this post",
    "Bagikan",
    "Berita Terkait",
    "Tinggalkan Balasan",
    "Batalkan balasan",
    "Kirim Komentar",
    "Komentar",
    "Tags",
    "0 Comments",
]


def record_of(post_id: int) -> dict[str, Any]:
    page = SITE.respond(f"/?p={post_id}").body.decode()
    return dict(extract_article(page, f"{BASE}?p={post_id}"))


def count(phrase: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))


@pytest.mark.parametrize("post", [p for p in POSTS if p.id != 5326], ids=lambda p: str(p.id))
def test_every_sample_post_extracts_exactly(post: Any) -> None:
    record = record_of(post.id)
    expected = expected_record(post, BASE)
    assert_matches(record, expected)
    assert record["extraction"]["warnings"] == []


@pytest.mark.parametrize("post", [p for p in POSTS if p.id != 5326], ids=lambda p: str(p.id))
def test_no_chrome_phrase_outside_article_prose(post: Any) -> None:
    text = record_of(post.id)["text"]
    prose = expected_text(post)
    for phrase in CHROME:
        # a phrase may appear only as often as the publisher's own words use it
        assert count(phrase, text) == count(phrase, prose), phrase


def test_sample_prose_does_use_words_a_naive_filter_would_strip() -> None:
    prose = " ".join(expected_text(p) for p in POSTS)
    for word in ("menu", "membagikan", "terkait", "komentar", "kategori", "arsip", "beranda"):
        assert re.search(rf"\b{word}\b", prose, re.IGNORECASE), word


def test_post_with_an_empty_body_is_a_failure_with_reasons() -> None:
    with pytest.raises(
        ExtractionFailed, match="no article text in post 5326: profile:oceanwp: no text"
    ):
        record_of(5326)


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("/?page_id=2", "static page"),
        ("/", "listing"),
        ("/?cat=3&paged=2", "listing"),
        ("/?attachment_id=5298", "attachment page"),
        ("/?p=424242", "error page"),
    ],
)
def test_pages_that_are_not_posts_are_not_articles(target: str, kind: str) -> None:
    page = SITE.respond(target).body.decode()
    with pytest.raises(NotAnArticle) as raised:
        extract_article(page, BASE + target.lstrip("/"))
    assert raised.value.reason == kind


@pytest.mark.parametrize(
    "page",
    ["", "   ", "\x00\x01\x02", "<html><body><p>Tidak ada apa-apa</p></body></html>"],
    ids=["empty", "blank", "binary", "no-post-markers"],
)
def test_garbage_input_never_gives_a_record(page: str) -> None:
    with pytest.raises((ExtractionFailed, NotAnArticle)):
        extract_article(page, URL)


def test_missing_date_is_a_failure_not_a_guess() -> None:
    with pytest.raises(ExtractionFailed, match="no publication date"):
        extract_article(post_page(head="", meta_date=""), URL)


def test_line_breaks_lists_and_tables_keep_their_shape() -> None:
    content = (
        "<p>Baris satu<br />baris dua</p><ul><li>satu</li><li>dua<ul><li>dua a</li></ul></li></ul>"
        "<table><tr><th>Nama</th><th>Jumlah</th></tr><tr><td>A</td><td>1</td></tr></table>"
        "<p>&nbsp;</p><blockquote><p>Kutipan</p></blockquote>"
    )
    record = extract_article(post_page(content), URL)
    assert record["text"] == (
        "Baris satu\nbaris dua\n\nsatu\ndua\ndua a\n\nNama\tJumlah\nA\t1\n\nKutipan"
    )


def test_the_post_id_comes_from_the_post_s_own_element_when_nothing_else_gives_it() -> None:
    site = SampleSite(BASE, Faults())
    post = POSTS[0]
    page = site.respond(f"/?p={post.id}").body.decode()
    page = re.sub(r"<link rel='shortlink'[^>]*>", "", page)  # no shortlink
    page = re.sub(r"postid-\d+", "", page)  # no body class
    record = extract_article(page, f"{BASE}{post.slug}/")  # a slug URL says nothing either
    assert record["id"] == f"127.0.0.1:{post.id}"
