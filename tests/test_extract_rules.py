"""Extraction over the whole sample site, chrome never leaking, and failures that say why."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lan_crawler.extract.article import ExtractionFailed, NotAnArticle, extract_article
from lan_crawler.sample_site import Faults, SampleSite, load_posts
from lan_crawler.sample_site.content import ADDRESS
from lan_crawler.sample_site.posts import expected_record, expected_text

BASE = "http://127.0.0.1:8000/"
SITE = SampleSite(BASE, Faults(broken_post=5326))
POSTS = load_posts()

# every piece of chrome the theme prints around a post (see sample_site/oceanwp.py)
CHROME = [
    "Menu",
    "Close",
    "Skip to content",
    "Share this post",
    "Bagikan",
    "Opens in a new window",
    "Share on Facebook",
    "Previous Post",
    "Next Post",
    "Read more articles",
    "Berita Terkait",
    "Tinggalkan Balasan",
    "Batalkan balasan",
    "Kirim Komentar",
    "Komentar",
    "Berita Terbaru",
    "Kategori",
    "Arsip",
    "Tautan Instansi",
    "Tags",
    "Post author:",
    "Post published:",
    "Post category:",
    "0 Comments",
    "Continue Reading",
    ADDRESS,
    "Jam Layanan",
    "Kami menggunakan cookie",
    "Setuju",
    "Tolak",
    "Hak Cipta Dilindungi",
    "Search",
    "Beranda",
    "Profil",
    "PPID",
    "Kontak",
    "Layanan",
    "Selamat datang di laman resmi",
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
    for field in expected:
        if field != "extraction":
            assert record[field] == expected[field], field
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


def test_post_without_content_container_is_a_failure_with_reason() -> None:
    with pytest.raises(ExtractionFailed, match="no content container"):
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


def post_page(content: str, *, head: str = "", meta_date: str = "29 Maret 2021") -> str:
    """A minimal OceanWP post page around `content`."""
    return f"""<!DOCTYPE html><html lang="id-ID"><head><title>T</title>
    <link rel='shortlink' href='https://lan.go.id/?p=77' />{head}</head>
    <body class="single single-post postid-77"><a class="skip-link" href="#main">Skip to content</a>
    <article class="post type-post"><h2 class="single-post-title entry-title">Judul Berita</h2>
    <ul class="meta"><li class="meta-date">
    <span class="screen-reader-text">Post published:</span>{meta_date}</li></ul>
    <div class="entry-content clr">{content}</div></article></body></html>"""


TIME_HEAD = '<meta property="article:published_time" content="2021-03-29T03:15:00+00:00" />'


@pytest.mark.parametrize(
    "page",
    ["", "   ", "\x00\x01\x02", "<html><body><p>Tidak ada apa-apa</p></body></html>"],
    ids=["empty", "blank", "binary", "no-post-markers"],
)
def test_garbage_input_never_gives_a_record(page: str) -> None:
    with pytest.raises((ExtractionFailed, NotAnArticle)):
        extract_article(page, "https://lan.go.id/?p=77")


def test_missing_date_is_a_failure_not_a_guess() -> None:
    with pytest.raises(ExtractionFailed, match="no publication date"):
        extract_article(post_page("<p>Isi berita.</p>", meta_date=""), "https://lan.go.id/?p=77")


def test_visible_date_alone_gives_midnight_and_a_warning() -> None:
    record = extract_article(post_page("<p>Isi berita.</p>"), "https://lan.go.id/?p=77")
    assert record["published"] == "2021-03-29T00:00:00+07:00"
    assert any("no time of day" in w for w in record["extraction"]["warnings"])


def test_visible_date_disagreeing_with_metadata_is_flagged() -> None:
    page = post_page("<p>Isi berita.</p>", head=TIME_HEAD, meta_date="30 Maret 2021")
    record = extract_article(page, "https://lan.go.id/?p=77")
    assert record["published"] == "2021-03-29T10:15:00+07:00"
    assert any("differs from metadata" in w for w in record["extraction"]["warnings"])


def test_chrome_left_inside_the_container_rejects_the_record() -> None:
    content = "<p>Isi berita yang sah.</p><div class='mystery-widget'><p>Skip to content</p></div>"
    with pytest.raises(ExtractionFailed, match="chrome left"):
        extract_article(post_page(content, head=TIME_HEAD), "https://lan.go.id/?p=77")


def test_read_also_lines_go_but_sentences_with_the_same_words_stay() -> None:
    content = (
        "<p>Jakarta – Pemerintah daerah akan membagikan modul kepada peserta.</p>"
        "<p><strong>Baca juga:</strong> <a href='https://lan.go.id/?p=5'>Berita lain</a></p>"
        "<p>Baca Juga: <a href='https://lan.go.id/?p=6'>Berita lain lagi</a></p>"
        "<p>Peserta diminta baca juga modul kedua sebelum kelas dimulai.</p>"
        "<p>Menu layanan digital itu dapat dibuka dari beranda aplikasi.</p>"
    )
    record = extract_article(post_page(content, head=TIME_HEAD), "https://lan.go.id/?p=77")
    assert record["text"] == (
        "Jakarta – Pemerintah daerah akan membagikan modul kepada peserta.\n\n"
        "Peserta diminta baca juga modul kedua sebelum kelas dimulai.\n\n"
        "Menu layanan digital itu dapat dibuka dari beranda aplikasi."
    )


def test_line_breaks_lists_and_tables_keep_their_shape() -> None:
    content = (
        "<p>Baris satu<br />baris dua</p><ul><li>satu</li><li>dua<ul><li>dua a</li></ul></li></ul>"
        "<table><tr><th>Nama</th><th>Jumlah</th></tr><tr><td>A</td><td>1</td></tr></table>"
        "<p>&nbsp;</p><blockquote><p>Kutipan</p></blockquote>"
    )
    record = extract_article(post_page(content, head=TIME_HEAD), "https://lan.go.id/?p=77")
    assert record["text"] == (
        "Baris satu\nbaris dua\n\nsatu\ndua\ndua a\n\nNama\tJumlah\nA\t1\n\nKutipan"
    )


def test_body_dates_are_checked_against_the_publication_date() -> None:
    content = "<p>Jakarta – Acara dibuka Selasa (29/3) dan ditutup Rabu (31/3).</p>"
    record = extract_article(post_page(content, head=TIME_HEAD), "https://lan.go.id/?p=77")
    # 29 March 2021 was a Monday; 31 March a Wednesday
    assert record["extraction"]["warnings"] == [
        "body date: weekday 'Selasa' does not match 2021-03-29 in 'Selasa (29/3)'"
    ]
